using AstroBlob.Domain.Desk;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Desk;

public sealed record CannedReplyRequest
{
    public required string Title { get; init; }
    public required string Body { get; init; }
}

public sealed record CannedReplyDto(
    string Id,
    string Title,
    string Body,
    IReadOnlyList<Placeholder> Placeholders,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    DateTimeOffset? DeletedAt);

public sealed record CannedReplyListDto(IReadOnlyList<CannedReplyDto> Items);

/// <summary>A canned reply filled in for one ticket; nothing is posted.</summary>
public sealed record RenderedReplyDto(string CannedReplyId, string TicketCode, string Title, string Text, IReadOnlyList<Placeholder> Missing);

/// <summary>
/// Canned replies of the observatory: admins write them, staff list them and fill one in for
/// a ticket before posting it as a message. Placeholders: see <see cref="CannedTemplate"/>.
/// </summary>
public static class CannedRepliesApi
{
    public static RouteGroupBuilder MapCannedRepliesApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/canned").WithTags("Desk").StaffOnly("canned_reply");
        group.MapGet("/", ListAsync).WithSummary("Canned replies by title (?q= to search title and body; admins: ?deleted=true for deleted ones).");
        group.MapGet("/{id}", GetAsync).WithSummary("One canned reply; its ETag is in the ETag header.");
        group.MapPost("/", CreateAsync).Accepts<CannedReplyRequest>("application/json")
            .WithSummary("Add a canned reply (admins). Unknown placeholders are refused.");
        group.MapPut("/{id}", ReplaceAsync).Accepts<CannedReplyRequest>("application/json")
            .WithSummary("Replace a canned reply's title and body (admins); If-Match is honoured when sent.");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete a canned reply (admins); it can be restored.");
        group.MapPost("/{id}/restore", RestoreAsync).WithSummary("Restore a deleted canned reply (admins).");

