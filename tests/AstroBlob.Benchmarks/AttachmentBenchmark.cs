using System.Diagnostics;
using System.Runtime;
using AstroBlob.Functions.Attachments.Media;
using AstroBlob.Functions.Triggers;
using ImageMagick;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HostAttachmentOptions = AstroBlob.Functions.Attachments.AttachmentOptions;

namespace AstroBlob.Benchmarks;

/// <summary>Everything the attachment report needs.</summary>
internal sealed record AttachmentRun(
    AttachmentBenchOptions Options,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string HostCode,
    string AzuriteVersion,
    string MagickVersion,
    string ImageMagickVersion,
    ulong MagickThreads,
    bool MagickOpenMp,
    string FfmpegVersion,
    double FfmpegStartMs,
    double FfprobeStartMs,
    string VideoCodec,
    IReadOnlyList<MediaPhase> Images,
    IReadOnlyList<MediaPhase> Videos,
    IReadOnlyList<UploadPhase> Uploads,
    PhaseResult PollCost,
    IdleCost Idle,
    int ProcessorConcurrency,
    TimeSpan MinPollInterval,
    TimeSpan MaxPollInterval,
    double? OthersCpuShare,
    int HostWarnings,
    int HostErrors,
    IReadOnlyList<string> HostLogSamples);

/// <summary>The CPU the idle host and Azurite use per second: the share of "CPU per upload" that is not the upload's.</summary>
internal sealed record IdleCost(double DotnetCpuMsPerSecond, double AzuriteCpuMsPerSecond, double StorageRequestsPerSecond)
{
    public static async Task<IdleCost> MeasureAsync(BenchStack stack, TimeSpan window, CancellationToken ct)
    {
        var (dotnet, azurite, storage) = (Probes.DotnetCpu(), stack.Azurite.CpuTime, stack.Storage.Snapshot());
        var clock = Stopwatch.StartNew();
        // A measurement window, not a wait for a condition: nothing is sent meanwhile.
        await Task.Delay(window, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var traffic = stack.Storage.Snapshot().Minus(storage);
        var idle = new IdleCost(
            (Probes.DotnetCpu() - dotnet).TotalMilliseconds / seconds,
            (stack.Azurite.CpuTime - azurite).TotalMilliseconds / seconds,
            (traffic.Total + traffic.OtherServices) / seconds);
        await Console.Error.WriteLineAsync($"  idle for {seconds:F0} s: {idle.DotnetCpuMsPerSecond:F0} ms of .NET CPU and {idle.AzuriteCpuMsPerSecond:F0} ms of Azurite CPU per second, {idle.StorageRequestsPerSecond:F1} storage requests/s");
        return idle;
    }
}

/// <summary>
/// The attachment benchmark (<c>--attachments</c>, issue 4): thumbnails per second and poster
/// frames per second on this machine, and how long an upload takes until the file is ready.
/// </summary>
internal static class AttachmentBenchmark
{
    public const string Slug = "bench";

