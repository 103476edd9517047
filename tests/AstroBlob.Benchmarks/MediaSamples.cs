using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ImageMagick;

namespace AstroBlob.Benchmarks;

/// <summary>One sample file: where it is, what it is, and how the report names it (<paramref name="Label"/> short, <paramref name="Description"/> in full).</summary>
internal sealed record MediaSample(string Path, string FileName, string Format, string ContentType, string Label, string Description, long Pixels = 0)
{
    public long Bytes => new FileInfo(Path).Length;
}

/// <summary>
/// The files the attachment benchmark sends, made fresh in a temporary folder: phone photos
/// (Magick.NET), H.264 videos with sound (ffmpeg) and a PDF, the way the integration tests make
/// theirs (tests/AstroBlob.Functions.Tests/Attachments/SampleFiles.cs), but sized like real ones.
/// </summary>
internal sealed class MediaSamples : IDisposable
{
    private MediaSamples(string folder) => Folder = folder;

    public string Folder { get; }

    public MediaSample LargePhoto { get; private set; } = null!;

    public MediaSample SmallPhoto { get; private set; } = null!;

    public MediaSample LongVideo { get; private set; } = null!;

    public MediaSample ShortVideo { get; private set; } = null!;

    public MediaSample Pdf { get; private set; } = null!;

    /// <summary>The video encoder used: libx264 where ffmpeg has it, else MPEG-4 part 2.</summary>
    public string VideoCodec { get; private set; } = "libx264";

    public static async Task<MediaSamples> CreateAsync(CancellationToken ct)
    {
        var samples = new MediaSamples(Directory.CreateTempSubdirectory("astroblob-bench-media-").FullName);
        try
        {
            // The same pixels on every run.
            MagickNET.SetRandomSeed(20261123);
            samples.LargePhoto = samples.Photo(4000, 3000);
            samples.SmallPhoto = samples.Photo(1200, 800);
            samples.VideoCodec = (await RunToolAsync("ffmpeg", ["-hide_banner", "-encoders"], ct)).Contains(" libx264 ", StringComparison.Ordinal) ? "libx264" : "mpeg4";
            samples.LongVideo = await samples.VideoAsync(10, 1280, 720, 30, "4M", ct);
            samples.ShortVideo = await samples.VideoAsync(2, 320, 240, 25, null, ct);
            samples.Pdf = samples.MakePdf(256 * 1024);
            return samples;
        }
        catch
        {
            samples.Dispose();
            throw;
        }
    }

    /// <summary>The first line of <c>ffmpeg -version</c>'s version, e.g. "5.1.6-0+deb12u1".</summary>
    public static async Task<string> FfmpegVersionAsync(CancellationToken ct)
    {
        var words = (await RunToolAsync("ffmpeg", ["-hide_banner", "-version"], ct)).Split(' ', 4);
        return words.Length >= 3 ? words[2] : "unknown";
    }

    /// <summary>Median wall time of starting <paramref name="program"/> to print its version: what each run of it costs before any work.</summary>
    public static async Task<double> StartUpMsAsync(string program, CancellationToken ct)
    {
        var ms = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await RunToolAsync(program, ["-hide_banner", "-version"], ct);
            ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Stats.Median(ms);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>
    /// A JPEG as a phone stores a portrait shot: pixels landscape with EXIF orientation 6 (turn
    /// 90° to view), GPS coordinates and a camera model; fractal "plasma" with sensor-like noise,
    /// so it compresses like a photograph rather than like a gradient.
    /// </summary>
    private MediaSample Photo(uint width, uint height)
    {
        var name = $"photo-{width}x{height}.jpg";
        using (var image = new MagickImage("plasma:", width, height))
        {
            image.AddNoise(NoiseType.Gaussian, 0.1);
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.Model, "AstroPhone 12");
            exif.SetValue(ExifTag.GPSLatitudeRef, "N");
            exif.SetValue(ExifTag.GPSLatitude, [new Rational(28, 1), new Rational(45, 1), new Rational(3816, 100)]);
            exif.SetValue(ExifTag.GPSLongitudeRef, "W");
            exif.SetValue(ExifTag.GPSLongitude, [new Rational(17, 1), new Rational(53, 1), new Rational(2, 1)]);
            image.SetProfile(exif);
            image.Orientation = Orientation.RightTop; // Magick writes the image's own orientation into the EXIF tag
            image.Quality = 92;
            image.Write(System.IO.Path.Combine(Folder, name), MagickFormat.Jpeg);
        }

        var path = System.IO.Path.Combine(Folder, name);
        return new MediaSample(path, name, "jpeg", "image/jpeg", $"{width}x{height}",
            $"{width}x{height} JPEG, EXIF orientation 6 with GPS ({Size(new FileInfo(path).Length)})", (long)width * height);
    }

