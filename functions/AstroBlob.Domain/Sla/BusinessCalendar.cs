using System.Globalization;
using AstroBlob.Domain.Common;
using NodaTime;
using NodaTime.TimeZones;

namespace AstroBlob.Domain.Sla;

/// <summary>
/// One working period of a weekday, in the calendar's local time. <see cref="End"/> 00:00 means
/// midnight at the end of <see cref="Day"/>, so 00:00-00:00 is the whole day.
/// </summary>
public sealed record WorkingHours(DayOfWeek Day, TimeOnly Start, TimeOnly End)
{
    /// <summary>The end as an offset from the start of the day, with midnight counted as 24:00.</summary>
    internal TimeSpan EndOfDay => End == TimeOnly.MinValue ? TimeSpan.FromDays(1) : End.ToTimeSpan();
}

/// <summary>
/// When an observatory's support is at work: SLA clocks only count time inside these periods.
/// All instants go in and come out as <see cref="DateTimeOffset"/> and are compared in UTC;
/// the local-time rules (working hours, holidays, daylight saving) live here.
/// </summary>
/// <remarks>
/// A period on a day changed by daylight saving keeps its wall-clock meaning: it runs from the
/// first moment the local clock reads its start until the first moment after that it reads its
/// end. A start or end that falls in a spring-forward gap maps to the instant the gap ends.
/// Holidays and <see cref="Hours"/> are ignored when <see cref="AlwaysOpen"/> is set: a 24x7
/// contract covers every day of the year.
/// </remarks>
public sealed record BusinessCalendar
{
    /// <summary>How many consecutive days without any working time mean the calendar can never be satisfied.</summary>
    private const int MaxIdleDays = 2 * 366;

    // Ambiguous local times (fall back) map to their first occurrence and skipped ones (spring
    // forward) to the end of the gap. One resolver for both starts and ends keeps back-to-back
    // periods and consecutive days contiguous, and keeps the mapping monotonic.
    private static readonly ZoneLocalMappingResolver Resolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    /// <summary>IANA time zone id (for example Europe/Madrid), resolved with the TZDB.</summary>
    public required string TimeZone { get; init; }

    /// <summary>24x7: every instant is working time.</summary>
    public bool AlwaysOpen { get; init; }

    public IReadOnlyList<WorkingHours> Hours { get; init; } = [];

    /// <summary>Local dates with no working time at all.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];

    public static BusinessCalendar TwentyFourSeven(string timeZone) => new() { TimeZone = timeZone, AlwaysOpen = true };

    /// <summary>Monday to Friday, 09:00-18:00 local time.</summary>
    public static BusinessCalendar OfficeHours(string timeZone) => new()
    {
        TimeZone = timeZone,
        Hours =
        [
            .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(day => new WorkingHours(day, new TimeOnly(9, 0), new TimeOnly(18, 0))),
        ],
    };

    /// <summary>Refuses a calendar the SLA arithmetic cannot work with.</summary>
    public void Validate() => Compile();

    /// <summary>
    /// The instant at which <paramref name="amount"/> of business time has elapsed counting from
    /// <paramref name="start"/>; counting begins at the next opening when <paramref name="start"/>
    /// is outside working time. A zero amount returns <paramref name="start"/> itself, and an amount
    /// that runs out exactly at a closing time returns that closing time, not the next opening.
    /// </summary>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        var schedule = Compile();
        var from = start.ToUniversalTime();
        if (amount == TimeSpan.Zero)
        {
            return from;
        }

        if (AlwaysOpen)
        {
            return from + amount;
        }

        var cursor = Instant.FromDateTimeOffset(from);
        var remaining = Duration.FromTimeSpan(amount);

