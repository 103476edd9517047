using System.Globalization;
using AstroBlob.Domain.Common;
using NodaTime;

namespace AstroBlob.Domain.Work;

/// <summary>
/// A report's range <c>[From, To)</c> of local dates in the observatory's time zone, and the
/// instants it covers: from the start of <c>From</c> to the start of <c>To</c> there. Work is
/// attributed by its start in local time, so 23:30 on the 31st counts in that month even where
/// it is already the 1st in UTC. A day that starts in a DST gap starts when the clocks allow.
/// </summary>
public sealed record ReportPeriod
{
    /// <summary>Bounds the rows one report reads; a longer view is a sum of yearly ones.</summary>
    public const int MaxDays = 366;

    private readonly DateTimeZone _zone;

    private ReportPeriod(DateOnly from, DateOnly to, DateTimeZone zone)
    {
        From = from;
        To = to;
        _zone = zone;
        Start = AtStartOfDay(from);
        End = AtStartOfDay(to);
    }

    public DateOnly From { get; }
    public DateOnly To { get; }
    public string TimeZone => _zone.Id;
    public DateTimeOffset Start { get; }
    public DateTimeOffset End { get; }

    public static ReportPeriod Create(DateOnly from, DateOnly to, string timeZone)
    {
        var zone = Zone(timeZone);
        if (to <= from)
        {
            throw DomainException.Invalid("invalid_range", "'to' must be after 'from' (the range is [from, to)).").WithField("to");
        }

        if (to.DayNumber - from.DayNumber > MaxDays)
        {
            throw DomainException.Invalid("range_too_long", $"A report covers at most {MaxDays} days.").WithField("to");
        }

        return new ReportPeriod(from, to, zone);
    }

    /// <summary>Parses <c>yyyy-MM-dd</c> dates as typed in a query string.</summary>
    public static ReportPeriod Parse(string? from, string? to, string timeZone) =>
        Create(Date(from, "from"), Date(to, "to"), timeZone);

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    public DateOnly LocalDateOf(DateTimeOffset instant) => LocalDate(instant, _zone);

    /// <summary>Today in a time zone: the default date of a cost.</summary>
    public static DateOnly Today(DateTimeOffset now, string timeZone) => LocalDate(now, Zone(timeZone));

    private static DateOnly LocalDate(DateTimeOffset instant, DateTimeZone zone)
    {
        var local = Instant.FromDateTimeOffset(instant).InZone(zone).Date;
        return new DateOnly(local.Year, local.Month, local.Day);
    }

    private DateTimeOffset AtStartOfDay(DateOnly date) =>
        new LocalDate(date.Year, date.Month, date.Day).AtStartOfDayInZone(_zone).ToDateTimeOffset().ToUniversalTime();

    private static DateTimeZone Zone(string timeZone) =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone)
        ?? throw new ArgumentException($"Unknown time zone '{timeZone}'.", nameof(timeZone));

    private static DateOnly Date(string? text, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw DomainException.Invalid("required", $"'{field}' is required (a date, yyyy-MM-dd).").WithField(field);
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date.Year < WorkPeriod.Earliest.Year)
        {
            throw DomainException.Invalid("invalid_date", $"'{field}' must be a date as yyyy-MM-dd.").WithField(field);
        }

        return date;
    }
}
