using System.Globalization;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Sla;

/// <summary>
/// The per-ticket SLA monitor as a pure function: (state, event, now) -> (state, effects).
/// The host stores the state on the ticket row (ETag-guarded), carries out the effects, and
/// turns each <see cref="SlaEffect.ScheduleTimer"/> into a delayed queue message.
/// </summary>
/// <remarks>
/// Only business time counts, and only while the ticket is running (neither paused nor done).
/// Warnings, breaches and automatic escalations are only ever decided when a timer of the
/// current generation fires, so each is reported exactly once however often other events or
/// duplicate timers arrive; <see cref="Read"/> computes the light from <c>now</c> and is exact
/// between timer firings.
/// </remarks>
public static class SlaMachine
{
    public static SlaTransition Apply(SlaState? state, SlaEvent e, SlaPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        now = now.ToUniversalTime();

        if (e is SlaEvent.Created created)
        {
            // A duplicate Created (the host retried after a crash) must not restart the clocks.
            return state is null ? Start(created, policy, now) : new SlaTransition(state, []);
        }

        if (state is null)
        {
            throw new ArgumentNullException(nameof(state), "Only a Created event may start from no SLA state.");
        }

        if (e is SlaEvent.TimerFired fired)
        {
            return fired.Generation == state.Generation
                ? Fire(state, policy, now)
                : new SlaTransition(state, []);
        }

        var effects = new List<SlaEffect>();
        var next = e switch
        {
            SlaEvent.FirstPublicStaffReply => FirstReply(state, policy, now),
            SlaEvent.WaitingOnChanged w => w.WaitingOn is WaitingOn.Customer or WaitingOn.Provider
                ? Pause(state, policy, now)
                : Resume(state, policy, now),
            SlaEvent.StatusChanged s => s.Status is TicketStatus.Finished or TicketStatus.Cancelled or TicketStatus.Closed
                ? Finish(state, policy, now)
                : Reopen(state, policy, now),
            SlaEvent.Reopened => Reopen(state, policy, now),
            SlaEvent.PriorityChanged p => ChangePriority(state, p.Priority, policy, now),
            SlaEvent.EscalatedByHand h => EscalateByHand(state, h.ToLevel, policy, now, effects),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown SLA event."),
        };

        return Rearm(next, policy, timerConsumed: false, effects);
    }

    public static SlaView Read(SlaState state, SlaPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        now = now.ToUniversalTime();

        var light = SlaLight.None;
        if (IsRunning(state))
        {
            foreach (var clock in new[] { state.FirstResponse, state.Resolution })
            {
                if (clock.Stopped || ClockInstants(clock, policy) is not { } instants)
                {
                    continue;
                }

                var (warnAt, dueAt) = instants;
                var clockLight = now >= dueAt ? SlaLight.Red : now >= warnAt ? SlaLight.Yellow : SlaLight.Green;
                light = clockLight > light ? clockLight : light;
            }
        }

        return new SlaView(
            light,
            DueAt(state.FirstResponse, policy),
            DueAt(state.Resolution, policy),
            state.Paused,
            state.EscalationLevel,
            state.FirstResponse.Breached,
            state.Resolution.Breached);
    }

    private static SlaTransition Start(SlaEvent.Created created, SlaPolicy policy, DateTimeOffset now)
    {
        var paused = created.WaitingOn is WaitingOn.Customer or WaitingOn.Provider;
        var target = policy.TargetFor(created.Priority);
        var state = new SlaState
        {
            Priority = created.Priority,
            Paused = paused,
            PausedSince = paused ? now : null,
            FirstResponse = new SlaClock { Target = target.FirstResponse, ResumedAt = paused ? null : now },
            Resolution = new SlaClock { Target = target.Resolution, ResumedAt = paused ? null : now },
        };
        return Rearm(state, policy, timerConsumed: false, []);
    }

    private static SlaState FirstReply(SlaState state, SlaPolicy policy, DateTimeOffset now) =>
        state.FirstResponse.Stopped
            ? state
            : state with { FirstResponse = Fold(state.FirstResponse, policy, now) with { Stopped = true, MetAt = now } };

    private static SlaState Pause(SlaState state, SlaPolicy policy, DateTimeOffset now) =>
        state.Paused ? state : Halt(state, policy, now) with { Paused = true, PausedSince = now };

    private static SlaState Resume(SlaState state, SlaPolicy policy, DateTimeOffset now) =>
        state.Paused ? Run(state with { Paused = false, PausedSince = null }, policy, now) : state;

    private static SlaState Finish(SlaState state, SlaPolicy policy, DateTimeOffset now)
    {
        if (state.Done)
        {
            return state;
        }

        var halted = Halt(state, policy, now);

        // The first-response clock stops too: a done ticket needs no first response, and a
        // reopen leaves that clock as it is (stopped, met or not).
        return halted with
        {
            Done = true,
            FirstResponse = halted.FirstResponse with { Stopped = true },
            Resolution = halted.Resolution with { Stopped = true, MetAt = now },
        };
    }

