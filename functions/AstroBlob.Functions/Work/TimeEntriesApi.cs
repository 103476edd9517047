using AstroBlob.Domain.Work;
using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Work;

/// <summary>Time entries of a ticket (staff only; customers never see time or money).</summary>
public static class TimeEntriesApi
{
    public static RouteGroupBuilder MapTimeEntriesApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/tickets/{code}/time").WithTags("Work").RequireAuthorization().StaffOnly();
        group.MapGet("/", ListAsync).WithSummary("Time logged on the ticket, oldest first, with totals (billable and not, amounts). ?deleted=true includes deleted entries.");
        group.MapPost("/", CreateAsync).Accepts<CreateTimeEntryRequest>("application/json")
            .WithSummary("Log time by hand: startedAt and endedAt, or a duration in minutes.");
        group.MapGet("/{id}", GetAsync).WithSummary("One entry with its history of changes; its ETag is in the ETag header.");
        group.MapPatch("/{id}", PatchAsync).Accepts<PatchTimeEntryRequest>("application/json")
            .WithSummary("Change an entry (your own; admins any). If-Match is honoured when sent.");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete an entry (soft: it can be restored).");
        group.MapPost("/{id}/restore", RestoreAsync).WithSummary("Undo the deletion of an entry.");
        return observatory;
    }

    private static async Task<Ok<TimeEntryListDto>> ListAsync(Tenant tenant, Caller caller, string code, HttpRequest request, TimeService time, CancellationToken ct)
    {
        var withDeleted = QueryParams.Text(request, "deleted", 5) switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw ApiException.BadRequest("invalid_query", "'deleted' must be true or false.", "deleted"),
        };
        var (_, entries) = await time.ListAsync(tenant, caller.Actor, code, ct);
        var shown = entries.Where(e => withDeleted || !e.Deleted).OrderBy(e => e.StartedAt).ThenBy(e => e.Id, StringComparer.Ordinal);
        return TypedResults.Ok(new TimeEntryListDto([.. shown.Select(e => e.ToDto())], WorkTotals.Time(entries).ToDto()));
    }

    private static async Task<Created<TimeEntryDto>> CreateAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, HttpResponse response, TimeService time, CancellationToken ct)
    {
        var (body, raw) = await RequestBody.ReadWithShapeAsync<CreateTimeEntryRequest>(request, ct);
        InstantFields.RequireOffsets(raw, "startedAt", "endedAt");
        var (entry, etag) = await time.CreateAsync(tenant, caller.Actor, code, body, raw.TryGetProperty("hourlyRate", out _), ct);
        response.SetETag(etag);
        return TypedResults.Created($"/api/o/{tenant.Slug}/tickets/{entry.TicketCode}/time/{entry.Id}", entry.ToDto(withHistory: true));
    }

    private static async Task<Ok<TimeEntryDto>> GetAsync(Tenant tenant, Caller caller, string code, string id, HttpResponse response, TimeService time, CancellationToken ct)
    {
        var (entry, etag) = await time.GetAsync(tenant, caller.Actor, code, id, ct);
        response.SetETag(etag);
        return TypedResults.Ok(entry.ToDto(withHistory: true));
    }

    private static async Task<Ok<TimeEntryDto>> PatchAsync(
        Tenant tenant, Caller caller, string code, string id, HttpRequest request, HttpResponse response, TimeService time, CancellationToken ct)
    {
        var (body, raw) = await RequestBody.ReadWithShapeAsync<PatchTimeEntryRequest>(request, ct);
        InstantFields.RequireOffsets(raw, "startedAt", "endedAt");
        var (entry, etag) = await time.PatchAsync(tenant, caller.Actor, code, id, body.ToPatch(raw), WorkHttp.IfMatch(request), ct);
        response.SetETag(etag);
        return TypedResults.Ok(entry.ToDto(withHistory: true));
    }

    private static async Task<NoContent> DeleteAsync(Tenant tenant, Caller caller, string code, string id, HttpRequest request, TimeService time, CancellationToken ct)
    {
        await time.DeleteAsync(tenant, caller.Actor, code, id, WorkHttp.IfMatch(request), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TimeEntryDto>> RestoreAsync(
        Tenant tenant, Caller caller, string code, string id, HttpRequest request, HttpResponse response, TimeService time, CancellationToken ct)
    {
        var (entry, etag) = await time.RestoreAsync(tenant, caller.Actor, code, id, WorkHttp.IfMatch(request), ct);
        response.SetETag(etag);
        return TypedResults.Ok(entry.ToDto(withHistory: true));
    }
}
