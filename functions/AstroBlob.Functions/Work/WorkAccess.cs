using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;

namespace AstroBlob.Functions.Work;

/// <summary>
/// Who may reach the Work routes, applied once per route group. Customers never see time or
/// money, not even on their own tickets: for them these routes do not exist (404, like any
/// other thing they may not see). Technicians know reports exist and are told they may not
/// (403, as with the other admin settings).
/// </summary>
internal static class WorkAccess
{
    public static RouteGroupBuilder StaffOnly(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
            context.HttpContext.User.ToActor().IsStaff ? await next(context) : throw Hidden());

    public static RouteGroupBuilder AdminOnly(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var actor = context.HttpContext.User.ToActor();
            if (!actor.IsStaff)
            {
                throw Hidden();
            }

            return actor.IsAdmin ? await next(context) : throw ApiException.Forbidden("admin_only", "Only the observatory's admins may do this.");
        });

    /// <summary>Time and costs of a merged duplicate belong to the survivor: nothing new is logged on the duplicate.</summary>
    public static void EnsureNotMerged(Domain.Tickets.TicketState ticket)
    {
        if (ticket.MergedInto is { } survivor)
        {
            throw Domain.Common.DomainException.Conflict("ticket_merged", $"The ticket was merged into {survivor}; log the work there.");
        }
    }

    private static ApiException Hidden() => new(StatusCodes.Status404NotFound, "not_found", "There is nothing here.");
}
