using System.Globalization;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using Azure;

namespace AstroBlob.Functions.Work;

/// <summary>Products and expenses on a ticket, with the same shape of use case as <see cref="TimeService"/>.</summary>
public sealed class CostService(TicketService tickets, WorkStore store, WorkSettingsStore settings, TimeProvider clock)
{
    public async Task<(TicketState Ticket, IReadOnlyList<CostState> Costs)> ListAsync(Tenant tenant, Actor actor, string code, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        return (ticket, await store.ListCostsAsync(tenant.Slug, ticket.Code, ct));
    }

    public async Task<(CostState Cost, ETag ETag)> GetAsync(Tenant tenant, Actor actor, string code, string id, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        return await store.GetCostAsync(tenant.Slug, ticket.Code, id, ct) ?? throw ApiException.NotFound("cost");
    }

    public async Task<(CostState Cost, ETag ETag)> CreateAsync(Tenant tenant, Actor actor, string code, CreateCostRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        WorkAccess.EnsureNotMerged(ticket);
        var terms = await settings.GetAsync(tenant.Slug, ct);
        var now = clock.GetUtcNow();
        var today = Today(tenant, now);
        var cost = CostLines.Create(
            Keys.NewId(), ticket.Code, request.Kind, request.Description, request.Quantity, request.UnitPrice,
            request.Billable ?? ticket.Billable, request.Date ?? today, today, terms.Currency, actor, now);
        var etag = await store.AddCostAsync(tenant.Slug, cost, [TimeService.Activity(actor, now, "cost_added", cost.Id, Details(cost))], ct)
            ?? throw new InvalidOperationException("A new cost line cannot lose a race.");
        return (cost, etag);
    }

    public Task<(CostState Cost, ETag ETag)> PatchAsync(Tenant tenant, Actor actor, string code, string id, CostPatch patch, ETag? ifMatch, CancellationToken ct) =>
        ChangeAsync(tenant, actor, code, id, ifMatch, "cost_updated", (cost, now) => CostLines.Edit(cost, patch, Today(tenant, now), actor, now).Cost, ct);

    public Task<(CostState Cost, ETag ETag)> DeleteAsync(Tenant tenant, Actor actor, string code, string id, ETag? ifMatch, CancellationToken ct) =>
        ChangeAsync(tenant, actor, code, id, ifMatch, "cost_deleted", (cost, now) => CostLines.Delete(cost, actor, now) ?? cost, ct);

    public Task<(CostState Cost, ETag ETag)> RestoreAsync(Tenant tenant, Actor actor, string code, string id, ETag? ifMatch, CancellationToken ct) =>
        ChangeAsync(tenant, actor, code, id, ifMatch, "cost_restored", (cost, now) => CostLines.Restore(cost, actor, now) ?? cost, ct);

    private static IReadOnlyList<FieldChange> Details(CostState c) => TimeService.Details(
        c.History,
        ("description", c.Description),
        ("quantity", c.Quantity.ToString(CultureInfo.InvariantCulture)),
        ("unitPrice", c.UnitPrice.ToString(CultureInfo.InvariantCulture)),
        ("billable", c.Billable ? "true" : "false"));

    private static DateOnly Today(Tenant tenant, DateTimeOffset now) => ReportPeriod.Today(now, tenant.Observatory.TimeZone);

    private async Task<(CostState Cost, ETag ETag)> ChangeAsync(
        Tenant tenant, Actor actor, string code, string id, ETag? ifMatch, string action,
        Func<CostState, DateTimeOffset, CostState> change, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        WorkAccess.EnsureNotMerged(ticket);
        for (var attempt = 0; ; attempt++)
        {
            var (cost, etag) = await store.GetCostAsync(tenant.Slug, ticket.Code, id, ct) ?? throw ApiException.NotFound("cost");
            if (ifMatch is { } expected && expected != etag)
            {
                throw TimeService.Stale();
            }

            var now = clock.GetUtcNow();
            var next = change(cost, now);
            if (ReferenceEquals(next, cost))
            {
                return (cost, etag);
            }

            if (await store.ReplaceCostAsync(tenant.Slug, cost, next, etag, [TimeService.Activity(actor, now, action, next.Id, Details(next))], ct) is { } committed)
            {
                return (next, committed);
            }

            if (ifMatch is not null)
            {
                throw TimeService.Stale();
            }

            await TimeService.Backoff(attempt, ct);
        }
    }
}
