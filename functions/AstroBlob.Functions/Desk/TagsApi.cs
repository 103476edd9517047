using AstroBlob.Functions.Storage;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Sla;
using AstroBlob.Functions.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Desk;

public sealed record TagRequest
{
    public required string Tag { get; init; }
}

public sealed record TicketTagsDto(string Code, IReadOnlyList<string> Tags);

public sealed record TagCountDto(string Tag, int Count);

public sealed record TagListDto(IReadOnlyList<TagCountDto> Items);

/// <summary>
/// Staff labels on tickets (normalised, see <see cref="TagRules"/>), the observatory's tags with
/// their counts, and the tickets carrying a tag. Customers never see tags.
/// </summary>
public static class TagsApi
{
    /// <summary>Bounds the rows one page may read when a filter skips many tagged tickets; the cursor goes on from there.</summary>
    private const int MaxScan = 500;

    public static RouteGroupBuilder MapTagsApi(this RouteGroupBuilder observatory)
    {
        var ticket = observatory.MapGroup("/tickets/{code}/tags").WithTags("Desk").StaffOnly("ticket");
        ticket.MapGet("/", GetAsync).WithSummary("The ticket's tags.");
        ticket.MapPost("/", AddAsync).Accepts<TagRequest>("application/json")
            .WithSummary("Tag the ticket (trimmed, lower-case, accents kept); tagging twice changes nothing.");
        ticket.MapDelete("/{tag}", RemoveAsync).WithSummary("Take a tag off the ticket.");

        var tags = observatory.MapGroup("/tags").WithTags("Desk").StaffOnly("tag");
        tags.MapGet("/", ListAsync).WithSummary("The observatory's tags with how many tickets carry each, most used first.");
        tags.MapGet("/{tag}/tickets", TicketsAsync)
            .WithSummary("Tickets with the tag, in code order, with cursor paging (?status=, ?limit=); spam and deleted ones only with ?includeFlagged=true.");
        return observatory;
    }

    private static async Task<Ok<TicketTagsDto>> GetAsync(Tenant tenant, Caller caller, string code, TicketService tickets, TagStore store, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        return TypedResults.Ok(new TicketTagsDto(ticket.Code, await store.GetAsync(tenant.Slug, ticket.Code, ct)));
    }

    private static async Task<Ok<TicketTagsDto>> AddAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, TicketService tickets, TagStore store, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<TagRequest>(request, ct);
        var tag = TagRules.Normalize(body.Tag);
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        var (tags, _) = await store.ChangeAsync(tenant.Slug, ticket.Code, tag, add: true, Audit(tenant, caller, ticket.Code, "tag_added", clock), ct);
        return TypedResults.Ok(new TicketTagsDto(ticket.Code, tags));
    }

    private static async Task<Ok<TicketTagsDto>> RemoveAsync(
        Tenant tenant, Caller caller, string code, string tag, TicketService tickets, TagStore store, TimeProvider clock, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        var normalized = Normalized(tag);
        var (tags, changed) = await store.ChangeAsync(tenant.Slug, ticket.Code, normalized, add: false, Audit(tenant, caller, ticket.Code, "tag_removed", clock), ct);
        return changed ? TypedResults.Ok(new TicketTagsDto(ticket.Code, tags)) : throw ApiException.NotFound("tag");
    }

    private static async Task<Ok<TagListDto>> ListAsync(Tenant tenant, TagStore store, CancellationToken ct) =>
        TypedResults.Ok(new TagListDto([.. (await store.CountsAsync(tenant.Slug, ct)).Select(t => new TagCountDto(t.Tag, t.Count))]));

    private static async Task<Ok<TicketListDto>> TicketsAsync(
        Tenant tenant, Caller caller, string tag, HttpRequest request, TagStore store, TicketStore tickets, TicketFlagStore flags,
        SlaPolicyStore policies, TimeProvider clock, CancellationToken ct)
    {
        var normalized = Normalized(tag);
        var status = QueryParams.Enum<TicketStatus>(request, "status");
        var includeFlagged = DeskAccess.Bool(request, "includeFlagged") ?? false;
        var limit = QueryParams.Int(request, "limit", 25, 1, 100);
        var cursor = QueryParams.Text(request, "cursor", 600);
        var policy = await policies.GetAsync(tenant.Observatory, ct);
        var now = clock.GetUtcNow();

        var items = new List<TicketDto>();
        var scanned = 0;
        string? last = null;
        await foreach (var (rowKey, code) in store.TaggedAsync(tenant.Slug, normalized, cursor, limit + 1, ct))
        {
            if (items.Count == limit || scanned == MaxScan)
            {
                return TypedResults.Ok(new TicketListDto(items, PageCursor.Encode(last!)));
            }

            scanned++;
            last = rowKey;
            if (await tickets.GetAsync(tenant.Slug, code, ct) is { } found
                && (status is null || found.Ticket.Status == status)
                && (includeFlagged || !(await flags.GetAsync(tenant.Slug, code, ct)).Any))
            {
                var t = found.Ticket;
                items.Add(t.ToDto(caller.Actor, t.Sla is null ? null : SlaMachine.Read(t.Sla, policy, now), withDescription: false));
            }
        }

        return TypedResults.Ok(new TicketListDto(items, null));
    }

    /// <summary>A tag named in the path, normalised like a typed one; malformed, it cannot exist.</summary>
    private static string Normalized(string tag)
    {
        try
        {
            return TagRules.Normalize(tag);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid)
        {
            throw ApiException.NotFound("tag");
        }
    }

    /// <summary>
    /// The trail records that tags changed but not which: the ticket's trail shows customers
    /// every non-internal field change, and tags are staff business (see the Desk report).
    /// </summary>
    private static Azure.Data.Tables.TableTransactionAction Audit(Tenant tenant, Caller caller, string code, string action, TimeProvider clock) =>
        DeskAccess.Activity(tenant.Slug, code, caller, action, clock.GetUtcNow());
}
