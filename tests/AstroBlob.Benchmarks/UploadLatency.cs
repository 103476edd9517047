using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime;
using System.Text.Json;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Triggers;

namespace AstroBlob.Benchmarks;

/// <summary>
/// One upload as the client saw it, in ms: the slot request, the PUT to Blob Storage, the
/// confirm, and the wait until a poll saw it ready; the wait split at the host's
/// <c>finishedAt</c> (when it stored the final state) into processing and polling.
/// </summary>
internal sealed record UploadSteps(double SlotMs, double PutMs, double ConfirmMs, double WaitMs, double UntilStoredMs, int Polls)
{
    public double TotalMs => SlotMs + PutMs + ConfirmMs + WaitMs;

    /// <summary>From the host storing the final state until a poll saw it.</summary>
    public double SeenAfterStoredMs => WaitMs - UntilStoredMs;
}

/// <summary>One upload phase: one kind of file, sent a number of times by N concurrent clients.</summary>
/// <param name="Jit">Time the JIT spent compiling meanwhile (tiered compilation still settling shows here).</param>
internal sealed record UploadPhase(
    string Kind, MediaSample Sample, int Clients, PhaseResult Load, IReadOnlyList<UploadSteps> Steps, double[] SortedHandlerMs, TimeSpan ChildrenCpu, TimeSpan Jit)
{
    public double Step(Func<UploadSteps, double> step, double p) => Stats.Percentile(Steps.Select(step).Order().ToArray(), p);

    public double Mean(Func<UploadSteps, double> step) => Steps.Count == 0 ? double.NaN : Steps.Average(step);

    /// <summary>Share of the mean upload-to-ready time spent after the confirm, waiting for the file to be processed.</summary>
    public double ProcessingShare => Mean(s => s.WaitMs) / Mean(s => s.TotalMs);

    public double Handler(double p) => Stats.Percentile(SortedHandlerMs, p);

    public double HandlerMean => SortedHandlerMs.Length == 0 ? double.NaN : SortedHandlerMs.Average();

    public double ChildrenCpuMsPerUpload => ChildrenCpu.TotalMilliseconds / Math.Max(1, Load.Operations);

    public double JitMsPerUpload => Jit.TotalMilliseconds / Math.Max(1, Load.Operations);
}

/// <summary>
/// Uploads through the real host the way a browser does (AttachmentWorld in the integration
/// tests shows the same flow): ask for a slot, PUT the bytes straight to the blob URL it gives
/// (no API token), confirm, then poll the attachment until it is ready.
/// </summary>
internal sealed class UploadLatency(BenchStack stack, BenchWorld world, TriggerDurations durations, TimeSpan pollInterval)
{
    /// <summary>Files per ticket: a ticket's slot request lists the files it already has, so each gets a handful, as real tickets do.</summary>
    private const int UploadsPerTicket = 10;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private static readonly string Handler = nameof(AttachmentEventFunction);
    private int _tickets;
    private (string Code, string Id)? _lastReady;

    public async Task<UploadPhase> RunAsync(string kind, MediaSample sample, int clients, int uploads, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(sample.Path, ct);
        var tickets = new List<string>();
        for (var i = 0; i < (uploads + UploadsPerTicket - 1) / UploadsPerTicket; i++)
        {
            tickets.Add(await NewTicketAsync(ct));
        }

        var steps = new UploadSteps?[uploads];
        Operation upload = async (i, token) =>
        {
            var (error, result) = await UploadAsync(tickets[i / UploadsPerTicket], sample, bytes, token);
            steps[i] = result;
            return error;
        };
        var handlersBefore = durations.Count;
        var childrenBefore = Probes.EndedChildrenCpu();
        var jitBefore = JitInfo.GetCompilationTime();
        var load = await LoadPhase.RunAsync($"upload {kind}", clients, uploads, upload, stack.Probes, ct);
        var childrenCpu = Probes.EndedChildrenCpu() - childrenBefore;
        var jit = JitInfo.GetCompilationTime() - jitBefore;
        var handlerMs = durations.Since(handlersBefore, Handler).Order().ToArray();
        var phase = new UploadPhase(kind, sample, clients, load, [.. steps.OfType<UploadSteps>()], handlerMs, childrenCpu, jit);
        await Console.Error.WriteLineAsync(
            $"    slot p50 {phase.Step(s => s.SlotMs, 50):F0} ms, PUT {phase.Step(s => s.PutMs, 50):F0}, confirm {phase.Step(s => s.ConfirmMs, 50):F0}, " +
            $"wait {phase.Step(s => s.WaitMs, 50):F0} (host stored after {phase.Step(s => s.UntilStoredMs, 50):F0}); handler p50 {phase.Handler(50):F0} ms over {handlerMs.Length} runs; JIT {phase.JitMsPerUpload:F0} ms per upload");
        return phase;
    }

