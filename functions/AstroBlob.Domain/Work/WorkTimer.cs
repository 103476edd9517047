using System.Text.Json.Serialization;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Work;

/// <summary>
/// A person's timer, as stored. A person has at most one (running or paused) across all
/// tickets: the host keys it by the person, so two starts cannot both win.
/// </summary>
public sealed record TimerState
{
    public required string UserId { get; init; }
    public required string UserName { get; init; }
    public required string TicketCode { get; init; }
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the current run began; null while paused.</summary>
    public DateTimeOffset? RunningSince { get; init; }

    /// <summary>Time run before the current run (the sum of earlier runs).</summary>
    public TimeSpan ElapsedBefore { get; init; }
    public string Note { get; init; } = string.Empty;

    /// <summary>Whether the entry it becomes is billable; null takes the ticket's billable flag at stop.</summary>
    public bool? Billable { get; init; }

    [JsonIgnore]
    public bool Running => RunningSince is not null;

    public TimeSpan Elapsed(DateTimeOffset now) =>
        ElapsedBefore + (RunningSince is { } since && now > since ? now - since : TimeSpan.Zero);
}

/// <summary>Start, pause, resume and stop: the legal moves of a timer.</summary>
public static class WorkTimer
{
    public static TimerState Start(Actor actor, TicketState ticket, string? note, bool? billable, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(ticket);
        TimeEntries.EnsureMayLogFor(actor, actor.UserId);
        if (Ticket.IsDone(ticket.Status))
        {
            // Late work on a done ticket is logged by hand; a timer is for work going on now.
            throw DomainException.Conflict("ticket_done", "A timer runs only on a ticket that is not finished, cancelled or closed; log the time by hand.");
        }

        return new TimerState
        {
            UserId = actor.UserId,
            UserName = actor.Name,
            TicketCode = ticket.Code,
            StartedAt = now,
            RunningSince = now,
            Note = TimeEntries.CheckedNote(note),
            Billable = billable,
        };
    }

    public static TimerState Pause(TimerState timer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (!timer.Running)
        {
            throw DomainException.Conflict("timer_paused", "The timer is already paused.");
        }

        return timer with { ElapsedBefore = timer.Elapsed(now), RunningSince = null };
    }

    public static TimerState Resume(TimerState timer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.Running)
        {
            throw DomainException.Conflict("timer_running", "The timer is already running.");
        }

        return timer with { RunningSince = now };
    }

    /// <summary>
    /// The period the timer measured: from its first start to now, worth the time it ran
    /// (at least a minute: a timer that ran was work). A timer left running for more than a
    /// day was forgotten: the person says how long they really worked (<paramref name="minutes"/>).
    /// </summary>
    public static WorkPeriod Stop(TimerState timer, int? minutes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (minutes is { } told)
        {
            // What the person says they worked, within the time the timer existed.
            return WorkPeriod.Resolve(timer.StartedAt, now, told, now);
        }

        var measured = Math.Max(1, WorkPeriod.RoundMinutes(timer.Elapsed(now)));
        if (measured > WorkPeriod.MaxMinutes)
        {
            throw DomainException.Conflict("timer_too_long", $"The timer ran for more than {WorkPeriod.MaxMinutes} minutes; stop it saying how many 'minutes' you worked, or discard it.");
        }

        // A run shorter than a minute still ends a minute after it started (within the clock skew allowed).
        var minimumEnd = timer.StartedAt.AddMinutes(measured);
        return WorkPeriod.Resolve(timer.StartedAt, now > minimumEnd ? now : minimumEnd, measured, now);
    }
}
