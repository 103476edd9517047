using System.Diagnostics.Metrics;

namespace AstroBlob.Benchmarks;

/// <summary>
/// Counts this process's HTTP requests to the storage emulator from the runtime's own
/// <c>http.client.request.duration</c> metric: to the table port by status code and by method,
/// to the blob and queue ports in total. The host runs in this process, so its storage round
/// trips (and conflicts it retries silently) become visible per phase.
/// </summary>
internal sealed class StorageTraffic : IDisposable
{
    /// <summary>The HTTP methods told apart; anything else counts as the last one.</summary>
    public static readonly string[] Methods = ["GET", "POST", "PUT", "MERGE", "PATCH", "DELETE", "other"];

    private readonly MeterListener _listener = new();
    private readonly long[] _byStatus = new long[600];
    private readonly long[] _byMethod = new long[Methods.Length];
    private readonly int _tablePort;
    private readonly int[] _otherPorts;
    private long _other;

    public StorageTraffic(int tablePort, params int[] otherPorts)
    {
        _tablePort = tablePort;
        _otherPorts = otherPorts;
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

    public StorageCounts Snapshot() =>
        new(Copy(_byStatus), Copy(_byMethod), Interlocked.Read(ref _other));

    public void Dispose() => _listener.Dispose();

    private static long[] Copy(long[] counters)
    {
        var copy = new long[counters.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref counters[i]);
        }

        return copy;
    }

    private void OnMeasurement(Instrument instrument, double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        int? port = null;
        var status = 0;
        var method = Methods.Length - 1;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "server.port" when tag.Value is int p:
                    port = p;
                    break;
                case "http.response.status_code" when tag.Value is int s && s is > 0 and < 600:
                    status = s;
                    break;
                case "http.request.method" when tag.Value is string m:
                    var known = Array.IndexOf(Methods, m);
                    method = known >= 0 ? known : Methods.Length - 1;
                    break;
                default:
                    break;
            }
        }

        if (port == _tablePort)
        {
            // Status 0: no response (connection error, time-out).
            Interlocked.Increment(ref _byStatus[status]);
            Interlocked.Increment(ref _byMethod[method]);
        }
        else if (port is { } other && Array.IndexOf(_otherPorts, other) >= 0)
        {
            Interlocked.Increment(ref _other);
        }
    }
}

/// <summary>Storage requests, cumulative or (after <see cref="Minus"/>) for one phase.</summary>
internal sealed class StorageCounts(long[] byStatus, long[] byMethod, long otherServices)
{
    private readonly long[] _byStatus = byStatus;
    private readonly long[] _byMethod = byMethod;

    /// <summary>Requests to the table service.</summary>
    public long Total => _byStatus.Sum();

    public long Conflicts => _byStatus[409] + _byStatus[412];

    public long ServerErrors => _byStatus[500..].Sum();

    public long Failed => _byStatus[0];

    /// <summary>Requests to the blob and queue services (the host's background work: queue polling, leases).</summary>
    public long OtherServices { get; } = otherServices;

    public StorageCounts Minus(StorageCounts earlier) =>
        new(_byStatus.Zip(earlier._byStatus, (a, b) => a - b).ToArray(),
            _byMethod.Zip(earlier._byMethod, (a, b) => a - b).ToArray(),
            OtherServices - earlier.OtherServices);

    /// <summary>Table requests per operation by HTTP method, e.g. "3.0 GET, 1.0 PUT, 2.0 POST".</summary>
    public string MethodsPerOperation(int operations) =>
        string.Join(", ", _byMethod.Select((n, i) => (n, i)).Where(x => x.n > 0)
            .Select(x => $"{(x.n / (double)Math.Max(1, operations)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {StorageTraffic.Methods[x.i]}"));

    public override string ToString() =>
        string.Join(", ", _byStatus.Select((n, status) => (n, status)).Where(x => x.n > 0).Select(x => $"{(x.status == 0 ? "no response" : x.status)}: {x.n}"));
}