    /// <summary>
    /// What one poll costs the host and Azurite: <paramref name="polls"/> GETs of a file that is
    /// ready (the answer then carries freshly signed read URLs), one after another.
    /// </summary>
    public async Task<PhaseResult> PollCostAsync(int polls, CancellationToken ct)
    {
        var (code, id) = _lastReady ?? throw new BenchmarkException("No upload became ready, so there is nothing to poll.");
        var path = $"/api/o/{world.Slug}/tickets/{code}/attachments/{id}";
        return await LoadPhase.RunAsync("poll a ready file", 1, polls,
            (_, token) => stack.Api.TrySendAsync(HttpMethod.Get, path, world.CustomerToken, null, HttpStatusCode.OK, token), stack.Probes, ct);
    }

    private async Task<string> NewTicketAsync(CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _tickets);
        var ticket = await stack.Api.SendAsync(HttpMethod.Post, $"/api/o/{world.Slug}/tickets", world.CustomerToken,
            new { title = $"Photos of the dome {n}", description = "The shutter stops half-way; pictures and a clip attached.", type = "repair" }, HttpStatusCode.Created, ct);
        return ticket.GetProperty("code").GetString() ?? throw new BenchmarkException("The new ticket has no code.");
    }

    private async Task<(string? Error, UploadSteps? Steps)> UploadAsync(string code, MediaSample sample, byte[] bytes, CancellationToken ct)
    {
        var files = $"/api/o/{world.Slug}/tickets/{code}/attachments";
        var started = Stopwatch.GetTimestamp();
        var slot = await stack.Api.SendAsync(HttpMethod.Post, files, world.CustomerToken,
            new { fileName = sample.FileName, size = bytes.Length, contentType = sample.ContentType }, HttpStatusCode.Created, ct);
        var slotDone = Stopwatch.GetTimestamp();
        var id = slot.GetProperty("attachment").GetProperty("id").GetString() ?? throw new BenchmarkException("The upload slot has no attachment id.");

        using (var put = new HttpRequestMessage(HttpMethod.Put, new Uri(slot.GetProperty("uploadUrl").GetString()!)) { Content = new ByteArrayContent(bytes) })
        {
            put.Content.Headers.ContentType = new MediaTypeHeaderValue(sample.ContentType);
            foreach (var header in slot.GetProperty("uploadHeaders").EnumerateObject())
            {
                put.Headers.Add(header.Name, header.Value.GetString());
            }

            using var response = await stack.Http.SendAsync(put, ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return ($"PUT to the upload URL answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}", null);
            }
        }

        var putDone = Stopwatch.GetTimestamp();
        await stack.Api.SendAsync(HttpMethod.Post, $"{files}/{id}/confirm", world.CustomerToken, null, HttpStatusCode.OK, ct);
        var confirmDone = Stopwatch.GetTimestamp();
        var confirmedAt = DateTimeOffset.UtcNow;

        // Whether the file is ready is only visible through the API: poll it, as a client would.
        var polls = 0;
        JsonElement attachment;
        string? state;
        while (true)
        {
            var pollStarted = Stopwatch.GetTimestamp();
            attachment = await stack.Api.SendAsync(HttpMethod.Get, $"{files}/{id}", world.CustomerToken, null, HttpStatusCode.OK, ct);
            polls++;
            state = attachment.GetProperty("state").GetString();
            if (state is "ready" or "rejected" or "expired")
            {
                break;
            }

            if (Stopwatch.GetElapsedTime(confirmDone) > ReadyTimeout)
            {
                return ($"{sample.FileName} still {state} {ReadyTimeout.TotalSeconds:F0} s after the confirm", null);
            }

            var pause = pollInterval - Stopwatch.GetElapsedTime(pollStarted);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, ct);
            }
        }

        var seen = Stopwatch.GetTimestamp();
        if (state != "ready")
        {
            return ($"{sample.FileName} {state}: {attachment.GetProperty("rejectCode")} {attachment.GetProperty("rejectReason")}", null);
        }

        _lastReady = (code, id);
        var finishedAt = attachment.GetProperty("finishedAt").GetDateTimeOffset();
        return (null, new UploadSteps(
            Stopwatch.GetElapsedTime(started, slotDone).TotalMilliseconds,
            Stopwatch.GetElapsedTime(slotDone, putDone).TotalMilliseconds,
            Stopwatch.GetElapsedTime(putDone, confirmDone).TotalMilliseconds,
            Stopwatch.GetElapsedTime(confirmDone, seen).TotalMilliseconds,
            (finishedAt - confirmedAt).TotalMilliseconds,
            polls));
    }
}

/// <summary>How long each function invocation of the host's trigger runtime took, from its own metric <c>astroblob.triggers.duration</c>.</summary>
internal sealed class TriggerDurations : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Function, double Ms)> _runs = new();

    public TriggerDurations()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TriggerMetrics.MeterName && instrument.Name == "astroblob.triggers.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "function" && tag.Value is string function)
                {
                    _runs.Enqueue((function, seconds * 1000));
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Invocations recorded so far (a mark for <see cref="Since"/>).</summary>
    public int Count => _runs.Count;

    /// <summary>Durations (ms) of <paramref name="function"/>'s invocations recorded after <paramref name="mark"/>.</summary>
    public IEnumerable<double> Since(int mark, string function) =>
        _runs.Skip(mark).Where(r => r.Function == function).Select(r => r.Ms);

    public void Dispose() => _listener.Dispose();
}
