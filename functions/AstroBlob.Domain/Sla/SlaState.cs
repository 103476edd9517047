using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Sla;

public enum SlaClockKind
{
    FirstResponse,
    Resolution,
}

/// <summary>
/// One SLA clock as stored. Business time used so far is <see cref="Consumed"/> plus, while the
/// clock runs, the business time since <see cref="ResumedAt"/>; nothing is stored that has to be
/// ticked forward.
/// </summary>
public sealed record SlaClock
{
    /// <summary>Business time allowed before the clock is due.</summary>
    public TimeSpan Target { get; init; }

    /// <summary>Business time used before the last resume.</summary>
    public TimeSpan Consumed { get; init; }

    /// <summary>When the clock last started running; null while paused or stopped.</summary>
    public DateTimeOffset? ResumedAt { get; init; }

    /// <summary>Met, or the ticket is done: the clock does not run until the ticket is reopened (if ever).</summary>
    public bool Stopped { get; init; }

    /// <summary>
    /// When the clock was met: the first public staff reply, or for the resolution clock the
    /// moment the ticket became done (finished, cancelled or closed).
    /// </summary>
    public DateTimeOffset? MetAt { get; init; }

    /// <summary>The yellow warning for the current target was already issued.</summary>
    public bool Warned { get; init; }

    /// <summary>The current target was already breached (and the breach reported).</summary>
    public bool Breached { get; init; }
}

/// <summary>
/// A ticket's SLA state as stored on the ticket row. Plain data for System.Text.Json; every rule
/// lives in <see cref="SlaMachine"/>.
/// </summary>
public sealed record SlaState
{
    /// <summary>
    /// Bumped whenever the schedule of future timers changes; a timer message carries the
    /// generation it was armed with, so an older one is recognised as stale.
    /// </summary>
    public long Generation { get; init; }

    public TicketPriority Priority { get; init; }

    /// <summary>Waiting on the customer or a provider: no clock runs.</summary>
    public bool Paused { get; init; }

    public DateTimeOffset? PausedSince { get; init; }

    /// <summary>Finished, cancelled or closed: every clock is stopped.</summary>
    public bool Done { get; init; }

    /// <summary>The current escalation level; every ticket starts at 1.</summary>
    public int EscalationLevel { get; init; } = 1;

    /// <summary>When the ticket climbs to the next rung of the ladder if nothing else happens; null while not running.</summary>
    public DateTimeOffset? NextEscalationAt { get; init; }

    /// <summary>
    /// Business time left before the next escalation, kept while the ticket is paused or done
    /// (when <see cref="NextEscalationAt"/> is not defined) so that time spent waiting does not count.
    /// </summary>
    public TimeSpan? EscalationRemaining { get; init; }

    /// <summary>When the currently armed timer fires; null when no timer is armed.</summary>
    public DateTimeOffset? NextTimerAt { get; init; }

    public required SlaClock FirstResponse { get; init; }

    public required SlaClock Resolution { get; init; }
}

public enum SlaLight
{
    /// <summary>No clock is running: paused or done.</summary>
    None,
    Green,
    Yellow,
    Red,
}

/// <summary>
/// What users see, computed from the state and <c>now</c>. Due instants are null for stopped
/// clocks and while the ticket is paused: a deadline is not defined until it is known when the
/// clock will run again.
/// </summary>
public sealed record SlaView(
    SlaLight Light,
    DateTimeOffset? FirstResponseDueAt,
    DateTimeOffset? ResolutionDueAt,
    bool Paused,
    int EscalationLevel,
    bool FirstResponseBreached,
    bool ResolutionBreached);
