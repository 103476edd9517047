using System.Text;
using AstroBlob.Functions.Attachments.Media;
using static AstroBlob.Benchmarks.ReportText;

namespace AstroBlob.Benchmarks;

/// <summary>The Markdown section of the attachment benchmark (issue 4).</summary>
internal static class AttachmentReport
{
    public const string Heading = "## Attachments (issue 4)";

    public static string Markdown(AttachmentRun run)
    {
        var s = new StringBuilder();
        var o = run.Options;
        Opening(s, Heading, run.StartedAt, run.Duration);
        SetupTable(s, run.HostCode, run.OthersCpuShare, "from the first sample file made to the last upload", run.AzuriteVersion,
            $"| Media | Magick.NET-Q8 {run.MagickVersion} ({run.ImageMagickVersion}; `ResourceLimits.Thread` {run.MagickThreads}, {(run.MagickOpenMp ? "with" : "without")} OpenMP); ffmpeg {run.FfmpegVersion} |",
            $"| Host settings | `Attachments:ProcessorConcurrency` {run.ProcessorConcurrency} (the default); `Triggers:MinPollInterval` {Ms(run.MinPollInterval)}, `MaxPollInterval` {Ms(run.MaxPollInterval)} (the defaults); blob CORS not set (the client is not a browser) |");
        Line(s);
        Line(s, "Command: `dotnet run -c Release --project tests/AstroBlob.Benchmarks -- --attachments`" + (o.Quick ? " (this run: `--attachments --quick --write`)" : string.Empty));
        Line(s);
        Line(s, "Method: the sample files are made first: phone photos with Magick.NET (fractal \"plasma\" with Gaussian noise, so they compress like photographs; " +
            "pixels landscape with EXIF orientation 6, a camera model and GPS, JPEG quality 92), videos with ffmpeg (`testsrc2` with moving noise, " +
            $"{(run.VideoCodec == "libx264" ? "H.264 (libx264, veryfast)" : "MPEG-4")} with AAC sound, a title and a location), and a PDF of pages of text. " +
            $"Thumbnails and poster frames are then timed in this process, before Azurite and the host start: the host's own `ImageWork` and `VideoWork` classes, " +
            $"made as its DI container makes them, each sample processed {o.WarmUpRuns} times unmeasured and then {o.LargeRuns} times (large samples) or {o.SmallRuns} times (small) " +
            $"one at a time, and as often again with {o.Parallel} loops taking the next run, each into a fresh folder as the processor does. A video's steps are told apart by file times " +
            "(the clean copy's creation ends ffprobe and ffmpeg's look at the input, its last write ends the remux, then the poster's and the thumbnail's last writes; " +
            "to within a few ms, as the kernel stamps files with a coarse clock). CPU per run is this process's CPU time (Magick runs in it) and that of the ended child processes (ffmpeg, ffprobe). " +
            "Uploads go through the real host (Production environment, logging at Warning and above) served by Kestrel on a loopback port inside the benchmark process, against Azurite, " +
            $"with its default settings. A customer contact of observatory `{AttachmentBenchmark.Slug}` uploads as a browser does: `POST .../tickets/{{code}}/attachments` for a slot, " +
            $"`PUT` of the bytes straight to the Azurite blob URL it returns (no API token), `POST .../attachments/{{id}}/confirm`, then `GET .../attachments/{{id}}` every {F0(o.PollInterval.TotalMilliseconds)} ms " +
            $"until the state is `ready`. Each kind is sent {o.Uploads.Photos} times (photos: the {run.Uploads[0].Sample.Label} one), {o.Uploads.Pdfs} (PDFs) and {o.Uploads.Videos} (videos: the {run.Videos[0].Sample.Label} one) " +
            $"by 1 client and again by {o.Clients[^1]} concurrent clients, 10 files per ticket, after unmeasured rounds of each kind with {o.Clients[^1]} clients, each followed by a {F0(o.UploadWarmUpPause.TotalSeconds)} s pause, " +
            $"for at least {F0(o.UploadWarmUpTime.TotalSeconds)} s and until the JIT used less than {Percent(o.SettledJitShare)} of a round (at most {F0(o.UploadWarmUpLimit.TotalSeconds)} s), so that tiered JIT has settled. " +
            "The processing wait is split at the `finishedAt` the host stores with the final state; the handler time is the trigger runtime's own duration of each `AttachmentEventFunction` run " +
            "(meter `AstroBlob.Triggers`: the download from quarantine, the checks, the media work, the uploads of the variants, the row updates). " +
            "CPU per upload: this process (host, load generator and their polling), ffmpeg and ffprobe, and Azurite, over the phase, divided by its uploads.");
        Line(s);

        Table(s, "Thumbnails: one `ImageWork.ProcessAsync` pass per photo (display copy, preview, thumbnail)",
            ["Photo", "At once", "Photos", "Photos/s", "p50 ms", "p95 ms", "max ms", "CPU ms per photo", "Cores busy", "Speed-up over one at a time"], 1,
            run.Images.Select(p => Media(p).Concat([F0(p.DotnetCpuMsPerRun + p.ChildrenCpuMsPerRun), F1(CoresBusy(p)), SpeedUp(p, run.Images)])));
        Line(s);
        Line(s, "Each pass writes " + string.Join("; ", run.Images.Where(p => p.Concurrent == 1).Select(p =>
            $"for the {p.Sample.Label} photo a display copy of {Size(p, "display copy")}, a preview of {Size(p, "preview")} ({ImageWork.PreviewSize} px) and a thumbnail of {Size(p, "thumbnail")} ({ImageWork.ThumbnailSize} px)")) + ".");
        Line(s);
        Table(s, "Poster frames: one `VideoWork.ProcessAsync` pass per video (probe, remux, poster, thumbnail)",
            ["Video", "At once", "Videos", "Videos/s", "p50 ms", "p95 ms", "max ms", "Probe p50 ms", "Remux p50 ms", "Poster p50 ms", "Thumbnail p50 ms", "CPU ms per video (.NET / ffmpeg)", "Cores busy", "Speed-up over one at a time"], 1,
            run.Videos.Select(p => Media(p).Concat([
                ProbeCell(p), RemuxCell(p), F0(p.StepPercentile("poster", 50)), F0(p.StepPercentile("thumbnail", 50)),
                $"{F0(p.DotnetCpuMsPerRun)} / {F0(p.ChildrenCpuMsPerRun)}", F1(CoresBusy(p)), SpeedUp(p, run.Videos)])));
        Line(s);
        Table(s, "Upload to ready through the host",
            ["File", "Clients", "Uploads", "Uploads/s", "p50 ms", "p95 ms", "max ms", "Failed or refused"], 1,
            run.Uploads.Select(p => new[]
            {
                p.Sample.Description, p.Clients.ToString(Inv), p.Load.Operations.ToString(Inv), F1(p.Load.OpsPerSecond),
                F0(p.Load.Percentile(50)), F0(p.Load.Percentile(95)), F0(p.Load.Percentile(100)), p.Load.Errors.ToString(Inv),
            }));
        Line(s);
        Table(s, "Where the upload-to-ready time goes (p50 / p95 ms per step)",
            ["File", "Clients", "Slot", "PUT", "Confirm", "Processing wait", "of it: until the host stored `ready`", "then until a poll saw it", "Processing share (means)", "Handler run",
                "Polls per upload", "CPU ms per upload (.NET / ffmpeg / Azurite)", "Requests per upload (table / blob and queue)"], 1,
            run.Uploads.Select(p => new[]
            {
                p.Kind, p.Clients.ToString(Inv), Pair(p, x => x.SlotMs), Pair(p, x => x.PutMs), Pair(p, x => x.ConfirmMs), Pair(p, x => x.WaitMs),
                Pair(p, x => x.UntilStoredMs), Pair(p, x => x.SeenAfterStoredMs), Percent(p.ProcessingShare), $"{F0(p.Handler(50))} / {F0(p.Handler(95))}",
                F1(p.Mean(x => x.Polls)), $"{F0(p.Load.DotnetCpuMsPerOp)} / {F0(p.ChildrenCpuMsPerUpload)} / {F0(p.Load.AzuriteCpuMsPerOp)}",
                $"{F1(p.Load.StorageRequestsPerOp)} / {F1(p.Load.Storage.OtherServices / (double)Math.Max(1, p.Load.Operations))}",
            }));
        Line(s);
        var poll = run.PollCost;
        Line(s, $"One poll alone (`GET` of a ready file, {poll.Operations} times by 1 client): p50 {F1(poll.Percentile(50))} ms, {F1(poll.StorageRequestsPerOp)} table requests ({poll.Storage.MethodsPerOperation(poll.Operations)}), " +
            $"CPU {F2(poll.DotnetCpuMsPerOp)} ms .NET (host and client) and {F2(poll.AzuriteCpuMsPerOp)} ms Azurite.");
        Line(s);
        Bullets(s, "Reading", Reading(run));
        return s.ToString();
    }

