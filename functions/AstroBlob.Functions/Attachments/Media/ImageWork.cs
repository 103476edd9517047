using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ImageMagick;

namespace AstroBlob.Functions.Attachments.Media;

/// <param name="Width">Width as displayed, after EXIF orientation is applied.</param>
/// <param name="Height">Height as displayed, after EXIF orientation is applied.</param>
public sealed record ImageResult(int Width, int Height, string DisplayPath, string DisplayContentType, string PreviewPath, string ThumbnailPath);

/// <summary>
/// Turns an uploaded image into what the portal serves: a full-size display copy, a preview and a thumbnail, all
/// upright and with every piece of metadata removed (EXIF with GPS, XMP, IPTC, comments, PNG text).
/// </summary>
public sealed class ImageWork
{
    public const int ThumbnailSize = 320;
    public const int PreviewSize = 1600;

    /// <summary>Largest side and area we decode; a small file can declare huge dimensions (a decompression bomb).</summary>
    public const int MaxSide = 16_384;
    public const long MaxPixels = 100_000_000;

    private const uint DisplayQuality = 92;
    private const uint PreviewQuality = 85;
    private const uint ThumbnailQuality = 80;

    static ImageWork()
    {
        // Process-wide and set once. A picture that passes the size check still cannot hold more than 1 GiB of memory
        // (the rest of the pixel cache spills to disk, which is capped too), and a multi-page file cannot expand into
        // thousands of frames. Width and height are left alone: at MaxSide the PNG decoder would already fail on the
        // header ("Invalid IHDR"), and the user would hear "unreadable" instead of "too large".
        ResourceLimits.Area = MaxPixels;
        ResourceLimits.Memory = 1UL << 30;
        ResourceLimits.Disk = 4UL << 30;
        ResourceLimits.ListLength = 16;
    }

    /// <summary>
    /// Reads <paramref name="inputPath"/> (<paramref name="format"/> as sniffed: jpeg, png, webp, tiff or fits) and writes
    /// display.{jpg|png|webp}, preview.jpg and thumbnail.jpg into <paramref name="outputDir"/>.
    /// </summary>
    /// <exception cref="MediaRejectedException"><c>unreadable</c> or <c>image_too_large</c>.</exception>
    public Task<ImageResult> ProcessAsync(string inputPath, string format, string outputDir, CancellationToken ct)
    {
        var output = OutputFor(format);

        // Decoding and encoding are CPU-bound and synchronous in Magick; keep them off the caller's thread.
        return Task.Run(() => Process(inputPath, output, outputDir, ct), ct);
    }

    /// <summary>
    /// An observatory's logo: <paramref name="bytes"/> (jpeg, png or webp as sniffed) upright,
    /// without any metadata, fitted within <paramref name="maxSide"/> pixels, as PNG.
    /// </summary>
    /// <exception cref="MediaRejectedException"><c>unreadable</c> or <c>image_too_large</c>.</exception>
    public Task<byte[]> LogoAsync(byte[] bytes, string format, int maxSide, CancellationToken ct)
    {
        var input = OutputFor(format).Input;
        return Task.Run(
            () =>
            {
                try
                {
                    var settings = new MagickReadSettings { Format = input, FrameIndex = 0, FrameCount = 1 };
                    var info = new MagickImageInfo(bytes, settings);
                    CheckSize(info.Width, info.Height);
                    using var image = new MagickImage(bytes, settings);
                    ct.ThrowIfCancellationRequested();
                    image.AutoOrient();
                    if (image.GetColorProfile() is not null)
                    {
                        image.TransformColorSpace(ColorProfiles.SRGB);
                    }

                    image.Strip();
                    image.Depth = 8;
                    image.Resize(FitWithin(maxSide));
                    return image.ToByteArray(MagickFormat.Png);
                }
                catch (MagickResourceLimitErrorException)
                {
                    throw TooLarge();
                }
                catch (MagickException)
                {
                    throw Unreadable();
                }
            },
            ct);
    }

