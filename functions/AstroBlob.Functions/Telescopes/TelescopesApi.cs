using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Sla;
using AstroBlob.Functions.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Telescopes;

/// <summary>A telescope's tickets still being worked on: how many, and the worst SLA light among them now.</summary>
public sealed record TelescopeLoadDto(string TelescopeId, int Open, SlaLight Light);

public static class TelescopesApi
{
    private const int RecentCount = 10;

    public static RouteGroupBuilder MapTelescopesApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/telescopes").WithTags("Telescopes").RequireAuthorization();
        group.MapGet("/", ListAsync).WithSummary("Telescopes: a customer's own, or all (staff, optionally ?customerId=).");
        group.MapGet("/open", OpenAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("Per telescope with tickets still being worked on: how many, and their worst SLA light (staff; one read for the console's list).");
        group.MapGet("/{id}", GetAsync).WithSummary("A telescope with its open and recent tickets (its technical history).");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin).Accepts<TelescopeRequest>("application/json").WithSummary("Add a telescope (admins).");
        group.MapPatch("/{id}", PatchAsync).RequireAuthorization(Policies.Admin).Accepts<TelescopeRequest>("application/json").WithSummary("Change a telescope (admins).");
        return observatory;
    }

    private static async Task<Ok<List<TelescopeDto>>> ListAsync(Tenant tenant, Caller caller, HttpRequest request, DirectoryStore directory, CancellationToken ct)
    {
        var customerId = caller.IsStaff ? QueryParams.Id(request, "customerId") : caller.Actor.CustomerId;
        if (!caller.IsStaff && customerId is null)
        {
            return TypedResults.Ok(new List<TelescopeDto>());
        }

        var telescopes = await directory.ListTelescopesAsync(tenant.Slug, customerId, ct);
        return TypedResults.Ok(telescopes.OrderBy(t => t.Name, StringComparer.CurrentCulture).Select(t => t.ToDto(caller.IsStaff)).ToList());
    }

    private static async Task<Ok<List<TelescopeLoadDto>>> OpenAsync(
        Tenant tenant, TicketStore store, SlaPolicyStore policies, TimeProvider clock, CancellationToken ct)
    {
        var active = await store.ListActiveAsync(tenant.Slug, ct);
        var policy = await policies.GetAsync(tenant.Observatory, ct);
        var now = clock.GetUtcNow();
        var load = TelescopeLoad.Of(active, t => t.Sla is { } sla ? SlaMachine.Read(sla, policy, now).Light : SlaLight.None);
        return TypedResults.Ok(load.Select(l => new TelescopeLoadDto(l.TelescopeId, l.Open, l.Light)).ToList());
    }

    private static async Task<Ok<TelescopeDetailDto>> GetAsync(Tenant tenant, Caller caller, string id, DirectoryStore directory, TicketStore tickets, TicketViews views, CancellationToken ct)
    {
        var found = await directory.GetTelescopeAsync(tenant.Slug, id, ct);
        if (found is not { } f || (!caller.IsStaff && f.Telescope.CustomerId != caller.Actor.CustomerId))
        {
            throw ApiException.NotFound("telescope");
        }

        var page = await tickets.ListAsync(tenant.Slug, new TicketQuery { TelescopeId = id, Limit = 100 }, caller.Actor, ct);
        var dtos = page.Items.Zip(await views.ListAsync(tenant, caller.Actor, page.Items, ct), (t, dto) => (State: t, Dto: dto)).ToList();

        var recent = dtos.Take(RecentCount).Select(x => x.Dto).ToList();
        var openOnes = dtos.Where(x => !Ticket.IsDone(x.State.Status)).Select(x => x.Dto).ToList();
        return TypedResults.Ok(new TelescopeDetailDto(f.Telescope.ToDto(caller.IsStaff), openOnes, recent));
    }

    private static async Task<Created<TelescopeDto>> CreateAsync(Tenant tenant, HttpRequest request, PeopleService people, CancellationToken ct)
    {
        var telescope = await people.SaveTelescopeAsync(tenant.Slug, null, await RequestBody.ReadAsync<TelescopeRequest>(request, ct), ct);
        return TypedResults.Created($"/api/o/{tenant.Slug}/telescopes/{telescope.Id}", telescope.ToDto());
    }

    private static async Task<Ok<TelescopeDto>> PatchAsync(Tenant tenant, string id, HttpRequest request, PeopleService people, CancellationToken ct) =>
        TypedResults.Ok((await people.SaveTelescopeAsync(tenant.Slug, id, await RequestBody.ReadAsync<TelescopeRequest>(request, ct), ct)).ToDto());
}
