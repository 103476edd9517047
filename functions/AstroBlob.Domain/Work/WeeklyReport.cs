using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Work;

/// <summary>One week (Monday to Sunday in the observatory's time zone) of the desk's throughput.</summary>
/// <param name="Opened">Tickets opened that week.</param>
/// <param name="Finished">Tickets finished that week (and still finished or closed now).</param>
/// <param name="SlaMet">Of those finished, how many met their SLA.</param>
/// <param name="SlaBreached">Of those finished, how many breached a clock.</param>
public sealed record WeeklyRow(DateOnly WeekStart, int Opened, int Finished, int SlaMet, int SlaBreached);

public static class WeeklyReport
{
    /// <summary>The Monday of the week <paramref name="date"/> is in.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>
    /// Every week that overlaps the period, oldest first, counting tickets opened and finished
    /// inside the period only (a partial first or last week counts its days in the period).
    /// </summary>
    public static IReadOnlyList<WeeklyRow> Build(
        ReportPeriod period, IEnumerable<TicketState> opened, IEnumerable<TicketState> finished, SlaPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(opened);
        ArgumentNullException.ThrowIfNull(finished);
        var weeks = new SortedDictionary<DateOnly, (int Opened, int Finished, int Met, int Breached)>();
        for (var week = WeekStart(period.From); week < period.To; week = week.AddDays(7))
        {
            weeks[week] = default;
        }

        foreach (var t in opened.Where(t => period.Contains(t.CreatedAt)))
        {
            var key = WeekStart(period.LocalDateOf(t.CreatedAt));
            var w = weeks[key];
            weeks[key] = w with { Opened = w.Opened + 1 };
        }

        foreach (var t in finished.Where(t => t.FinishedAt is { } f && period.Contains(f)))
        {
            var key = WeekStart(period.LocalDateOf(t.FinishedAt!.Value));
            var outcome = SlaReport.Judge(t, policy, now).Outcome;
            var w = weeks[key];
            weeks[key] = w with
            {
                Finished = w.Finished + 1,
                Met = w.Met + (outcome == SlaOutcome.Met ? 1 : 0),
                Breached = w.Breached + (outcome == SlaOutcome.Breached ? 1 : 0),
            };
        }

        return [.. weeks.Select(w => new WeeklyRow(w.Key, w.Value.Opened, w.Value.Finished, w.Value.Met, w.Value.Breached))];
    }
}
