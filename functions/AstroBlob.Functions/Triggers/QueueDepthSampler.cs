using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Azure;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Triggers;

/// <summary>
/// Samples each registered queue's length and the age of its next visible message in the
/// background (two storage requests per queue per interval), and publishes them as the gauges
/// <c>astroblob.queue.depth</c> and <c>astroblob.queue.age</c>: collecting metrics never waits on storage.
/// </summary>
internal sealed class QueueDepthSampler : BackgroundService
{
    private readonly TriggerRegistry _registry;
    private readonly TriggerStorage _storage;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _interval;
    private readonly ConcurrentDictionary<string, (long Depth, double AgeSeconds)> _samples = new(StringComparer.Ordinal);

    public QueueDepthSampler(TriggerRegistry registry, TriggerStorage storage, IOptions<TriggerOptions> options, TimeProvider clock, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _registry = registry;
        _storage = storage;
        _clock = clock;
        _interval = options.Value.DepthSampleInterval;
        var meter = meters.Create(TriggerMetrics.MeterName);
        meter.CreateObservableGauge("astroblob.queue.depth", () => Measure(s => s.Depth), "{message}", "Messages waiting in each work queue (approximate).");
        meter.CreateObservableGauge("astroblob.queue.age", () => Measure(s => s.AgeSeconds), "s", "Age of the oldest visible message of each work queue (0 when empty).");
    }

    /// <summary>The latest sample of one queue, or null before the first one.</summary>
    public (long Depth, double AgeSeconds)? Latest(string queue) => _samples.TryGetValue(queue, out var s) ? s : null;

    private IEnumerable<Measurement<T>> Measure<T>(Func<(long Depth, double AgeSeconds), T> pick)
        where T : struct =>
        _samples.Select(s => new Measurement<T>(pick(s.Value), new KeyValuePair<string, object?>("queue", s.Key))).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _clock);
        do
        {
            foreach (var registration in _registry.Queues)
            {
                await SampleAsync(registration.Queue, stoppingToken);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task SampleAsync(string queue, CancellationToken ct)
    {
        try
        {
            var client = _storage.Queue(queue);
            var properties = await client.GetPropertiesAsync(ct);
            var next = await client.PeekMessageAsync(ct);
            var age = next.Value?.InsertedOn is { } inserted ? (_clock.GetUtcNow() - inserted).TotalSeconds : 0;
            _samples[queue] = (properties.Value.ApproximateMessagesCount, Math.Max(0, age));
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is RequestFailedException or HttpRequestException or AggregateException or TimeoutException or OperationCanceledException)
        {
            // Storage away (the SDK's retries end in an AggregateException) or the queue not created
            // yet: keep the last sample and try again next round. A metric must never stop the host.
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
