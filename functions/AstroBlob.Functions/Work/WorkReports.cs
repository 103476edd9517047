using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Tickets;

namespace AstroBlob.Functions.Work;

/// <summary>Display names of the keys a report groups by.</summary>
public sealed record ReportNames(
    IReadOnlyDictionary<string, string> Customers,
    IReadOnlyDictionary<string, string> Telescopes,
    IReadOnlyDictionary<string, string> People)
{
    public string? Of(ReportDimension by, string? key) => key is null ? null : by switch
    {
        ReportDimension.Customer => Customers.GetValueOrDefault(key),
        ReportDimension.Telescope => Telescopes.GetValueOrDefault(key),
        ReportDimension.Technician => People.GetValueOrDefault(key),
        _ => key,
    };
}

/// <summary>
/// Reads what a report needs; the domain adds it up. Costs of one report, for an observatory
/// with N lines (time entries and cost lines) and T distinct tickets in the period:
/// <list type="bullet">
/// <item>work and lines: two range scans (time by start instant, costs by local date) reading
/// N rows, plus T point reads of the tickets (8 at a time), plus one scan each of the
/// observatory's customers, telescopes and people for names;</item>
/// <item>SLA: one range scan of the tickets' creation index, reading the tickets opened in the
/// period (their index rows carry the ticket and its SLA state), plus the names.</item>
/// </list>
/// Both are bounded (<see cref="MaxRows"/>) and refused past it rather than left to run.
/// </summary>
public sealed class WorkReports(WorkStore store, TicketStore tickets, DirectoryStore directory)
{
    public const int MaxRows = 50_000;
    private const int TicketReadsInParallel = 8;

    public async Task<IReadOnlyList<WorkLine>> LinesAsync(Tenant tenant, ReportPeriod period, CancellationToken ct)
    {
        var entries = new List<TimeEntryState>();
        await foreach (var entry in store.ScanEntriesAsync(tenant.Slug, period.Start, period.End, ct))
        {
            entries.Add(entry);
            EnsureBounded(entries.Count);
        }

        var costs = new List<CostState>();
        await foreach (var cost in store.ScanCostsAsync(tenant.Slug, period.From, period.To, ct))
        {
            costs.Add(cost);
            EnsureBounded(entries.Count + costs.Count);
        }

        var codes = entries.Select(e => e.TicketCode).Concat(costs.Select(c => c.TicketCode)).Distinct(StringComparer.Ordinal);
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, TicketState>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = TicketReadsInParallel, CancellationToken = ct }, async (code, token) =>
        {
            if (await tickets.GetAsync(tenant.Slug, code, token) is { } t)
            {
                found[code] = t.Ticket;
            }
        });

        return
        [
            .. entries.Select(e => WorkLine.FromTime(e, found.GetValueOrDefault(e.TicketCode), period)),
            .. costs.Select(c => WorkLine.FromCost(c, found.GetValueOrDefault(c.TicketCode))),
        ];
    }

    /// <summary>Tickets opened in the period (by their creation instant, local days as for work).</summary>
    public async Task<IReadOnlyList<TicketState>> TicketsOpenedAsync(Tenant tenant, Actor admin, ReportPeriod period, CancellationToken ct)
    {
        var result = new List<TicketState>();
        string? cursor = null;
        do
        {
            var page = await tickets.ListAsync(
                tenant.Slug,
                new TicketQuery { CreatedFrom = period.Start, CreatedBefore = period.End, Cursor = cursor, Limit = 100 },
                admin,
                ct);
            result.AddRange(page.Items);
            EnsureBounded(result.Count);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return result;
    }

    public async Task<ReportNames> NamesAsync(string observatory, CancellationToken ct)
    {
        var customers = directory.ListCustomersAsync(observatory, ct);
        var telescopes = directory.ListTelescopesAsync(observatory, null, ct);
        var people = directory.ListUsersAsync(observatory, ct);
        return new ReportNames(
            (await customers).ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal),
            (await telescopes).ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal),
            (await people).ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal));
    }

    private static void EnsureBounded(int rows)
    {
        if (rows > MaxRows)
        {
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, "report_too_large", $"The period holds more than {MaxRows} rows; ask for a shorter one.");
        }
    }
}