    private static SlaState Reopen(SlaState state, SlaPolicy policy, DateTimeOffset now)
    {
        if (!state.Done)
        {
            return state;
        }

        var target = policy.TargetFor(state.Priority).Resolution;
        var resolution = policy.Reopen == ReopenMode.RestartResolution
            ? new SlaClock { Target = target }
            : Retarget(state.Resolution with { Stopped = false, MetAt = null }, target, policy, now);
        return Run(state with { Done = false, Resolution = resolution }, policy, now);
    }

    private static SlaState ChangePriority(SlaState state, TicketPriority priority, SlaPolicy policy, DateTimeOffset now)
    {
        if (priority == state.Priority)
        {
            return state;
        }

        var target = policy.TargetFor(priority);
        return state with
        {
            Priority = priority,
            FirstResponse = state.FirstResponse.Stopped ? state.FirstResponse : Retarget(state.FirstResponse, target.FirstResponse, policy, now),
            Resolution = state.Resolution.Stopped ? state.Resolution : Retarget(state.Resolution, target.Resolution, policy, now),
        };
    }

    /// <summary>
    /// A new target keeps the business time used. The warned and breached flags describe the
    /// current target, so they clear when the new one is not yet reached: the ticket can then
    /// warn, breach and escalate again under the new target.
    /// </summary>
    private static SlaClock Retarget(SlaClock clock, TimeSpan target, SlaPolicy policy, DateTimeOffset now)
    {
        var used = Used(clock, policy, now);
        return clock with
        {
            Target = target,
            Warned = clock.Warned && used >= policy.Warning.ElapsedAtWarning(target),
            Breached = clock.Breached && used >= target,
        };
    }

    private static SlaState EscalateByHand(SlaState state, int toLevel, SlaPolicy policy, DateTimeOffset now, List<SlaEffect> effects)
    {
        if (toLevel == state.EscalationLevel)
        {
            return state;
        }

        var step = policy.Ladder.FirstOrDefault(s => s.Level == toLevel)
            ?? throw DomainException.Invalid("invalid_escalation_level", string.Create(
                CultureInfo.InvariantCulture,
                $"Level {toLevel} is not on the escalation ladder."));
        if (toLevel < state.EscalationLevel)
        {
            throw DomainException.Conflict("escalation_not_upwards", string.Create(
                CultureInfo.InvariantCulture,
                $"The ticket is already at escalation level {state.EscalationLevel}."));
        }

        return ClimbTo(state, step, policy, now, effects);
    }

    /// <summary>A timer of the current generation: report what came due, climb the ladder, re-arm.</summary>
    private static SlaTransition Fire(SlaState state, SlaPolicy policy, DateTimeOffset now)
    {
        var effects = new List<SlaEffect>();
        if (IsRunning(state))
        {
            // The rung that was already due goes first, so a breach found by the same (late)
            // timer climbs from there rather than being swallowed by it.
            if (state.NextEscalationAt is { } escalateAt && now >= escalateAt)
            {
                state = policy.StepAfter(state.EscalationLevel) is { } step
                    ? ClimbTo(state, step, policy, now, effects)
                    : state with { NextEscalationAt = null };
            }

            state = Check(state, SlaClockKind.FirstResponse, policy, now, effects);
            state = Check(state, SlaClockKind.Resolution, policy, now, effects);
        }

        return Rearm(state, policy, timerConsumed: true, effects);
    }

    /// <summary>Warns and breaches one clock as of <paramref name="now"/>; a breach climbs one rung.</summary>
    private static SlaState Check(SlaState state, SlaClockKind kind, SlaPolicy policy, DateTimeOffset now, List<SlaEffect> effects)
    {
        var clock = kind == SlaClockKind.FirstResponse ? state.FirstResponse : state.Resolution;
        if (clock.Stopped || ClockInstants(clock, policy) is not { } instants)
        {
            return state;
        }

        var (warnAt, dueAt) = instants;

        if (!clock.Warned && now >= warnAt)
        {
            clock = clock with { Warned = true };
            effects.Add(new SlaEffect.Warn(kind, dueAt));
        }

        var breached = !clock.Breached && now >= dueAt;
        if (breached)
        {
            clock = clock with { Breached = true };
            effects.Add(new SlaEffect.Breach(kind, dueAt));
        }

        state = kind == SlaClockKind.FirstResponse ? state with { FirstResponse = clock } : state with { Resolution = clock };
        return breached && policy.StepAfter(state.EscalationLevel) is { } step
            ? ClimbTo(state, step, policy, now, effects)
            : state;
    }

