using Microsoft.Extensions.DependencyInjection;
using static AstroBlob.Functions.Tests.Triggers.TriggerTestKit;

namespace AstroBlob.Functions.Tests.Triggers;

public sealed class VisibilityRenewalTests(TriggerStorageFixture storage) : IClassFixture<TriggerStorageFixture>
{
    [Fact]
    public async Task AHandlerRunningLongerThanTheVisibilityTimeoutKeepsItsMessageFromASecondConsumer()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Triggers:VisibilityTimeout"] = "00:00:02",
            ["Triggers:MaxPollInterval"] = "00:00:00.200",
        };
        var probe = new QueueProbe { Handler = (_, _, ct) => Task.Delay(TimeSpan.FromSeconds(5), ct) };
        await using var a = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("long-work"), s => s.AddSingleton(probe), settings);
        await using var b = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "b",
            t => t.Queue<ProbeQueueFunction>("long-work"), s => s.AddSingleton(probe), settings);

        await a.Sender.SendAsync("long-work", new { job = "reindex" });

        // Without renewal the message would be visible again after 2 s and the idle consumer,
        // polling every 200 ms, would start it a second time long before the first run ends.
        await WaitUntilAsync(() => !probe.Completed.IsEmpty, "the long handler finishes");
        await WaitEmptyAsync(storage.Queue("long-work"));
        var call = Assert.Single(probe.Started);
        Assert.Equal(1, call.Message.DequeueCount);
    }
}
