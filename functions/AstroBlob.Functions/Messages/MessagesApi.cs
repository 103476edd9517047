using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Messages;

public sealed record PostMessageRequest
{
    public required string Body { get; init; }
    public Visibility Visibility { get; init; } = Visibility.Public;
}

public sealed record MessageDto(string Id, string Body, Visibility Visibility, string AuthorId, string AuthorName, string AuthorKind, DateTimeOffset CreatedAt);

public sealed record MessageListDto(IReadOnlyList<MessageDto> Items, string? Next);

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
        Tenant tenant, Caller caller, string code, HttpRequest request, HttpResponse response, TicketService tickets, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<PostMessageRequest>(request, ct);
        var keyHash = IdempotencyKey.HashFor(request, caller.UserId);
        var (message, replayed) = await tickets.AddMessageAsync(tenant, caller.Actor, code, body.Body, body.Visibility, keyHash, ct);
        if (replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(message.ToDto());
        }

        return TypedResults.Created($"/api/o/{tenant.Slug}/tickets/{message.TicketCode}/messages", message.ToDto());
    }

    private static async Task<Ok<MessageListDto>> ListAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, TicketService tickets, MessageStore messages, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        var after = QueryParams.Text(request, "after", 100);
        var limit = QueryParams.Int(request, "limit", 200, 1, 500);
        var (items, next) = await messages.ListAsync(tenant.Slug, ticket.Code, caller.IsStaff, after, limit, ct);
        return TypedResults.Ok(new MessageListDto(items.Select(m => m.ToDto()).ToList(), next));
    }

    private static MessageDto ToDto(this Message m) =>
        new(m.Id, m.Body, m.Visibility, m.AuthorId, m.AuthorName, m.AuthorKind, m.CreatedAt);
}
