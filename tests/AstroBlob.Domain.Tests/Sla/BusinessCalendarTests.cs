using AstroBlob.Domain.Common;
using AstroBlob.Domain.Sla;

namespace AstroBlob.Domain.Tests.Sla;

public class BusinessCalendarTests
{
    private const string Madrid = "Europe/Madrid";
    private const string Canary = "Atlantic/Canary";

    private static readonly BusinessCalendar MadridOffice = BusinessCalendar.OfficeHours(Madrid);

    private static readonly BusinessCalendar SplitShifts = new()
    {
        TimeZone = Madrid,
        Hours =
        [
            .. Weekdays.SelectMany(day => new[]
            {
                new WorkingHours(day, new TimeOnly(9, 0), new TimeOnly(14, 0)),
                new WorkingHours(day, new TimeOnly(16, 0), new TimeOnly(19, 0)),
            }),
        ],
    };

    /// <summary>Open all day every day, spelled out as periods instead of <see cref="BusinessCalendar.AlwaysOpen"/>.</summary>
    private static readonly BusinessCalendar EveryDayAllDay = new()
    {
        TimeZone = Madrid,
        Hours = [.. Enum.GetValues<DayOfWeek>().Select(day => new WorkingHours(day, TimeOnly.MinValue, TimeOnly.MinValue))],
    };

