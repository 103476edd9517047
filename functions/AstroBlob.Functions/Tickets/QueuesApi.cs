using AstroBlob.Domain.People;
using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Sla;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Tickets;

public sealed record StaffLoadDto(string UserId, string Name, Role Role, int Open);

public sealed record QueuesDto(QueueCounts Counts, IReadOnlyList<StaffLoadDto> Load);

/// <summary>
/// The console's queue counts and each technician's open load, from one read of the tickets
/// still being worked on (the status index of open, in progress and blocked tickets).
/// </summary>
public static class QueuesApi
{
    public static RouteGroupBuilder MapQueuesApi(this RouteGroupBuilder observatory)
    {
        observatory.MapGet("/queues", GetAsync).WithTags("Tickets").RequireAuthorization(Policies.Staff)
            .WithSummary("How many tickets each console queue holds for the caller, and each active staff member's open assigned tickets.");
        return observatory;
    }

    private static async Task<Ok<QueuesDto>> GetAsync(
        Tenant tenant, Caller caller, TicketStore store, DirectoryStore directory, SlaPolicyStore policies, TimeProvider clock, CancellationToken ct)
    {
        var active = await store.ListActiveAsync(tenant.Slug, ct);
        var policy = await policies.GetAsync(tenant.Observatory, ct);
        var now = clock.GetUtcNow();
        var counts = QueueCounts.Count(active, caller.UserId, t => t.Sla is { } sla && SlaMachine.Read(sla, policy, now).Light is SlaLight.Yellow or SlaLight.Red);
        var load = QueueCounts.Load(active);
        var staff = (await directory.ListUsersAsync(tenant.Slug, ct))
            .Where(u => u.Active && u.Role is Role.Technician or Role.Admin)
            .Select(u => new StaffLoadDto(u.Id, u.Name, u.Role, load.GetValueOrDefault(u.Id)))
            .OrderBy(s => s.Open).ThenBy(s => s.Name, StringComparer.CurrentCulture)
            .ToList();
        return TypedResults.Ok(new QueuesDto(counts, staff));
    }
}
