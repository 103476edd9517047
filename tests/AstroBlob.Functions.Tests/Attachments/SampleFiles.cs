using System.Diagnostics;
using System.Text;
using ImageMagick;

namespace AstroBlob.Functions.Tests.Attachments;

/// <summary>Real files made in the test, the kinds a customer or technician sends.</summary>
public static class SampleFiles
{
    /// <summary>Where the photo was "taken": the processor must not let this reach anyone.</summary>
    public const double Latitude = 28.7606;

    /// <summary>
    /// A landscape JPEG (1200x800 unless asked otherwise, a red top-left corner) as a phone stores a
    /// portrait shot: EXIF orientation 6 (rotate 90° clockwise to view), GPS coordinates, a camera
    /// model, GPS in XMP too, an IPTC city and a comment — everything the processor must drop.
    /// </summary>
    public static byte[] PhoneJpegWithGps(uint width = 1200, uint height = 800)
    {
        using var image = new MagickImage("gradient:navy-orange", width, height);
        using var corner = new MagickImage(MagickColors.Red, width / 12, width / 12);
        image.Composite(corner, 0, 0, CompositeOperator.Over);

        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        exif.SetValue(ExifTag.Model, "AstroPhone 12");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(28, 1), new Rational(45, 1), new Rational(3816, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "W");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(17, 1), new Rational(53, 1), new Rational(2, 1)]);
        image.SetProfile(exif);
        image.Orientation = Orientation.RightTop; // Magick writes the image's own orientation into the EXIF tag
        image.SetProfile(new XmpProfile(Encoding.UTF8.GetBytes(
            """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="28,45.636N"/></rdf:RDF></x:xmpmeta>""")));
        var iptc = new IptcProfile();
        iptc.SetValue(IptcTag.City, "Garafía");
        image.SetProfile(iptc);
        image.Comment = "Shot from the roof of the dome";
        image.Quality = 90;
        return image.ToByteArray(MagickFormat.Jpeg);
    }

    public static byte[] Png(uint width, uint height)
    {
        using var image = new MagickImage("plasma:", width, height);
        image.Format = MagickFormat.Png;
        return image.ToByteArray();
    }

    /// <summary>A one-page PDF written by hand: header, catalog, page, a line of text, xref, trailer.</summary>
    public static byte[] Pdf()
    {
        const string content = "BT /F1 18 Tf 72 720 Td (Informe de colimacion) Tj ET";
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>The start of a Linux executable (ELF header) followed by filler, as a renamed program would look.</summary>
    public static byte[] Executable()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        byte[] elf = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0];
        elf.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>Plain text: what a "photo" turns out to be when someone renames a log file.</summary>
    public static byte[] Text(int lines = 50) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, lines).Select(i => $"2026-11-23T20:{i % 60:D2}:00Z mount slewing to target {i}\n")));

    /// <summary>
    /// A 2-second 320x240 H.264 (or MPEG-4 when x264 is missing) MP4 made by ffmpeg, tagged with
    /// a location and a title the processor must drop.
    /// </summary>
    public static async Task<byte[]> Mp4Async()
    {
        var folder = Directory.CreateTempSubdirectory("astroblob-video-");
        try
        {
            var output = Path.Combine(folder.FullName, "clip.mp4");
            var codec = await HasEncoderAsync("libx264") ? "libx264 -pix_fmt yuv420p" : "mpeg4";
            await RunAsync("ffmpeg", $"-hide_banner -loglevel error -y -f lavfi -i testsrc=duration=2:size=320x240:rate=25 -c:v {codec} -metadata title=Montura -metadata location=+28.7606-017.8839/ \"{output}\"");
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>What ffprobe says about a file's container tags (lower-case names), to check metadata was dropped.</summary>
    public static async Task<string> ProbeTagsAsync(byte[] video)
    {
        var path = Path.Combine(Path.GetTempPath(), $"astroblob-probe-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, video);
        try
        {
            return (await RunAsync("ffprobe", $"-v error -show_entries format_tags -of default=noprint_wrappers=1 \"{path}\"")).ToLowerInvariant();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<bool> HasEncoderAsync(string name) =>
        (await RunAsync("ffmpeg", "-hide_banner -encoders")).Contains(name, StringComparison.Ordinal);

    private static async Task<string> RunAsync(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {program}; is ffmpeg installed?");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed: {await error}");
        }

        return await output;
    }
}
