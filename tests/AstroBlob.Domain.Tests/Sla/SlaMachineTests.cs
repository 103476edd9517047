using System.Text.Json;
using System.Text.Json.Serialization;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Sla.SlaEffect;
using static AstroBlob.Domain.Sla.SlaEvent;

namespace AstroBlob.Domain.Tests.Sla;

/// <summary>
/// The SLA monitor on Madrid office hours (Monday to Friday 09:00-18:00). Unless a test says
/// otherwise a critical ticket is opened on Monday 3 March 2025 at 09:00 CET, so its first
/// response warns at 09:45 and is due at 10:00, and its resolution warns at 15:00 and is due at 17:00.
/// </summary>
public class SlaMachineTests
{
    private static readonly SlaPolicy Policy = SlaPolicy.Default("Europe/Madrid");
    private static readonly BusinessCalendar Calendar = Policy.Calendar;
    private static readonly DateTimeOffset Opened = At.Cet(3, 3, 9);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    /// <summary>Level 2 after two hours goes to level 3, the top.</summary>
    private static readonly SlaPolicy ThreeLevels = Policy with
    {
        Ladder =
        [
            new EscalationStep(2, TimeSpan.FromHours(2), ReassignToLevel: true, NotifyUserIds: ["u-lena"]),
            new EscalationStep(3, TimeSpan.FromHours(4), ReassignToLevel: false, NotifyUserIds: ["u-boss"]),
        ],
    };

    [Fact]
    public void CreatingATicketArmsATimerForTheFirstWarning()
    {
        var t = Create();

        Assert.Equal([new ScheduleTimer(At.Cet(3, 3, 9, 45), 1)], t.Effects);
        Assert.Equal(1, t.State.Generation);
        Assert.Equal(At.Cet(3, 3, 9, 45), t.State.NextTimerAt);
        Assert.Equal(
            new SlaView(SlaLight.Green, At.Cet(3, 3, 10), At.Cet(3, 3, 17), Paused: false, EscalationLevel: 1, false, false),
            SlaMachine.Read(t.State, Policy, Opened));
    }

    [Fact]
    public void ATicketLeftAloneGoesGreenThenYellowThenRedWithTimersAtExactlyThoseInstants()
    {
        var s = Create().State;
        Assert.Equal(SlaLight.Green, Light(s, At.Cet(3, 3, 9, 45) - Tick));
        Assert.Equal(SlaLight.Yellow, Light(s, At.Cet(3, 3, 9, 45)));

        var warned = FireArmed(s);
        Assert.Equal([new Warn(SlaClockKind.FirstResponse, At.Cet(3, 3, 10)), new ScheduleTimer(At.Cet(3, 3, 10), 2)], warned.Effects);
        Assert.Equal(SlaLight.Yellow, Light(warned.State, At.Cet(3, 3, 10) - Tick));
        Assert.Equal(SlaLight.Red, Light(warned.State, At.Cet(3, 3, 10)));

        var breached = FireArmed(warned.State);
        Assert.Equal(
            [
                new Breach(SlaClockKind.FirstResponse, At.Cet(3, 3, 10)),
                new Escalate(1, 2, Policy.Ladder[0]),
                new ScheduleTimer(At.Cet(3, 3, 15), 3),
            ],
            breached.Effects);
        var red = SlaMachine.Read(breached.State, Policy, At.Cet(3, 3, 10));
        Assert.Equal((SlaLight.Red, 2, true, false), (red.Light, red.EscalationLevel, red.FirstResponseBreached, red.ResolutionBreached));

        // The single rung of the default ladder has nothing above it, so no escalation timer.
        Assert.Null(breached.State.NextEscalationAt);

        var resolutionWarned = FireArmed(breached.State);
        Assert.Equal([new Warn(SlaClockKind.Resolution, At.Cet(3, 3, 17)), new ScheduleTimer(At.Cet(3, 3, 17), 4)], resolutionWarned.Effects);

        var resolutionBreached = FireArmed(resolutionWarned.State);
        Assert.Equal([new Breach(SlaClockKind.Resolution, At.Cet(3, 3, 17))], resolutionBreached.Effects);
        Assert.Equal(5, resolutionBreached.State.Generation);
        Assert.Null(resolutionBreached.State.NextTimerAt);
        Assert.Equal(2, resolutionBreached.State.EscalationLevel);
        Assert.Equal(SlaLight.Red, Light(resolutionBreached.State, At.Cet(3, 4, 12)));
    }

