using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Sla;

/// <summary>Something that happened to a ticket and matters to its SLA.</summary>
public abstract record SlaEvent
{
    // Private: the set of events is closed, so SlaMachine's switch covers them all.
    private SlaEvent()
    {
    }

    /// <summary>The ticket was opened; the only event that starts from no state.</summary>
    public sealed record Created(TicketPriority Priority, WaitingOn WaitingOn) : SlaEvent;

    /// <summary>Staff wrote the first public message: the first-response clock is met.</summary>
    public sealed record FirstPublicStaffReply : SlaEvent;

    /// <summary>Customer or Provider pause the clocks; None or Support let them run.</summary>
    public sealed record WaitingOnChanged(WaitingOn WaitingOn) : SlaEvent;

    /// <summary>Finished, Cancelled and Closed stop everything; an open status after those reopens.</summary>
    public sealed record StatusChanged(TicketStatus Status) : SlaEvent;

    public sealed record PriorityChanged(TicketPriority Priority) : SlaEvent;

    public sealed record Reopened : SlaEvent;

    /// <summary>A technician moved the ticket up the ladder by hand.</summary>
    public sealed record EscalatedByHand(int ToLevel) : SlaEvent;

    /// <summary>A timer armed with <paramref name="Generation"/> came due (or the sweep found it).</summary>
    public sealed record TimerFired(long Generation) : SlaEvent;
}

/// <summary>What the host must do after a transition.</summary>
public abstract record SlaEffect
{
    private SlaEffect()
    {
    }

    /// <summary>
    /// Arm a timer that delivers <see cref="SlaEvent.TimerFired"/> with <paramref name="Generation"/>
    /// at <paramref name="At"/>. <paramref name="At"/> may be in the past (fire at once) or beyond the
    /// queue's limit (deliver early; the machine re-arms).
    /// </summary>
    public sealed record ScheduleTimer(DateTimeOffset At, long Generation) : SlaEffect;

    /// <summary>Yellow: notify the assignees that <paramref name="Clock"/> is due at <paramref name="DueAt"/>.</summary>
    public sealed record Warn(SlaClockKind Clock, DateTimeOffset DueAt) : SlaEffect;

    /// <summary>Red: <paramref name="Clock"/> was due at <paramref name="DueAt"/> and is not met.</summary>
    public sealed record Breach(SlaClockKind Clock, DateTimeOffset DueAt) : SlaEffect;

    /// <summary>Apply <paramref name="Step"/>: reassign to its level if asked, notify its users.</summary>
    public sealed record Escalate(int FromLevel, int ToLevel, EscalationStep Step) : SlaEffect;
}

/// <summary>The result of applying one event: the state to store and the effects to carry out.</summary>
public sealed record SlaTransition(SlaState State, IReadOnlyList<SlaEffect> Effects);
