using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using static AstroBlob.Functions.Tests.Triggers.TriggerTestKit;

namespace AstroBlob.Functions.Tests.Triggers;

public sealed class GracefulShutdownTests(TriggerStorageFixture storage) : IClassFixture<TriggerStorageFixture>
{
    [Fact]
    public async Task StoppingTwiceOrAfterDisposalIsHarmless()
    {
        var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("stop-twice").Timer<ProbeTimerFunction>("* * * * * *"),
            s => s.AddSingleton(new QueueProbe()).AddSingleton(new TimerProbe()));
        var runtime = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AstroBlob.Functions.Triggers.TriggerRuntime>().Single();

        await runtime.StopAsync(CancellationToken.None);
        await runtime.StopAsync(CancellationToken.None);
        runtime.Dispose();
        // The test host's factory stops a host again while disposing it: that must not throw.
        await runtime.StopAsync(CancellationToken.None);
        await host.DisposeAsync();
    }

    [Fact]
    public async Task StoppingLetsARunningHandlerFinishAndCompletesItsMessage()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new QueueProbe
        {
            Handler = async (_, _, _) =>
            {
                started.TrySetResult();
                await gate.Task; // deliberately deaf to cancellation: it finishes within the timeout
            },
        };
        var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("finish-me"), s => s.AddSingleton(probe),
            new Dictionary<string, string?> { ["Triggers:ShutdownTimeout"] = "00:00:15" });
        await using (host)
        {
            await host.Sender.SendAsync("finish-me", new { n = 1 });
            await started.Task.WaitAsync(Deadline);

            var stopping = host.StopAsync();
            await Task.Yield();
            Assert.False(stopping.IsCompleted, "Stop must wait for the running handler.");
            gate.SetResult();
            await stopping.WaitAsync(Deadline);
        }

        var done = Assert.Single(probe.Completed);
        Assert.False(done.Cancelled);
        Assert.Equal(0, await CountAsync(storage.Queue("finish-me")));
    }

    [Fact]
    public async Task AHandlerStillRunningAfterTheTimeoutIsCancelledAndItsMessageGoesToAnotherHostAtOnce()
    {
        var settings = new Dictionary<string, string?>
        {
            // Without the hand-back, the other host would see the message only after 30 s.
            ["Triggers:VisibilityTimeout"] = "00:00:30",
            ["Triggers:ShutdownTimeout"] = "00:00:01",
        };
        var startedInA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new QueueProbe
        {
            Handler = async (host, _, ct) =>
            {
                if (host == "a")
                {
                    startedInA.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }
            },
        };
        await using var a = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Queue<ProbeQueueFunction>("hand-back"), s => s.AddSingleton(probe), settings);
        await a.Sender.SendAsync("hand-back", new { n = 2 });
        await startedInA.Task.WaitAsync(Deadline);
        await using var b = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "b",
            t => t.Queue<ProbeQueueFunction>("hand-back"), s => s.AddSingleton(probe), settings);

        await a.StopAsync();
        var stopped = Stopwatch.StartNew();

        await WaitUntilAsync(() => probe.Completed.Any(c => c.Host == "b"), "the second host handles the message");
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(10), $"Taken over after {stopped.ElapsedMilliseconds} ms");
        Assert.DoesNotContain(probe.Completed, c => c.Host == "a");
        var inB = Assert.Single(probe.Started, c => c.Host == "b");
        Assert.Equal(2, inB.Message.DequeueCount);
        Assert.Single(a.Logs.With(14));
        await WaitEmptyAsync(storage.Queue("hand-back"));
    }
}
