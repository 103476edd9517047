using AstroBlob.Domain.People;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Sla;

public static class SlaApi
{
    public static RouteGroupBuilder MapSlaApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/settings/sla").WithTags("SLA").RequireAuthorization(Policies.Admin);
        group.MapGet("/", GetAsync).WithSummary("The SLA policy: targets per priority, warning point, escalation ladder, business calendar.");
        group.MapPut("/", PutAsync).Accepts<SlaPolicyDto>("application/json").WithSummary("Replace the SLA policy (admins). New deadlines apply as tickets change or their timers fire.");
        return observatory;
    }

    private static async Task<Ok<SlaPolicyDto>> GetAsync(Tenant tenant, SlaPolicyStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.GetAsync(tenant.Observatory, ct)).ToDto());

    private static async Task<Ok<SlaPolicyDto>> PutAsync(Tenant tenant, HttpRequest request, SlaPolicyStore store, DirectoryStore directory, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<SlaPolicyDto>(request, ct);
        var policy = body.ToPolicy();
        foreach (var userId in policy.Ladder.SelectMany(s => s.NotifyUserIds).Distinct(StringComparer.Ordinal))
        {
            var user = await directory.GetUserAsync(tenant.Slug, userId, ct);
            if (user is not { User.Role: Role.Technician or Role.Admin })
            {
                throw ApiException.BadRequest("unknown_staff", "Every id in 'notifyUserIds' must be staff of this observatory.", "ladder");
            }
        }

        await store.SaveAsync(tenant.Slug, policy, ct);
        return TypedResults.Ok(policy.ToDto());
    }
}