    /// <summary>
    /// An MP4 as a phone records it: H.264 with AAC sound, moving test pictures with noise (so the
    /// encoder spends the bit rate it is given), tagged with a title and a location.
    /// </summary>
    private async Task<MediaSample> VideoAsync(int seconds, int width, int height, int rate, string? bitRate, CancellationToken ct)
    {
        var name = $"video-{seconds}s-{width}x{height}.mp4";
        var path = System.IO.Path.Combine(Folder, name);
        var s = seconds.ToString(CultureInfo.InvariantCulture);
        List<string> args =
        [
            "-hide_banner", "-v", "error", "-y",
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=duration={s}:size={width}x{height}:rate={rate}"),
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={s}",
            "-vf", "noise=alls=12:allf=t",
        ];
        args.AddRange(VideoCodec == "libx264" ? ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"] : ["-c:v", "mpeg4"]);
        if (bitRate is not null)
        {
            args.AddRange(["-b:v", bitRate, "-maxrate", bitRate, "-bufsize", bitRate]);
        }

        args.AddRange(["-c:a", "aac", "-b:a", "128k", "-metadata", "title=Montura", "-metadata", "location=+28.7606-017.8839/", path]);
        await RunToolAsync("ffmpeg", args, ct);
        var codec = VideoCodec == "libx264" ? "H.264" : "MPEG-4";
        return new MediaSample(path, name, "mp4", "video/mp4", $"{s} s {width}x{height}",
            $"{s} s {width}x{height} {rate} fps {codec} + AAC MP4 ({Size(new FileInfo(path).Length)})");
    }

    /// <summary>A PDF of about <paramref name="bytes"/> bytes: pages of text, written by hand (catalog, pages, content streams, xref).</summary>
    private MediaSample MakePdf(int bytes)
    {
        const string name = "report.pdf";
        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>", string.Empty, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>" };
        var kids = new List<int>();
        const string line = "(Informe de colimacion: el espejo secundario se ha desplazado 0.3 mm; se corrige con los tornillos de ajuste.) Tj T*";
        var pageText = "BT /F1 9 Tf 11 TL 40 760 Td " + string.Join(' ', Enumerable.Repeat(line, 60)) + " ET";
        while (objects.Sum(o => o.Length) < bytes)
        {
            objects.Add($"<< /Length {pageText.Length} >>\nstream\n{pageText}\nendstream");
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {objects.Count} 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
            kids.Add(objects.Count);
        }

        objects[1] = $"<< /Type /Pages /Kids [{string.Join(' ', kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>";
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        var path = System.IO.Path.Combine(Folder, name);
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes(pdf.ToString()));
        return new MediaSample(path, name, "pdf", "application/pdf", "PDF", $"PDF, {kids.Count} pages of text ({Size(new FileInfo(path).Length)})");
    }

    public static string Size(long bytes) =>
        bytes >= 1024 * 1024
            ? (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MB"
            : (bytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " KB";

    /// <summary>Runs a tool to its end; its standard output, or a <see cref="BenchmarkException"/> with its standard error.</summary>
    public static async Task<string> RunToolAsync(string program, IEnumerable<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BenchmarkException($"Could not start {program}.");
        }
        catch (Win32Exception e)
        {
            throw new BenchmarkException($"Could not run '{program}' ({e.Message}); ffmpeg and ffprobe must be on PATH (run.sh and test.sh install them).");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                throw new BenchmarkException($"{program} {string.Join(' ', start.ArgumentList)} failed: {await error}");
            }

            return await output;
        }
    }
}