    private sealed record Output(MagickFormat Input, MagickFormat Display, string DisplayFileName, string DisplayContentType);

    private static Output OutputFor(string format) => format switch
    {
        "jpeg" => new(MagickFormat.Jpeg, MagickFormat.Jpeg, "display.jpg", "image/jpeg"),
        "png" => new(MagickFormat.Png, MagickFormat.Png, "display.png", "image/png"),
        "webp" => new(MagickFormat.WebP, MagickFormat.WebP, "display.webp", "image/webp"),
        // Browsers show neither TIFF nor FITS.
        "tiff" => new(MagickFormat.Tiff, MagickFormat.Png, "display.png", "image/png"),
        "fits" => new(MagickFormat.Fits, MagickFormat.Png, "display.png", "image/png"),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an image format this service processes."),
    };

    private static ImageResult Process(string inputPath, Output output, string outputDir, CancellationToken ct)
    {
        try
        {
            using var image = output.Input == MagickFormat.Fits ? FitsImage.Read(inputPath, ct) : Read(inputPath, output.Input);
            ct.ThrowIfCancellationRequested();

            image.AutoOrient();
            if (image.GetColorProfile() is not null)
            {
                // Keep the colours right once the profile is stripped.
                image.TransformColorSpace(ColorProfiles.SRGB);
            }
            else if (image.ColorSpace == ColorSpace.CMYK)
            {
                image.ColorSpace = ColorSpace.sRGB;
            }

            image.Strip();
            image.Depth = 8;
            ct.ThrowIfCancellationRequested();

            var displayPath = Path.Combine(outputDir, output.DisplayFileName);
            if (output.Display is MagickFormat.Jpeg or MagickFormat.WebP)
            {
                image.Quality = DisplayQuality;
            }

            image.Write(displayPath, output.Display);
            ct.ThrowIfCancellationRequested();

            // The display copy is decoded at full size anyway, so the JPEG size hint would not save anything here:
            // the preview is scaled from it, and the thumbnail from the preview.
            using var preview = image.Clone();
            FlattenForJpeg(preview);
            preview.Resize(FitWithin(PreviewSize));
            var previewPath = Path.Combine(outputDir, "preview.jpg");
            preview.Quality = PreviewQuality;
            preview.Write(previewPath, MagickFormat.Jpeg);
            ct.ThrowIfCancellationRequested();

            using var thumbnail = preview.Clone();
            thumbnail.Thumbnail(FitWithin(ThumbnailSize));
            thumbnail.Strip();
            var thumbnailPath = Path.Combine(outputDir, "thumbnail.jpg");
            thumbnail.Quality = ThumbnailQuality;
            thumbnail.Write(thumbnailPath, MagickFormat.Jpeg);

            return new ImageResult((int)image.Width, (int)image.Height, displayPath, output.DisplayContentType, previewPath, thumbnailPath);
        }
        catch (MagickResourceLimitErrorException)
        {
            throw TooLarge();
        }
        catch (MagickException)
        {
            throw Unreadable();
        }
    }

    /// <summary>Checks the declared dimensions without decoding pixels, then reads the first frame only.</summary>
    private static MagickImage Read(string inputPath, MagickFormat format)
    {
        // An explicit format: Magick never guesses the coder from the content (no SVG, MVG or MSL by surprise).
        var settings = new MagickReadSettings { Format = format, FrameIndex = 0, FrameCount = 1 };
        var info = new MagickImageInfo(inputPath, settings);
        CheckSize(info.Width, info.Height);
        return new MagickImage(inputPath, settings);
    }

    private static void CheckSize(long width, long height)
    {
        if (width > MaxSide || height > MaxSide || width * height > MaxPixels)
        {
            throw TooLarge();
        }
    }

    private static MediaRejectedException Unreadable() => new("unreadable", "The image could not be read.");

