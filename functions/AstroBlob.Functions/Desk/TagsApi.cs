using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
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
/// Staff labels on tickets (normalised, see <see cref="TagRules"/>), kept on the ticket itself
/// (<see cref="TicketState.Tags"/>) and indexed with it, so a tag change is one ticket write
/// with its trail entry. Customers never see tags.
/// </summary>
public static class TagsApi
{
    public static RouteGroupBuilder MapTagsApi(this RouteGroupBuilder observatory)
    {
        var ticket = observatory.MapGroup("/tickets/{code}/tags").WithTags("Desk").StaffOnly("ticket");
        ticket.MapGet("/", GetAsync).WithSummary("The ticket's tags.");
        ticket.MapPost("/", AddAsync).Accepts<TagRequest>("application/json")
            .WithSummary("Tag the ticket (trimmed, lower-case, accents kept); tagging twice changes nothing.");
        ticket.MapDelete("/{tag}", RemoveAsync).WithSummary("Take a tag off the ticket.");

        var tags = observatory.MapGroup("/tags").WithTags("Desk").StaffOnly("tag");
        tags.MapGet("/", ListAsync).WithSummary("The observatory's tags with how many listed tickets carry each, most used first.");
        tags.MapGet("/{tag}/tickets", TicketsAsync)
            .WithSummary("Tickets with the tag, newest first, with cursor paging (?status=, ?limit=); the same as GET /tickets?tag=.");
        return observatory;
    }

    private static async Task<Ok<TicketTagsDto>> GetAsync(Tenant tenant, Caller caller, string code, TicketService tickets, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        return TypedResults.Ok(new TicketTagsDto(ticket.Code, ticket.Tags));
    }

    private static async Task<Ok<TicketTagsDto>> AddAsync(Tenant tenant, Caller caller, string code, HttpRequest request, TicketService tickets, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<TagRequest>(request, ct);
        var tag = TagRules.Normalize(body.Tag);
        var (ticket, _) = await tickets.ChangeAsync(tenant, caller.Actor, code, "tag_added", (t, now) => t.AddTag(tag, caller.Actor, now), ct);
        return TypedResults.Ok(new TicketTagsDto(ticket.Code, ticket.Tags));
    }

    private static async Task<Ok<TicketTagsDto>> RemoveAsync(Tenant tenant, Caller caller, string code, string tag, TicketService tickets, CancellationToken ct)
    {
        var normalized = Normalized(tag);
        var (current, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        if (!current.Tags.Contains(normalized, StringComparer.Ordinal))
        {
            throw ApiException.NotFound("tag");
        }

        var (ticket, _) = await tickets.ChangeAsync(tenant, caller.Actor, code, "tag_removed", (t, now) => t.RemoveTag(normalized, caller.Actor, now), ct);
        return TypedResults.Ok(new TicketTagsDto(ticket.Code, ticket.Tags));
    }

    private static async Task<Ok<TagListDto>> ListAsync(Tenant tenant, TicketStore store, CancellationToken ct) =>
        TypedResults.Ok(new TagListDto([.. (await store.CountTagsAsync(tenant.Slug, ct)).Select(t => new TagCountDto(t.Tag, t.Count))]));

    private static async Task<Ok<TicketListDto>> TicketsAsync(
        Tenant tenant, Caller caller, string tag, HttpRequest request, TicketStore store, TicketViews views, CancellationToken ct)
    {
        var query = new TicketQuery
        {
            Tag = Normalized(tag),
            Status = QueryParams.Enum<TicketStatus>(request, "status"),
            Limit = QueryParams.Int(request, "limit", 25, 1, 100),
            Cursor = QueryParams.Text(request, "cursor", 400),
        };
        var page = await store.ListAsync(tenant.Slug, query, caller.Actor, ct);
        return TypedResults.Ok(new TicketListDto(await views.ListAsync(tenant, caller.Actor, page.Items, ct), page.NextCursor));
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
}