    private static IEnumerable<string> Reading(AttachmentRun run)
    {
        var (largeOne, largeTwo, smallOne, smallTwo) = (run.Images[0], run.Images[1], run.Images[2], run.Images[3]);
        var (longOne, longTwo, shortOne, shortTwo) = (run.Videos[0], run.Videos[1], run.Videos[2], run.Videos[3]);
        var busy = run.OthersCpuShare is { } others ? $" (other processes used {Percent(others)} of the machine meanwhile)" : string.Empty;
        if (run.OthersCpuShare is > 0.2)
        {
            yield return $"This machine was busy: other processes used {Percent(run.OthersCpuShare.Value)} of its CPU during the run, so every time below is longer than on a quiet machine, " +
                "and where two passes or four clients compete with them for the same cores the speed-ups understate what the work itself allows. The CPU per run and per upload, " +
                "the request counts and the shares of an upload's time hold up better than the rates.";
        }


        yield return "One \"thumbnail\" here is the whole `ImageWork` pass the processor runs for every photo: decode the JPEG at full size, turn it upright by its EXIF orientation, " +
            $"drop every piece of metadata, write the display copy at full size (JPEG quality 92), scale a preview to fit {ImageWork.PreviewSize} px (quality 85) and from it the thumbnail to fit {ImageWork.ThumbnailSize} px (quality 80). " +
            $"For the {Name(largeOne)} photo that took {F0(largeOne.Percentile(50))} ms at the median one at a time: {F2(largeOne.PerSecond)} photos/s, {F2(largeTwo.PerSecond)}/s with {largeTwo.Concurrent} at once. " +
            $"For the {Name(smallOne)} photo {F0(smallOne.Percentile(50))} ms: {F1(smallOne.PerSecond)}/s, {F1(smallTwo.PerSecond)}/s with {smallTwo.Concurrent} at once; " +
            $"{F1(largeOne.Percentile(50) / smallOne.Percentile(50))}x the time for {F1(largeOne.Sample.Pixels / (double)smallOne.Sample.Pixels)}x the pixels.";

        var gain = largeTwo.PerSecond / largeOne.PerSecond;
        yield return $"Magick works on {(run.MagickThreads == 1 ? "one thread" : $"up to {run.MagickThreads} threads")} per pass here (`ResourceLimits.Thread` {run.MagickThreads}, {(run.MagickOpenMp ? "with" : "no")} OpenMP): " +
            $"one pass at a time kept {F1(CoresBusy(largeOne))} cores busy for the large photo, so on {Environment.ProcessorCount} cores {largeTwo.Concurrent} passes at once could nearly double the rate. " +
            $"They gave {SpeedUp(largeTwo, run.Images)} for the large photo and {SpeedUp(smallTwo, run.Images)} for the small one{busy}, " +
            $"at about the same CPU per photo ({F0(largeOne.DotnetCpuMsPerRun)} ms one at a time, {F0(largeTwo.DotnetCpuMsPerRun)} ms two at once)" +
            (gain >= 1.6 ? ": the passes do not get in each other's way, the cores are the limit. " : ": the second pass only got the CPU other processes left over. ") +
            $"The host's processor handles {run.ProcessorConcurrency} files at once (`Attachments:ProcessorConcurrency`), so the rows with {largeTwo.Concurrent} at once are its ceiling on this machine.";

        var split = double.IsNaN(longOne.StepPercentile("probe", 50))
            ? $"probe and remux {F0(longOne.StepPercentile("probe + remux", 50))} ms"
            : $"probe {F0(longOne.StepPercentile("probe", 50))} ms, remux {F0(longOne.StepPercentile("remux", 50))} ms";
        yield return $"A poster-frame pass (`VideoWork`) re-encodes nothing: ffprobe reads the streams, one ffmpeg copies them into a container without metadata, a second decodes one frame near 1 s " +
            $"and writes the poster (at most {ImageWork.PreviewSize} px), Magick makes the thumbnail from it. For the {Name(longOne)} video: {F0(longOne.Percentile(50))} ms at the median ({split}, " +
            $"poster {F0(longOne.StepPercentile("poster", 50))} ms, thumbnail {F0(longOne.StepPercentile("thumbnail", 50))} ms), {F2(longOne.PerSecond)} videos/s one at a time and {F2(longTwo.PerSecond)}/s with {longTwo.Concurrent} at once " +
            $"({SpeedUp(longTwo, run.Videos)}), {F0(longOne.ChildrenCpuMsPerRun)} ms of ffmpeg and ffprobe CPU per video. The {Name(shortOne)} one: {F0(shortOne.Percentile(50))} ms, {F1(shortOne.PerSecond)}/s and {F1(shortTwo.PerSecond)}/s ({SpeedUp(shortTwo, run.Videos)}), " +
            $"{F0(100 * shortOne.Percentile(50) / longOne.Percentile(50))}% of the 720p video's time for {F0(100.0 * shortOne.Sample.Bytes / longOne.Sample.Bytes)}% of its bytes. " +
            $"Starting the programs weighs: `ffmpeg -version` takes {F0(run.FfmpegStartMs)} ms here and `ffprobe -version` {F0(run.FfprobeStartMs)} ms (each start loads ffmpeg's shared libraries), and a pass starts three of them; " +
            $"the \"probe\" step (ffprobe's run, then the remuxing ffmpeg until it has read the input) took {F0(longOne.StepPercentile("probe", 50))} ms for the 720p video against {F0(run.FfmpegStartMs + run.FfprobeStartMs)} ms for the two start-ups alone, " +
            $"while the remux itself took {F0(longOne.StepPercentile("remux", 50))} ms.";

        yield return $"Thumbnail pass against poster pass: {Versus($"a {Name(largeOne)} photo", largeOne, $"a {Name(longOne)} video", longOne)}; {Versus($"a {Name(smallOne)} photo", smallOne, $"a {Name(shortOne)} video", shortOne)}. " +
            $"Per second, one at a time: {F2(largeOne.PerSecond)} large photos or {F2(longOne.PerSecond)} 720p videos, {F1(smallOne.PerSecond)} small photos or {F1(shortOne.PerSecond)} small videos.";

        var one = run.Uploads.Where(u => u.Clients == 1).ToList();
        var many = run.Uploads.Where(u => u.Clients > 1).ToList();
        yield return "Upload to ready with 1 client: " + string.Join("; ", one.Select(u =>
            $"a {u.Kind} {F0(u.Load.Percentile(50))} ms at the median (p95 {F0(u.Load.Percentile(95))}), {Percent(u.ProcessingShare)} of it after the confirm")) +
            ". Before it, the slot, the PUT and the confirm took " + string.Join(", ", one.Select(u => $"{F0(u.Step(x => x.SlotMs, 50))}, {F0(u.Step(x => x.PutMs, 50))} and {F0(u.Step(x => x.ConfirmMs, 50))} ms ({u.Kind})")) + ".";

        var photo = one.FirstOrDefault(u => u.Kind == "photo");
        var video = one.FirstOrDefault(u => u.Kind == "video");
        if (photo is not null && video is not null)
        {
            yield return $"Inside the host, a photo's handler run took {F0(photo.Handler(50))} ms at the median against {F0(smallOne.Percentile(50))} ms for the bare `ImageWork` pass on the same photo, " +
                $"and a video's {F0(video.Handler(50))} ms against {F0(longOne.Percentile(50))} ms for `VideoWork`: the rest is storage (the download from quarantine, three variant uploads, " +
                "reads and ETag-guarded writes of the row, the delete of the upload). " +
                $"From the confirm until the row said `ready`: {F0(photo.Step(x => x.UntilStoredMs, 50))} ms for a photo, against a handler run of {F0(photo.Handler(50))} ms, so the pickup is quick (the confirm's queue send wakes the host's own listener); " +
                $"a poll saw the final state {F0(photo.Step(x => x.SeenAfterStoredMs, 50))} ms after it was stored (median; one poll every {F0(run.Options.PollInterval.TotalMilliseconds)} ms).";
        }

        foreach (var u in many)
        {
            if (one.FirstOrDefault(x => x.Kind == u.Kind) is not { } single)
            {
                continue;
            }

            var waited = u.Mean(x => x.UntilStoredMs) - u.HandlerMean;
            var handler = u.Handler(50) / single.Handler(50);
            yield return $"{u.Clients} clients, {u.Kind}s: {F1(u.Load.OpsPerSecond)} uploads/s against {F1(single.Load.OpsPerSecond)} with 1 client ({F1(u.Load.OpsPerSecond / single.Load.OpsPerSecond)}x), " +
                $"median {F0(u.Load.Percentile(50))} ms against {F0(single.Load.Percentile(50))} ms. " +
                (handler > 1.2
                    ? $"A handler run took {F1(handler)}x as long ({F0(single.Handler(50))} to {F0(u.Handler(50))} ms at the median): {run.ProcessorConcurrency} files are processed at once and share the cores and Azurite with the {u.Clients} clients' polls"
                    : $"A handler run took about as long ({F0(single.Handler(50))} and {F0(u.Handler(50))} ms at the median)") +
                $"; a file waited at least {F0(Math.Max(0, waited))} ms on average from the confirm until its handler began" +
                (u.Clients > run.ProcessorConcurrency ? $" (with {u.Clients} clients and {run.ProcessorConcurrency} processor slots a file queues until a slot frees)." : ".");
        }

        var poll = run.PollCost;
        var jit = run.Uploads.Sum(u => u.Jit.TotalMilliseconds) / run.Uploads.Sum(u => u.Load.Operations);
        yield return $"While the uploads were measured the JIT still compiled {F0(jit)} ms per upload on average (" +
            string.Join(", ", run.Uploads.Select(u => $"{F0(u.JitMsPerUpload)} per {u.Kind} with {u.Clients}")) +
            "), which is in the .NET CPU per upload; idle, the host and Azurite used " +
            $"{F0(run.Idle.DotnetCpuMsPerSecond)} ms and {F0(run.Idle.AzuriteCpuMsPerSecond)} ms of CPU per second ({F1(run.Idle.StorageRequestsPerSecond)} storage requests/s: queue polls, the storage probe), also included.";
        if (video is not null)
        {
            var pollCpu = video.Mean(x => x.Polls) * poll.DotnetCpuMsPerOp;
            yield return $"Polling every {F0(run.Options.PollInterval.TotalMilliseconds)} ms is not free: one poll costs {F1(poll.StorageRequestsPerOp)} table requests and {F1(poll.DotnetCpuMsPerOp)} ms of .NET CPU " +
                $"(plus {F1(poll.AzuriteCpuMsPerOp)} ms in Azurite). A video upload with 1 client was polled {F1(video.Mean(x => x.Polls))} times while it was processed: about {F0(pollCpu)} ms of the " +
                $"{F0(video.Load.DotnetCpuMsPerOp)} ms of .NET CPU per video upload; the bare `VideoWork` pass costs {F0(longOne.DotnetCpuMsPerRun)} ms of .NET and {F0(longOne.ChildrenCpuMsPerRun)} ms of ffmpeg CPU. " +
                $"With {many.FirstOrDefault()?.Clients ?? 1} clients, {F1(many.FirstOrDefault(u => u.Kind == "photo")?.Load.StorageRequestsPerOp ?? double.NaN)} table requests were made per photo upload, most of them polls.";
        }

        yield return $"Azurite, the host, ffmpeg and the load generator share the same {Environment.ProcessorCount} cores, so the absolute figures describe this machine and the emulator " +
            "rather than Azure; the ratios (pass against pass, one against two at once, processing against the rest of an upload) are the useful part.";
        if (run.HostWarnings + run.HostErrors > 0)
        {
            yield return $"The host logged {run.HostErrors} errors and {run.HostWarnings} warnings; the first: " +
                string.Join(" / ", run.HostLogSamples.Take(3).Select(x => "`" + (x.Length <= 200 ? x : x[..200] + "...").Replace('`', '\'').Replace('|', '/') + "`")) + ".";
        }
    }