    private static MediaRejectedException TooLarge() => new(
        "image_too_large",
        string.Create(CultureInfo.InvariantCulture, $"The image is too large: at most {MaxSide} pixels on a side and {MaxPixels / 1_000_000} megapixels."));

    private static MagickGeometry FitWithin(int size) => new(checked((uint)size), checked((uint)size)) { Greater = true };

    /// <summary>JPEG has no transparency: put transparent pixels on white rather than on whatever colour they hide.</summary>
    private static void FlattenForJpeg(IMagickImage<byte> image)
    {
        if (image.HasAlpha)
        {
            image.BackgroundColor = MagickColors.White;
            image.Alpha(AlphaAction.Remove);
        }
    }

    /// <summary>
    /// Reads the primary image of a FITS file and stretches it for the eye. Magick's own FITS reader scales the data
    /// linearly from its minimum to its maximum into 8 bits (this is the Q8 build), so the sky of a typical exposure
    /// becomes one flat grey with a few white stars. Here the black point sits just below the sky background and a
    /// midtones transfer function lifts the background to a quarter of full scale (the usual astronomical
    /// "auto stretch"), computed from the full-precision values.
    /// </summary>
    private static class FitsImage
    {
        private const int BlockSize = 2880;
        private const int CardSize = 80;
        private const int MaxHeaderBlocks = 200;
        private const int SamplesPerAxis = 512;
        private const double TargetBackground = 0.25;
        private const double ShadowsClipSigmas = 2.8;

        private sealed record Header(int BitPix, int Width, int Height, double Zero, double Scale, long? Blank, long DataOffset)
        {
            public int BytesPerValue => Math.Abs(BitPix) / 8;
        }

        public static MagickImage Read(string path, CancellationToken ct)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            var header = ReadHeader(file);
            if (file.Length < header.DataOffset + ((long)header.Width * header.Height * header.BytesPerValue))
            {
                throw Unreadable();
            }

            var (black, white, midtones) = Stretch(file, header);
            var pixels = new byte[header.Width * header.Height];
            var row = new byte[header.Width * header.BytesPerValue];
            file.Position = header.DataOffset;
            for (var y = 0; y < header.Height; y++)
            {
                ct.ThrowIfCancellationRequested();
                file.ReadExactly(row);

                // FITS stores the bottom row first.
                var target = pixels.AsSpan((header.Height - 1 - y) * header.Width, header.Width);
                for (var x = 0; x < header.Width; x++)
                {
                    var value = ValueAt(row, x, header);
                    var normalised = double.IsNaN(value) ? 0 : Math.Clamp((value - black) / (white - black), 0, 1);
                    target[x] = (byte)Math.Round(255 * Mtf(midtones, normalised));
                }
            }

            var image = new MagickImage(pixels, new PixelReadSettings((uint)header.Width, (uint)header.Height, StorageType.Char, "I"));
            image.Format = MagickFormat.Png;
            return image;
        }

        /// <summary>Black and white points and the midtones balance, from a grid of samples across the image.</summary>
        private static (double Black, double White, double Midtones) Stretch(FileStream file, Header header)
        {
            var rowStep = Math.Max(1, header.Height / SamplesPerAxis);
            var columnStep = Math.Max(1, header.Width / SamplesPerAxis);
            var row = new byte[header.Width * header.BytesPerValue];
            var samples = new List<double>();
            for (var y = 0; y < header.Height; y += rowStep)
            {
                file.Position = header.DataOffset + ((long)y * row.Length);
                file.ReadExactly(row);
                for (var x = 0; x < header.Width; x += columnStep)
                {
                    var value = ValueAt(row, x, header);
                    if (double.IsFinite(value))
                    {
                        samples.Add(value);
                    }
                }
            }

            if (samples.Count == 0)
            {
                return (0, 1, 0.5);
            }

            samples.Sort();
            var median = samples[samples.Count / 2];
            var deviations = samples.Select(sample => Math.Abs(sample - median)).Order().ToList();
            var sigma = 1.4826 * deviations[deviations.Count / 2];
            var black = Math.Max(samples[0], median - (ShadowsClipSigmas * sigma));
            var white = samples[^1];
            if (white <= black)
            {
                return (black, black + 1, 0.5);
            }

            // The balance that takes the background to the target is the transfer function itself with the two swapped.
            var background = (median - black) / (white - black);
            var midtones = background is > 0 and < 1 ? Mtf(TargetBackground, background) : 0.5;
            return (black, white, midtones);
        }

