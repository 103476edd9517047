namespace AstroBlob.Functions.Triggers;

/// <summary>
/// A timer-triggered function, registered with <see cref="TriggerBuilder.Timer{TFunction}"/>.
/// Each occurrence of its schedule runs once across all host instances that share the storage
/// account and prefix. Resolved from a fresh DI scope for every run.
/// </summary>
public interface ITimerFunction
{
    Task RunAsync(TimerContext timer, CancellationToken ct);
}

/// <summary>One run of a timer function.</summary>
/// <param name="FunctionName">The timer's registered name.</param>
/// <param name="ScheduledAt">The schedule occurrence (UTC) this run stands for.</param>
/// <param name="FiredAt">When the run actually started (UTC, from the injected clock).</param>
/// <param name="IsPastDue">
/// True when this run catches up on occurrences missed while no host could run them (hosts down,
/// storage unreachable). Missed occurrences are not replayed one by one: a single run stands for
/// them, labelled with the latest of them.
/// </param>
public sealed record TimerContext(string FunctionName, DateTimeOffset ScheduledAt, DateTimeOffset FiredAt, bool IsPastDue);
