using AstroBlob.Functions.Triggers;
using Cronos;

namespace AstroBlob.Functions.Tests.Triggers;

/// <summary>Finding the latest missed occurrence without replaying every one of them.</summary>
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CronExpression Cron(string expression) => CronExpression.Parse(expression, CronFormat.IncludeSeconds);

    [Fact]
    public void TheLatestOccurrenceOfAnEverySecondScheduleMonthsLaterIsTheLastWholeSecond() =>
        Assert.Equal(
            new DateTimeOffset(2026, 3, 1, 12, 34, 56, TimeSpan.Zero),
            Cron("* * * * * *").LatestBetween(Start, new DateTimeOffset(2026, 3, 1, 12, 34, 56, 789, TimeSpan.Zero)));

    [Fact]
    public void TheUpperBoundIsInclusiveAndTheLowerExclusive()
    {
        var hourly = Cron("0 0 * * * *");
        Assert.Equal(Start.AddHours(5), hourly.LatestBetween(Start, Start.AddHours(5)));
        Assert.Null(hourly.LatestBetween(Start, Start.AddMinutes(59)));
        Assert.Equal(Start.AddHours(1), hourly.LatestBetween(Start, Start.AddHours(1)));
    }

    [Fact]
    public void IrregularSchedulesFindTheirLatestOccurrence()
    {
        // Weekdays at 8:15, 8:30, 17:15 and 17:30: from New Year 2026 (a Thursday) to Sunday 11 January noon.
        var cron = Cron("0 30,15 8,17 * * MON-FRI");
        var latest = cron.LatestBetween(Start, new DateTimeOffset(2026, 1, 11, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 1, 9, 17, 30, 0, TimeSpan.Zero), latest);
    }
}
