using System.Globalization;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Work;

public class MoneyAndCostsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2025, 3, 4);

    private static CostState Cost(decimal quantity, decimal unitPrice, bool billable = true, string currency = "EUR", DateOnly? date = null) =>
        CostLines.Create("c1", "DEMO-000042", CostKind.Product, "Filtro Hα", quantity, unitPrice, billable, date ?? Today, Today, currency, Technician, Now);

    private static TimeEntryState Time(int minutes, bool billable, decimal? rate, string currency = "EUR") => TimeEntries.Create(
        Guid.NewGuid().ToString("N"), "DEMO-000042", Technician.UserId, "T", WorkPeriod.Resolve(null, null, minutes, Now), null, billable, rate, currency, TimeSource.Manual, Technician, Now);

    [Theory]
    [InlineData("2.345", "2.35")]
    [InlineData("2.355", "2.36")]
    [InlineData("-2.345", "-2.35")]
    [InlineData("7", "7.00")]
    [InlineData("7.5", "7.50")]
    public void MoneyRoundsHalfAwayFromZeroToTwoDecimalsAndShowsBoth(string value, string rounded) =>
        Assert.Equal(rounded, Money.Round(decimal.Parse(value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void TimeIsPricedPerMinuteAtTheHourlyRate()
    {
        Assert.Equal(12.33m, Money.ForMinutes(37m, 20));
        Assert.Null(Money.ForMinutes(null, 20));
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("")]
    public void ACurrencyIsThreeCapitalLetters(string code) =>
        AssertRefused(DomainErrorKind.Invalid, "invalid_currency", () => Money.Currency(code));

    [Fact]
    public void ALineIsWorthItsQuantityTimesItsUnitPriceInCents() =>
        Assert.Equal(41.63m, Cost(2.5m, 16.65m).Amount);

    [Theory]
    [InlineData("0", "out_of_range")]
    [InlineData("-1", "out_of_range")]
    [InlineData("100000.001", "out_of_range")]
    [InlineData("1.0001", "too_many_decimals")]
    public void AnAbsurdQuantityIsRefusedNamingTheField(string quantity, string code)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, code, () => Cost(decimal.Parse(quantity, CultureInfo.InvariantCulture), 10m));

        Assert.Equal("quantity", e.Data["field"]);
    }

    [Theory]
    [InlineData("-0.01", "out_of_range")]
    [InlineData("1000000.01", "out_of_range")]
    [InlineData("0.001", "too_many_decimals")]
    public void AnAbsurdUnitPriceIsRefused(string price, string code) =>
        AssertRefused(DomainErrorKind.Invalid, code, () => Cost(1m, decimal.Parse(price, CultureInfo.InvariantCulture)));

    [Fact]
    public void AFreeLineIsAllowed() => Assert.Equal(0.00m, Cost(3m, 0m).Amount);

    [Fact]
    public void ACostCannotBeDatedAfterToday()
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "in_future", () => Cost(1m, 1m, date: Today.AddDays(1)));

        Assert.Equal("date", e.Data["field"]);
    }

    [Fact]
    public void ADescriptionIsRequired() =>
        AssertRefused(DomainErrorKind.Invalid, "required", () =>
            CostLines.Create("c1", "DEMO-000042", CostKind.Expense, "  ", 1m, 1m, true, Today, Today, "EUR", Technician, Now));

    [Fact]
    public void EditingALineRecordsOnlyWhatReallyChanged()
    {
        var (edited, changes) = CostLines.Edit(Cost(2m, 10m), new CostPatch { Quantity = 2.0m, UnitPrice = 12m, Kind = CostKind.Expense }, Today, Technician, Now);

        Assert.Equal([new FieldChange("kind", "product", "expense"), new FieldChange("unitPrice", "10.00", "12.00")], changes);
        Assert.Equal(24.00m, edited.Amount);
        AssertRefused(DomainErrorKind.Forbidden, "not_your_entry", () => CostLines.Edit(edited, new CostPatch { Quantity = 1m }, Today, OtherTechnician, Now));
    }

    [Fact]
    public void TicketTotalsSplitBillableFromNotAndLeaveDeletedEntriesOut()
    {
        var deleted = TimeEntries.Delete(Time(600, true, 40m), Technician, Now)!;
        var totals = WorkTotals.Time([Time(90, true, 40m), Time(30, true, null), Time(45, false, 40m), deleted]);

        Assert.Equal((120L, 45L, 30L), (totals.BillableMinutes, totals.NonBillableMinutes, totals.UnpricedBillableMinutes));
        Assert.Equal([new MoneyTotal("EUR", 60.00m, 30.00m)], totals.Amounts);
    }

    [Fact]
    public void AmountsInDifferentCurrenciesAreNeverAddedTogether()
    {
        var time = WorkTotals.Time([Time(60, true, 40m, "EUR"), Time(60, true, 50m, "USD")]);
        var costs = WorkTotals.Costs([Cost(1m, 10m, billable: false), Cost(1m, 5m, currency: "USD")]);

        Assert.Equal([new MoneyTotal("EUR", 40.00m, 10.00m), new MoneyTotal("USD", 55.00m, 0.00m)], WorkTotals.Combined(time, costs));
        Assert.Equal(2, costs.Lines);
    }
}