    [Fact]
    public void WaitingOnTheCustomerPausesTheClocksAndThePausedBusinessTimeDoesNotCount()
    {
        var s = Create().State;

        var paused = Apply(s, new WaitingOnChanged(WaitingOn.Customer), At.Cet(3, 3, 9, 30));
        Assert.Empty(paused.Effects);
        Assert.Equal((true, At.Cet(3, 3, 9, 30)), (paused.State.Paused, paused.State.PausedSince));
        Assert.Equal(2, paused.State.Generation);
        Assert.Null(paused.State.NextTimerAt);
        Assert.Equal(
            new SlaView(SlaLight.None, null, null, Paused: true, EscalationLevel: 1, false, false),
            SlaMachine.Read(paused.State, Policy, At.Cet(3, 3, 12)));

        // The timer armed before the pause arrives, and again much later: both are stale.
        var stale = Apply(paused.State, new TimerFired(s.Generation), At.Cet(3, 3, 9, 45));
        Assert.Empty(stale.Effects);
        Assert.Same(paused.State, stale.State);
        Assert.Empty(Apply(paused.State, new TimerFired(s.Generation), At.Cet(3, 4, 9, 45)).Effects);

        // Resumed on Tuesday at 10:00: 09:30-18:00 on Monday and 09:00-10:00 on Tuesday were paused.
        var resumed = Apply(paused.State, new WaitingOnChanged(WaitingOn.None), At.Cet(3, 4, 10));
        var pausedBusinessTime = TimeSpan.FromHours(9.5);
        Assert.Equal(pausedBusinessTime, Calendar.BusinessTimeBetween(At.Cet(3, 3, 9, 30), At.Cet(3, 4, 10)));
        Assert.Equal([new ScheduleTimer(At.Cet(3, 4, 10, 15), 3)], resumed.Effects);

        var view = SlaMachine.Read(resumed.State, Policy, At.Cet(3, 4, 10));
        Assert.Equal(SlaLight.Green, view.Light);
        Assert.False(view.Paused);
        Assert.Equal(Calendar.AddBusinessTime(At.Cet(3, 3, 10), pausedBusinessTime), view.FirstResponseDueAt);
        Assert.Equal(At.Cet(3, 4, 10, 30), view.FirstResponseDueAt);
        Assert.Equal(Calendar.AddBusinessTime(At.Cet(3, 3, 17), pausedBusinessTime), view.ResolutionDueAt);
        Assert.Equal(At.Cet(3, 4, 17, 30), view.ResolutionDueAt);
    }

    [Theory]
    [InlineData(WaitingOn.Customer)]
    [InlineData(WaitingOn.Provider)]
    public void WaitingOnSomeoneOutsideSupportPauses(WaitingOn waitingOn)
    {
        var paused = Apply(Create().State, new WaitingOnChanged(waitingOn), At.Cet(3, 3, 9, 30));

        Assert.True(paused.State.Paused);
        Assert.Equal(SlaLight.None, Light(paused.State, At.Cet(3, 3, 9, 30)));
    }

    [Theory]
    [InlineData(WaitingOn.Support)]
    [InlineData(WaitingOn.None)]
    public void WaitingOnSupportOrNobodyDoesNotPause(WaitingOn waitingOn)
    {
        var s = Create().State;

        var t = Apply(s, new WaitingOnChanged(waitingOn), At.Cet(3, 3, 9, 30));

        Assert.Empty(t.Effects);
        Assert.Equal(s, t.State);
        Assert.Equal(SlaLight.Green, Light(t.State, At.Cet(3, 3, 9, 30)));
    }

    [Fact]
    public void MovingTheWaitFromTheCustomerToAProviderKeepsThePauseAsItWas()
    {
        var paused = Apply(Create().State, new WaitingOnChanged(WaitingOn.Customer), At.Cet(3, 3, 9, 30)).State;

        var t = Apply(paused, new WaitingOnChanged(WaitingOn.Provider), At.Cet(3, 3, 11));

        Assert.Empty(t.Effects);
        Assert.Equal(paused, t.State);
    }

    [Fact]
    public void ATicketOpenedWhileWaitingOnTheCustomerStartsPausedWithoutATimer()
    {
        var t = Create(waitingOn: WaitingOn.Customer);

        Assert.Empty(t.Effects);
        Assert.True(t.State.Paused);
        Assert.Null(t.State.NextTimerAt);
        Assert.Equal(SlaLight.None, Light(t.State, Opened));
    }