        /// <summary>The midtones transfer function: 0 and 1 stay put, <paramref name="midtones"/> maps to one half.</summary>
        private static double Mtf(double midtones, double x) =>
            x <= 0 ? 0 : x >= 1 ? 1 : (midtones - 1) * x / ((((2 * midtones) - 1) * x) - midtones);

        private static double ValueAt(ReadOnlySpan<byte> row, int x, Header header)
        {
            var bytes = row.Slice(x * header.BytesPerValue, header.BytesPerValue);
            long raw;
            switch (header.BitPix)
            {
                case -32:
                    return header.Zero + (header.Scale * BinaryPrimitives.ReadSingleBigEndian(bytes));
                case -64:
                    return header.Zero + (header.Scale * BinaryPrimitives.ReadDoubleBigEndian(bytes));
                case 8:
                    raw = bytes[0];
                    break;
                case 16:
                    raw = BinaryPrimitives.ReadInt16BigEndian(bytes);
                    break;
                case 32:
                    raw = BinaryPrimitives.ReadInt32BigEndian(bytes);
                    break;
                default:
                    raw = BinaryPrimitives.ReadInt64BigEndian(bytes);
                    break;
            }

            return raw == header.Blank ? double.NaN : header.Zero + (header.Scale * raw);
        }

        private static Header ReadHeader(FileStream file)
        {
            var keywords = new Dictionary<string, string>(StringComparer.Ordinal);
            var block = new byte[BlockSize];
            for (var blocks = 1; blocks <= MaxHeaderBlocks; blocks++)
            {
                if (file.ReadAtLeast(block, BlockSize, throwOnEndOfStream: false) < BlockSize)
                {
                    throw Unreadable();
                }

                for (var card = 0; card < BlockSize; card += CardSize)
                {
                    var text = Encoding.ASCII.GetString(block, card, CardSize);
                    var keyword = text[..8].TrimEnd();
                    if (keyword == "END")
                    {
                        return ToHeader(keywords, dataOffset: (long)blocks * BlockSize);
                    }

                    if (text[8..10] == "= ")
                    {
                        keywords.TryAdd(keyword, text[10..].Split('/')[0].Trim());
                    }
                }
            }

            throw Unreadable();
        }

        private static Header ToHeader(Dictionary<string, string> keywords, long dataOffset)
        {
            var bitPix = (int)Number(keywords, "BITPIX");
            var axes = (int)Number(keywords, "NAXIS");
            if (keywords.GetValueOrDefault("SIMPLE") != "T" || bitPix is not (8 or 16 or 32 or 64 or -32 or -64) || axes < 2)
            {
                throw Unreadable();
            }

            var width = Number(keywords, "NAXIS1");
            var height = Number(keywords, "NAXIS2");
            if (width < 1 || height < 1)
            {
                throw Unreadable();
            }

            CheckSize((long)width, (long)height);
            long? blank = keywords.ContainsKey("BLANK") ? (long)Number(keywords, "BLANK") : null;
            return new Header(bitPix, (int)width, (int)height, Number(keywords, "BZERO", 0), Number(keywords, "BSCALE", 1), blank, dataOffset);
        }

        private static double Number(Dictionary<string, string> keywords, string keyword, double? fallback = null)
        {
            if (keywords.TryGetValue(keyword, out var text)
                && double.TryParse(text.Replace('D', 'E'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            return fallback ?? throw Unreadable();
        }
    }
}