    private static DayOfWeek[] Weekdays =>
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    [Fact]
    public void OfficeHoursSkipTheWeekend()
    {
        var friday = At.Cet(3, 7, 17);

        Assert.Equal(At.Cet(3, 10, 10), MadridOffice.AddBusinessTime(friday, TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromHours(2), MadridOffice.BusinessTimeBetween(friday, At.Cet(3, 10, 10)));
        Assert.False(MadridOffice.IsOpen(At.Cet(3, 8, 12)));
    }

    [Fact]
    public void AHolidayHasNoWorkingTime()
    {
        var calendar = MadridOffice with { Holidays = [new DateOnly(2025, 5, 1)] };

        Assert.Equal(At.Cest(5, 2, 10), calendar.AddBusinessTime(At.Cest(4, 30, 17), TimeSpan.FromHours(2)));
        Assert.False(calendar.IsOpen(At.Cest(5, 1, 12)));
        Assert.True(calendar.IsOpen(At.Cest(5, 2, 12)));
        Assert.Equal(TimeSpan.FromHours(9), calendar.BusinessTimeBetween(At.Cest(4, 30, 18), At.Cest(5, 3, 0)));
    }

    [Fact]
    public void SplitPeriodsLeaveTheMiddayBreakOut()
    {
        Assert.Equal(At.Cet(3, 3, 17), SplitShifts.AddBusinessTime(At.Cet(3, 3, 13), TimeSpan.FromHours(2)));
        Assert.True(SplitShifts.IsOpen(At.Cet(3, 3, 13, 59)));
        Assert.False(SplitShifts.IsOpen(At.Cet(3, 3, 14)));
        Assert.False(SplitShifts.IsOpen(At.Cet(3, 3, 15)));
        Assert.True(SplitShifts.IsOpen(At.Cet(3, 3, 16)));
        Assert.Equal(TimeSpan.FromHours(8), SplitShifts.BusinessTimeBetween(At.Cet(3, 3, 8), At.Cet(3, 3, 20)));
    }

    [Fact]
    public void StartingOutsideWorkingHoursCountsFromTheNextOpening()
    {
        Assert.Equal(At.Cet(3, 10, 10), MadridOffice.AddBusinessTime(At.Cet(3, 8, 10), TimeSpan.FromHours(1)));
        Assert.Equal(At.Cet(3, 3, 10), MadridOffice.AddBusinessTime(At.Cet(3, 3, 7), TimeSpan.FromHours(1)));
        Assert.Equal(At.Cet(3, 4, 10), MadridOffice.AddBusinessTime(At.Cet(3, 3, 18), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void ZeroBusinessTimeFromAClosedInstantIsThatInstantInUtc()
    {
        var saturday = At.Cet(3, 8, 10);

        var result = MadridOffice.AddBusinessTime(saturday, TimeSpan.Zero);

        Assert.Equal(saturday, result);
        Assert.Equal(TimeSpan.Zero, result.Offset);
    }

    [Fact]
    public void AnAmountThatRunsOutAtClosingTimeEndsAtClosingTime()
    {
        Assert.Equal(At.Cet(3, 3, 18), MadridOffice.AddBusinessTime(At.Cet(3, 3, 9), TimeSpan.FromHours(9)));
        Assert.Equal(At.Cet(3, 3, 9), MadridOffice.SubtractBusinessTime(At.Cet(3, 3, 18), TimeSpan.FromHours(9)));
    }

    [Fact]
    public void ResultsAreInUtcWhateverTheOffsetOfTheStart()
    {
        var inMadrid = At.Cet(3, 3, 9);
        var sameInstantInTokyo = inMadrid.ToOffset(TimeSpan.FromHours(9));

        var result = MadridOffice.AddBusinessTime(sameInstantInTokyo, TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.Zero, result.Offset);
        Assert.Equal(MadridOffice.AddBusinessTime(inMadrid, TimeSpan.FromHours(1)), result);
    }

    [Fact]
    public void OfficeHoursAcrossTheSpringForwardWeekendStillOpenAtLocalNine()
    {
        // Madrid moves from +01:00 to +02:00 on Sunday 30 March 2025.
        var result = MadridOffice.AddBusinessTime(At.Cet(3, 28, 17), TimeSpan.FromHours(2));

        Assert.Equal(At.Cest(3, 31, 10), result);
        Assert.Equal(new DateTimeOffset(2025, 3, 31, 8, 0, 0, TimeSpan.Zero), result);
    }

    [Fact]
    public void OfficeHoursAcrossTheFallBackWeekendStillOpenAtLocalNine()
    {
        // Madrid moves from +02:00 back to +01:00 on Sunday 26 October 2025.
        var result = MadridOffice.AddBusinessTime(At.Cest(10, 24, 17), TimeSpan.FromHours(2));

        Assert.Equal(At.Cet(10, 27, 10), result);
        Assert.Equal(new DateTimeOffset(2025, 10, 27, 9, 0, 0, TimeSpan.Zero), result);
    }

    [Fact]
    public void APeriodOnTheSpringForwardDayStartsAtLocalNine()
    {
        var sundays = new BusinessCalendar
        {
            TimeZone = Madrid,
            Hours = [new WorkingHours(DayOfWeek.Sunday, new TimeOnly(9, 0), new TimeOnly(18, 0))],
        };

        Assert.Equal(At.Cest(3, 30, 10), sundays.AddBusinessTime(At.Cet(3, 29, 12), TimeSpan.FromHours(1)));
        Assert.False(sundays.IsOpen(At.Cest(3, 30, 8, 59)));
        Assert.True(sundays.IsOpen(At.Cest(3, 30, 9)));
        Assert.Equal(TimeSpan.FromHours(9), sundays.BusinessTimeBetween(At.Cet(3, 29, 0), At.Cest(3, 31, 0)));
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(10, 7)]
    public void APeriodAcrossTheClockChangeHasTheRealNumberOfHours(int month, int realHours)
    {
        // 00:00-06:00 local on the Sunday the clocks change: one hour is skipped in March and repeated in October.
        var nights = new BusinessCalendar
        {
            TimeZone = Madrid,
            Hours = [new WorkingHours(DayOfWeek.Sunday, TimeOnly.MinValue, new TimeOnly(6, 0))],
        };
        var sunday = month == 3 ? 30 : 26;
        var saturdayNoon = new DateTimeOffset(2025, month, sunday - 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromHours(realHours), nights.BusinessTimeBetween(saturdayNoon, saturdayNoon.AddDays(2)));
    }

    [Theory]
    [InlineData(3, 60)]
    [InlineData(10, 150)]
    public void APeriodStartingInTheChangedHourRunsFromTheFirstMomentTheClockReadsItsStart(int month, int realMinutes)
    {
        // 02:30-04:00 local: in March 02:30 never happens, so the period opens when the clocks jump to 03:00;
        // in October it opens at the first 02:30 (summer time) and runs through the repeated hour.
        var calendar = new BusinessCalendar
        {
            TimeZone = Madrid,
            Hours = [new WorkingHours(DayOfWeek.Sunday, new TimeOnly(2, 30), new TimeOnly(4, 0))],
        };
        var sunday = month == 3 ? 30 : 26;
        var saturdayNoon = new DateTimeOffset(2025, month, sunday - 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMinutes(realMinutes), calendar.BusinessTimeBetween(saturdayNoon, saturdayNoon.AddDays(2)));
    }

    [Fact]
    public void TwentyFourSevenAcrossSpringForwardIsPlainAddition()
    {
        var calendar = BusinessCalendar.TwentyFourSeven(Madrid);
        var saturdayNoon = At.Cet(3, 29, 12);

        var result = calendar.AddBusinessTime(saturdayNoon, TimeSpan.FromHours(24));

        Assert.Equal(saturdayNoon.AddHours(24), result);
        Assert.Equal(At.Cest(3, 30, 13), result);

        // The local day of the change has 23 real hours.
        Assert.Equal(TimeSpan.FromHours(23), calendar.BusinessTimeBetween(At.Cet(3, 30, 0), At.Cest(3, 31, 0)));
    }

    [Fact]
    public void TwentyFourSevenAcrossFallBackIsPlainAddition()
    {
        var calendar = BusinessCalendar.TwentyFourSeven(Madrid);
        var saturdayNoon = At.Cest(10, 25, 12);

        var result = calendar.AddBusinessTime(saturdayNoon, TimeSpan.FromHours(24));

        Assert.Equal(saturdayNoon.AddHours(24), result);
        Assert.Equal(At.Cet(10, 26, 11), result);

        // The local day of the change has 25 real hours.
        Assert.Equal(TimeSpan.FromHours(25), calendar.BusinessTimeBetween(At.Cest(10, 26, 0), At.Cet(10, 27, 0)));
    }

    [Fact]
    public void TwentyFourSevenIgnoresHolidays()
    {
        var calendar = BusinessCalendar.TwentyFourSeven(Madrid) with { Holidays = [new DateOnly(2025, 12, 25)] };

        Assert.True(calendar.IsOpen(At.Cet(12, 25, 12)));
        Assert.Equal(At.Cet(12, 26, 12), calendar.AddBusinessTime(At.Cet(12, 25, 12), TimeSpan.FromDays(1)));
    }

    [Fact]
    public void AllDayPeriodsEveryDayBehaveExactlyLikeTwentyFourSevenAcrossBothClockChanges()
    {
        var alwaysOpen = BusinessCalendar.TwentyFourSeven(Madrid);
        var random = new Random(20251026);
        for (var i = 0; i < 300; i++)
        {
            var start = RandomInstant(random);
            var amount = TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 10));

            Assert.Equal(alwaysOpen.AddBusinessTime(start, amount), EveryDayAllDay.AddBusinessTime(start, amount));
            Assert.Equal(alwaysOpen.BusinessTimeBetween(start, start + amount), EveryDayAllDay.BusinessTimeBetween(start, start + amount));
            Assert.True(EveryDayAllDay.IsOpen(start));
        }
    }

    [Fact]
    public void TheCanaryIslandsKeepTheirOwnLocalHoursAcrossTheClockChange()
    {
        // Atlantic/Canary is one hour behind Madrid: +00:00 in winter, +01:00 in summer.
        var canary = BusinessCalendar.OfficeHours(Canary);
        var mondayHalfPastEightUtc = new DateTimeOffset(2025, 3, 3, 8, 30, 0, TimeSpan.Zero);

        Assert.True(MadridOffice.IsOpen(mondayHalfPastEightUtc));
        Assert.False(canary.IsOpen(mondayHalfPastEightUtc));
        Assert.Equal(
            new DateTimeOffset(2025, 3, 31, 10, 0, 0, TimeSpan.FromHours(1)),
            canary.AddBusinessTime(new DateTimeOffset(2025, 3, 28, 17, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2)));
        Assert.Equal(
            new DateTimeOffset(2025, 10, 27, 10, 0, 0, TimeSpan.Zero),
            canary.AddBusinessTime(new DateTimeOffset(2025, 10, 24, 17, 0, 0, TimeSpan.FromHours(1)), TimeSpan.FromHours(2)));
    }

    public static TheoryData<string> CalendarsForProperties() => [.. PropertyCalendars.Keys];

    [Theory]
    [MemberData(nameof(CalendarsForProperties))]
    public void BusinessTimeBetweenUndoesAddBusinessTimeForManyRandomStartsAndAmounts(string name)
    {
        var calendar = PropertyCalendars[name];
        var random = new Random(20250330 + name.Length);
        for (var i = 0; i < 400; i++)
        {
            var start = RandomInstant(random);
            var amount = TimeSpan.FromSeconds(random.Next(0, 200 * 3600));

            var end = calendar.AddBusinessTime(start, amount);

            Assert.True(end >= start);
            Assert.Equal(amount, calendar.BusinessTimeBetween(start, end));
        }
    }

    [Theory]
    [MemberData(nameof(CalendarsForProperties))]
    public void SubtractBusinessTimeIsAddBusinessTimeBackwards(string name)
    {
        var calendar = PropertyCalendars[name];
        var random = new Random(20251026 + name.Length);
        for (var i = 0; i < 400; i++)
        {
            var end = RandomInstant(random);
            var amount = TimeSpan.FromSeconds(random.Next(0, 200 * 3600));

            var start = calendar.SubtractBusinessTime(end, amount);

            Assert.True(start <= end);
            Assert.Equal(amount, calendar.BusinessTimeBetween(start, end));
        }
    }

    [Fact]
    public void BusinessTimeBetweenIsZeroWhenTheEndIsNotAfterTheStart()
    {
        Assert.Equal(TimeSpan.Zero, MadridOffice.BusinessTimeBetween(At.Cet(3, 3, 12), At.Cet(3, 3, 12)));
        Assert.Equal(TimeSpan.Zero, MadridOffice.BusinessTimeBetween(At.Cet(3, 3, 12), At.Cet(3, 3, 10)));
    }

    [Fact]
    public void AYearOfBusinessTimeIsCountedQuickly()
    {
        var start = At.Cet(1, 2, 9);
        var amount = TimeSpan.FromHours(9 * 260);

        var end = MadridOffice.AddBusinessTime(start, amount);

        Assert.Equal(amount, MadridOffice.BusinessTimeBetween(start, end));
        Assert.Equal(new DateOnly(2025, 12, 31), DateOnly.FromDateTime(end.ToOffset(TimeSpan.FromHours(1)).DateTime));
    }

    [Fact]
    public void NegativeAmountsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MadridOffice.AddBusinessTime(At.Cet(3, 3, 9), TimeSpan.FromHours(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MadridOffice.SubtractBusinessTime(At.Cet(3, 3, 9), TimeSpan.FromHours(-1)));
    }

    [Fact]
    public void ACalendarWithNoWorkingTimeInTwoYearsIsRefusedInsteadOfLoopingForever()
    {
        var mondaysOnly = new BusinessCalendar
        {
            TimeZone = Madrid,
            Hours = [new WorkingHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(18, 0))],
            Holidays = [.. Enumerable.Range(0, 3 * 53).Select(week => new DateOnly(2025, 3, 3).AddDays(7 * week))],
        };

        var error = Assert.Throws<DomainException>(() => mondaysOnly.AddBusinessTime(At.Cet(3, 1, 9), TimeSpan.FromHours(1)));
        Assert.Equal("invalid_calendar", error.Code);
    }

    [Fact]
    public void ValidCalendarsPassValidation()
    {
        MadridOffice.Validate();
        SplitShifts.Validate();
        EveryDayAllDay.Validate();
        BusinessCalendar.TwentyFourSeven(Canary).Validate();
        new BusinessCalendar
        {
            TimeZone = Madrid,
            Hours =
            [
                new WorkingHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(14, 0)),
                new WorkingHours(DayOfWeek.Monday, new TimeOnly(14, 0), TimeOnly.MinValue),
            ],
        }.Validate();
    }

