using System.Diagnostics;
using System.Globalization;
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
            return new RunOutput(DateTime.UtcNow, new Dictionary<string, string>
            {
                ["display copy"] = result.DisplayPath,
                ["preview"] = result.PreviewPath,
                ["thumbnail"] = result.ThumbnailPath,
            });
        }, steps: null, ct);

    public static async Task<MediaPhase> VideosAsync(VideoWork videos, MediaSample sample, int concurrent, int runs, string work, CancellationToken ct) =>
        await RunAsync(sample, concurrent, runs, work, async output =>
        {
            var started = DateTime.UtcNow;
            var result = await videos.ProcessAsync(sample.Path, sample.Format, output, ct);
            return new RunOutput(started, new Dictionary<string, string>
            {
                ["clean copy"] = result.CleanPath,
                ["poster"] = result.PosterPath,
                ["thumbnail"] = result.ThumbnailPath,
            });
        }, VideoStepsAsync, ct);

    /// <summary>When a run started (UTC, to compare with file times) and the files it wrote.</summary>
    private sealed record RunOutput(DateTime StartedUtc, IReadOnlyDictionary<string, string> Files);

    /// <summary>
    /// VideoWork runs ffprobe, one ffmpeg that remuxes into the clean copy, one that writes the
    /// poster, then makes the thumbnail with Magick: the clean copy's creation ends the probe
    /// (and ffmpeg's start-up with its look at the input), its last write ends the remux, the
    /// poster's last write ends the poster, the thumbnail's the thumbnail. File times need no
    /// change to VideoWork and cost the runs nothing: they are read after the phase (creation
    /// times with <c>stat</c>, as .NET does not return them on Linux). The probe and the remux
    /// stay together where the file system keeps no creation time.
    /// </summary>
    private static async Task<IReadOnlyList<Dictionary<string, double>>> VideoStepsAsync(IReadOnlyList<RunOutput> runs, CancellationToken ct)
    {
        var cleanPaths = runs.Select(r => r.Files["clean copy"]).ToList();
        var births = (await MediaSamples.RunToolAsync("stat", ["--format=%.9W", .. cleanPaths], ct))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => decimal.TryParse(line, NumberStyles.Number, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond))
                : (DateTime?)null)
            .ToList();
        return runs.Select((run, i) =>
        {
            var cleanWritten = File.GetLastWriteTimeUtc(run.Files["clean copy"]);
            var posterWritten = File.GetLastWriteTimeUtc(run.Files["poster"]);
            var born = i < births.Count && births[i] is { } b && b >= run.StartedUtc && b <= cleanWritten ? b : (DateTime?)null;
            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["probe"] = born is { } p ? (p - run.StartedUtc).TotalMilliseconds : double.NaN,
                ["remux"] = born is { } r ? (cleanWritten - r).TotalMilliseconds : double.NaN,
                ["probe + remux"] = (cleanWritten - run.StartedUtc).TotalMilliseconds,
                ["poster"] = (posterWritten - cleanWritten).TotalMilliseconds,
                ["thumbnail"] = (File.GetLastWriteTimeUtc(run.Files["thumbnail"]) - posterWritten).TotalMilliseconds,
            };
        }).ToList();
    }

    private static async Task<MediaPhase> RunAsync(
        MediaSample sample, int concurrent, int runs, string work, Func<string, Task<RunOutput>> process,
        Func<IReadOnlyList<RunOutput>, CancellationToken, Task<IReadOnlyList<Dictionary<string, double>>>>? steps, CancellationToken ct)
    {
        var ms = new double[runs];
        var outputs = new RunOutput[runs];
        var folders = new string[runs];
        var dotnetBefore = Probes.DotnetCpu();
        var childrenBefore = Probes.EndedChildrenCpu();
        var wall = Stopwatch.StartNew();
        await Workers.RunAsync(concurrent, runs, async i =>
        {
            // A fresh folder per run, as the processor makes; all are removed after the phase.
            folders[i] = Directory.CreateDirectory(Path.Combine(work, Guid.NewGuid().ToString("N"))).FullName;
            var started = Stopwatch.GetTimestamp();
            try
            {
                outputs[i] = await process(folders[i]);
            }
            catch (MediaRejectedException e)
            {
                throw new BenchmarkException($"{sample.FileName} was refused ({e.Code}): {e.Message}");
            }

            ms[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }, stop: null, ct);
        wall.Stop();
        var dotnetCpu = Probes.DotnetCpu() - dotnetBefore;
        var childrenCpu = Probes.EndedChildrenCpu() - childrenBefore;
        var stepMs = steps is null ? [] : await steps(outputs, ct);
        var sizes = outputs[0].Files.ToDictionary(f => f.Key, f => new FileInfo(f.Value).Length, StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            Directory.Delete(folder, recursive: true);
        }

        var phase = new MediaPhase(
            sample,
            concurrent,
            runs,
            wall.Elapsed.TotalSeconds,
            [.. ms.Order()],
            stepMs.SelectMany(x => x).GroupBy(x => x.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(x => x.Value).Where(v => !double.IsNaN(v)).Order().ToArray(), StringComparer.Ordinal),
            dotnetCpu,
            childrenCpu,
            sizes);
        await Console.Error.WriteLineAsync(
            $"  {sample.FileName,-26} {concurrent} at once: {phase.PerSecond,6:F2}/s  p50 {phase.Percentile(50),7:F0} ms  p95 {phase.Percentile(95),7:F0} ms" +
            $"  cpu {phase.DotnetCpuMsPerRun:F0} ms .NET + {phase.ChildrenCpuMsPerRun:F0} ms child processes per run" +
            string.Concat(phase.SortedStepMs.Where(x => x.Value.Length > 0).Select(x => $"; {x.Key} p50 {Stats.Percentile(x.Value, 50):F0} ms")));
        return phase;
    }
}
