using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AstroBlob.Functions.Triggers;

namespace AstroBlob.Benchmarks;

/// <summary>
/// What the host's trigger runtime did, from its own metrics (meter <c>AstroBlob.Triggers</c>):
/// queue messages handled, receives (empty or not), timer runs with their durations; and the
/// requests this process sent to the queue service, by HTTP method (POST is a send).
/// </summary>
internal sealed class SlaProbes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _queuePort;
    private readonly ConcurrentQueue<SweepRun> _sweeps = new();
    private long _processed;
    private long _failed;
    private long _poisoned;
    private long _pollsWithMessages;
    private long _pollsEmpty;
    private long _queueSends;
    private long _queueReceives;
    private long _queueDeletes;
    private long _queueOther;
    private long _receiveMicros;
    private long _deleteMicros;
    private long _sendMicros;

    public SlaProbes(int queuePort)
    {
        _queuePort = queuePort;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TriggerMetrics.MeterName
                || (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration"))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnCount);
        _listener.SetMeasurementEventCallback<double>(OnDuration);
        _listener.Start();
    }

    /// <summary>Runs of the host's own scheduled sweep, in the order they ended.</summary>
    public IReadOnlyList<SweepRun> SweepRuns => _sweeps.ToList();

    public TriggerCounts Snapshot() => new(
        Interlocked.Read(ref _processed),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _poisoned),
        Interlocked.Read(ref _pollsWithMessages),
        Interlocked.Read(ref _pollsEmpty),
        Interlocked.Read(ref _queueSends),
        Interlocked.Read(ref _queueReceives),
        Interlocked.Read(ref _queueDeletes),
        Interlocked.Read(ref _queueOther),
        Interlocked.Read(ref _receiveMicros),
        Interlocked.Read(ref _deleteMicros),
        Interlocked.Read(ref _sendMicros));

    public void Dispose() => _listener.Dispose();

    private void OnCount(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case "astroblob.triggers.messages.processed":
                Interlocked.Add(ref _processed, value);
                break;
            case "astroblob.triggers.messages.failed":
                Interlocked.Add(ref _failed, value);
                break;
            case "astroblob.triggers.messages.poisoned":
                Interlocked.Add(ref _poisoned, value);
                break;
            case TriggerMetrics.PollsInstrument:
                if (Tag(tags, "outcome") as string == "empty")
                {
                    Interlocked.Add(ref _pollsEmpty, value);
                }
                else
                {
                    Interlocked.Add(ref _pollsWithMessages, value);
                }

                break;
            default:
                break;
        }
    }

    private void OnDuration(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Meter.Name == TriggerMetrics.MeterName)
        {
            if (instrument.Name == "astroblob.triggers.duration" && Tag(tags, "trigger") as string == "timer")
            {
                var end = DateTimeOffset.UtcNow;
                _sweeps.Enqueue(new SweepRun(end - TimeSpan.FromSeconds(value), end, Tag(tags, "outcome") as string ?? "unknown"));
            }

            return;
        }

        if (Tag(tags, "server.port") is not int port || port != _queuePort)
        {
            return;
        }

        var micros = (long)(value * 1_000_000);
        switch (Tag(tags, "http.request.method") as string)
        {
            case "POST":
                Interlocked.Increment(ref _queueSends);
                Interlocked.Add(ref _sendMicros, micros);
                break;
            case "GET":
                Interlocked.Increment(ref _queueReceives);
                Interlocked.Add(ref _receiveMicros, micros);
                break;
            case "DELETE":
                Interlocked.Increment(ref _queueDeletes);
                Interlocked.Add(ref _deleteMicros, micros);
                break;
            default:
                Interlocked.Increment(ref _queueOther);
                break;
        }
    }

    private static object? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }
}

/// <summary>One run of the host's scheduled sweep (only one timer function is registered).</summary>
internal sealed record SweepRun(DateTimeOffset Start, DateTimeOffset End, string Outcome)
{
    public TimeSpan Duration => End - Start;
}

/// <summary>
/// Cumulative trigger and queue counts, with the total time of the queue requests by method
/// (from sending to the response, in microseconds); subtract two to get a window's.
/// </summary>
internal sealed record TriggerCounts(
    long Processed,
    long Failed,
    long Poisoned,
    long PollsWithMessages,
    long PollsEmpty,
    long QueueSends,
    long QueueReceives,
    long QueueDeletes,
    long QueueOther,
    long ReceiveMicros,
    long DeleteMicros,
    long SendMicros)
{
    /// <summary>Mean duration of a receive (GET) request to the queue, in ms.</summary>
    public double ReceiveMs => QueueReceives == 0 ? double.NaN : ReceiveMicros / 1000.0 / QueueReceives;

    public double DeleteMs => QueueDeletes == 0 ? double.NaN : DeleteMicros / 1000.0 / QueueDeletes;

    public double SendMs => QueueSends == 0 ? double.NaN : SendMicros / 1000.0 / QueueSends;

    public TriggerCounts Minus(TriggerCounts earlier) => new(
        Processed - earlier.Processed,
        Failed - earlier.Failed,
        Poisoned - earlier.Poisoned,
        PollsWithMessages - earlier.PollsWithMessages,
        PollsEmpty - earlier.PollsEmpty,
        QueueSends - earlier.QueueSends,
        QueueReceives - earlier.QueueReceives,
        QueueDeletes - earlier.QueueDeletes,
        QueueOther - earlier.QueueOther,
        ReceiveMicros - earlier.ReceiveMicros,
        DeleteMicros - earlier.DeleteMicros,
        SendMicros - earlier.SendMicros);
}
