using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Work;

/// <summary>The cuts a report is grouped by.</summary>
public enum ReportDimension
{
    Customer,
    Telescope,
    Technician,
    Type,
}

public enum WorkLineKind
{
    Time,
    Product,
    Expense,
}

/// <summary>
/// One time entry or cost line, flattened with its ticket for reporting: the row of the detail
/// export and the unit the summaries add up. Ticket fields are the ticket's current ones (a
/// telescope corrected later moves its past work too); they are null when the ticket is gone.
/// </summary>
public sealed record WorkLine
{
    public required WorkLineKind Kind { get; init; }
    public required string Id { get; init; }

    /// <summary>The observatory-local day: the start of a time entry, the date of a cost.</summary>
    public required DateOnly Date { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public required string TicketCode { get; init; }
    public string? TicketTitle { get; init; }
    public string? CustomerId { get; init; }
    public string? TelescopeId { get; init; }
    public TicketType? TicketType { get; init; }
    public required string TechnicianId { get; init; }
    public required string TechnicianName { get; init; }

    /// <summary>The entry's note or the line's description.</summary>
    public required string Text { get; init; }

    /// <summary>Time worked (time entries only).</summary>
    public long? Minutes { get; init; }

    /// <summary>Units (cost lines only).</summary>
    public decimal? Quantity { get; init; }

    /// <summary>Hourly rate of a time entry, unit price of a cost line.</summary>
    public decimal? UnitPrice { get; init; }
    public required bool Billable { get; init; }
    public required string Currency { get; init; }

    /// <summary>Null for time without a rate.</summary>
    public decimal? Amount { get; init; }

    public static WorkLine FromTime(TimeEntryState entry, TicketState? ticket, ReportPeriod period)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(period);
        return new WorkLine
        {
            Kind = WorkLineKind.Time,
            Id = entry.Id,
            Date = period.LocalDateOf(entry.StartedAt),
            StartedAt = entry.StartedAt,
            TicketCode = entry.TicketCode,
            TicketTitle = ticket?.Title,
            CustomerId = ticket?.CustomerId,
            TelescopeId = ticket?.TelescopeId,
            TicketType = ticket?.Type,
            TechnicianId = entry.UserId,
            TechnicianName = entry.UserName,
            Text = entry.Note,
            Minutes = entry.Minutes,
            UnitPrice = entry.HourlyRate,
            Billable = entry.Billable,
            Currency = entry.Currency,
            Amount = entry.Amount,
        };
    }

    public static WorkLine FromCost(CostState cost, TicketState? ticket)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return new WorkLine
        {
            Kind = cost.Kind == CostKind.Product ? WorkLineKind.Product : WorkLineKind.Expense,
            Id = cost.Id,
            Date = cost.Date,
            TicketCode = cost.TicketCode,
            TicketTitle = ticket?.Title,
            CustomerId = ticket?.CustomerId,
            TelescopeId = ticket?.TelescopeId,
            TicketType = ticket?.Type,
            TechnicianId = cost.UserId,
            TechnicianName = cost.UserName,
            Text = cost.Description,
            Quantity = cost.Quantity,
            UnitPrice = cost.UnitPrice,
            Billable = cost.Billable,
            Currency = cost.Currency,
            Amount = cost.Amount,
        };
    }
}

/// <summary>
/// Time and money of one group in one currency. A group whose lines are all in one currency
/// (the usual case) is one row; the key is null for "none" (no telescope, ticket gone).
/// </summary>
public sealed record WorkReportRow(
    string? Key,
    string Currency,
    long BillableMinutes,
    long NonBillableMinutes,
    long UnpricedBillableMinutes,
    decimal TimeBillable,
    decimal TimeNonBillable,
    decimal CostsBillable,
    decimal CostsNonBillable)
{
    public decimal BillableTotal => TimeBillable + CostsBillable;
    public decimal NonBillableTotal => TimeNonBillable + CostsNonBillable;
}

/// <summary>Adds up lines per group and currency. Pure: the host reads the lines, this sums them.</summary>
public static class WorkReport
{
    public static string? KeyOf(WorkLine line, ReportDimension by)
    {
        ArgumentNullException.ThrowIfNull(line);
        return by switch
        {
            ReportDimension.Customer => line.CustomerId,
            ReportDimension.Telescope => line.TelescopeId,
            ReportDimension.Technician => line.TechnicianId,
            ReportDimension.Type => line.TicketType is { } type ? EnumText.ToWire(type) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Unknown report dimension."),
        };
    }

    /// <summary>One row per group and currency, by key (the "none" group last), then currency.</summary>
    public static IReadOnlyList<WorkReportRow> Aggregate(IEnumerable<WorkLine> lines, ReportDimension by) =>
        [.. lines
            .GroupBy(l => (Key: KeyOf(l, by), l.Currency))
            .OrderBy(g => g.Key.Key is null)
            .ThenBy(g => g.Key.Key, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => Row(g.Key.Key, g.Key.Currency, g))];

    /// <summary>The whole period, one row per currency (key null).</summary>
    public static IReadOnlyList<WorkReportRow> Totals(IEnumerable<WorkLine> lines) =>
        [.. lines
            .GroupBy(l => l.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(null, g.Key, g))];

    private static WorkReportRow Row(string? key, string currency, IEnumerable<WorkLine> group)
    {
        var lines = group.ToList();
        var time = lines.Where(l => l.Kind == WorkLineKind.Time).ToList();
        var costs = lines.Where(l => l.Kind != WorkLineKind.Time).ToList();
        return new WorkReportRow(
            key,
            currency,
            time.Where(l => l.Billable).Sum(l => l.Minutes ?? 0),
            time.Where(l => !l.Billable).Sum(l => l.Minutes ?? 0),
            time.Where(l => l.Billable && l.Amount is null).Sum(l => l.Minutes ?? 0),
            Sum(time, billable: true),
            Sum(time, billable: false),
            Sum(costs, billable: true),
            Sum(costs, billable: false));
    }

    private static decimal Sum(List<WorkLine> lines, bool billable) =>
        lines.Where(l => l.Billable == billable).Sum(l => l.Amount ?? 0m) + 0.00m;
}
