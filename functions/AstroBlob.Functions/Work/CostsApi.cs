using AstroBlob.Domain.Work;
using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Work;

/// <summary>Products and expenses of a ticket (staff only; customers never see money).</summary>
public static class CostsApi
{
    public static RouteGroupBuilder MapCostsApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/tickets/{code}/costs").WithTags("Work").RequireAuthorization().StaffOnly();
        group.MapGet("/", ListAsync).WithSummary("Products and expenses on the ticket, by date, with totals. ?deleted=true includes deleted lines.");
        group.MapPost("/", CreateAsync).Accepts<CreateCostRequest>("application/json")
            .WithSummary("Add a product or expense: description, quantity, unit price, billable, date.");
        group.MapGet("/{id}", GetAsync).WithSummary("One line with its history of changes; its ETag is in the ETag header.");
        group.MapPatch("/{id}", PatchAsync).Accepts<PatchCostRequest>("application/json")
            .WithSummary("Change a line (your own; admins any). If-Match is honoured when sent.");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete a line (soft: it can be restored).");
        group.MapPost("/{id}/restore", RestoreAsync).WithSummary("Undo the deletion of a line.");
        return observatory;
    }

    private static async Task<Ok<CostListDto>> ListAsync(Tenant tenant, Caller caller, string code, HttpRequest request, CostService costs, CancellationToken ct)
    {
        var withDeleted = QueryParams.Text(request, "deleted", 5) switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw ApiException.BadRequest("invalid_query", "'deleted' must be true or false.", "deleted"),
        };
        var (_, lines) = await costs.ListAsync(tenant, caller.Actor, code, ct);
        var shown = lines.Where(c => withDeleted || !c.Deleted).OrderBy(c => c.Date).ThenBy(c => c.CreatedAt);
        return TypedResults.Ok(new CostListDto([.. shown.Select(c => c.ToDto())], WorkTotals.Costs(lines).ToDto()));
    }

    private static async Task<Created<CostDto>> CreateAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, HttpResponse response, CostService costs, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<CreateCostRequest>(request, ct);
        var (cost, etag) = await costs.CreateAsync(tenant, caller.Actor, code, body, ct);
        response.SetETag(etag);
        return TypedResults.Created($"/api/o/{tenant.Slug}/tickets/{cost.TicketCode}/costs/{cost.Id}", cost.ToDto(withHistory: true));
    }

    private static async Task<Ok<CostDto>> GetAsync(Tenant tenant, Caller caller, string code, string id, HttpResponse response, CostService costs, CancellationToken ct)
    {
        var (cost, etag) = await costs.GetAsync(tenant, caller.Actor, code, id, ct);
        response.SetETag(etag);
        return TypedResults.Ok(cost.ToDto(withHistory: true));
    }

    private static async Task<Ok<CostDto>> PatchAsync(
        Tenant tenant, Caller caller, string code, string id, HttpRequest request, HttpResponse response, CostService costs, CancellationToken ct)
    {
        var (body, raw) = await RequestBody.ReadWithShapeAsync<PatchCostRequest>(request, ct);
        var (cost, etag) = await costs.PatchAsync(tenant, caller.Actor, code, id, body.ToPatch(raw), WorkHttp.IfMatch(request), ct);
        response.SetETag(etag);
        return TypedResults.Ok(cost.ToDto(withHistory: true));
    }

    private static async Task<NoContent> DeleteAsync(Tenant tenant, Caller caller, string code, string id, HttpRequest request, CostService costs, CancellationToken ct)
    {
        await costs.DeleteAsync(tenant, caller.Actor, code, id, WorkHttp.IfMatch(request), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<CostDto>> RestoreAsync(
        Tenant tenant, Caller caller, string code, string id, HttpRequest request, HttpResponse response, CostService costs, CancellationToken ct)
    {
        var (cost, etag) = await costs.RestoreAsync(tenant, caller.Actor, code, id, WorkHttp.IfMatch(request), ct);
        response.SetETag(etag);
        return TypedResults.Ok(cost.ToDto(withHistory: true));
    }
}
