using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Work;

/// <summary>
/// The caller's running timer. It is started on a ticket; everything else acts on "my timer",
/// since a person has at most one across all tickets.
/// </summary>
public static class TimerApi
{
    public static RouteGroupBuilder MapTimerApi(this RouteGroupBuilder observatory)
    {
        observatory.MapGroup("/tickets/{code}/timer").WithTags("Work").RequireAuthorization().StaffOnly()
            .MapPost("/", StartAsync).Accepts<StartTimerRequest>("application/json")
            .WithSummary("Start your timer on this ticket (body optional). 409 timer_already_running if you have one anywhere.");

        var group = observatory.MapGroup("/timer").WithTags("Work").RequireAuthorization().StaffOnly();
        group.MapGet("/", GetAsync).WithSummary("Your timer, running or paused; 404 timer_not_found when you have none.");
        group.MapPost("/pause", PauseAsync).WithSummary("Pause your timer.");
        group.MapPost("/resume", ResumeAsync).WithSummary("Resume your paused timer.");
        group.MapPost("/stop", StopAsync).Accepts<StopTimerRequest>("application/json")
            .WithSummary("Stop your timer: it becomes a time entry on its ticket (body optional).");
        group.MapDelete("/", DiscardAsync).WithSummary("Discard your timer without logging anything.");
        return observatory;
    }

    private static async Task<Created<TimerDto>> StartAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, TimeService time, TimeProvider clock, CancellationToken ct)
    {
        var (body, _) = await WorkHttp.OptionalBodyAsync(request, new StartTimerRequest(), ct);
        var timer = await time.StartTimerAsync(tenant, caller.Actor, code, body, ct);
        return TypedResults.Created($"/api/o/{tenant.Slug}/timer", timer.ToDto(clock.GetUtcNow()));
    }

    private static async Task<Ok<TimerDto>> GetAsync(Tenant tenant, Caller caller, TimeService time, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok((await time.GetTimerAsync(tenant, caller.Actor, ct)).ToDto(clock.GetUtcNow()));

    private static async Task<Ok<TimerDto>> PauseAsync(Tenant tenant, Caller caller, TimeService time, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok((await time.PauseTimerAsync(tenant, caller.Actor, ct)).ToDto(clock.GetUtcNow()));

    private static async Task<Ok<TimerDto>> ResumeAsync(Tenant tenant, Caller caller, TimeService time, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok((await time.ResumeTimerAsync(tenant, caller.Actor, ct)).ToDto(clock.GetUtcNow()));

    private static async Task<Created<TimeEntryDto>> StopAsync(
        Tenant tenant, Caller caller, HttpRequest request, HttpResponse response, TimeService time, CancellationToken ct)
    {
        var (body, raw) = await WorkHttp.OptionalBodyAsync(request, new StopTimerRequest(), ct);
        var (entry, etag) = await time.StopTimerAsync(tenant, caller.Actor, body, raw.TryGetProperty("hourlyRate", out _), ct);
        response.SetETag(etag);
        return TypedResults.Created($"/api/o/{tenant.Slug}/tickets/{entry.TicketCode}/time/{entry.Id}", entry.ToDto(withHistory: true));
    }

    private static async Task<NoContent> DiscardAsync(Tenant tenant, Caller caller, TimeService time, CancellationToken ct)
    {
        await time.DiscardTimerAsync(tenant, caller.Actor, ct);
        return TypedResults.NoContent();
    }
}