    public static TheoryData<string> InvalidCalendars() => [.. BrokenCalendars.Keys];

    [Theory]
    [MemberData(nameof(InvalidCalendars))]
    public void InvalidCalendarsAreRefused(string name)
    {
        var calendar = BrokenCalendars[name];

        var error = Assert.Throws<DomainException>(calendar.Validate);
        Assert.Equal("invalid_calendar", error.Code);
        Assert.Equal(DomainErrorKind.Invalid, error.Kind);
        Assert.Throws<DomainException>(() => calendar.AddBusinessTime(At.Cet(3, 3, 9), TimeSpan.FromHours(1)));
    }

    private static readonly Dictionary<string, BusinessCalendar> PropertyCalendars = new(StringComparer.Ordinal)
    {
        ["office hours in Madrid"] = MadridOffice,
        ["split shifts in Madrid with holidays"] = SplitShifts with
        {
            Holidays = [new DateOnly(2025, 1, 6), new DateOnly(2025, 5, 1), new DateOnly(2025, 10, 27), new DateOnly(2025, 12, 25)],
        },
        ["office hours in the Canary Islands"] = BusinessCalendar.OfficeHours(Canary),
        ["weekend nights across the clock changes"] = new()
        {
            TimeZone = Madrid,
            Hours =
            [
                new WorkingHours(DayOfWeek.Saturday, new TimeOnly(22, 0), TimeOnly.MinValue),
                new WorkingHours(DayOfWeek.Sunday, TimeOnly.MinValue, new TimeOnly(2, 30)),
                new WorkingHours(DayOfWeek.Sunday, new TimeOnly(2, 45), new TimeOnly(4, 0)),
            ],
        },
        ["all day every day in Madrid"] = EveryDayAllDay,
        ["24x7 in Madrid"] = BusinessCalendar.TwentyFourSeven(Madrid),
    };

