using System.Diagnostics.Metrics;

namespace AstroBlob.Benchmarks;

/// <summary>
/// Counts this process's HTTP requests to the storage emulator's table port by status code,
/// from the runtime's own <c>http.client.request.duration</c> metric. The host runs in this
/// process, so its storage round trips (and the counter's 409/412 conflicts, which it retries
/// silently) become visible per phase.
/// </summary>
internal sealed class StorageTraffic : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly long[] _byStatus = new long[600];
    private readonly int _port;

    public StorageTraffic(int tablePort)
    {
        _port = tablePort;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    public StorageCounts Snapshot()
    {
        var copy = new long[_byStatus.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _byStatus[i]);
        }

        return new StorageCounts(copy);
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        int? port = null;
        var status = 0;
        foreach (var tag in tags)
        {
            if (tag.Key == "server.port" && tag.Value is int p)
            {
                port = p;
            }
            else if (tag.Key == "http.response.status_code" && tag.Value is int s && s is > 0 and < 600)
            {
                status = s;
            }
        }

        if (port == _port)
        {
            // Status 0: no response (connection error, time-out).
            Interlocked.Increment(ref _byStatus[status]);
        }
    }
}

/// <summary>Storage requests by status code, cumulative or (after <see cref="Minus"/>) for one phase.</summary>
internal sealed class StorageCounts(long[] byStatus)
{
    private readonly long[] _byStatus = byStatus;

    public long Total => _byStatus.Sum();

    public long Conflicts => _byStatus[409] + _byStatus[412];

    public long ServerErrors => _byStatus[500..].Sum();

    public long Failed => _byStatus[0];

    public StorageCounts Minus(StorageCounts earlier) =>
        new(_byStatus.Zip(earlier._byStatus, (a, b) => a - b).ToArray());

    public override string ToString() =>
        string.Join(", ", _byStatus.Select((n, status) => (n, status)).Where(x => x.n > 0).Select(x => $"{(x.status == 0 ? "no response" : x.status)}: {x.n}"));
}
