using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AstroBlob.Functions.Attachments.Media;
using FFMpegCore;
using ImageMagick;
using Xunit.Abstractions;

namespace AstroBlob.Functions.Tests.Attachments;

/// <summary>Images and videos made here with Magick and ffmpeg, run through the real processing, outputs read back.</summary>
public sealed class MediaWorkTests(MediaWorkSamples samples, ITestOutputHelper output) : IClassFixture<MediaWorkSamples>, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("astroblob-media-");
    private readonly ImageWork _images = new();
    private readonly VideoWork _videos = new();

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task APhoneJpegIsTurnedUprightAndLosesItsLocationAndEveryOtherTag()
    {
        var input = Input("phone.jpg");
        WritePhoneJpeg(input, width: 2400, height: 1600);
        using (var original = new MagickImage(input))
        {
            // The fixture really carries what must be removed.
            Assert.Equal(Orientation.RightTop, original.Orientation);
            Assert.NotNull(original.GetExifProfile()?.GetValue(ExifTag.GPSLatitude));
            Assert.NotNull(original.GetXmpProfile());
            Assert.NotNull(original.GetIptcProfile());
            Assert.Equal("Shot from the roof of the dome", original.Comment);
        }

        var result = await Timed("jpeg 2400x1600", () => _images.ProcessAsync(input, "jpeg", Output(), CancellationToken.None));

        Assert.Equal((1600, 2400), (result.Width, result.Height));
        Assert.Equal("image/jpeg", result.DisplayContentType);
        Assert.Equal("display.jpg", Path.GetFileName(result.DisplayPath));
        using var display = ReadBack(result.DisplayPath, MagickFormat.Jpeg, 1600, 2400);
        using var preview = ReadBack(result.PreviewPath, MagickFormat.Jpeg, 1067, 1600);
        using var thumbnail = ReadBack(result.ThumbnailPath, MagickFormat.Jpeg, 213, 320);
        foreach (var image in new[] { display, preview, thumbnail })
        {
            AssertNoMetadata(image);
        }

        // The red corner was stored top-left; a quarter turn clockwise puts it top-right.
        AssertRed(display, 1600 - 100, 100);
        AssertNotRed(display, 100, 100);
        AssertRed(thumbnail, 213 - 5, 5);
    }

    [Fact]
    public async Task APngKeepsItsFormatAndTransparencyButNotItsTextAndIsNeverEnlarged()
    {
        var input = Input("chart.png");
        using (var image = new MagickImage("gradient:white-navy", 640, 480))
        {
            image.Alpha(AlphaAction.Set);
            using var hole = new MagickImage(MagickColors.Transparent, 100, 100);
            image.Composite(hole, 0, 0, CompositeOperator.Copy);
            image.Comment = "Plotted by the night assistant";
            image.Write(input, MagickFormat.Png);
        }

        var result = await Timed("png 640x480", () => _images.ProcessAsync(input, "png", Output(), CancellationToken.None));

        Assert.Equal((640, 480), (result.Width, result.Height));
        Assert.Equal("image/png", result.DisplayContentType);
        using var display = ReadBack(result.DisplayPath, MagickFormat.Png, 640, 480);
        using var preview = ReadBack(result.PreviewPath, MagickFormat.Jpeg, 640, 480);
        using var thumbnail = ReadBack(result.ThumbnailPath, MagickFormat.Jpeg, 320, 240);
        AssertNoMetadata(display);
        Assert.True(display.HasAlpha);
        Assert.Equal((byte)0, display.GetPixels().GetPixel(50, 50).GetChannel(3));

        // JPEG has no alpha: the transparent corner becomes white, not black.
        Assert.True(preview.GetPixels().GetPixel(50, 50).ToColor()!.R > 240);
    }

    [Fact]
    public async Task AWebPStaysWebP()
    {
        var input = Input("sky.webp");
        using (var image = new MagickImage("gradient:black-skyblue", 500, 300))
        {
            image.Comment = "secret";
            image.Write(input, MagickFormat.WebP);
        }

        var result = await Timed("webp 500x300", () => _images.ProcessAsync(input, "webp", Output(), CancellationToken.None));

        Assert.Equal((500, 300), (result.Width, result.Height));
        Assert.Equal("image/webp", result.DisplayContentType);
        using var display = ReadBack(result.DisplayPath, MagickFormat.WebP, 500, 300);
        AssertNoMetadata(display);
        ReadBack(result.ThumbnailPath, MagickFormat.Jpeg, 320, 192).Dispose();
    }

    [Fact]
    public async Task ATiffBecomesAPngOfItsFirstPage()
    {
        var input = Input("scan.tiff");
        using (var pages = new MagickImageCollection())
        {
            pages.Add(new MagickImage("gradient:gray-white", 300, 200));
            pages.Add(new MagickImage(MagickColors.Red, 900, 900));
            pages.Write(input, MagickFormat.Tiff);
        }

        var result = await Timed("tiff 300x200", () => _images.ProcessAsync(input, "tiff", Output(), CancellationToken.None));

        Assert.Equal((300, 200), (result.Width, result.Height));
        Assert.Equal("image/png", result.DisplayContentType);
        Assert.Equal("display.png", Path.GetFileName(result.DisplayPath));
        using var display = ReadBack(result.DisplayPath, MagickFormat.Png, 300, 200);
        AssertNoMetadata(display);
    }

    [Fact]
    public async Task AFitsExposureIsStretchedSoTheSkyBackgroundIsVisibleAndNorthIsUp()
    {
        // 16-bit data as a camera writes it: a sky of 1000-1150 counts, one saturated star, and the first rows of the
        // file (the bottom of the picture in FITS) bright.
        var random = new Random(7);
        var input = Input("m31.fits");
        File.WriteAllBytes(input, Fits16(400, 300, (x, y) =>
            y < 10 ? 30_000
            : ((x - 200) * (x - 200)) + ((y - 150) * (y - 150)) < 25 ? 60_000
            : 1000 + (x / 4) + random.Next(50)));

        var result = await Timed("fits 400x300", () => _images.ProcessAsync(input, "fits", Output(), CancellationToken.None));

        Assert.Equal((400, 300), (result.Width, result.Height));
        Assert.Equal("image/png", result.DisplayContentType);
        using var display = ReadBack(result.DisplayPath, MagickFormat.Png, 400, 300);
        var sky = Gray(display, 20, 100, 200, 150);
        Assert.InRange(sky.Average(), 30, 140);
        Assert.True(sky.Distinct().Count() > 20, "the sky's noise and gradient should survive, not collapse into one grey");
        Assert.True(Gray(display, 200, 150, 1, 1)[0] > 250, "the star should be white");
        Assert.True(Gray(display, 0, 295, 400, 5).Average() > 240, "the file's first rows are the bottom of the picture");
        Assert.True(Gray(display, 0, 0, 400, 5).Average() < 140);
        ReadBack(result.ThumbnailPath, MagickFormat.Jpeg, 320, 240).Dispose();
    }

    [Fact]
    public async Task AFitsFileWrittenByMagickIsReadToo()
    {
        var input = Input("magick.fits");
        using (var image = new MagickImage("gradient:black-white", 300, 200))
        {
            image.Write(input, MagickFormat.Fits);
        }

        var result = await _images.ProcessAsync(input, "fits", Output(), CancellationToken.None);

        using var display = ReadBack(result.DisplayPath, MagickFormat.Png, 300, 200);
        Assert.True(Gray(display, 0, 0, 300, 5).Average() < Gray(display, 0, 195, 300, 5).Average(), "the gradient runs from black at the top to white at the bottom");
    }

    [Theory]
    [InlineData("noise.jpg", "jpeg")]
    [InlineData("noise.png", "png")]
    [InlineData("noise.webp", "webp")]
    [InlineData("noise.tiff", "tiff")]
    [InlineData("noise.fits", "fits")]
    public async Task RandomBytesAreUnreadable(string fileName, string format)
    {
        var input = Input(fileName);
        File.WriteAllBytes(input, RandomBytes(20_000));

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() => _images.ProcessAsync(input, format, Output(), CancellationToken.None));

        Assert.Equal("unreadable", e.Code);
        Assert.Equal("The image could not be read.", e.Message);
    }

    [Theory]
    [InlineData(20_000, 20)]
    [InlineData(20, 20_000)]
    [InlineData(12_000, 9_000)]
    public async Task APngThatDeclaresHugeDimensionsIsRefusedBeforeItIsDecoded(int width, int height)
    {
        var input = Input("bomb.png");
        using (var image = new MagickImage(MagickColors.SkyBlue, 20, 20))
        {
            File.WriteAllBytes(input, WithPngSize(image.ToByteArray(MagickFormat.Png), width, height));
        }

        var declared = new MagickImageInfo(input);
        Assert.Equal(((uint)width, (uint)height), (declared.Width, declared.Height));

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() => _images.ProcessAsync(input, "png", Output(), CancellationToken.None));

        Assert.Equal("image_too_large", e.Code);
    }

    [Fact]
    public async Task AFitsHeaderThatDeclaresHugeDimensionsIsRefused()
    {
        var input = Input("bomb.fits");
        File.WriteAllBytes(input, FitsHeader(16, 20_000, 20_000));

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() => _images.ProcessAsync(input, "fits", Output(), CancellationToken.None));

        Assert.Equal("image_too_large", e.Code);
    }

    [Fact]
    public async Task ImageWorkStopsWhenCancelled()
    {
        var input = Input("phone.jpg");
        WritePhoneJpeg(input, 400, 300);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _images.ProcessAsync(input, "jpeg", Output(), cancelled.Token));
    }

    [Fact]
    public async Task AnMp4IsRemuxedWithoutItsLocationOrTitleAndGetsAPosterAndThumbnail()
    {
        var tags = (await FFProbe.AnalyseAsync(samples.Mp4)).Format.Tags!;
        Assert.Contains(tags.Keys, key => key.StartsWith("location", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(tags.Keys, key => key.Equals("title", StringComparison.OrdinalIgnoreCase));

        var result = await Timed("mp4 2 s 320x240", () => _videos.ProcessAsync(samples.Mp4, "mp4", Output(), CancellationToken.None));

        Assert.InRange(result.DurationSeconds, 1.9, 2.2);
        Assert.Equal((320, 240), (result.Width, result.Height));
        Assert.Equal(samples.VideoCodec, result.Codec);
        Assert.Equal("clean.mp4", Path.GetFileName(result.CleanPath));

        var clean = await FFProbe.AnalyseAsync(result.CleanPath);
        Assert.DoesNotContain(clean.Format.Tags ?? new Dictionary<string, string>(), tag =>
            tag.Key.Contains("location", StringComparison.OrdinalIgnoreCase)
            || tag.Key.Equals("title", StringComparison.OrdinalIgnoreCase)
            || tag.Value.Contains("+40.4168", StringComparison.Ordinal));
        Assert.Equal(samples.VideoCodec, clean.PrimaryVideoStream?.CodecName);
        Assert.Equal("aac", clean.PrimaryAudioStream?.CodecName);
        Assert.InRange(clean.Duration.TotalSeconds, 1.9, 2.2);
        Assert.DoesNotContain("+40.4168", Encoding.Latin1.GetString(File.ReadAllBytes(result.CleanPath)), StringComparison.Ordinal);

        // +faststart: the index comes before the media data, so playback can start at once.
        var bytes = Encoding.Latin1.GetString(File.ReadAllBytes(result.CleanPath));
        Assert.True(bytes.IndexOf("moov", StringComparison.Ordinal) < bytes.IndexOf("mdat", StringComparison.Ordinal));

        using var poster = ReadBack(result.PosterPath, MagickFormat.Jpeg, 320, 240);
        Assert.True(poster.Statistics().GetChannel(PixelChannel.Red)!.StandardDeviation > 20, "the poster should be a decoded frame, not a blank");
        ReadBack(result.ThumbnailPath, MagickFormat.Jpeg, 320, 240).Dispose();
    }

    [Fact]
    public async Task AVideoRecordedSidewaysReportsItsUprightSize()
    {
        var result = await _videos.ProcessAsync(samples.RotatedMp4, "mp4", Output(), CancellationToken.None);

        Assert.Equal((240, 320), (result.Width, result.Height));
        ReadBack(result.PosterPath, MagickFormat.Jpeg, 240, 320).Dispose();
    }

    [Fact]
    public async Task AQuickTimeMovieStaysQuickTime()
    {
        var result = await Timed("mov 2 s 320x240", () => _videos.ProcessAsync(samples.Mov, "mov", Output(), CancellationToken.None));

        Assert.Equal("clean.mov", Path.GetFileName(result.CleanPath));
        var clean = await FFProbe.AnalyseAsync(result.CleanPath);
        Assert.Contains("mov", clean.Format.FormatName, StringComparison.Ordinal);
        Assert.DoesNotContain(clean.Format.Tags ?? new Dictionary<string, string>(), tag => tag.Key.Equals("title", StringComparison.OrdinalIgnoreCase));
        ReadBack(result.PosterPath, MagickFormat.Jpeg, 320, 240).Dispose();
    }

    [FactWhenFfmpegCanEncode("libvpx")]
    public async Task AWebMIsRemuxedAsWebM()
    {
        var result = await Timed("webm 1 s 160x120", () => _videos.ProcessAsync(samples.WebM, "webm", Output(), CancellationToken.None));

        Assert.Equal((160, 120), (result.Width, result.Height));
        Assert.Equal("vp8", result.Codec);
        Assert.InRange(result.DurationSeconds, 0.9, 1.2);
        Assert.Equal("clean.webm", Path.GetFileName(result.CleanPath));
        var clean = await FFProbe.AnalyseAsync(result.CleanPath);
        Assert.Contains("webm", clean.Format.FormatName, StringComparison.Ordinal);
        Assert.DoesNotContain(clean.Format.Tags ?? new Dictionary<string, string>(), tag => tag.Key.Equals("title", StringComparison.OrdinalIgnoreCase));
        ReadBack(result.PosterPath, MagickFormat.Jpeg, 160, 120).Dispose();
    }

    [Fact]
    public async Task RandomBytesNamedMp4AreUnreadable()
    {
        var input = Input("noise.mp4");
        File.WriteAllBytes(input, RandomBytes(50_000));

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() => _videos.ProcessAsync(input, "mp4", Output(), CancellationToken.None));

        Assert.Equal("unreadable", e.Code);
        Assert.Equal("The video could not be read.", e.Message);
    }

    [Fact]
    public async Task AnMp4WithSoundButNoPictureIsUnreadable()
    {
        var e = await Assert.ThrowsAsync<MediaRejectedException>(() => _videos.ProcessAsync(samples.AudioOnlyMp4, "mp4", Output(), CancellationToken.None));

        Assert.Equal("unreadable", e.Code);
    }

    [Fact]
    public async Task AVideoThatTakesLongerThanTheTimeLimitIsRefused()
    {
        var impatient = new VideoWork(timeLimit: TimeSpan.FromMilliseconds(1));

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() => impatient.ProcessAsync(samples.Mp4, "mp4", Output(), CancellationToken.None));

        Assert.Equal("processing_timeout", e.Code);
    }

    [Fact]
    public async Task VideoWorkStopsWhenCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _videos.ProcessAsync(samples.Mp4, "mp4", Output(), cancelled.Token));
    }

    [Fact]
    public async Task OnlyTheFormatsTheSnifferAcceptsAreProcessed()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _images.ProcessAsync(Input("x.gif"), "gif", Output(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _videos.ProcessAsync(Input("x.mkv"), "mkv", Output(), CancellationToken.None));
    }

    private string Input(string fileName) => Path.Combine(_root.FullName, fileName);

    private string Output() => _root.CreateSubdirectory(Guid.NewGuid().ToString("N")).FullName;

    private async Task<T> Timed<T>(string what, Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        var result = await work();
        output.WriteLine($"{what}: {clock.ElapsedMilliseconds} ms");
        return result;
    }

    private static void WritePhoneJpeg(string path, uint width, uint height) =>
        File.WriteAllBytes(path, SampleFiles.PhoneJpegWithGps(width, height));

    private static MagickImage ReadBack(string path, MagickFormat format, uint width, uint height)
    {
        var image = new MagickImage(path);
        Assert.Equal(format, image.Format);
        Assert.Equal((width, height), (image.Width, image.Height));
        return image;
    }

    private static void AssertNoMetadata(MagickImage image)
    {
        Assert.Null(image.GetExifProfile());
        Assert.Null(image.GetXmpProfile());
        Assert.Null(image.GetIptcProfile());
        Assert.True(string.IsNullOrEmpty(image.Comment), image.Comment);
        Assert.DoesNotContain(image.AttributeNames, name => name.StartsWith("exif:", StringComparison.Ordinal) || name.StartsWith("png:text", StringComparison.Ordinal));

        // With no EXIF left there is no orientation tag: viewers show the pixels as stored, which are upright.
        Assert.Contains(image.Orientation, new[] { Orientation.TopLeft, Orientation.Undefined });
    }

    private static void AssertRed(MagickImage image, int x, int y)
    {
        var color = image.GetPixels().GetPixel(x, y).ToColor()!;
        Assert.True(color.R > 200 && color.G < 60 && color.B < 60, $"({x},{y}) is {color}, not red");
    }

    private static void AssertNotRed(MagickImage image, int x, int y)
    {
        var color = image.GetPixels().GetPixel(x, y).ToColor()!;
        Assert.False(color.R > 200 && color.G < 60 && color.B < 60, $"({x},{y}) is red");
    }

    private static int[] Gray(MagickImage image, int x, int y, uint width, uint height) =>
        [.. image.GetPixels().ToByteArray(x, y, width, height, "R")!];

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A FITS file with 16-bit signed data (BZERO 32768 maps it to 0-65535), rows stored bottom first.</summary>
    private static byte[] Fits16(int width, int height, Func<int, int, int> value)
    {
        var data = new byte[((width * height * 2) + 2879) / 2880 * 2880];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(((y * width) + x) * 2), (short)(value(x, y) - 32768));
            }
        }

        return [.. FitsHeader(16, width, height), .. data];
    }

    private static byte[] FitsHeader(int bitPix, int width, int height)
    {
        string[] cards =
        [
            "SIMPLE  =                    T / conforms to FITS standard",
            $"BITPIX  = {bitPix,20}",
            "NAXIS   =                    2",
            $"NAXIS1  = {width,20}",
            $"NAXIS2  = {height,20}",
            "BZERO   =                32768",
            "BSCALE  =                    1",
            "OBSERVER= 'Night assistant'",
            "END",
        ];
        var header = string.Concat(cards.Select(card => card.PadRight(80)));
        return Encoding.ASCII.GetBytes(header.PadRight((header.Length + 2879) / 2880 * 2880));
    }

    /// <summary>Rewrites a PNG's IHDR width and height (and its CRC): a tiny file that claims to be enormous.</summary>
    private static byte[] WithPngSize(byte[] png, int width, int height)
    {
        // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), ... then the CRC of type + data.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320u : crc >> 1;
            }
        }

        return ~crc;
    }
}

