using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Work;

public class ReportTests
{
    private static readonly DateTimeOffset Now = new(2025, 9, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ReportPeriod July = ReportPeriod.Parse("2025-07-01", "2025-08-01", "Atlantic/Canary");

    [Fact]
    public void APeriodStartsAndEndsAtLocalMidnightInTheObservatorysZone()
    {
        Assert.Equal(new DateTimeOffset(2025, 6, 30, 23, 0, 0, TimeSpan.Zero), July.Start);
        Assert.Equal(new DateTimeOffset(2025, 7, 31, 23, 0, 0, TimeSpan.Zero), July.End);
    }

    [Fact]
    public void HalfPastElevenOnTheThirtyFirstCountsInThatMonthThoughItIsAlreadyAugustInUtcPlusTwo()
    {
        var madridJuly = ReportPeriod.Parse("2025-07-01", "2025-08-01", "Europe/Madrid");
        var lateOnTheThirtyFirst = new DateTimeOffset(2025, 7, 31, 23, 30, 0, TimeSpan.FromHours(2));
        var justAfterMidnight = new DateTimeOffset(2025, 8, 1, 0, 30, 0, TimeSpan.FromHours(2));

        Assert.True(madridJuly.Contains(lateOnTheThirtyFirst));
        Assert.Equal(new DateOnly(2025, 7, 31), madridJuly.LocalDateOf(lateOnTheThirtyFirst));
        Assert.False(madridJuly.Contains(justAfterMidnight));
        Assert.Equal(new DateOnly(2025, 7, 31), DateOnly.FromDateTime(justAfterMidnight.UtcDateTime));
    }

    [Fact]
    public void ADayThatLosesAnHourToSummerTimeIsTwentyThreeHoursLong()
    {
        var springForward = ReportPeriod.Parse("2025-03-30", "2025-03-31", "Europe/Madrid");

        Assert.Equal(TimeSpan.FromHours(23), springForward.End - springForward.Start);
    }

    [Theory]
    [InlineData("2025-08-01", "2025-07-01", "invalid_range", "to")]
    [InlineData("2025-07-01", "2025-07-01", "invalid_range", "to")]
    [InlineData("2025-01-01", "2026-01-03", "range_too_long", "to")]
    [InlineData("01/07/2025", "2025-08-01", "invalid_date", "from")]
    [InlineData(null, "2025-08-01", "required", "from")]
    public void ABadRangeIsRefusedNamingTheParameter(string? from, string? to, string code, string field)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, code, () => ReportPeriod.Parse(from, to, "Europe/Madrid"));

        Assert.Equal(field, e.Data["field"]);
    }

    private static WorkLine Line(string customer, string? telescope, string technician, TicketType type, long? minutes, bool billable, decimal? amount, string currency = "EUR", WorkLineKind kind = WorkLineKind.Time) => new()
    {
        Kind = kind,
        Id = Guid.NewGuid().ToString("N"),
        Date = new DateOnly(2025, 7, 10),
        TicketCode = "DEMO-000001",
        CustomerId = customer,
        TelescopeId = telescope,
        TicketType = type,
        TechnicianId = technician,
        TechnicianName = technician,
        Text = string.Empty,
        Minutes = minutes,
        Quantity = kind == WorkLineKind.Time ? null : 1m,
        Billable = billable,
        Currency = currency,
        Amount = amount,
    };

    private static readonly WorkLine[] Lines =
    [
        Line("c-acme", "t-1", "u-tech", TicketType.Repair, 60, true, 40.00m),
        Line("c-acme", null, "u-tech", TicketType.Repair, 30, false, 20.00m),
        Line("c-acme", "t-1", "u-tech2", TicketType.Visit, 45, true, null),
        Line("c-orion", "t-2", "u-tech2", TicketType.Visit, null, true, 120.50m, kind: WorkLineKind.Product),
        Line("c-orion", "t-2", "u-tech2", TicketType.Visit, 15, true, 10.00m, currency: "USD"),
    ];

    [Fact]
    public void WorkIsAddedUpPerCustomerAndCurrency()
    {
        var rows = WorkReport.Aggregate(Lines, ReportDimension.Customer);

        Assert.Equal(
            [
                new WorkReportRow("c-acme", "EUR", 105, 30, 45, 40.00m, 20.00m, 0.00m, 0.00m),
                new WorkReportRow("c-orion", "EUR", 0, 0, 0, 0.00m, 0.00m, 120.50m, 0.00m),
                new WorkReportRow("c-orion", "USD", 15, 0, 0, 10.00m, 0.00m, 0.00m, 0.00m),
            ],
            rows);
        Assert.Equal(160.50m, rows[0].BillableTotal + rows[1].BillableTotal);
    }

    [Fact]
    public void WorkOnTicketsWithoutATelescopeIsGroupedUnderNoneListedLast()
    {
        var rows = WorkReport.Aggregate(Lines, ReportDimension.Telescope);

        Assert.Equal(["t-1", "t-2", "t-2", null], rows.Select(r => r.Key));
        Assert.Equal(30, rows[^1].NonBillableMinutes);
    }

    [Fact]
    public void WorkIsAddedUpPerTechnicianAndPerTicketType()
    {
        Assert.Equal(["u-tech", "u-tech2", "u-tech2"], WorkReport.Aggregate(Lines, ReportDimension.Technician).Select(r => r.Key));
        var byType = WorkReport.Aggregate(Lines, ReportDimension.Type);
        Assert.Equal([("repair", "EUR"), ("visit", "EUR"), ("visit", "USD")], byType.Select(r => (r.Key, r.Currency)));
        Assert.Equal(45, byType[1].UnpricedBillableMinutes);
    }

    [Fact]
    public void ThePeriodsTotalsArePerCurrency() =>
        Assert.Equal(
            [new WorkReportRow(null, "EUR", 105, 30, 45, 40.00m, 20.00m, 120.50m, 0.00m), new WorkReportRow(null, "USD", 15, 0, 0, 10.00m, 0.00m, 0.00m, 0.00m)],
            WorkReport.Totals(Lines));

    [Fact]
    public void ALineOfATimeEntryTakesItsLocalDateAndItsTicketsCurrentCuts()
    {
        var ticket = NewTicket().State with { TelescopeId = "t-moved" };
        var entry = TimeEntries.Create(
            "e1", ticket.Code, Technician.UserId, Technician.Name,
            WorkPeriod.Resolve(new DateTimeOffset(2025, 7, 31, 23, 30, 0, TimeSpan.FromHours(1)), null, 60, Now),
            "nota", true, 30m, "EUR", TimeSource.Manual, Technician, Now);

        var line = WorkLine.FromTime(entry, ticket, July);

        Assert.Equal(new DateOnly(2025, 7, 31), line.Date);
        Assert.Equal(CustomerId, line.CustomerId);
        Assert.Equal("t-moved", line.TelescopeId);
        Assert.Equal(TicketType.Repair, line.TicketType);
        Assert.Equal(30.00m, line.Amount);
        Assert.True(July.Contains(entry.StartedAt));
    }
}