    private static readonly Dictionary<string, BusinessCalendar> BrokenCalendars = new(StringComparer.Ordinal)
    {
        ["unknown time zone"] = BusinessCalendar.OfficeHours("Europe/Atlantis"),
        ["no time zone"] = BusinessCalendar.OfficeHours(" "),
        ["24x7 in an unknown time zone"] = BusinessCalendar.TwentyFourSeven("Mars/Olympus_Mons"),
        ["not open and no hours"] = new() { TimeZone = Madrid },
        ["empty period"] = new() { TimeZone = Madrid, Hours = [new WorkingHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(9, 0))] },
        ["period ending before it starts"] = new() { TimeZone = Madrid, Hours = [new WorkingHours(DayOfWeek.Monday, new TimeOnly(14, 0), new TimeOnly(9, 0))] },
        ["overlapping periods"] = new()
        {
            TimeZone = Madrid,
            Hours =
            [
                new WorkingHours(DayOfWeek.Monday, new TimeOnly(16, 0), TimeOnly.MinValue),
                new WorkingHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(16, 30)),
            ],
        },
        ["unknown day"] = new() { TimeZone = Madrid, Hours = [new WorkingHours((DayOfWeek)7, new TimeOnly(9, 0), new TimeOnly(18, 0))] },
        ["missing hours list"] = new() { TimeZone = Madrid, Hours = null! },
        ["missing holidays list"] = MadridOffice with { Holidays = null! },
    };

    /// <summary>An instant somewhere in 2025, so both of Madrid's clock changes are covered.</summary>
    private static DateTimeOffset RandomInstant(Random random) =>
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(0, 365 * 24 * 3600));
}