/// <summary>Videos made once for the class with ffmpeg's test sources (a couple of seconds each).</summary>
public sealed class MediaWorkSamples : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("astroblob-media-samples-");

    public string Mp4 => Path.Combine(_root.FullName, "clip.mp4");
    public string RotatedMp4 => Path.Combine(_root.FullName, "sideways.mp4");
    public string Mov => Path.Combine(_root.FullName, "clip.mov");
    public string WebM => Path.Combine(_root.FullName, "clip.webm");
    public string AudioOnlyMp4 => Path.Combine(_root.FullName, "sound.mp4");

    /// <summary>The codec the samples are encoded with: H.264 where ffmpeg has libx264, MPEG-4 part 2 otherwise.</summary>
    public string VideoCodec => FfmpegEncoders.Has("libx264") ? "h264" : "mpeg4";

    public async Task InitializeAsync()
    {
        string[] picture = ["-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25"];
        string[] sound = ["-f", "lavfi", "-i", "sine=frequency=440:duration=2"];
        string[] encode = FfmpegEncoders.Has("libx264")
            ? ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"]
            : ["-c:v", "mpeg4", "-c:a", "aac"];
        string[] tags = ["-metadata", "location=+40.4168-003.7038/", "-metadata", "title=Dome camera, Madrid"];

        var made = new List<Task>
        {
            FfmpegEncoders.RunAsync([.. picture, .. sound, .. encode, .. tags, "-f", "mp4", Mp4]),
            MakeSidewaysAsync([.. picture, .. encode]),
            FfmpegEncoders.RunAsync([.. picture, .. sound, .. encode, .. tags, "-f", "mov", Mov]),
            FfmpegEncoders.RunAsync([.. sound, "-c:a", "aac", "-f", "mp4", AudioOnlyMp4]),
        };
        if (FfmpegEncoders.Has("libvpx"))
        {
            made.Add(FfmpegEncoders.RunAsync(
            [
                "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=25",
                "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", .. tags, "-f", "webm", WebM,
            ]));
        }

        await Task.WhenAll(made);
    }

    /// <summary>A phone held sideways: landscape pixels with a quarter-turn display matrix on the video stream.</summary>
    private async Task MakeSidewaysAsync(string[] encode)
    {
        // ffmpeg 5.1 writes the matrix from the 'rotate' tag only when copying streams, so encode first, then remux.
        var landscape = Path.Combine(_root.FullName, "landscape.mp4");
        await FfmpegEncoders.RunAsync([.. encode, "-f", "mp4", landscape]);
        await FfmpegEncoders.RunAsync(["-i", landscape, "-c", "copy", "-metadata:s:v:0", "rotate=90", "-f", "mp4", RotatedMp4]);
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>A fact that is skipped, saying why, when this machine's ffmpeg lacks an encoder the test needs.</summary>
public sealed class FactWhenFfmpegCanEncodeAttribute : FactAttribute
{
    public FactWhenFfmpegCanEncodeAttribute(string encoder)
    {
        Encoder = encoder;
        if (!FfmpegEncoders.Has(encoder))
        {
            Skip = $"This ffmpeg has no {encoder} encoder (see `ffmpeg -encoders`); install an ffmpeg built with it to run this test.";
        }
    }

    public string Encoder { get; }
}

internal static class FfmpegEncoders
{
    private static readonly Lazy<string> List = new(() => Run("-hide_banner", "-encoders"));

    public static bool Has(string encoder) =>
        List.Value.Split('\n').Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var name, ..] && name == encoder);

    public static async Task RunAsync(string[] arguments)
    {
        using var process = Start(["-hide_banner", "-nostdin", "-v", "error", "-y", .. arguments]);
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffmpeg {string.Join(' ', arguments)} failed: {await errors}");
    }

    private static string Run(params string[] arguments)
    {
        using var process = Start(arguments);
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }

    private static Process Start(string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ffmpeg is not installed or not on the PATH (Debian: apt-get install ffmpeg).", e);
        }
    }
}