        // Start a day early: where clocks go back across midnight, an instant's local date alone
        // does not say which day's periods are still ahead of it. One extra day is cheap.
        var date = schedule.DateOf(cursor).PlusDays(-1);
        var idleDays = 0;
        while (true)
        {
            var worked = false;
            foreach (var (open, close) in schedule.PeriodsOn(date))
            {
                if (close <= cursor)
                {
                    continue;
                }

                var begin = open > cursor ? open : cursor;
                var available = close - begin;
                worked = true;
                if (remaining <= available)
                {
                    return (begin + remaining).ToDateTimeOffset();
                }

                remaining -= available;
            }

            idleDays = worked ? 0 : idleDays + 1;
            ThrowIfNeverOpen(idleDays);
            date = date.PlusDays(1);
        }
    }

    /// <summary>
    /// The latest instant before <paramref name="end"/> from which <paramref name="amount"/> of
    /// business time runs up to <paramref name="end"/>: <see cref="AddBusinessTime"/> backwards.
    /// The SLA machine needs it to place a deadline that already passed before the last resume.
    /// </summary>
    public DateTimeOffset SubtractBusinessTime(DateTimeOffset end, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        var schedule = Compile();
        var to = end.ToUniversalTime();
        if (amount == TimeSpan.Zero)
        {
            return to;
        }

        if (AlwaysOpen)
        {
            return to - amount;
        }

        var cursor = Instant.FromDateTimeOffset(to);
        var remaining = Duration.FromTimeSpan(amount);
        var date = schedule.DateOf(cursor).PlusDays(1);
        var idleDays = 0;
        while (true)
        {
            var worked = false;
            var periods = schedule.PeriodsOn(date);
            for (var i = periods.Count - 1; i >= 0; i--)
            {
                var (open, close) = periods[i];
                if (open >= cursor)
                {
                    continue;
                }

                var finish = close < cursor ? close : cursor;
                var available = finish - open;
                worked = true;
                if (remaining <= available)
                {
                    return (finish - remaining).ToDateTimeOffset();
                }

                remaining -= available;
            }

            idleDays = worked ? 0 : idleDays + 1;
            ThrowIfNeverOpen(idleDays);
            date = date.PlusDays(-1);
        }
    }

    /// <summary>Business time in [<paramref name="from"/>, <paramref name="to"/>); zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var schedule = Compile();
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        if (AlwaysOpen)
        {
            return to - from;
        }

        var start = Instant.FromDateTimeOffset(from);
        var end = Instant.FromDateTimeOffset(to);
        var total = Duration.Zero;
        var last = schedule.DateOf(end).PlusDays(1);
        for (var date = schedule.DateOf(start).PlusDays(-1); date <= last; date = date.PlusDays(1))
        {
            foreach (var (open, close) in schedule.PeriodsOn(date))
            {
                var begin = open > start ? open : start;
                var finish = close < end ? close : end;
                if (finish > begin)
                {
                    total += finish - begin;
                }
            }
        }

        return total.ToTimeSpan();
    }

    /// <summary>Whether <paramref name="instant"/> is working time (a period includes its start, not its end).</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var schedule = Compile();
        if (AlwaysOpen)
        {
            return true;
        }

        var at = Instant.FromDateTimeOffset(instant);
        var date = schedule.DateOf(at);
        for (var day = date.PlusDays(-1); day <= date.PlusDays(1); day = day.PlusDays(1))
        {
            if (schedule.PeriodsOn(day).Any(p => p.Open <= at && at < p.Close))
            {
                return true;
            }
        }

        return false;
    }

    private static void ThrowIfNeverOpen(int idleDays)
    {
        if (idleDays > MaxIdleDays)
        {
            throw DomainException.Invalid("invalid_calendar", "The business calendar has no working time in the next two years.");
        }
    }

    /// <summary>
    /// Validates and prepares the lookups. Done per call rather than cached because a record
    /// copied with <c>with</c> would carry a stale cache along; the work is a few small loops.
    /// </summary>
    private Schedule Compile()
    {
        if (string.IsNullOrWhiteSpace(TimeZone))
        {
            throw Invalid("The business calendar needs a time zone.");
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone)
            ?? throw Invalid($"'{TimeZone}' is not a known IANA time zone.");
        if (Hours is null || Holidays is null)
        {
            throw Invalid("The business calendar's hours and holidays must be lists (possibly empty).");
        }

        if (AlwaysOpen)
        {
            return new Schedule(zone, [], []);
        }

        if (Hours.Count == 0)
        {
            throw Invalid("A business calendar that is not open 24x7 needs working hours.");
        }

        var byDay = new WorkingHours[7][];
        foreach (var group in Hours.GroupBy(h => h?.Day))
        {
            var periods = group.ToArray();
            if (group.Key is not { } day || !Enum.IsDefined(day))
            {
                throw Invalid("Every working period needs a valid day of the week.");
            }

            Array.Sort(periods, (a, b) => a.Start.CompareTo(b.Start));
            for (var i = 0; i < periods.Length; i++)
            {
                var p = periods[i];
                if (p.Start.ToTimeSpan() >= p.EndOfDay)
                {
                    throw Invalid(string.Create(
                        CultureInfo.InvariantCulture,
                        $"The working period {p.Start:HH\\:mm}-{p.End:HH\\:mm} on {day} is empty: it must start before it ends (end 00:00 means midnight)."));
                }

                if (i > 0 && periods[i - 1].EndOfDay > p.Start.ToTimeSpan())
                {
                    throw Invalid(string.Create(
                        CultureInfo.InvariantCulture,
                        $"The working periods on {day} overlap at {p.Start:HH\\:mm}."));
                }
            }

            byDay[(int)day] = periods;
        }

        return new Schedule(zone, [.. Holidays.Select(LocalDate.FromDateOnly)], byDay);
    }

    private static DomainException Invalid(string message) => DomainException.Invalid("invalid_calendar", message);

    /// <summary>The validated calendar in NodaTime terms, for one call.</summary>
    private sealed class Schedule(DateTimeZone zone, HashSet<LocalDate> holidays, WorkingHours[]?[] byDay)
    {
        public LocalDate DateOf(Instant instant) => instant.InZone(zone).Date;

        /// <summary>The working periods of a local date as instants, in order, empty ones dropped.</summary>
        public IReadOnlyList<(Instant Open, Instant Close)> PeriodsOn(LocalDate date)
        {
            if (holidays.Contains(date) || byDay.Length == 0 || byDay[(int)date.ToDateOnly().DayOfWeek] is not { } periods)
            {
                return [];
            }

            var result = new List<(Instant, Instant)>(periods.Length);
            foreach (var p in periods)
            {
                var open = zone.ResolveLocal(date + LocalTime.FromTimeOnly(p.Start), Resolver).ToInstant();
                var closeLocal = p.End == TimeOnly.MinValue
                    ? date.PlusDays(1).AtMidnight()
                    : date + LocalTime.FromTimeOnly(p.End);
                var close = zone.ResolveLocal(closeLocal, Resolver).ToInstant();

                // A period entirely inside a spring-forward gap has no real time at all.
                if (close > open)
                {
                    result.Add((open, close));
                }
            }

            return result;
        }
    }
}
