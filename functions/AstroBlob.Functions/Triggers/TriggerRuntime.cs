using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Triggers;

/// <summary>One queue listener or timer runner.</summary>
internal interface ITriggerLoop : IDisposable
{
    /// <summary>Starts the loop in the background and returns at once.</summary>
    void Start();

    /// <summary>Stops gracefully; <paramref name="hostToken"/> is the host's own shutdown deadline.</summary>
    Task StopAsync(CancellationToken hostToken);
}

/// <summary>
/// Hosts every registered queue listener and timer in this process, beside the HTTP API.
/// Start never waits for storage: the loops wait it out themselves.
/// </summary>
internal sealed class TriggerRuntime(
    TriggerRegistry registry,
    TriggerStorage storage,
    IOptions<TriggerOptions> options,
    QueueSignals signals,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    TriggerMetrics metrics,
    ILoggerFactory loggers) : IHostedService, IDisposable
{
    private readonly List<ITriggerLoop> _loops = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var logger = loggers.CreateLogger("AstroBlob.Functions.Triggers");
        foreach (var queue in registry.Queues)
        {
            // The prefix is checked at registration; this catches a prefix changed after it.
            if (TriggerNames.QueueProblem(storage.Prefix + queue.Queue) is { } problem)
            {
                throw new InvalidOperationException($"Queue '{storage.Prefix + queue.Queue}' {problem}");
            }

            _loops.Add(new QueueListener(queue, storage, o, signals, scopes, clock, metrics, logger));
        }

        foreach (var timer in registry.Timers)
        {
            _loops.Add(new TimerRunner(timer, storage, o, scopes, clock, metrics, logger));
        }

        foreach (var loop in _loops)
        {
            loop.Start();
        }

        return Task.CompletedTask;
    }

    /// <summary>All loops stop in parallel, so the shutdown timeout is spent once, not once per queue.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_loops.Select(l => l.StopAsync(cancellationToken)));

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }
}