    [Fact]
    public void AnyTimerOfTheCurrentGenerationWhilePausedWarnsOfNothing()
    {
        // The sweep may deliver the current generation even though no timer was armed.
        var paused = Apply(Create().State, new WaitingOnChanged(WaitingOn.Customer), At.Cet(3, 3, 9, 30)).State;

        var t = Apply(paused, new TimerFired(paused.Generation), At.Cet(3, 5, 12));

        Assert.Empty(t.Effects);
        Assert.Equal(paused.Generation + 1, t.State.Generation);
        Assert.Equal(paused with { Generation = paused.Generation + 1 }, t.State);
    }

    [Fact]
    public void TheFirstPublicReplyStopsTheFirstResponseClock()
    {
        var t = Apply(Create().State, new FirstPublicStaffReply(), At.Cet(3, 3, 9, 20));

        Assert.Equal([new ScheduleTimer(At.Cet(3, 3, 15), 2)], t.Effects);
        Assert.True(t.State.FirstResponse.Stopped);
        Assert.Equal(At.Cet(3, 3, 9, 20), t.State.FirstResponse.MetAt);
        Assert.Equal(TimeSpan.FromMinutes(20), t.State.FirstResponse.Consumed);
        Assert.Equal(
            new SlaView(SlaLight.Green, null, At.Cet(3, 3, 17), Paused: false, EscalationLevel: 1, false, false),
            SlaMachine.Read(t.State, Policy, At.Cet(3, 3, 11)));

        // A second "first" reply changes nothing.
        var again = Apply(t.State, new FirstPublicStaffReply(), At.Cet(3, 3, 9, 40));
        Assert.Empty(again.Effects);
        Assert.Equal(t.State, again.State);
    }

    [Fact]
    public void AReplyAfterTheBreachStopsTheFirstResponseClockButItStaysBreached()
    {
        var breached = FireArmed(FireArmed(Create().State).State).State;

        var t = Apply(breached, new FirstPublicStaffReply(), At.Cet(3, 3, 10, 30));

        Assert.True(t.State.FirstResponse.Stopped);
        var view = SlaMachine.Read(t.State, Policy, At.Cet(3, 3, 10, 30));
        Assert.Equal((SlaLight.Green, true, (DateTimeOffset?)null), (view.Light, view.FirstResponseBreached, view.FirstResponseDueAt));
    }

    [Fact]
    public void RaisingThePriorityBringsTheDeadlinesForwardAndRearmsTheTimer()
    {
        // Low: first response warns after 12 business hours (Tuesday 12:00) and is due after 16.
        var low = Create(TicketPriority.Low);
        Assert.Equal([new ScheduleTimer(At.Cet(3, 4, 12), 1)], low.Effects);

        var critical = Apply(low.State, new PriorityChanged(TicketPriority.Critical), At.Cet(3, 3, 9, 30));

        Assert.Equal([new ScheduleTimer(At.Cet(3, 3, 9, 45), 2)], critical.Effects);
        Assert.Equal(TicketPriority.Critical, critical.State.Priority);
        var view = SlaMachine.Read(critical.State, Policy, At.Cet(3, 3, 9, 30));
        Assert.Equal((At.Cet(3, 3, 10), At.Cet(3, 3, 17)), (view.FirstResponseDueAt!.Value, view.ResolutionDueAt!.Value));
        Assert.Empty(Apply(critical.State, new TimerFired(low.State.Generation), At.Cet(3, 4, 12)).Effects);
    }

    [Fact]
    public void RaisingThePriorityPastItsDeadlineTurnsRedAtOnceAndTheTimerReportsItImmediately()
    {
        var low = Create(TicketPriority.Low).State;

        var critical = Apply(low, new PriorityChanged(TicketPriority.Critical), At.Cet(3, 3, 11));

        // The instant is already past: the host fires it at once.
        Assert.Equal([new ScheduleTimer(At.Cet(3, 3, 9, 45), 2)], critical.Effects);
        Assert.Equal(SlaLight.Red, Light(critical.State, At.Cet(3, 3, 11)));
        var fired = Apply(critical.State, new TimerFired(2), At.Cet(3, 3, 11));
        Assert.Equal(
            [
                new Warn(SlaClockKind.FirstResponse, At.Cet(3, 3, 10)),
                new Breach(SlaClockKind.FirstResponse, At.Cet(3, 3, 10)),
                new Escalate(1, 2, Policy.Ladder[0]),
                new ScheduleTimer(At.Cet(3, 3, 15), 3),
            ],
            fired.Effects);
    }

