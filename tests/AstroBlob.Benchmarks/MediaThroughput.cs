using System.Diagnostics;
using AstroBlob.Functions.Attachments.Media;

namespace AstroBlob.Benchmarks;

/// <summary>
/// One media phase: the same sample processed <see cref="Runs"/> times by <see cref="Concurrent"/>
/// loops; per run its time and, for videos, the time of each step.
/// </summary>
internal sealed record MediaPhase(
    MediaSample Sample,
    int Concurrent,
    int Runs,
    double WallSeconds,
    double[] SortedMs,
    IReadOnlyDictionary<string, double[]> SortedStepMs,
    TimeSpan DotnetCpu,
    TimeSpan ChildrenCpu,
    IReadOnlyDictionary<string, long> OutputBytes)
{
    public double PerSecond => Runs / WallSeconds;

    public double Percentile(double p) => Stats.Percentile(SortedMs, p);

    public double StepPercentile(string step, double p) => SortedStepMs.TryGetValue(step, out var ms) ? Stats.Percentile(ms, p) : double.NaN;

    public double DotnetCpuMsPerRun => DotnetCpu.TotalMilliseconds / Runs;

    public double ChildrenCpuMsPerRun => ChildrenCpu.TotalMilliseconds / Runs;
}

/// <summary>
/// Times the host's own <see cref="ImageWork"/> and <see cref="VideoWork"/> (the instances its
/// processor uses, made the same way) on sample files, in this process with nothing else running.
/// </summary>
internal static class MediaThroughput
{
    /// <summary>The steps of a video run, told apart by when each output file was created and last written.</summary>
    public static readonly string[] VideoSteps = ["probe", "remux", "poster", "thumbnail"];

    public static async Task<MediaPhase> ImagesAsync(ImageWork images, MediaSample sample, int concurrent, int runs, string work, CancellationToken ct) =>
        await RunAsync(sample, concurrent, runs, work, async output =>
        {
            var result = await images.ProcessAsync(sample.Path, sample.Format, output, ct);
            return (new Dictionary<string, double>(), new Dictionary<string, string>
            {
                ["display copy"] = result.DisplayPath,
                ["preview"] = result.PreviewPath,
                ["thumbnail"] = result.ThumbnailPath,
            });
        }, ct);

    public static async Task<MediaPhase> VideosAsync(VideoWork videos, MediaSample sample, int concurrent, int runs, string work, CancellationToken ct) =>
        await RunAsync(sample, concurrent, runs, work, async output =>
        {
            var started = DateTime.UtcNow;
            var result = await videos.ProcessAsync(sample.Path, sample.Format, output, ct);
            return (Steps(started, result), new Dictionary<string, string>
            {
                ["clean copy"] = result.CleanPath,
                ["poster"] = result.PosterPath,
                ["thumbnail"] = result.ThumbnailPath,
            });
        }, ct);

    /// <summary>
    /// VideoWork runs ffprobe, one ffmpeg that remuxes into the clean copy, one that writes the
    /// poster, then makes the thumbnail with Magick: the clean copy's creation ends the probe
    /// (and ffmpeg's start-up with its look at the input), its last write ends the remux, the
    /// poster's last write ends the poster, the thumbnail's the thumbnail. File times cost nothing
    /// to read and need no change to VideoWork. NaN where the file system keeps no creation time.
    /// </summary>
    private static Dictionary<string, double> Steps(DateTime started, VideoResult result)
    {
        var clean = new FileInfo(result.CleanPath);
        var cleanWritten = clean.LastWriteTimeUtc;
        var cleanCreated = clean.CreationTimeUtc;
        var hasBirth = cleanCreated >= started && cleanCreated < cleanWritten;
        var posterWritten = File.GetLastWriteTimeUtc(result.PosterPath);
        return new Dictionary<string, double>
        {
            ["probe"] = hasBirth ? (cleanCreated - started).TotalMilliseconds : double.NaN,
            ["remux"] = hasBirth ? (cleanWritten - cleanCreated).TotalMilliseconds : double.NaN,
            ["probe + remux"] = (cleanWritten - started).TotalMilliseconds,
            ["poster"] = (posterWritten - cleanWritten).TotalMilliseconds,
            ["thumbnail"] = (File.GetLastWriteTimeUtc(result.ThumbnailPath) - posterWritten).TotalMilliseconds,
        };
    }

    private static async Task<MediaPhase> RunAsync(
        MediaSample sample, int concurrent, int runs, string work,
        Func<string, Task<(Dictionary<string, double> Steps, Dictionary<string, string> Outputs)>> process, CancellationToken ct)
    {
        var ms = new double[runs];
        var steps = new Dictionary<string, double>[runs];
        var outputs = new Dictionary<string, long>(StringComparer.Ordinal);
        var dotnetBefore = Probes.DotnetCpu();
        var childrenBefore = Probes.EndedChildrenCpu();
        var wall = Stopwatch.StartNew();
        await Workers.RunAsync(concurrent, runs, async i =>
        {
            // A fresh folder per run, made and removed outside the timed part, as the processor does.
            var output = Directory.CreateDirectory(Path.Combine(work, Guid.NewGuid().ToString("N"))).FullName;
            var started = Stopwatch.GetTimestamp();
            Dictionary<string, string> files;
            try
            {
                (steps[i], files) = await process(output);
            }
            catch (MediaRejectedException e)
            {
                throw new BenchmarkException($"{sample.FileName} was refused ({e.Code}): {e.Message}");
            }

            ms[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i == 0)
            {
                lock (outputs)
                {
                    foreach (var (name, path) in files)
                    {
                        outputs[name] = new FileInfo(path).Length;
                    }
                }
            }

            Directory.Delete(output, recursive: true);
        }, stop: null, ct);
        wall.Stop();
        var phase = new MediaPhase(
            sample,
            concurrent,
            runs,
            wall.Elapsed.TotalSeconds,
            [.. ms.Order()],
            steps.SelectMany(s => s).GroupBy(s => s.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(s => s.Value).Where(v => !double.IsNaN(v)).Order().ToArray(), StringComparer.Ordinal),
            Probes.DotnetCpu() - dotnetBefore,
            Probes.EndedChildrenCpu() - childrenBefore,
            outputs);
        await Console.Error.WriteLineAsync(
            $"  {sample.FileName,-26} {concurrent} at once: {phase.PerSecond,6:F2}/s  p50 {phase.Percentile(50),7:F0} ms  p95 {phase.Percentile(95),7:F0} ms" +
            $"  cpu {phase.DotnetCpuMsPerRun:F0} ms .NET + {phase.ChildrenCpuMsPerRun:F0} ms child processes per run" +
            string.Concat(phase.SortedStepMs.Where(s => s.Value.Length > 0).Select(s => $"; {s.Key} p50 {Stats.Percentile(s.Value, 50):F0} ms")));
        return phase;
    }
}