    private static SlaState ClimbTo(SlaState state, EscalationStep step, SlaPolicy policy, DateTimeOffset now, List<SlaEffect> effects)
    {
        effects.Add(new SlaEffect.Escalate(state.EscalationLevel, step.Level, step));
        var timeAtLevel = policy.StepAfter(step.Level) is null ? (TimeSpan?)null : step.TimeAtLevel;

        // While the ticket is not running the time at this level has not started; Run starts it.
        return IsRunning(state)
            ? state with
            {
                EscalationLevel = step.Level,
                NextEscalationAt = timeAtLevel is { } t ? policy.Calendar.AddBusinessTime(now, t) : null,
                EscalationRemaining = null,
            }
            : state with { EscalationLevel = step.Level, NextEscalationAt = null, EscalationRemaining = timeAtLevel };
    }

    /// <summary>
    /// Arms the timer for the next instant anything can happen, bumping the generation whenever
    /// the schedule changes so an in-flight timer of the old schedule is recognised as stale.
    /// A fired timer is used up, so after one the generation always moves on: firing the same
    /// generation again (a duplicate delivery, or a retry after a crash) then does nothing.
    /// </summary>
    private static SlaTransition Rearm(SlaState state, SlaPolicy policy, bool timerConsumed, List<SlaEffect> effects)
    {
        var next = NextInstant(state, policy);
        if (timerConsumed || next != state.NextTimerAt)
        {
            state = state with { Generation = state.Generation + 1, NextTimerAt = next };
            if (next is { } at)
            {
                effects.Add(new SlaEffect.ScheduleTimer(at, state.Generation));
            }
        }

        return new SlaTransition(state, effects);
    }

    private static DateTimeOffset? NextInstant(SlaState state, SlaPolicy policy)
    {
        if (!IsRunning(state))
        {
            return null;
        }

        DateTimeOffset? next = state.NextEscalationAt;
        foreach (var clock in new[] { state.FirstResponse, state.Resolution })
        {
            if (clock.Stopped || ClockInstants(clock, policy) is not { } instants)
            {
                continue;
            }

            var (warnAt, dueAt) = instants;

            if (!clock.Warned)
            {
                next = Earliest(next, warnAt);
            }

            if (!clock.Breached)
            {
                next = Earliest(next, dueAt);
            }
        }

        return next;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x <= b ? x : b;

    private static bool IsRunning(SlaState state) => !state.Paused && !state.Done;

    /// <summary>Stops every running clock and the escalation countdown, keeping the business time used.</summary>
    private static SlaState Halt(SlaState state, SlaPolicy policy, DateTimeOffset now)
    {
        if (!IsRunning(state))
        {
            return state;
        }

        var remaining = state.NextEscalationAt is { } at ? policy.Calendar.BusinessTimeBetween(now, at) : (TimeSpan?)null;
        return state with
        {
            FirstResponse = Fold(state.FirstResponse, policy, now),
            Resolution = Fold(state.Resolution, policy, now),
            NextEscalationAt = null,
            EscalationRemaining = remaining ?? state.EscalationRemaining,
        };
    }

    /// <summary>Starts the clocks that are not stopped and the escalation countdown, if the ticket now runs.</summary>
    private static SlaState Run(SlaState state, SlaPolicy policy, DateTimeOffset now)
    {
        if (!IsRunning(state))
        {
            return state;
        }

        return state with
        {
            FirstResponse = state.FirstResponse.Stopped ? state.FirstResponse : state.FirstResponse with { ResumedAt = now },
            Resolution = state.Resolution.Stopped ? state.Resolution : state.Resolution with { ResumedAt = now },
            NextEscalationAt = state.EscalationRemaining is { } left ? policy.Calendar.AddBusinessTime(now, left) : state.NextEscalationAt,
            EscalationRemaining = null,
        };
    }

    private static SlaClock Fold(SlaClock clock, SlaPolicy policy, DateTimeOffset now) =>
        clock.ResumedAt is null ? clock : clock with { Consumed = Used(clock, policy, now), ResumedAt = null };

    private static TimeSpan Used(SlaClock clock, SlaPolicy policy, DateTimeOffset now) =>
        clock.ResumedAt is { } resumed ? clock.Consumed + policy.Calendar.BusinessTimeBetween(resumed, now) : clock.Consumed;

    private static DateTimeOffset? DueAt(SlaClock clock, SlaPolicy policy) =>
        clock.Stopped ? null : ClockInstants(clock, policy)?.DueAt;

    /// <summary>
    /// The warning and due instants of a running clock; null while it is not running. A point
    /// already passed before the last resume is placed by counting business time backwards
    /// from the resume, so a deadline moves later by exactly the business time spent paused.
    /// </summary>
    private static (DateTimeOffset WarnAt, DateTimeOffset DueAt)? ClockInstants(SlaClock clock, SlaPolicy policy)
    {
        if (clock.ResumedAt is not { } resumed)
        {
            return null;
        }

        DateTimeOffset At(TimeSpan elapsed) => elapsed >= clock.Consumed
            ? policy.Calendar.AddBusinessTime(resumed, elapsed - clock.Consumed)
            : policy.Calendar.SubtractBusinessTime(resumed, clock.Consumed - elapsed);

        return (At(policy.Warning.ElapsedAtWarning(clock.Target)), At(clock.Target));
    }
}
