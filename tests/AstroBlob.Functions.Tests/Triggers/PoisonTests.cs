using Microsoft.Extensions.DependencyInjection;
using static AstroBlob.Functions.Tests.Triggers.TriggerTestKit;

namespace AstroBlob.Functions.Tests.Triggers;

public sealed class PoisonTests(TriggerStorageFixture storage) : IClassFixture<TriggerStorageFixture>
{
    [Fact]
    public async Task AFailingMessageIsRetriedThenMovedToThePoisonQueueWithItsBodyIntact()
    {
        const string body = "{\"ticket\":\"ALPHA-9\",\"text\":\"Ñandú ✓ <&> \\\"quoted\\\"\"}";
        var raw = storage.Queue("mail-out");
        await raw.CreateIfNotExistsAsync();
        await raw.SendMessageAsync(body);
        var probe = new QueueProbe { Handler = (_, _, _) => throw new InvalidOperationException("SMTP relay refused the message") };
        await using var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("mail-out"), s => s.AddSingleton(probe));

        var poison = storage.Queue("mail-out-poison");
        await WaitUntilAsync(async () => await CountAsync(poison) == 1, "the message is in the poison queue");
        await WaitEmptyAsync(raw);

        var moved = Assert.Single((await poison.PeekMessagesAsync(32)).Value);
        Assert.Equal(body, moved.Body.ToString());
        // MaxDequeueCount is 3 in the test settings: three attempts, then poison.
        Assert.Equal(new long[] { 1, 2, 3 }, probe.Started.Select(c => c.Message.DequeueCount));
        Assert.All(probe.Started, c => Assert.Equal(body, c.Message.Body));
        Assert.Equal(2, host.Logs.With(3).Count());
        Assert.Single(host.Logs.With(5), m => m.Contains(poison.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMessageThatFailsOnceSucceedsOnItsNextAttempt()
    {
        var probe = new QueueProbe
        {
            Handler = (_, message, _) => message.DequeueCount == 1
                ? throw new TimeoutException("first attempt times out")
                : Task.CompletedTask,
        };
        await using var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("flaky"), s => s.AddSingleton(probe));

        await host.Sender.SendAsync("flaky", new { attempt = "any" });

        await WaitUntilAsync(() => !probe.Completed.IsEmpty, "the second attempt succeeds");
        await WaitEmptyAsync(storage.Queue("flaky"));
        Assert.Equal(new long[] { 1, 2 }, probe.Started.Select(c => c.Message.DequeueCount));
        Assert.Equal(0, await CountAsync(storage.Queue("flaky-poison")));
    }
}