    private static string Name(MediaPhase p) => p.Sample.Label;

    /// <summary>"a takes 1.3x the time of b (1562 against 1200 ms)", the slower one first.</summary>
    private static string Versus(string aName, MediaPhase a, string bName, MediaPhase b)
    {
        var (slow, slowMs, fast, fastMs) = a.Percentile(50) >= b.Percentile(50)
            ? (aName, a.Percentile(50), bName, b.Percentile(50))
            : (bName, b.Percentile(50), aName, a.Percentile(50));
        return $"{slow} takes {F1(slowMs / fastMs)}x the time of {fast} ({F0(slowMs)} against {F0(fastMs)} ms)";
    }

    /// <summary>Cores kept busy on average: CPU time over wall time.</summary>
    private static double CoresBusy(MediaPhase p) => (p.DotnetCpu + p.ChildrenCpu).TotalSeconds / p.WallSeconds;

    private static string SpeedUp(MediaPhase p, IReadOnlyList<MediaPhase> all)
    {
        var single = all.FirstOrDefault(x => x.Sample == p.Sample && x.Concurrent == 1);
        return single is null || single == p ? "1.0x" : F2(p.PerSecond / single.PerSecond) + "x";
    }

    private static string ProbeCell(MediaPhase p) =>
        double.IsNaN(p.StepPercentile("probe", 50)) ? $"{F0(p.StepPercentile("probe + remux", 50))} (with the remux)" : F0(p.StepPercentile("probe", 50));

    private static string RemuxCell(MediaPhase p) => double.IsNaN(p.StepPercentile("remux", 50)) ? "-" : F0(p.StepPercentile("remux", 50));

    /// <summary>The cells every media row starts with: sample, runs at once, runs, rate, p50, p95, max.</summary>
    private static IEnumerable<string> Media(MediaPhase p) =>
    [
        p.Sample.Description, p.Concurrent.ToString(Inv), p.Runs.ToString(Inv), F2(p.PerSecond),
        F0(p.Percentile(50)), F0(p.Percentile(95)), F0(p.Percentile(100)),
    ];

    private static string Pair(UploadPhase p, Func<UploadSteps, double> step) => $"{F0(p.Step(step, 50))} / {F0(p.Step(step, 95))}";

    private static string Size(MediaPhase p, string output) => p.OutputBytes.TryGetValue(output, out var bytes) ? MediaSamples.Size(bytes) : "n/a";
}
