using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AstroBlob.Functions.Tickets;

namespace AstroBlob.Functions.Tests.Infrastructure;

/// <summary>
/// Records the ticket store's rows-read measurements for one observatory (each list it answers:
/// rows read and the index read) from creation until disposal.
/// </summary>
public sealed class RowsReadRecorder : IDisposable
{
    private readonly ConcurrentQueue<(int Rows, string Index)> _reads = new();
    private readonly MeterListener _listener = new();

    public RowsReadRecorder(string observatory)
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TicketStore.MeterName && instrument.Name == TicketStore.RowsReadInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, rows, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(x => x.Key, x => x.Value);
            if ((string?)t["observatory"] == observatory)
            {
                _reads.Enqueue((rows, (string)t["index"]!));
            }
        });
        _listener.Start();
    }

    /// <summary>What was recorded so far.</summary>
    public (int Rows, string Index)[] Reads => _reads.ToArray();

    public void Dispose() => _listener.Dispose();
}
