using AstroBlob.Domain.Desk;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Desk;

public sealed record TicketFlagsDto(string Code, bool Spam, bool Deleted, string? ChangedBy, DateTimeOffset? ChangedAt);

/// <summary>
/// Spam and soft delete, as flags on the ticket itself: staff mark spam, admins delete and
/// restore. A flagged ticket leaves every ticket list but its flag's (<c>GET /tickets?flag=</c>,
/// or <c>/flagged</c>), its SLA clocks stop, and its customer no longer sees it.
/// </summary>
public static class TicketFlagsApi
{
    public static RouteGroupBuilder MapTicketFlagsApi(this RouteGroupBuilder observatory)
    {
        var ticket = observatory.MapGroup("/tickets/{code}").WithTags("Desk").StaffOnly("ticket");
        ticket.MapGet("/flags", GetAsync).WithSummary("Whether the ticket is marked as spam or deleted.");
        ticket.MapPost("/spam", SpamAsync).WithSummary("Mark the ticket as spam (staff).");
        ticket.MapPost("/delete", DeleteAsync).WithSummary("Delete the ticket, softly: an admin can restore it (admins).");
        ticket.MapPost("/restore", RestoreAsync).WithSummary("Clear the spam and deleted flags (admins).");

        observatory.MapGroup("/flagged").WithTags("Desk").StaffOnly("ticket")
            .MapGet("/", ListAsync).WithSummary("Tickets marked as spam or deleted (?flag=spam|deleted, required), newest first; the same as GET /tickets?flag=.");
        return observatory;
    }

    private static async Task<Ok<TicketFlagsDto>> GetAsync(Tenant tenant, Caller caller, string code, TicketService tickets, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        return TypedResults.Ok(ticket.ToFlagsDto());
    }

    private static Task<Ok<TicketFlagsDto>> SpamAsync(Tenant tenant, Caller caller, string code, TicketService tickets, CancellationToken ct) =>
        ChangeAsync(tenant, caller, code, tickets, "marked_spam", (t, now) => t.MarkSpam(caller.Actor, now), ct);

    private static Task<Ok<TicketFlagsDto>> DeleteAsync(Tenant tenant, Caller caller, string code, TicketService tickets, CancellationToken ct) =>
        ChangeAsync(tenant, caller, code, tickets, "deleted", (t, now) => t.Delete(caller.Actor, now), ct);

    private static Task<Ok<TicketFlagsDto>> RestoreAsync(Tenant tenant, Caller caller, string code, TicketService tickets, CancellationToken ct) =>
        ChangeAsync(tenant, caller, code, tickets, "restored", (t, now) => t.Restore(caller.Actor, now), ct);

    private static async Task<Ok<TicketFlagsDto>> ChangeAsync(
        Tenant tenant, Caller caller, string code, TicketService tickets, string action, Func<Ticket, DateTimeOffset, bool> change, CancellationToken ct)
    {
        var (ticket, _) = await tickets.ChangeAsync(tenant, caller.Actor, code, action, change, ct);
        return TypedResults.Ok(ticket.ToFlagsDto());
    }

    private static async Task<Ok<TicketListDto>> ListAsync(Tenant tenant, Caller caller, HttpRequest request, TicketStore store, TicketViews views, CancellationToken ct)
    {
        var query = new TicketQuery
        {
            Flag = QueryParams.Enum<TicketFlag>(request, "flag")
                ?? throw ApiException.BadRequest("invalid_query", "'flag' is required: spam or deleted.", "flag"),
            Limit = QueryParams.Int(request, "limit", 25, 1, 100),
            Cursor = QueryParams.Text(request, "cursor", 400),
        };
        var page = await store.ListAsync(tenant.Slug, query, caller.Actor, ct);
        return TypedResults.Ok(new TicketListDto(await views.ListAsync(tenant, caller.Actor, page.Items, ct), page.NextCursor));
    }

    private static TicketFlagsDto ToFlagsDto(this TicketState t) => new(t.Code, t.Spam, t.Deleted, t.FlagsChangedBy, t.FlagsChangedAt);
}
