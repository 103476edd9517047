namespace AstroBlob.Domain.Work;

/// <summary>Time on a ticket (or any set of entries): minutes billable and not, and what they are worth.</summary>
/// <param name="UnpricedBillableMinutes">Billable minutes without an hourly rate: they have no amount yet.</param>
public sealed record TimeTotals(long BillableMinutes, long NonBillableMinutes, long UnpricedBillableMinutes, IReadOnlyList<MoneyTotal> Amounts);

/// <summary>Products and expenses: how many lines and what they are worth.</summary>
public sealed record CostTotals(int Lines, IReadOnlyList<MoneyTotal> Amounts);

/// <summary>Totals of live (not deleted) entries and lines; amounts per currency.</summary>
public static class WorkTotals
{
    public static TimeTotals Time(IEnumerable<TimeEntryState> entries)
    {
        var live = entries.Where(e => !e.Deleted).ToList();
        return new TimeTotals(
            live.Where(e => e.Billable).Sum(e => (long)e.Minutes),
            live.Where(e => !e.Billable).Sum(e => (long)e.Minutes),
            live.Where(e => e.Billable && e.HourlyRate is null).Sum(e => (long)e.Minutes),
            MoneyTotal.Sum(live.Select(e => (e.Currency, e.Billable, e.Amount))));
    }

    public static CostTotals Costs(IEnumerable<CostState> costs)
    {
        var live = costs.Where(c => !c.Deleted).ToList();
        return new CostTotals(live.Count, MoneyTotal.Sum(live.Select(c => (c.Currency, c.Billable, (decimal?)c.Amount))));
    }

    /// <summary>Time and costs together, per currency: what the ticket is worth.</summary>
    public static IReadOnlyList<MoneyTotal> Combined(TimeTotals time, CostTotals costs)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(costs);
        return MoneyTotal.Sum(time.Amounts.Concat(costs.Amounts).SelectMany(m => new[]
        {
            (m.Currency, true, (decimal?)m.Billable),
            (m.Currency, false, (decimal?)m.NonBillable),
        }));
    }
}
