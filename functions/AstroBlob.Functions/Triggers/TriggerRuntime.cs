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
    private readonly Lock _gate = new();
    private Task? _stopped;
    private bool _disposed;

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

    /// <summary>
    /// All loops stop in parallel, so the shutdown timeout is spent once, not once per queue.
    /// Stopping again (the test host's factory stops a host it already stopped) or after disposal
    /// does nothing.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            return _stopped ??= Task.WhenAll(_loops.Select(l => l.StopAsync(cancellationToken)));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }
}
