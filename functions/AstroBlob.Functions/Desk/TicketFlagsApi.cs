using AstroBlob.Domain.Desk;
using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Sla;
using AstroBlob.Functions.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Desk;

public sealed record TicketFlagsDto(string Code, bool Spam, bool Deleted, string? ChangedBy, DateTimeOffset? ChangedAt);

/// <summary>
/// Spam and soft delete of tickets, as flags: staff mark spam, admins delete and restore.
/// The flags hide tickets from the desk's own lists (tickets by tag) and list them at
/// <c>/flagged</c>; the ticket itself, its list and its customer's view are not changed yet.
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
            .MapGet("/", ListAsync).WithSummary("Tickets marked as spam or deleted (?flag=spam|deleted, required), in code order.");
        return observatory;
    }

    private static async Task<Ok<TicketFlagsDto>> GetAsync(Tenant tenant, Caller caller, string code, TicketService tickets, TicketFlagStore store, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        return TypedResults.Ok((await store.GetAsync(tenant.Slug, ticket.Code, ct)).ToDto());
    }

    private static Task<Ok<TicketFlagsDto>> SpamAsync(Tenant tenant, Caller caller, string code, TicketService tickets, TicketFlagStore store, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(tenant, caller, code, tickets, store, clock, "marked_spam", (f, now) => f.MarkSpam(caller.Actor, now), ct);

    private static Task<Ok<TicketFlagsDto>> DeleteAsync(Tenant tenant, Caller caller, string code, TicketService tickets, TicketFlagStore store, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(tenant, caller, code, tickets, store, clock, "deleted", (f, now) => f.Delete(caller.Actor, now), ct);

    private static Task<Ok<TicketFlagsDto>> RestoreAsync(Tenant tenant, Caller caller, string code, TicketService tickets, TicketFlagStore store, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(tenant, caller, code, tickets, store, clock, "restored", (f, now) => f.Restore(caller.Actor, now), ct);

    private static async Task<Ok<TicketFlagsDto>> ChangeAsync(
        Tenant tenant, Caller caller, string code, TicketService tickets, TicketFlagStore store, TimeProvider clock,
        string action, Func<TicketFlags, DateTimeOffset, bool> change, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        var now = clock.GetUtcNow();
        // Staff-only, like the flags: an entry without field changes, which customers are not shown.
        var audit = DeskAccess.Activity(tenant.Slug, ticket.Code, caller, action, now);
        var flags = await store.ChangeAsync(tenant.Slug, ticket.Code, f => change(f, now), audit, ct);
        return TypedResults.Ok(flags.ToDto());
    }

    private static async Task<Ok<TicketListDto>> ListAsync(
        Tenant tenant, Caller caller, HttpRequest request, TicketFlagStore store, TicketStore tickets, SlaPolicyStore policies, TimeProvider clock, CancellationToken ct)
    {
        var flag = QueryParams.Enum<TicketFlag>(request, "flag")
            ?? throw ApiException.BadRequest("invalid_query", "'flag' is required: spam or deleted.", "flag");
        var limit = QueryParams.Int(request, "limit", 25, 1, 100);
        var (codes, next) = await store.ListAsync(tenant.Slug, flag, QueryParams.Text(request, "cursor", 600), limit, ct);
        var policy = await policies.GetAsync(tenant.Observatory, ct);
        var now = clock.GetUtcNow();
        var items = new List<TicketDto>();
        foreach (var code in codes)
        {
            if (await tickets.GetAsync(tenant.Slug, code, ct) is { Ticket: var t })
            {
                items.Add(t.ToDto(caller.Actor, t.Sla is null ? null : SlaMachine.Read(t.Sla, policy, now), withDescription: false));
            }
        }

        return TypedResults.Ok(new TicketListDto(items, next));
    }

    private static TicketFlagsDto ToDto(this TicketFlagsState s) => new(s.Code, s.Spam, s.Deleted, s.ChangedBy, s.ChangedAt);
}