    [Fact]
    public void LoweringThePriorityAfterAWarningClearsItSoTheNewTargetWarnsAgain()
    {
        var warned = FireArmed(Create().State).State;
        Assert.True(warned.FirstResponse.Warned);

        var low = Apply(warned, new PriorityChanged(TicketPriority.Low), At.Cet(3, 3, 9, 50));

        Assert.False(low.State.FirstResponse.Warned);
        Assert.Equal([new ScheduleTimer(At.Cet(3, 4, 12), 3)], low.Effects);
        Assert.Equal(SlaLight.Green, Light(low.State, At.Cet(3, 3, 9, 50)));
        var fired = FireArmed(low.State);
        Assert.Equal(new Warn(SlaClockKind.FirstResponse, At.Cet(3, 4, 16)), fired.Effects[0]);
    }

    [Fact]
    public void LoweringThePriorityAfterABreachClearsItAndTheNewTargetCanBreachAndEscalateAgain()
    {
        var fourLevels = Policy with
        {
            Ladder = [.. new[] { 2, 3, 4 }.Select(level => new EscalationStep(level, TimeSpan.FromHours(8), ReassignToLevel: false, NotifyUserIds: []))],
        };
        var breached = FireArmed(FireArmed(Create(policy: fourLevels).State, fourLevels).State, fourLevels).State;
        Assert.Equal(2, breached.EscalationLevel);

        // High: the first response is due after four business hours, at 13:00, and warns at 12:00.
        var high = Apply(breached, new PriorityChanged(TicketPriority.High), At.Cet(3, 3, 10, 30), fourLevels);

        Assert.False(high.State.FirstResponse.Breached);
        Assert.False(high.State.FirstResponse.Warned);
        Assert.Equal(2, high.State.EscalationLevel);
        Assert.Equal([new ScheduleTimer(At.Cet(3, 3, 12), breached.Generation + 1)], high.Effects);
        Assert.Equal(SlaLight.Green, Light(high.State, At.Cet(3, 3, 10, 30), fourLevels));
        var warnedAgain = FireArmed(high.State, fourLevels);
        Assert.Equal(new Warn(SlaClockKind.FirstResponse, At.Cet(3, 3, 13)), warnedAgain.Effects[0]);
        var breachedAgain = FireArmed(warnedAgain.State, fourLevels);

        // Level 3 has eight business hours before level 4: Tuesday 12:00.
        Assert.Equal(
            [new Breach(SlaClockKind.FirstResponse, At.Cet(3, 3, 13)), new Escalate(2, 3, fourLevels.Ladder[1]), new ScheduleTimer(At.Cet(3, 4, 12), breachedAgain.State.Generation)],
            breachedAgain.Effects);
    }

    [Theory]
    [InlineData(TicketStatus.Finished)]
    [InlineData(TicketStatus.Cancelled)]
    [InlineData(TicketStatus.Closed)]
    public void ADoneTicketStopsEverythingAndIgnoresItsOldTimers(TicketStatus status)
    {
        var s = Create().State;

        var done = Apply(s, new StatusChanged(status), At.Cet(3, 3, 9, 30));

        Assert.Empty(done.Effects);
        Assert.True(done.State.Done);
        Assert.Null(done.State.NextTimerAt);
        Assert.Equal(s.Generation + 1, done.State.Generation);
        Assert.Equal(
            new SlaView(SlaLight.None, null, null, Paused: false, EscalationLevel: 1, false, false),
            SlaMachine.Read(done.State, Policy, At.Cet(3, 4, 12)));
        Assert.Empty(Apply(done.State, new TimerFired(s.Generation), At.Cet(3, 3, 9, 45)).Effects);
        Assert.Empty(Apply(done.State, new TimerFired(done.State.Generation), At.Cet(3, 4, 12)).Effects);
    }