        observatory.MapGroup("/tickets/{code}/canned").WithTags("Desk").StaffOnly("ticket")
            .MapPost("/{id}/render", RenderAsync)
            .WithSummary("Fill a canned reply in for this ticket (customer, code, telescope, you) without posting it.");
        return observatory;
    }

    private static async Task<Ok<CannedReplyListDto>> ListAsync(Tenant tenant, Caller caller, HttpRequest request, CannedReplyStore store, CancellationToken ct)
    {
        var q = QueryParams.Text(request, "q");
        var deleted = DeskAccess.Bool(request, "deleted") ?? false;
        if (deleted)
        {
            caller.EnsureAdmin("see deleted canned replies");
        }

        var items = (await store.ListAsync(tenant.Slug, ct))
            .Where(r => (r.DeletedAt is not null) == deleted)
            .Where(r => q is null || Contains(r.Title, q) || Contains(r.Body, q))
            .OrderBy(r => r.Title, StringComparer.CurrentCultureIgnoreCase)
            .Select(r => r.ToDto())
            .ToList();
        return TypedResults.Ok(new CannedReplyListDto(items));
    }

    private static async Task<Ok<CannedReplyDto>> GetAsync(Tenant tenant, Caller caller, string id, HttpResponse response, CannedReplyStore store, CancellationToken ct)
    {
        var (reply, etag) = await FindAsync(tenant, caller, id, store, ct);
        response.Headers.ETag = etag.ToString();
        return TypedResults.Ok(reply.ToDto());
    }

    private static async Task<Created<CannedReplyDto>> CreateAsync(
        Tenant tenant, Caller caller, HttpRequest request, HttpResponse response, CannedReplyStore store, TimeProvider clock, CancellationToken ct)
    {
        caller.EnsureAdmin("write canned replies");
        var body = await RequestBody.ReadAsync<CannedReplyRequest>(request, ct);
        var (title, text) = CannedTemplate.Validated(body.Title, body.Body);
        var now = clock.GetUtcNow();
        var reply = new CannedReply
        {
            Id = Keys.NewId(),
            Title = title,
            Body = text,
            CreatedBy = caller.UserId,
            CreatedAt = now,
            UpdatedBy = caller.UserId,
            UpdatedAt = now,
        };
        response.Headers.ETag = (await store.AddAsync(tenant.Slug, reply, ct)).ToString();
        return TypedResults.Created($"/api/o/{tenant.Slug}/canned/{reply.Id}", reply.ToDto());
    }

    private static async Task<Ok<CannedReplyDto>> ReplaceAsync(
        Tenant tenant, Caller caller, string id, HttpRequest request, HttpResponse response, CannedReplyStore store, TimeProvider clock, CancellationToken ct)
    {
        caller.EnsureAdmin("write canned replies");
        var body = await RequestBody.ReadAsync<CannedReplyRequest>(request, ct);
        var (current, etag) = await FindAsync(tenant, caller, id, store, ct);
        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && new ETag(ifMatch) != etag)
        {
            throw new ApiException(412, "stale_canned_reply", "The canned reply changed since you read it; reload it and apply your change again.");
        }

        if (current.DeletedAt is not null)
        {
            throw ApiException.Conflict("canned_reply_deleted", "The canned reply is deleted; restore it before changing it.");
        }

        var (title, text) = CannedTemplate.Validated(body.Title, body.Body);
        var changed = current with { Title = title, Body = text, UpdatedBy = caller.UserId, UpdatedAt = clock.GetUtcNow() };
        response.Headers.ETag = (await store.ReplaceAsync(tenant.Slug, changed, etag, ct)).ToString();
        return TypedResults.Ok(changed.ToDto());
    }

    private static async Task<NoContent> DeleteAsync(Tenant tenant, Caller caller, string id, CannedReplyStore store, TimeProvider clock, CancellationToken ct)
    {
        caller.EnsureAdmin("delete canned replies");
        var (current, etag) = await FindAsync(tenant, caller, id, store, ct);
        if (current.DeletedAt is null)
        {
            await store.ReplaceAsync(tenant.Slug, current with { DeletedAt = clock.GetUtcNow(), DeletedBy = caller.UserId }, etag, ct);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Ok<CannedReplyDto>> RestoreAsync(Tenant tenant, Caller caller, string id, HttpResponse response, CannedReplyStore store, TimeProvider clock, CancellationToken ct)
    {
        caller.EnsureAdmin("restore canned replies");
        var (current, etag) = await FindAsync(tenant, caller, id, store, ct);
        if (current.DeletedAt is null)
        {
            response.Headers.ETag = etag.ToString();
            return TypedResults.Ok(current.ToDto());
        }

        var restored = current with { DeletedAt = null, DeletedBy = null, UpdatedBy = caller.UserId, UpdatedAt = clock.GetUtcNow() };
        response.Headers.ETag = (await store.ReplaceAsync(tenant.Slug, restored, etag, ct)).ToString();
        return TypedResults.Ok(restored.ToDto());
    }

    private static async Task<Ok<RenderedReplyDto>> RenderAsync(
        Tenant tenant, Caller caller, string code, string id, TicketService tickets, CannedReplyStore store, DirectoryStore directory, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        var (reply, _) = await FindAsync(tenant, caller, id, store, ct);
        if (reply.DeletedAt is not null)
        {
            throw ApiException.NotFound("canned_reply");
        }

        var customer = await directory.GetCustomerAsync(tenant.Slug, ticket.CustomerId, ct);
        var telescope = ticket.TelescopeId is null ? null : await directory.GetTelescopeAsync(tenant.Slug, ticket.TelescopeId, ct);
        var rendered = CannedTemplate.Render(reply.Body, new PlaceholderValues(
            customer?.Customer.Name, ticket.Code, telescope?.Telescope.Name, caller.Actor.Name));
        return TypedResults.Ok(new RenderedReplyDto(reply.Id, ticket.Code, reply.Title, rendered.Text, rendered.Missing));
    }

    /// <summary>Technicians do not see deleted replies; admins do, to restore them.</summary>
    private static async Task<(CannedReply Reply, ETag ETag)> FindAsync(Tenant tenant, Caller caller, string id, CannedReplyStore store, CancellationToken ct)
    {
        var found = await store.GetAsync(tenant.Slug, id, ct);
        return found is { } f && (f.Reply.DeletedAt is null || caller.Actor.IsAdmin)
            ? f
            : throw ApiException.NotFound("canned_reply");
    }

    private static bool Contains(string haystack, string needle) =>
        System.Globalization.CultureInfo.InvariantCulture.CompareInfo.IndexOf(
            haystack, needle, System.Globalization.CompareOptions.IgnoreCase | System.Globalization.CompareOptions.IgnoreNonSpace) >= 0;

    private static CannedReplyDto ToDto(this CannedReply r) =>
        new(r.Id, r.Title, r.Body, CannedTemplate.Used(r.Body), r.CreatedAt, r.UpdatedAt, r.UpdatedBy, r.DeletedAt);
}
