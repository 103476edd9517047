using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using FFMpegCore.Exceptions;
using ImageMagick;

namespace AstroBlob.Functions.Attachments.Media;

/// <param name="Width">Width as displayed, after rotation metadata.</param>
/// <param name="Height">Height as displayed, after rotation metadata.</param>
/// <param name="Codec">The video codec as ffprobe names it ("h264", "hevc", "vp9", ...).</param>
public sealed record VideoResult(double DurationSeconds, int Width, int Height, string Codec, string CleanPath, string PosterPath, string ThumbnailPath);

/// <summary>
/// Turns an uploaded video into what the portal serves: the same streams in a container without metadata (no
/// location, no title, no device), a poster frame and a thumbnail. Nothing is re-encoded.
/// </summary>
/// <param name="binaryFolder">Where ffmpeg and ffprobe are; null to use FFMpegCore's global options (the PATH by default).</param>
/// <param name="timeLimit">The longest one ffmpeg or ffprobe run may take; 5 minutes when null.</param>
public sealed class VideoWork(string? binaryFolder = null, TimeSpan? timeLimit = null)
{
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromMinutes(5);

    private readonly FFOptions _options = binaryFolder is null
        ? GlobalFFOptions.Current
        : new FFOptions { BinaryFolder = binaryFolder };

    private readonly TimeSpan _timeLimit = timeLimit ?? DefaultTimeLimit;

    /// <summary>
    /// Reads <paramref name="inputPath"/> (<paramref name="format"/> as sniffed: mp4, mov or webm) and writes
    /// clean.{mp4|mov|webm}, poster.jpg and thumbnail.jpg into <paramref name="outputDir"/>.
    /// </summary>
    /// <exception cref="MediaRejectedException"><c>unreadable</c> or <c>processing_timeout</c>.</exception>
    public async Task<VideoResult> ProcessAsync(string inputPath, string format, string outputDir, CancellationToken ct)
    {
        var container = ContainerFor(format);
        var analysis = await ProbeAsync(inputPath, container, ct);
        var video = analysis.PrimaryVideoStream;
        if (video is not { Width: > 0, Height: > 0, CodecName: not null })
        {
            throw Unreadable();
        }

        var duration = analysis.Duration.TotalSeconds;
        var (width, height) = Math.Abs(video.Rotation) % 180 == 90 ? (video.Height.Value, video.Width.Value) : (video.Width.Value, video.Height.Value);

        var cleanPath = Path.Combine(outputDir, container.CleanFileName);
        await RunFfmpegAsync(
        [
            "-f", container.Demuxer, "-i", inputPath,
            // Video (not cover art) and audio only: data tracks can carry GPS (GoPro, Apple 'mebx') and most cannot be
            // muxed anyway; subtitles and chapters can carry names. Container and stream metadata go too.
            "-map", "0:V", "-map", "0:a?", "-map_metadata", "-1", "-map_chapters", "-1",
            "-c", "copy", .. container.MuxerOptions, "-f", container.Muxer, cleanPath,
        ], ct);

        var posterPath = Path.Combine(outputDir, "poster.jpg");
        var posterAt = Math.Min(1.0, duration / 2);
        await RunFfmpegAsync(
        [
            "-ss", posterAt.ToString("0.###", CultureInfo.InvariantCulture), "-f", container.Demuxer, "-i", inputPath,
            "-map", "0:V:0", "-frames:v", "1",
            // ffmpeg applies the rotation metadata itself; the poster only ever shrinks.
            "-vf", $"scale=w='min({ImageWork.PreviewSize},iw)':h='min({ImageWork.PreviewSize},ih)':force_original_aspect_ratio=decrease",
            "-q:v", "3", "-f", "image2", posterPath,
        ], ct);
        if (!File.Exists(posterPath))
        {
            throw Unreadable();
        }

        var thumbnailPath = Path.Combine(outputDir, "thumbnail.jpg");
        await Task.Run(() => WriteThumbnail(posterPath, thumbnailPath), ct);

        return new VideoResult(duration, width, height, video.CodecName, cleanPath, posterPath, thumbnailPath);
    }

    /// <param name="Demuxer">Forced on input, so ffmpeg never takes the file for a playlist or any other format.</param>
    private sealed record Container(string Demuxer, string Muxer, string CleanFileName, string[] MuxerOptions);

    private static Container ContainerFor(string format) => format switch
    {
        // The moov atom goes first, so a browser can start playing before the whole file has arrived.
        "mp4" => new("mov", "mp4", "clean.mp4", ["-movflags", "+faststart"]),
        "mov" => new("mov", "mov", "clean.mov", ["-movflags", "+faststart"]),
        "webm" => new("matroska", "webm", "clean.webm", []),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a video format this service processes."),
    };

    private async Task<IMediaAnalysis> ProbeAsync(string inputPath, Container container, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(_timeLimit);
        try
        {
            // FFMpegCore kills ffprobe when the token is cancelled.
            return await FFProbe.AnalyseAsync(inputPath, _options, $"-f {container.Demuxer}", limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw TimedOut();
        }
        catch (FFMpegException)
        {
            throw Unreadable();
        }
    }

    /// <summary>
    /// Runs ffmpeg with its own process rather than FFMpegCore's processor: arguments go through
    /// <see cref="ProcessStartInfo.ArgumentList"/> unquoted, and on cancellation or timeout the process is killed at
    /// once instead of being asked to quit through its standard input.
    /// </summary>
    private async Task RunFfmpegAsync(IEnumerable<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(GlobalFFOptions.GetFFMpegBinaryPath(_options))
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-hide_banner", "-nostdin", "-v", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(_timeLimit);

        // Drain standard error as it comes, or ffmpeg blocks once the pipe is full.
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            throw TimedOut();
        }

        if (process.ExitCode != 0)
        {
            var rejected = Unreadable();
            rejected.Data["ffmpeg"] = await errors;
            throw rejected;
        }
    }

    private static void WriteThumbnail(string posterPath, string thumbnailPath)
    {
        using var image = new MagickImage(posterPath, new MagickReadSettings { Format = MagickFormat.Jpeg });
        image.Thumbnail(new MagickGeometry(ImageWork.ThumbnailSize, ImageWork.ThumbnailSize) { Greater = true });
        image.Strip();
        image.Quality = 80;
        image.Write(thumbnailPath, MagickFormat.Jpeg);
    }

    private static MediaRejectedException Unreadable() => new("unreadable", "The video could not be read.");

    private static MediaRejectedException TimedOut() =>
        new("processing_timeout", "The video took too long to process.");
}
