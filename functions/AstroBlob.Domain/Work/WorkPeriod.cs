using AstroBlob.Domain.Common;

namespace AstroBlob.Domain.Work;

/// <summary>
/// When work happened and how long it took. <see cref="Minutes"/> is the time worked and may
/// be less than the span from start to end (a timer that was paused); it is never more.
/// </summary>
public readonly record struct WorkPeriod(DateTimeOffset StartedAt, DateTimeOffset EndedAt, int Minutes)
{
    /// <summary>One entry covers at most a day: longer is a forgotten timer or a typo, not a shift.</summary>
    public const int MaxMinutes = 24 * 60;

    /// <summary>Clocks of browsers and servers disagree a little; this much "future" is tolerated.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>Nothing before this is plausible work for this product; earlier is a typo (year 0026).</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TimeSpan Span => EndedAt - StartedAt;

    /// <summary>
    /// Resolves a period from what a person typed: start and end, start and a duration, end
    /// and a duration, or only a duration (which then ends <paramref name="now"/>). Start and
    /// end are whole instants; minutes from them are rounded to the nearest minute.
    /// </summary>
    public static WorkPeriod Resolve(DateTimeOffset? startedAt, DateTimeOffset? endedAt, int? minutes, DateTimeOffset now)
    {
        if (minutes is { } given)
        {
            CheckMinutes(given, "minutes");
        }

        WorkPeriod period;
        switch (startedAt, endedAt, minutes)
        {
            case ({ } start, { } end, _):
                if (end <= start)
                {
                    throw DomainException.Invalid("end_before_start", "'endedAt' must be after 'startedAt'.").WithField("endedAt");
                }

                var span = RoundMinutes(end - start);
                if (minutes is null)
                {
                    CheckMinutes(span, "endedAt");
                }
                else if (minutes > span)
                {
                    throw DomainException.Invalid("minutes_exceed_period", "'minutes' cannot be more than the time from 'startedAt' to 'endedAt'.").WithField("minutes");
                }

                period = new WorkPeriod(start, end, minutes ?? span);
                break;
            case ({ } start, null, { } m):
                period = new WorkPeriod(start, start.AddMinutes(m), m);
                break;
            case (null, { } end, { } m):
                period = new WorkPeriod(end.AddMinutes(-m), end, m);
                break;
            case (null, null, { } m):
                period = new WorkPeriod(now.AddMinutes(-m), now, m);
                break;
            default:
                throw DomainException.Invalid("duration_required", "Give 'minutes', or both 'startedAt' and 'endedAt'.").WithField("minutes");
        }

        if (period.StartedAt < Earliest)
        {
            throw DomainException.Invalid("out_of_range", "'startedAt' is implausibly early.").WithField("startedAt");
        }

        if (period.EndedAt > now + ClockSkew)
        {
            throw DomainException.Invalid("in_future", "Work cannot end in the future.").WithField(endedAt is null ? "startedAt" : "endedAt");
        }

        return new WorkPeriod(period.StartedAt.ToUniversalTime(), period.EndedAt.ToUniversalTime(), period.Minutes);
    }

    /// <summary>Whole minutes, half a minute rounding up (a timer stopped at 29:30 is 30 minutes).</summary>
    public static int RoundMinutes(TimeSpan span) =>
        (int)Math.Min(int.MaxValue, Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero));

    private static void CheckMinutes(int minutes, string field)
    {
        if (minutes <= 0)
        {
            throw DomainException.Invalid("duration_not_positive", "Work must last at least one minute.").WithField(field);
        }

        if (minutes > MaxMinutes)
        {
            throw DomainException.Invalid("duration_too_long", $"One entry may last at most {MaxMinutes} minutes (24 hours).").WithField(field);
        }
    }
}
