using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static AstroBlob.Functions.Tests.Triggers.TriggerTestKit;

namespace AstroBlob.Functions.Tests.Triggers;

/// <summary>Storage going away must not stop the triggers for good, nor the host, nor its API.</summary>
public sealed class TriggerOutageTests
{
    [Fact]
    public async Task TriggersWaitOutAStorageOutageWhileTheApiAnswersAndResumeWhenStorageReturns()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        var prefix = "to" + Guid.NewGuid().ToString("N")[..10] + "-";
        var settings = Settings(azurite.ConnectionString, prefix);
        // The host registers its own functions with AddTriggers(its configuration); the call below
        // then adds to that runtime, so the settings go to the host as well.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var probe = new QueueProbe();
        var timers = new TimerProbe();
        var logs = new LogSink();
        await using var factory = new ApiFactory(azurite.ConnectionString, settings, services: s =>
        {
            s.AddSingleton(probe).AddSingleton(timers).AddSingleton(new HostLabel("api"));
            s.AddSingleton<ILoggerProvider>(logs);
            s.AddTriggers(configuration)
                .Queue<ProbeQueueFunction>("work")
                .Timer<ProbeTimerFunction>("* * * * * *", "heartbeat");
        });
        await factory.WaitReadyAsync();
        using var client = factory.CreateClient();
        var sender = factory.Services.GetRequiredService<IQueueSender>();
        await sender.SendAsync("work", new { n = 1 });
        await WaitUntilAsync(() => probe.Completed.Count == 1 && !timers.Runs.IsEmpty, "the first message and a timer run");

        await azurite.StopAsync();
        var queueTrigger = $"queue {prefix}work";
        await WaitUntilAsync(() => logs.With(6).Any(m => m.Contains(queueTrigger, StringComparison.Ordinal)), "the listener notices the outage");
        await WaitUntilAsync(() => logs.With(6).Any(m => m.Contains("timer heartbeat", StringComparison.Ordinal)), "the timer notices the outage");
        for (var i = 0; i < 3; i++)
        {
            using var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        await azurite.RestartAsync();
        var back = DateTimeOffset.UtcNow;
        await sender.SendAsync("work", new { n = 2 });
        await WaitUntilAsync(() => probe.Completed.Count == 2, "the message sent after the outage is handled");
        await WaitUntilAsync(() => timers.Runs.Any(r => r.Timer.FiredAt >= back), "the timer runs again");
        using (var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        // One warning per outage, however many failed polls it took; and one line when it ended.
        Assert.Single(logs.With(6), m => m.Contains(queueTrigger, StringComparison.Ordinal));
        Assert.Single(logs.With(7), m => m.Contains(queueTrigger, StringComparison.Ordinal));
        Assert.Empty(logs.With(8));
        // Each occurrence ran at most once, outage or not.
        Assert.Equal(timers.Runs.Count, timers.Runs.Select(r => r.Timer.ScheduledAt).Distinct().Count());
    }
}
