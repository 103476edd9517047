using System.Collections.Concurrent;
using AstroBlob.Functions.Messages;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Sla;
using AstroBlob.Functions.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AstroBlob.Benchmarks;

/// <summary>
/// The SLA benchmark's instrumentation of the real host (<see cref="BenchHost"/>): the
/// <see cref="SlaSweepFunction"/> gets a <see cref="TicketService"/> of its own whose clock is a
/// <see cref="SweepClock"/>. That clock returns the system time unchanged and remembers every
/// instant it handed out, so a notification whose <c>at</c> is one of them was fired by the sweep.
/// </summary>
internal static class SlaHost
{
    public static Action<IServiceCollection> SweepClockFor(SweepClock sweepClock) => services =>
        // Registered after the host's own (scoped) registration, so this one is resolved.
        services.AddScoped(sp => new SlaSweepFunction(
            sp.GetRequiredService<ObservatoryStore>(),
            sp.GetRequiredService<TicketStore>(),
            new TicketService(
                sp.GetRequiredService<TicketStore>(),
                sp.GetRequiredService<MessageStore>(),
                sp.GetRequiredService<DirectoryStore>(),
                sp.GetRequiredService<SlaEngine>(),
                sp.GetRequiredService<OutboxDispatcher>(),
                sp.GetRequiredService<AstroBlob.Functions.Desk.CustomFieldStore>(),
                sp.GetRequiredService<AstroBlob.Functions.Observability.AstroBlobTelemetry>(),
                sweepClock),
            sp.GetRequiredService<OutboxDispatcher>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SlaSweepFunction>>()));
}

/// <summary>Counts the host's "Storage is now down" warnings (its storage probe timing out), which <see cref="HostLog"/> keeps only the first few of.</summary>
internal sealed class StorageOutageCounter : ILoggerProvider
{
    private int _downs;

    public int Downs => Volatile.Read(ref _downs);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName.EndsWith(".StorageMonitor", StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class Logger(StorageOutageCounter owner, bool monitor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => monitor && logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && formatter(state, exception).Contains("now down", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref owner._downs);
            }
        }
    }
}

/// <summary>The system clock, remembering every instant it returned (to attribute transitions to the sweep).</summary>
internal sealed class SweepClock : TimeProvider
{
    private readonly ConcurrentDictionary<long, byte> _issued = new();

    public override DateTimeOffset GetUtcNow()
    {
        var now = System.GetUtcNow();
        _issued.TryAdd(now.UtcTicks, 0);
        return now;
    }

    /// <summary>Whether this clock returned exactly <paramref name="at"/>.</summary>
    public bool Issued(DateTimeOffset at) => _issued.ContainsKey(at.UtcTicks);
}
