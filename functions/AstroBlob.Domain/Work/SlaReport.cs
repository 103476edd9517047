using AstroBlob.Domain.Common;
using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Work;

/// <summary>How a ticket fared against its SLA, as of the moment of the report.</summary>
public enum SlaOutcome
{
    /// <summary>Done (finished or closed) without a breach.</summary>
    Met,
    /// <summary>A clock passed its target: the first response, the resolution, or both.</summary>
    Breached,
    /// <summary>Still open and within its targets: not decided yet.</summary>
    Pending,
    /// <summary>Cancelled without a breach: neither met nor breached.</summary>
    Cancelled,
}

/// <summary>
/// SLA compliance of one group. Shares are of the decided tickets (met + breached), as
/// fractions with four decimals, null when none is decided. Means are calendar minutes from
/// opening to the first public staff reply and to finishing, over the tickets that got there.
/// </summary>
public sealed record SlaReportRow(
    string? Key,
    int Tickets,
    int Met,
    int Breached,
    int Pending,
    int Cancelled,
    int FirstResponseBreached,
    int ResolutionBreached,
    decimal? MetShare,
    decimal? BreachedShare,
    decimal? MeanFirstResponseMinutes,
    decimal? MeanResolutionMinutes);

public static class SlaReport
{
    /// <summary>
    /// A clock counts as breached when the monitor flagged it, when it was met only after its
    /// target, or when it is running past its due time and the monitor's timer has not fired
    /// yet: the report is exact at the moment it is read, like the traffic light.
    /// </summary>
    public static (SlaOutcome Outcome, bool FirstResponseBreached, bool ResolutionBreached) Judge(TicketState ticket, SlaPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(policy);
        var (first, resolution) = (false, false);
        if (ticket.Sla is { } sla)
        {
            var view = SlaMachine.Read(sla, policy, now);
            first = Breached(sla.FirstResponse, view.FirstResponseDueAt, now);
            resolution = Breached(sla.Resolution, view.ResolutionDueAt, now);
        }

        var outcome = (first || resolution) switch
        {
            true => SlaOutcome.Breached,
            false when ticket.Status == TicketStatus.Cancelled => SlaOutcome.Cancelled,
            false when ticket.Status is TicketStatus.Finished or TicketStatus.Closed => SlaOutcome.Met,
            false => SlaOutcome.Pending,
        };
        return (outcome, first, resolution);
    }

    /// <summary>The groups a ticket belongs to: one, except by technician (each assignee; "none" when unassigned).</summary>
    public static IReadOnlyList<string?> KeysOf(TicketState ticket, ReportDimension by)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return by switch
        {
            ReportDimension.Customer => [ticket.CustomerId],
            ReportDimension.Telescope => [ticket.TelescopeId],
            ReportDimension.Technician => ticket.Assignees.Count == 0 ? [null] : [.. ticket.Assignees.Distinct(StringComparer.Ordinal)],
            ReportDimension.Type => [EnumText.ToWire(ticket.Type)],
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Unknown report dimension."),
        };
    }

    /// <summary>
    /// One row per group, by key with "none" last. By technician a ticket with two assignees
    /// counts for both, so rows need not add up to <see cref="Total"/>, which counts each ticket once.
    /// </summary>
    public static IReadOnlyList<SlaReportRow> Aggregate(IEnumerable<TicketState> tickets, ReportDimension by, SlaPolicy policy, DateTimeOffset now)
    {
        var judged = tickets.Select(t => (Ticket: t, Verdict: Judge(t, policy, now))).ToList();
        return [.. judged
            .SelectMany(j => KeysOf(j.Ticket, by).Select(k => (Key: k, j.Ticket, j.Verdict)))
            .GroupBy(x => x.Key)
            .OrderBy(g => g.Key is null)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, [.. g.Select(x => (x.Ticket, x.Verdict))]))];
    }

    public static SlaReportRow Total(IEnumerable<TicketState> tickets, SlaPolicy policy, DateTimeOffset now) =>
        Row(null, [.. tickets.Select(t => (t, Judge(t, policy, now)))]);

    private static bool Breached(SlaClock clock, DateTimeOffset? dueAt, DateTimeOffset now) =>
        clock.Breached
        || (clock.MetAt is not null && clock.Consumed >= clock.Target)
        || (!clock.Stopped && dueAt is { } due && now >= due);

    private static SlaReportRow Row(string? key, List<(TicketState Ticket, (SlaOutcome Outcome, bool First, bool Resolution) Verdict)> group)
    {
        int Count(SlaOutcome outcome) => group.Count(x => x.Verdict.Outcome == outcome);
        var met = Count(SlaOutcome.Met);
        var breached = Count(SlaOutcome.Breached);
        var decided = met + breached;
        return new SlaReportRow(
            key,
            group.Count,
            met,
            breached,
            Count(SlaOutcome.Pending),
            Count(SlaOutcome.Cancelled),
            group.Count(x => x.Verdict.First),
            group.Count(x => x.Verdict.Resolution),
            decided == 0 ? null : Share(met, decided),
            decided == 0 ? null : Share(breached, decided),
            Mean(group.Select(x => x.Ticket.FirstRespondedAt - x.Ticket.CreatedAt)),
            Mean(group.Select(x => x.Ticket.FinishedAt - x.Ticket.CreatedAt)));
    }

    /// <summary>Always four decimals (0.5000), so a column of shares lines up in JSON and CSV alike.</summary>
    private static decimal Share(int part, int whole) => Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero) + 0.0000m;

    private static decimal? Mean(IEnumerable<TimeSpan?> spans)
    {
        var known = spans.OfType<TimeSpan>().ToList();
        return known.Count == 0 ? null : Math.Round((decimal)known.Average(s => s.TotalMinutes), 2, MidpointRounding.AwayFromZero) + 0.00m;
    }
}
