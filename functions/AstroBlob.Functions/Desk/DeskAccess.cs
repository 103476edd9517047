using System.Text;
using AstroBlob.Domain.Common;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Desk;

/// <summary>Access and paging shared by the desk tools.</summary>
internal static class DeskAccess
{
    /// <summary>
    /// The desk tools are staff business: to a customer they do not exist, so every route of
    /// the group answers 404 (as anything a caller may not see), never a 403 that confirms it.
    /// </summary>
    public static RouteGroupBuilder StaffOnly(this RouteGroupBuilder group, string what)
    {
        group.RequireAuthorization().AddEndpointFilter(async (context, next) =>
            context.HttpContext.User.ToActor().IsStaff ? await next(context) : throw ApiException.NotFound(what));
        return group;
    }

    /// <summary>Admin-only actions on things technicians may see are a 403, like the domain's refusals.</summary>
    public static void EnsureAdmin(this Caller caller, string action)
    {
        if (!caller.Actor.IsAdmin)
        {
            throw DomainException.Forbidden("admin_only", $"Only admins {action}.");
        }
    }

    /// <summary>An internal activity entry of a desk change (customers do not see it), in the same transaction as the change.</summary>
    public static TableTransactionAction Activity(
        string observatory, string code, Caller caller, string action, DateTimeOffset at, IReadOnlyList<Domain.Tickets.FieldChange>? changes = null, string? subject = null) =>
        TicketStore.ActivityAction(observatory, code, new ActivityEntry(Keys.NewId(), at, caller.UserId, caller.Actor.Name, action, changes ?? [])
        {
            Internal = true,
            Subject = subject,
        });

    public static bool? Bool(HttpRequest request, string name) => QueryParams.Text(request, name, 5) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => throw ApiException.BadRequest("invalid_query", $"'{name}' must be true or false.", name),
    };
}