    public static async Task<int> RunAsync(AttachmentBenchOptions options, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var loadBefore = MachineLoad.Now(Probes.DotnetCpu() + Probes.EndedChildrenCpu());
        await Console.Error.WriteLineAsync("Making the sample files (Magick.NET, ffmpeg) ...");
        using var samples = await MediaSamples.CreateAsync(ct);
        foreach (var sample in new[] { samples.LargePhoto, samples.SmallPhoto, samples.LongVideo, samples.ShortVideo, samples.Pdf })
        {
            await Console.Error.WriteLineAsync($"  {sample.FileName}: {sample.Description}");
        }

        // Media work first, in this process before Azurite and the host start: nothing else runs.
        var work = Directory.CreateDirectory(Path.Combine(samples.Folder, "work")).FullName;
        var images = new ImageWork();
        var videos = new VideoWork();
        await Console.Error.WriteLineAsync($"Media work: {options.WarmUpRuns} unmeasured runs of each sample, then each one at a time and {options.Parallel} at once ...");
        foreach (var sample in new[] { samples.LargePhoto, samples.SmallPhoto })
        {
            await MediaThroughput.ImagesAsync(images, sample, 1, options.WarmUpRuns, work, ct);
        }

        foreach (var sample in new[] { samples.LongVideo, samples.ShortVideo })
        {
            await MediaThroughput.VideosAsync(videos, sample, 1, options.WarmUpRuns, work, ct);
        }

        var ffmpegStart = await MediaSamples.StartUpMsAsync("ffmpeg", ct);
        var ffprobeStart = await MediaSamples.StartUpMsAsync("ffprobe", ct);
        await Console.Error.WriteLineAsync($"Starting ffmpeg takes {ffmpegStart:F0} ms, ffprobe {ffprobeStart:F0} ms (median of 7 runs of -version).");
        await Console.Error.WriteLineAsync("Measured:");
        var imagePhases = new List<MediaPhase>();
        foreach (var (sample, runs) in new[] { (samples.LargePhoto, options.LargeRuns), (samples.SmallPhoto, options.SmallRuns) })
        {
            foreach (var concurrent in new[] { 1, options.Parallel })
            {
                imagePhases.Add(await MediaThroughput.ImagesAsync(images, sample, concurrent, runs, work, ct));
            }
        }

        var videoPhases = new List<MediaPhase>();
        foreach (var (sample, runs) in new[] { (samples.LongVideo, options.LargeRuns), (samples.ShortVideo, options.SmallRuns) })
        {
            foreach (var concurrent in new[] { 1, options.Parallel })
            {
                videoPhases.Add(await MediaThroughput.VideosAsync(videos, sample, concurrent, runs, work, ct));
            }
        }

        // Uploads through the real host, with its default attachment and trigger settings.
        using var durations = new TriggerDurations();
        await using var stack = await BenchStack.StartAsync(new Dictionary<string, string?>(), services: null, moreLogs: [], ct);
        var processorConcurrency = stack.Host.Services.GetRequiredService<IOptions<HostAttachmentOptions>>().Value.ProcessorConcurrency;
        var triggerOptions = stack.Host.Services.GetRequiredService<IOptions<TriggerOptions>>().Value;
        var world = await BenchWorld.ProvisionAsync(stack.Api, stack.PlatformKey, Slug, ct);
        await Console.Error.WriteLineAsync($"Provisioned observatory '{Slug}'; the processor handles {processorConcurrency} files at once.");
        var uploads = new UploadLatency(stack, world, durations, options.PollInterval);
        var kinds = new[] { ("photo", samples.SmallPhoto, options.Uploads.Photos), ("PDF", samples.Pdf, options.Uploads.Pdfs), ("video", samples.LongVideo, options.Uploads.Videos) };
        await Console.Error.WriteLineAsync($"Upload warm-up: rounds of each kind with {options.Clients[^1]} clients and pauses, for at least {options.UploadWarmUpTime.TotalSeconds:F0} s and until the JIT is done (unmeasured):");
        var warmUp = Stopwatch.StartNew();
        bool settled;
        do
        {
            var round = Stopwatch.StartNew();
            var jitBefore = JitInfo.GetCompilationTime();
            foreach (var (kind, sample, _) in kinds)
            {
                RequireNoErrors(await uploads.RunAsync(kind, sample, options.Clients[^1], kind == "video" ? 2 : 4, ct));
            }

            // Idle on purpose: the JIT's background thread gets the CPU (see UploadWarmUpTime).
            await Task.Delay(options.UploadWarmUpPause, ct);
            var jitShare = (JitInfo.GetCompilationTime() - jitBefore) / round.Elapsed;
            settled = jitShare < options.SettledJitShare;
            await Console.Error.WriteLineAsync($"  warm-up round: the JIT used {jitShare:P0} of its {round.Elapsed.TotalSeconds:F1} s");
        }
        while (warmUp.Elapsed < options.UploadWarmUpLimit && (warmUp.Elapsed < options.UploadWarmUpTime || !settled));

        await Console.Error.WriteLineAsync($"Uploads, polling every {options.PollInterval.TotalMilliseconds:F0} ms until ready:");
        var uploadPhases = new List<UploadPhase>();
        foreach (var clients in options.Clients)
        {
            foreach (var (kind, sample, count) in kinds)
            {
                uploadPhases.Add(await uploads.RunAsync(kind, sample, clients, count, ct));
            }
        }

        await Console.Error.WriteLineAsync("What one poll costs:");
        var pollCost = await uploads.PollCostAsync(options.Quick ? 50 : 200, ct);
        var idle = await IdleCost.MeasureAsync(stack, TimeSpan.FromSeconds(options.Quick ? 3 : 10), ct);
        var othersShare = MachineLoad.OthersShare(loadBefore, MachineLoad.Now(Probes.DotnetCpu() + Probes.EndedChildrenCpu() + stack.Azurite.CpuTime));
        if (othersShare > 0.1)
        {
            await Console.Error.WriteLineAsync($"WARNING: other processes used {othersShare:P0} of the machine's CPU while the benchmark measured; the figures are noisy. Run it again on a quiet machine.");
        }

        clock.Stop();
        var run = new AttachmentRun(
            options,
            started,
            clock.Elapsed,
            stack.HostCode,
            stack.Azurite.Version,
            MagickNET.Version.Split(' ')[^1],
            string.Join(' ', MagickNET.ImageMagickVersion.Split(' ').Take(2)),
            ResourceLimits.Thread,
            MagickNET.Features.Contains("OpenMP", StringComparison.OrdinalIgnoreCase),
            await MediaSamples.FfmpegVersionAsync(ct),
            ffmpegStart,
            ffprobeStart,
            samples.VideoCodec,
            imagePhases,
            videoPhases,
            uploadPhases,
            pollCost,
            idle,
            processorConcurrency,
            triggerOptions.MinPollInterval,
            triggerOptions.MaxPollInterval,
            othersShare,
            stack.HostLog.Warnings,
            stack.HostLog.Errors,
            [.. stack.HostLog.Samples]);
        await ResultsFile.RecordAsync(stack.Root, AttachmentReport.Heading, AttachmentReport.Markdown(run), options.WriteResults, options.Quick);
        await Console.Error.WriteLineAsync($"Done in {clock.Elapsed.TotalMinutes:F1} min.");
        var failed = uploadPhases.Sum(p => p.Load.Errors);
        if (failed > 0)
        {
            await Console.Error.WriteLineAsync($"{failed} uploads failed or were refused; see the errors above and the report.");
            return 1;
        }

        return 0;
    }

    private static UploadPhase RequireNoErrors(UploadPhase phase) =>
        phase.Load.Errors == 0
            ? phase
            : throw new BenchmarkException($"{phase.Load.Name}: {phase.Load.Errors} of {phase.Load.Operations} uploads failed, e.g. {phase.Load.ErrorSamples[0]}");
}
