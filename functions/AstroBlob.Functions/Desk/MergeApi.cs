using AstroBlob.Functions.Http;
using AstroBlob.Functions.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Desk;

public sealed record MergeRequest
{
    /// <summary>The code of the ticket that survives.</summary>
    public required string Into { get; init; }
}

public sealed record MergeResultDto(TicketDto Merged, TicketDto Into, int MovedMessages, int MovedFiles, int MovedWorkLines);

public static class MergeApi
{
    public static RouteGroupBuilder MapMergeApi(this RouteGroupBuilder observatory)
    {
        observatory.MapGroup("/tickets/{code}/merge").WithTags("Desk").StaffOnly("ticket")
            .MapPost("/", MergeAsync).Accepts<MergeRequest>("application/json")
            .WithSummary("Merge this duplicate into another ticket of the same customer (staff): its messages, files, time and costs move there; it is cancelled and points to the survivor. Repeating the request finishes an interrupted merge.");
        return observatory;
    }

    private static async Task<Ok<MergeResultDto>> MergeAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, HttpResponse response, MergeService merges, TicketViews views, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<MergeRequest>(request, ct);
        var result = await merges.MergeAsync(tenant, caller.Actor, code, body.Into, ct);
        response.Headers.ETag = result.SurvivorETag.ToString();
        return TypedResults.Ok(new MergeResultDto(
            await views.DtoAsync(tenant, caller.Actor, result.Duplicate, ct),
            await views.DtoAsync(tenant, caller.Actor, result.Survivor, ct),
            result.MovedMessages,
            result.MovedFiles,
            result.MovedWorkLines));
    }
}
