using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Notifications;

public sealed record NotificationDto(string Id, string Kind, string TicketCode, string TicketTitle, string Text, DateTimeOffset At, DateTimeOffset? ReadAt);

public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", ListAsync).WithSummary("My notifications, newest first (?unread=true for unread only).");
        group.MapPost("/{id}/read", MarkReadAsync).WithSummary("Mark one of my notifications as read.");
        return observatory;
    }

    private static async Task<Ok<List<NotificationDto>>> ListAsync(Tenant tenant, Caller caller, HttpRequest request, NotificationStore store, CancellationToken ct)
    {
        var unread = QueryParams.Text(request, "unread", 5) switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw ApiException.BadRequest("invalid_query", "'unread' must be true or false.", "unread"),
        };
        var limit = QueryParams.Int(request, "limit", 50, 1, 200);
        var items = await store.ListAsync(tenant.Slug, caller.UserId, unread, limit, ct);
        return TypedResults.Ok(items.Select(ToDto).ToList());
    }

    private static async Task<Ok<NotificationDto>> MarkReadAsync(Tenant tenant, Caller caller, string id, NotificationStore store, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(ToDto(await store.MarkReadAsync(tenant.Slug, caller.UserId, id, clock.GetUtcNow(), ct)));

    private static NotificationDto ToDto(Notification n) => new(n.Id, n.Kind, n.TicketCode, n.TicketTitle, n.Text, n.At, n.ReadAt);
}
