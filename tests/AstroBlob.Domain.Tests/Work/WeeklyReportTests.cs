using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Work;

public class WeeklyReportTests
{
    private const string Madrid = "Europe/Madrid";

    [Theory]
    [InlineData("2026-03-02", "2026-03-02")] // a Monday
    [InlineData("2026-03-08", "2026-03-02")] // the Sunday after
    [InlineData("2026-03-01", "2026-02-23")] // a Sunday: the week began in February
    public void WeeksStartOnMonday(string date, string monday) =>
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), WeeklyReport.WeekStart(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void TicketsCountInTheWeekOfTheirLocalDateAndFinishedOnesAreJudged()
    {
        var period = ReportPeriod.Create(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 16), Madrid);
        var policy = SlaPolicy.Default(Madrid);
        // Sunday 1 March 23:30 in Madrid is 22:30 UTC: the week of 23 February.
        var lateSunday = NewTicket().State with { CreatedAt = new DateTimeOffset(2026, 3, 1, 22, 30, 0, TimeSpan.Zero) };
        // Monday 2 March 00:30 in Madrid is still Sunday in UTC: the week of 2 March.
        var earlyMonday = NewTicket().State with { CreatedAt = new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero) };
        var beforePeriod = NewTicket().State with { CreatedAt = new DateTimeOffset(2026, 2, 20, 10, 0, 0, TimeSpan.Zero) };
        var finishedWeek2 = beforePeriod with { Status = TicketStatus.Finished, FinishedAt = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero) };

        var rows = WeeklyReport.Build(period, [lateSunday, earlyMonday, beforePeriod], [finishedWeek2], policy, finishedWeek2.FinishedAt!.Value.AddDays(1));

        // The period ends before Monday 16 March: three weeks, the first only partly inside.
        Assert.Equal([new DateOnly(2026, 2, 23), new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 9)], rows.Select(r => r.WeekStart));
        Assert.Equal([1, 1, 0], rows.Select(r => r.Opened));
        Assert.Equal([0, 0, 1], rows.Select(r => r.Finished));
        Assert.Equal([0, 0, 1], rows.Select(r => r.SlaMet));
        Assert.All(rows, r => Assert.Equal(0, r.SlaBreached));
    }
}
