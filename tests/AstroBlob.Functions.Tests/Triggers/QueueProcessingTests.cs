using AstroBlob.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;
using static AstroBlob.Functions.Tests.Triggers.TriggerTestKit;

namespace AstroBlob.Functions.Tests.Triggers;

public sealed class QueueProcessingTests(TriggerStorageFixture storage) : IClassFixture<TriggerStorageFixture>
{
    private sealed record Reminder(string Ticket, int Level);

    [Fact]
    public async Task AMessageSentWithTheSenderIsHandledOnceAndDeleted()
    {
        var probe = new QueueProbe();
        await using var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("reminders"), s => s.AddSingleton(probe));

        await host.Sender.SendAsync("reminders", new Reminder("ALPHA-7", 2));

        await WaitUntilAsync(() => !probe.Completed.IsEmpty, "the reminder is handled");
        await WaitEmptyAsync(storage.Queue("reminders"));
        var call = Assert.Single(probe.Started);
        Assert.Equal("reminders", call.Message.QueueName);
        Assert.Equal(new Reminder("ALPHA-7", 2), call.Message.Json<Reminder>());
        Assert.Contains("\"ticket\":\"ALPHA-7\"", call.Message.Body, StringComparison.Ordinal);
        Assert.Equal(1, call.Message.DequeueCount);
        Assert.False(string.IsNullOrEmpty(call.Message.MessageId));
        Assert.NotNull(call.Message.InsertedOn);
        Assert.Contains(host.Logs.With(2), m => m.Contains(call.Message.MessageId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConcurrencyNeverExceedsTheQueuesMaximum()
    {
        const int messages = 15;
        const int maxConcurrency = 3;
        var raw = storage.Queue("busy");
        await raw.CreateIfNotExistsAsync();
        for (var i = 0; i < messages; i++)
        {
            await raw.SendMessageAsync($"{{\"n\":{i}}}");
        }

        var inFlight = 0;
        var maxInFlight = 0;
        var probe = new QueueProbe
        {
            Handler = async (_, _, ct) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxInFlight, now);
                await Task.Delay(150, ct);
                Interlocked.Decrement(ref inFlight);
            },
        };
        await using var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("busy", maxConcurrency), s => s.AddSingleton(probe));

        await WaitUntilAsync(() => probe.Completed.Count == messages, "every message is handled");
        await WaitEmptyAsync(raw);
        Assert.Equal(messages, probe.Completed.Select(c => c.Message.MessageId).Distinct().Count());
        // The first receive takes as many as there are free slots, so the limit is reached, never passed.
        Assert.Equal(maxConcurrency, maxInFlight);
    }

    [Fact]
    public async Task TheSenderCreatesAMissingQueueAndCapsADelayBeyondSevenDays()
    {
        await using var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a", _ => { });
        var raw = storage.Queue("far-future");
        Assert.False((await raw.ExistsAsync()).Value);

        // Storage refuses more than 7 days (400 on Azure and Azurite): accepted here only because it is capped.
        await host.Sender.SendAsync("far-future", new Reminder("ALPHA-8", 1), TimeSpan.FromDays(30));

        Assert.Equal(1, await CountAsync(raw));
        Assert.Empty((await raw.PeekMessagesAsync(1)).Value);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Sender.SendAsync("far-future", "x", TimeSpan.FromSeconds(-1)));
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => host.Sender.SendAsync("Far_Future", "x"));
        Assert.Contains("Far_Future", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQueueDeletedUnderARunningListenerIsCreatedAgainAndConsumed()
    {
        var probe = new QueueProbe();
        await using var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("recreated"), s => s.AddSingleton(probe));
        var raw = storage.Queue("recreated");
        await WaitUntilAsync(async () => (await raw.ExistsAsync()).Value, "the listener creates its queue");

        await raw.DeleteAsync();

        await WaitUntilAsync(() => host.Logs.With(9).Any(), "the listener notices its queue is gone");
        await WaitUntilAsync(async () => (await raw.ExistsAsync()).Value, "the listener creates its queue again");
        await raw.SendMessageAsync("{\"n\":1}");
        await WaitUntilAsync(() => !probe.Completed.IsEmpty, "a message in the new queue is handled");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
