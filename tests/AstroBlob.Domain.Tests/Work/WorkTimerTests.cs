using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Work;

public class WorkTimerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 4, 9, 0, 0, TimeSpan.Zero);

    private static TimerState Started() => WorkTimer.Start(Technician, NewTicket().State, "Cambio de enfocador", billable: null, T0);

    [Fact]
    public void PausedTimeDoesNotCount()
    {
        var timer = WorkTimer.Pause(Started(), T0.AddMinutes(20));
        timer = WorkTimer.Resume(timer, T0.AddMinutes(50));

        Assert.Equal(TimeSpan.FromMinutes(20), timer.Elapsed(T0.AddMinutes(50)));
        Assert.Equal(TimeSpan.FromMinutes(30), timer.Elapsed(T0.AddMinutes(60)));
        var period = WorkTimer.Stop(timer, null, T0.AddMinutes(60));
        Assert.Equal((T0, T0.AddMinutes(60), 30), (period.StartedAt, period.EndedAt, period.Minutes));
    }

    [Fact]
    public void PausingAPausedTimerOrResumingARunningOneIsAConflict()
    {
        var paused = WorkTimer.Pause(Started(), T0.AddMinutes(1));

        AssertRefused(DomainErrorKind.Conflict, "timer_paused", () => WorkTimer.Pause(paused, T0.AddMinutes(2)));
        AssertRefused(DomainErrorKind.Conflict, "timer_running", () => WorkTimer.Resume(Started(), T0.AddMinutes(2)));
    }

    [Fact]
    public void ATimerStoppedWithinSecondsIsStillAMinuteOfWork()
    {
        var period = WorkTimer.Stop(Started(), null, T0.AddSeconds(12));

        Assert.Equal(1, period.Minutes);
        Assert.Equal(T0.AddMinutes(1), period.EndedAt);
    }

    [Fact]
    public void AForgottenTimerCannotBeStoppedWithoutSayingHowLongTheWorkWas()
    {
        var twoDaysLater = T0.AddDays(2);

        AssertRefused(DomainErrorKind.Conflict, "timer_too_long", () => WorkTimer.Stop(Started(), null, twoDaysLater));
        Assert.Equal(120, WorkTimer.Stop(Started(), 120, twoDaysLater).Minutes);
    }

    [Fact]
    public void TheMinutesSaidAtStopCannotExceedTheTimeTheTimerExisted() =>
        AssertRefused(DomainErrorKind.Invalid, "minutes_exceed_period", () => WorkTimer.Stop(Started(), 90, T0.AddMinutes(30)));

    [Theory]
    [InlineData(TicketStatus.Finished)]
    [InlineData(TicketStatus.Cancelled)]
    [InlineData(TicketStatus.Closed)]
    public void ATimerDoesNotStartOnADoneTicket(TicketStatus status) =>
        AssertRefused(DomainErrorKind.Conflict, "ticket_done", () => WorkTimer.Start(Technician, InStatus(status).State, null, null, T0));

    [Fact]
    public void CustomersHaveNoTimer() =>
        AssertRefused(DomainErrorKind.Forbidden, "staff_only", () => WorkTimer.Start(Requester, NewTicket().State, null, null, T0));
}