    [Fact]
    public void ClosingAFinishedTicketChangesNothing()
    {
        var finished = Apply(Create().State, new StatusChanged(TicketStatus.Finished), At.Cet(3, 3, 9, 30)).State;

        var closed = Apply(finished, new StatusChanged(TicketStatus.Closed), At.Cet(3, 3, 12));

        Assert.Empty(closed.Effects);
        Assert.Equal(finished, closed.State);
    }

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.InProgress)]
    [InlineData(TicketStatus.Blocked)]
    public void MovingBetweenOpenStatusesChangesNothing(TicketStatus status)
    {
        var s = Create().State;

        var t = Apply(s, new StatusChanged(status), At.Cet(3, 3, 9, 30));

        Assert.Empty(t.Effects);
        Assert.Equal(s, t.State);
        Assert.Equal(s, Apply(s, new Reopened(), At.Cet(3, 3, 9, 30)).State);
    }

    [Fact]
    public void ReopeningRestartsTheResolutionClockUnderRestartResolution()
    {
        var finished = ReplyThenFinishAtNoon(Policy);

        var reopened = Apply(finished, new StatusChanged(TicketStatus.Open), At.Cet(3, 4, 9));

        Assert.False(reopened.State.Done);
        Assert.Equal([new ScheduleTimer(At.Cet(3, 4, 15), finished.Generation + 1)], reopened.Effects);
        var view = SlaMachine.Read(reopened.State, Policy, At.Cet(3, 4, 9));
        Assert.Equal(new SlaView(SlaLight.Green, null, At.Cet(3, 4, 17), false, 1, false, false), view);
        Assert.Equal(At.Cet(3, 3, 9, 10), reopened.State.FirstResponse.MetAt);
    }

    [Fact]
    public void ReopeningContinuesTheResolutionClockUnderContinueResolution()
    {
        var continuing = Policy with { Reopen = ReopenMode.ContinueResolution };
        var finished = ReplyThenFinishAtNoon(continuing);

        var reopened = Apply(finished, new Reopened(), At.Cet(3, 4, 9), continuing);

        // Three business hours were used before finishing: five remain, and the warning comes after six.
        Assert.Equal([new ScheduleTimer(At.Cet(3, 4, 12), finished.Generation + 1)], reopened.Effects);
        Assert.Equal(At.Cet(3, 4, 14), SlaMachine.Read(reopened.State, continuing, At.Cet(3, 4, 9)).ResolutionDueAt);
        Assert.True(reopened.State.FirstResponse.Stopped);
    }

    [Fact]
    public void RestartingClearsAResolutionBreachButKeepsTheEscalationLevel()
    {
        var breached = LateBreachOfTheResolution(Policy);

        var reopened = Apply(breached, new StatusChanged(TicketStatus.InProgress), At.Cet(3, 4, 9));

        Assert.Equal(
            new SlaView(SlaLight.Green, null, At.Cet(3, 4, 17), false, 2, false, false),
            SlaMachine.Read(reopened.State, Policy, At.Cet(3, 4, 9)));
        Assert.False(reopened.State.Resolution.Warned);
    }

    [Fact]
    public void ContinuingKeepsAResolutionBreachAndTheTicketIsRedAtOnce()
    {
        var continuing = Policy with { Reopen = ReopenMode.ContinueResolution };
        var breached = LateBreachOfTheResolution(continuing);

        var reopened = Apply(breached, new StatusChanged(TicketStatus.InProgress), At.Cet(3, 4, 9), continuing);

        // Continuing puts the past deadline later by the business time spent done (17:30-18:00).
        var view = SlaMachine.Read(reopened.State, continuing, At.Cet(3, 4, 9));
        Assert.Equal(new SlaView(SlaLight.Red, null, At.Cet(3, 3, 17, 30), false, 2, false, true), view);
        Assert.DoesNotContain(reopened.Effects, e => e is Breach or Escalate);
    }

    [Fact]
    public void ThePriorityChangedWhileDoneSetsTheTargetOfTheRestartedClock()
    {
        var finished = ReplyThenFinishAtNoon(Policy);
        var low = Apply(finished, new PriorityChanged(TicketPriority.Low), At.Cet(3, 3, 13)).State;

        var reopened = Apply(low, new Reopened(), At.Cet(3, 4, 9));

        Assert.Equal(TimeSpan.FromHours(80), reopened.State.Resolution.Target);
    }

    [Fact]
    public void ADuplicateTimerChangesNothing()
    {
        var s = Create().State;
        var first = FireArmed(s);

        var duplicate = Apply(first.State, new TimerFired(s.Generation), At.Cet(3, 3, 9, 45));

        Assert.Empty(duplicate.Effects);
        Assert.Same(first.State, duplicate.State);
    }

    [Fact]
    public void ATimerOfAnOlderGenerationChangesNothing()
    {
        var s = Apply(Create().State, new FirstPublicStaffReply(), At.Cet(3, 3, 9, 20)).State;

        var stale = Apply(s, new TimerFired(1), At.Cet(3, 3, 9, 45));

        Assert.Empty(stale.Effects);
        Assert.Same(s, stale.State);
    }

    [Fact]
    public void ATimerThatFiresEarlyOnlyRearms()
    {
        var s = Create().State;

        var early = Apply(s, new TimerFired(s.Generation), At.Cet(3, 3, 9, 40));

        Assert.Equal([new ScheduleTimer(At.Cet(3, 3, 9, 45), 2)], early.Effects);
        Assert.Equal(s with { Generation = 2 }, early.State);
    }

    [Fact]
    public void ALateTimerWarnsBreachesAndEscalatesExactlyOnce()
    {
        var s = Create().State;

        var late = Apply(s, new TimerFired(s.Generation), At.Cet(3, 3, 14));

        Assert.Equal(
            [
                new Warn(SlaClockKind.FirstResponse, At.Cet(3, 3, 10)),
                new Breach(SlaClockKind.FirstResponse, At.Cet(3, 3, 10)),
                new Escalate(1, 2, Policy.Ladder[0]),
                new ScheduleTimer(At.Cet(3, 3, 15), 2),
            ],
            late.Effects);
        Assert.Empty(Apply(late.State, new TimerFired(s.Generation), At.Cet(3, 3, 14)).Effects);
        Assert.Equal([new Warn(SlaClockKind.Resolution, At.Cet(3, 3, 17)), new ScheduleTimer(At.Cet(3, 3, 17), 3)], FireArmed(late.State).Effects);
    }

    [Fact]
    public void AVeryLateTimerReportsBothClocksOnceAndEachBreachClimbsOneRung()
    {
        var s = Create(policy: ThreeLevels).State;

        var late = Apply(s, new TimerFired(s.Generation), At.Cet(3, 4, 12), ThreeLevels);

        Assert.Equal(
            [
                new Warn(SlaClockKind.FirstResponse, At.Cet(3, 3, 10)),
                new Breach(SlaClockKind.FirstResponse, At.Cet(3, 3, 10)),
                new Escalate(1, 2, ThreeLevels.Ladder[0]),
                new Warn(SlaClockKind.Resolution, At.Cet(3, 3, 17)),
                new Breach(SlaClockKind.Resolution, At.Cet(3, 3, 17)),
                new Escalate(2, 3, ThreeLevels.Ladder[1]),
            ],
            late.Effects);
        Assert.Equal(3, late.State.EscalationLevel);
        Assert.Null(late.State.NextEscalationAt);
        Assert.Null(late.State.NextTimerAt);
    }

    [Fact]
    public void TheLadderIsClimbedAfterTheTimeAtEachLevelAndNeverBeyondItsTop()
    {
        var breached = FireArmed(FireArmed(Create(policy: ThreeLevels).State, ThreeLevels).State, ThreeLevels);
        Assert.Contains(new Escalate(1, 2, ThreeLevels.Ladder[0]), breached.Effects);
        Assert.Equal(At.Cet(3, 3, 12), breached.State.NextEscalationAt);
        Assert.Equal(At.Cet(3, 3, 12), breached.State.NextTimerAt);

        var level3 = FireArmed(breached.State, ThreeLevels);
        Assert.Equal([new Escalate(2, 3, ThreeLevels.Ladder[1]), new ScheduleTimer(At.Cet(3, 3, 15), breached.State.Generation + 1)], level3.Effects);
        Assert.Null(level3.State.NextEscalationAt);

        var resolutionWarned = FireArmed(level3.State, ThreeLevels);
        var resolutionBreached = FireArmed(resolutionWarned.State, ThreeLevels);
        Assert.Equal([new Breach(SlaClockKind.Resolution, At.Cet(3, 3, 17))], resolutionBreached.Effects);
        Assert.Equal(3, resolutionBreached.State.EscalationLevel);
    }

    [Fact]
    public void TheTimeAtALevelDoesNotRunWhileTheTicketIsPaused()
    {
        var breached = FireArmed(FireArmed(Create(policy: ThreeLevels).State, ThreeLevels).State, ThreeLevels).State;

        var paused = Apply(breached, new WaitingOnChanged(WaitingOn.Customer), At.Cet(3, 3, 11), ThreeLevels).State;
        Assert.Null(paused.NextEscalationAt);
        Assert.Equal(TimeSpan.FromHours(1), paused.EscalationRemaining);

        var resumed = Apply(paused, new WaitingOnChanged(WaitingOn.Support), At.Cet(3, 3, 14), ThreeLevels);
        Assert.Equal(At.Cet(3, 3, 15), resumed.State.NextEscalationAt);
        Assert.Null(resumed.State.EscalationRemaining);
        Assert.Equal([new ScheduleTimer(At.Cet(3, 3, 15), paused.Generation + 1)], resumed.Effects);
    }

    [Fact]
    public void EscalatingByHandClimbsToThatLevelAndStartsItsTime()
    {
        var s = Create(policy: ThreeLevels).State;

        var byHand = Apply(s, new EscalatedByHand(2), At.Cet(3, 3, 9, 10), ThreeLevels);

        Assert.Equal([new Escalate(1, 2, ThreeLevels.Ladder[0])], byHand.Effects);
        Assert.Equal((2, At.Cet(3, 3, 11, 10)), (byHand.State.EscalationLevel, byHand.State.NextEscalationAt!.Value));

        // The first-response breach still climbs one rung from where the technician left it.
        var breached = FireArmed(FireArmed(byHand.State, ThreeLevels).State, ThreeLevels);
        Assert.Contains(new Escalate(2, 3, ThreeLevels.Ladder[1]), breached.Effects);
    }

    [Fact]
    public void EscalatingByHandToTheTopLeavesNoEscalationTimer()
    {
        var byHand = Apply(Create(policy: ThreeLevels).State, new EscalatedByHand(3), At.Cet(3, 3, 9, 10), ThreeLevels);

        Assert.Equal([new Escalate(1, 3, ThreeLevels.Ladder[1])], byHand.Effects);
        Assert.Null(byHand.State.NextEscalationAt);
    }

    [Fact]
    public void EscalatingByHandWhilePausedStartsTheTimeAtTheLevelOnResume()
    {
        var paused = Apply(Create(policy: ThreeLevels).State, new WaitingOnChanged(WaitingOn.Customer), At.Cet(3, 3, 9, 30), ThreeLevels).State;
        var byHand = Apply(paused, new EscalatedByHand(2), At.Cet(3, 3, 10), ThreeLevels).State;

        var resumed = Apply(byHand, new WaitingOnChanged(WaitingOn.None), At.Cet(3, 3, 16, 30), ThreeLevels).State;

        Assert.Equal(At.Cet(3, 4, 9, 30), resumed.NextEscalationAt);
    }

    [Fact]
    public void EscalatingByHandToTheCurrentLevelChangesNothing()
    {
        var s = Apply(Create(policy: ThreeLevels).State, new EscalatedByHand(2), At.Cet(3, 3, 9, 10), ThreeLevels).State;

        var again = Apply(s, new EscalatedByHand(2), At.Cet(3, 3, 9, 20), ThreeLevels);

        Assert.Empty(again.Effects);
        Assert.Equal(s, again.State);
    }

    [Fact]
    public void EscalatingByHandOffTheLadderOrDownwardsIsRefused()
    {
        var atThree = Apply(Create(policy: ThreeLevels).State, new EscalatedByHand(3), At.Cet(3, 3, 9, 10), ThreeLevels).State;

        var offTheLadder = Assert.Throws<DomainException>(() => Apply(atThree, new EscalatedByHand(4), At.Cet(3, 3, 9, 20), ThreeLevels));
        var downwards = Assert.Throws<DomainException>(() => Apply(atThree, new EscalatedByHand(2), At.Cet(3, 3, 9, 20), ThreeLevels));

        Assert.Equal((DomainErrorKind.Invalid, "invalid_escalation_level"), (offTheLadder.Kind, offTheLadder.Code));
        Assert.Equal((DomainErrorKind.Conflict, "escalation_not_upwards"), (downwards.Kind, downwards.Code));
    }

    [Fact]
    public void ADeadlineMoreThanAWeekAwayIsReportedAsItIsAndAnEarlyDeliveryOnlyRearms()
    {
        // Low: the resolution warning comes after 60 business hours, on Tuesday of the following week.
        var replied = Apply(Create(TicketPriority.Low).State, new FirstPublicStaffReply(), At.Cet(3, 3, 9, 30));
        var warnAt = At.Cet(3, 11, 15);
        Assert.Equal([new ScheduleTimer(warnAt, 2)], replied.Effects);
        Assert.True(warnAt - At.Cet(3, 3, 9, 30) > TimeSpan.FromDays(7));

        // The queue cannot hold a message that long: the host delivers it after seven days.
        var early = Apply(replied.State, new TimerFired(2), At.Cet(3, 10, 9, 30));

        Assert.Equal([new ScheduleTimer(warnAt, 3)], early.Effects);
        Assert.Equal(
            new SlaView(SlaLight.Green, null, At.Cet(3, 13, 17), false, 1, false, false),
            SlaMachine.Read(early.State, Policy, At.Cet(3, 10, 9, 30)));
    }

    [Fact]
    public void AWarningByLeadTimeComesThatLongBeforeEachDeadline()
    {
        var policy = Policy with { Warning = WarningPoint.Before(TimeSpan.FromMinutes(30)) };
        var replied = Apply(Create(policy: policy).State, new FirstPublicStaffReply(), At.Cet(3, 3, 9, 5), policy);

        Assert.Equal([new ScheduleTimer(At.Cet(3, 3, 16, 30), 2)], replied.Effects);
    }

    [Fact]
    public void TheStateSurvivesAJsonRoundTrip()
    {
        var s = FireArmed(FireArmed(Create(policy: ThreeLevels).State, ThreeLevels).State, ThreeLevels).State;
        s = Apply(s, new WaitingOnChanged(WaitingOn.Customer), At.Cet(3, 3, 11), ThreeLevels).State;
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

        var json = JsonSerializer.Serialize(s, options);
        var back = JsonSerializer.Deserialize<SlaState>(json, options);

        Assert.Equal(s, back);
        Assert.Contains("\"priority\":\"Critical\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyCreatedMayStartFromNoState()
    {
        Assert.Throws<ArgumentNullException>(() => Apply(null, new FirstPublicStaffReply(), Opened));
    }

    [Fact]
    public void ADuplicateCreatedChangesNothing()
    {
        var s = Create().State;

        var again = Apply(s, new Created(TicketPriority.Low, WaitingOn.None), At.Cet(3, 3, 9, 5));

        Assert.Empty(again.Effects);
        Assert.Same(s, again.State);
    }

    [Fact]
    public void AnInvalidPolicyIsRefusedBeforeAnythingHappens()
    {
        var broken = Policy with { Warning = WarningPoint.AtPercent(120) };

        Assert.Throws<DomainException>(() => SlaMachine.Apply(null, new Created(TicketPriority.Low, WaitingOn.None), broken, Opened));
    }

    private static SlaTransition Apply(SlaState? state, SlaEvent e, DateTimeOffset now, SlaPolicy? policy = null) =>
        SlaMachine.Apply(state, e, policy ?? Policy, now);

    private static SlaTransition Create(TicketPriority priority = TicketPriority.Critical, WaitingOn waitingOn = WaitingOn.None, SlaPolicy? policy = null) =>
        Apply(null, new Created(priority, waitingOn), Opened, policy);

    /// <summary>Delivers the armed timer exactly when it is due, as the host would.</summary>
    private static SlaTransition FireArmed(SlaState state, SlaPolicy? policy = null) =>
        Apply(state, new TimerFired(state.Generation), state.NextTimerAt ?? throw new InvalidOperationException("No timer is armed."), policy);

    private static SlaLight Light(SlaState state, DateTimeOffset now, SlaPolicy? policy = null) =>
        SlaMachine.Read(state, policy ?? Policy, now).Light;

    /// <summary>Replied at 09:10 and finished at 12:00 on Monday: three business hours of resolution used.</summary>
    private static SlaState ReplyThenFinishAtNoon(SlaPolicy policy)
    {
        var s = Apply(Create(policy: policy).State, new FirstPublicStaffReply(), At.Cet(3, 3, 9, 10), policy).State;
        return Apply(s, new StatusChanged(TicketStatus.Finished), At.Cet(3, 3, 12), policy).State;
    }

    /// <summary>Replied at 09:10; the resolution timer arrives at 17:15, late; finished at 17:30.</summary>
    private static SlaState LateBreachOfTheResolution(SlaPolicy policy)
    {
        var s = Apply(Create(policy: policy).State, new FirstPublicStaffReply(), At.Cet(3, 3, 9, 10), policy).State;
        var late = Apply(s, new TimerFired(s.Generation), At.Cet(3, 3, 17, 15), policy);
        Assert.Contains(new Breach(SlaClockKind.Resolution, At.Cet(3, 3, 17)), late.Effects);
        Assert.Contains(new Escalate(1, 2, policy.Ladder[0]), late.Effects);
        return Apply(late.State, new StatusChanged(TicketStatus.Finished), At.Cet(3, 3, 17, 30), policy).State;
    }
}
