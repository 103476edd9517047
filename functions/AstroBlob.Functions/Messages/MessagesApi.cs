using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Messages;

public sealed record PostMessageRequest
{
    /// <summary>The text; may be empty when the message carries files.</summary>
    public string? Body { get; init; }
    public Visibility Visibility { get; init; } = Visibility.Public;

    /// <summary>Files uploaded by the author to this ticket and not posted yet (see the attachments API).</summary>
    public IReadOnlyList<string>? AttachmentIds { get; init; }
}

public sealed record MessageDto(
    string Id, string Body, Visibility Visibility, string AuthorId, string AuthorName, string AuthorKind, DateTimeOffset CreatedAt,
    IReadOnlyList<AttachmentDto> Attachments);

/// <param name="Items">The messages, oldest first.</param>
/// <param name="Next">Cursor (<c>?after=</c>) of the next page when this one is full.</param>
/// <param name="Latest">Cursor (<c>?after=</c>) that returns only messages newer than these: what a client polls with.</param>
public sealed record MessageListDto(IReadOnlyList<MessageDto> Items, string? Next, string? Latest);

public static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/tickets/{code}/messages").WithTags("Messages").RequireAuthorization();
        group.MapPost("/", PostAsync).Accepts<PostMessageRequest>("application/json")
            .WithSummary("Add a public reply or (staff) an internal note. Honours Idempotency-Key.");
        group.MapGet("/", ListAsync).WithSummary("The conversation, oldest first; customers never see internal notes.");
        return observatory;
    }

    private static async Task<Results<Created<MessageDto>, Ok<MessageDto>>> PostAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, HttpResponse response,
        TicketService tickets, AttachmentService attachments, AttachmentStore files, AttachmentViews views, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<PostMessageRequest>(request, ct);
        var keyHash = IdempotencyKey.HashFor(request, caller.UserId);
        var ids = body.AttachmentIds ?? [];
        var (message, replayed) = await tickets.AddMessageAsync(
            tenant, caller.Actor, code, body.Body ?? string.Empty, body.Visibility, keyHash, ct,
            ids.Count == 0 ? null : c => attachments.PrepareForMessageAsync(tenant, caller.Actor, code, ids, c));
        var dto = await message.ToDtoAsync(tenant.Slug, message.AttachmentIds.Count == 0 ? [] : await files.ListAsync(tenant.Slug, message.TicketCode, ct), views, ct);
        if (replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(dto);
        }

        return TypedResults.Created($"/api/o/{tenant.Slug}/tickets/{message.TicketCode}/messages", dto);
    }

    private static async Task<Ok<MessageListDto>> ListAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, TicketService tickets, MessageStore messages,
        AttachmentStore files, AttachmentViews views, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        var after = QueryParams.Text(request, "after", 100);
        var limit = QueryParams.Int(request, "limit", 200, 1, 500);
        var (items, next) = await messages.ListAsync(tenant.Slug, ticket.Code, caller.IsStaff, after, limit, ct);
        var attachments = items.Any(m => m.AttachmentIds.Count > 0) ? await files.ListAsync(tenant.Slug, ticket.Code, ct) : [];
        var dtos = new List<MessageDto>(items.Count);
        foreach (var m in items)
        {
            dtos.Add(await m.ToDtoAsync(tenant.Slug, attachments, views, ct));
        }

        return TypedResults.Ok(new MessageListDto(dtos, next, items.Count > 0 ? MessageStore.CursorAfter(items[^1]) : after));
    }

    /// <summary>The message with its files; a file is shown with the message it belongs to only.</summary>
    private static async Task<MessageDto> ToDtoAsync(this Message m, string observatory, IReadOnlyList<Attachment> ticketFiles, AttachmentViews views, CancellationToken ct)
    {
        var mine = m.AttachmentIds
            .Select(id => ticketFiles.FirstOrDefault(a => a.Id == id && a.MessageId == m.Id))
            .OfType<Attachment>();
        return new(m.Id, m.Body, m.Visibility, m.AuthorId, m.AuthorName, m.AuthorKind, m.CreatedAt, await views.ToDtosAsync(observatory, mine, ct));
    }
}
