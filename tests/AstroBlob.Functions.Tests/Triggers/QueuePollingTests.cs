using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AstroBlob.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;
using static AstroBlob.Functions.Tests.Triggers.TriggerTestKit;

namespace AstroBlob.Functions.Tests.Triggers;

/// <summary>Idle queues are polled less and less often, yet new work is still picked up promptly.</summary>
public sealed class QueuePollingTests(TriggerStorageFixture storage) : IClassFixture<TriggerStorageFixture>
{
    [Fact]
    public async Task AnIdleListenerBacksOffAndStillPicksUpANewMessageWithinTheMaximumInterval()
    {
        var maxInterval = TimeSpan.FromSeconds(1);
        using var polls = new PollRecorder(storage.Prefix + "quiet");
        var probe = new QueueProbe();
        await using var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("quiet"), s => s.AddSingleton(probe),
            new Dictionary<string, string?> { ["Triggers:MinPollInterval"] = "00:00:00.050", ["Triggers:MaxPollInterval"] = "00:00:01" });

        // 50, 100, 200, 400, 800, then 1000 ms: the gaps grow until they reach the maximum.
        await WaitUntilAsync(() => polls.Gaps().Any(g => g >= maxInterval * 0.9), "an idle gap near the maximum interval");
        var gaps = polls.Gaps();
        Assert.True(gaps.Count <= 10, $"Too many polls before backing off fully: {string.Join(", ", gaps.Select(g => (int)g.TotalMilliseconds))} ms");
        // Against the shortest gap, not the first: the very first poll may be slow (queue creation, a busy machine).
        Assert.True(gaps[^1] > gaps.Min() * 4, $"Gaps did not grow: {string.Join(", ", gaps.Select(g => (int)g.TotalMilliseconds))} ms");

        // Sent by another process (a raw client: no in-process wake-up), so only polling finds it.
        var sent = Stopwatch.StartNew();
        await storage.Queue("quiet").SendMessageAsync("{}");
        await WaitUntilAsync(() => !probe.Started.IsEmpty, "the new message is picked up");
        Assert.True(sent.Elapsed < maxInterval + TimeSpan.FromSeconds(1.5), $"Picked up after {sent.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task AMessageSentFromThisProcessWakesAnIdleListenerAtOnce()
    {
        using var polls = new PollRecorder(storage.Prefix + "wake");
        var probe = new QueueProbe();
        await using var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("wake"), s => s.AddSingleton(probe),
            new Dictionary<string, string?> { ["Triggers:MinPollInterval"] = "00:00:00.025", ["Triggers:MaxPollInterval"] = "00:00:10" });

        // After 7 empty polls (25 ms doubling) the next one is 3.2 s away.
        await WaitUntilAsync(() => polls.Count >= 7, "the listener has backed off");
        var sent = Stopwatch.StartNew();
        await host.Sender.SendAsync("wake", new { n = 1 });
        await WaitUntilAsync(() => !probe.Started.IsEmpty, "the message is picked up");
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(1.5), $"Picked up after {sent.ElapsedMilliseconds} ms");
    }

    /// <summary>Times of the empty polls of one queue, from the runtime's poll counter.</summary>
    private sealed class PollRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<TimeSpan> _at = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public PollRecorder(string fullQueueName)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == TriggerMetrics.MeterName && instrument.Name == TriggerMetrics.PollsInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                string? queue = null, outcome = null;
                foreach (var tag in tags)
                {
                    queue = tag.Key == "queue" ? tag.Value as string : queue;
                    outcome = tag.Key == "outcome" ? tag.Value as string : outcome;
                }

                if (queue == fullQueueName && outcome == "empty")
                {
                    _at.Enqueue(_clock.Elapsed);
                }
            });
            _listener.Start();
        }

        public int Count => _at.Count;

        public List<TimeSpan> Gaps()
        {
            var at = _at.ToArray();
            return at.Zip(at.Skip(1), (a, b) => b - a).ToList();
        }

        public void Dispose() => _listener.Dispose();
    }
}
