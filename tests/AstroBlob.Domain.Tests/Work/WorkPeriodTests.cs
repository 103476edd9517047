using AstroBlob.Domain.Common;
using AstroBlob.Domain.Work;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Work;

public class WorkPeriodTests
{
    private static readonly DateTimeOffset Now = new(2025, 7, 10, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NineCanary = new(2025, 7, 10, 9, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void StartAndEndGiveTheMinutesBetweenThem()
    {
        var period = WorkPeriod.Resolve(NineCanary, NineCanary.AddMinutes(95), null, Now);

        Assert.Equal(95, period.Minutes);
        Assert.Equal(new DateTimeOffset(2025, 7, 10, 8, 0, 0, TimeSpan.Zero), period.StartedAt);
        Assert.Equal(TimeSpan.Zero, period.StartedAt.Offset);
    }

    [Fact]
    public void StartAndADurationEndThatManyMinutesLater()
    {
        var period = WorkPeriod.Resolve(NineCanary, null, 45, Now);

        Assert.Equal(NineCanary.AddMinutes(45), period.EndedAt);
    }

    [Fact]
    public void OnlyADurationIsWorkThatJustEnded()
    {
        var period = WorkPeriod.Resolve(null, null, 30, Now);

        Assert.Equal((Now.AddMinutes(-30), Now), (period.StartedAt, period.EndedAt));
    }

    [Fact]
    public void SecondsAreRoundedToTheNearestMinuteHalfAMinuteUp()
    {
        Assert.Equal(10, WorkPeriod.Resolve(NineCanary, NineCanary.AddSeconds(629), null, Now).Minutes);
        Assert.Equal(11, WorkPeriod.Resolve(NineCanary, NineCanary.AddSeconds(630), null, Now).Minutes);
    }

    [Fact]
    public void AnEndBeforeTheStartIsRefusedNamingTheEnd()
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "end_before_start", () => WorkPeriod.Resolve(NineCanary, NineCanary.AddMinutes(-5), null, Now));

        Assert.Equal("endedAt", e.Data["field"]);
        AssertRefused(DomainErrorKind.Invalid, "end_before_start", () => WorkPeriod.Resolve(NineCanary, NineCanary, null, Now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-15)]
    public void ANegativeOrZeroDurationIsRefused(int minutes)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "duration_not_positive", () => WorkPeriod.Resolve(NineCanary, null, minutes, Now));

        Assert.Equal("minutes", e.Data["field"]);
    }

    [Fact]
    public void AnEntryMayLastADayButNotMore()
    {
        WorkPeriod.Resolve(null, null, WorkPeriod.MaxMinutes, Now);

        AssertRefused(DomainErrorKind.Invalid, "duration_too_long", () => WorkPeriod.Resolve(null, null, WorkPeriod.MaxMinutes + 1, Now));
        AssertRefused(DomainErrorKind.Invalid, "duration_too_long", () => WorkPeriod.Resolve(NineCanary.AddDays(-3), NineCanary, null, Now));
    }

    [Fact]
    public void MinutesCannotExceedTheTimeFromStartToEnd()
    {
        WorkPeriod.Resolve(NineCanary, NineCanary.AddHours(2), 90, Now);

        AssertRefused(DomainErrorKind.Invalid, "minutes_exceed_period", () => WorkPeriod.Resolve(NineCanary, NineCanary.AddHours(1), 61, Now));
    }

    [Fact]
    public void WorkCannotEndInTheFutureBeyondClockSkew()
    {
        WorkPeriod.Resolve(null, Now.AddMinutes(1), 10, Now);

        var e = AssertRefused(DomainErrorKind.Invalid, "in_future", () => WorkPeriod.Resolve(Now.AddMinutes(10), null, 10, Now));
        Assert.Equal("startedAt", e.Data["field"]);
    }

    [Fact]
    public void AnImplausiblyEarlyStartIsRefused() =>
        AssertRefused(DomainErrorKind.Invalid, "out_of_range", () => WorkPeriod.Resolve(new DateTimeOffset(26, 7, 10, 9, 0, 0, TimeSpan.Zero), null, 60, Now));

    [Fact]
    public void NothingButAStartIsNotEnoughToKnowTheDuration() =>
        AssertRefused(DomainErrorKind.Invalid, "duration_required", () => WorkPeriod.Resolve(NineCanary, null, null, Now));
}
