using AstroBlob.Domain.Work;
using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Work;

/// <summary>What a ticket's work adds up to: time, products and expenses (staff only).</summary>
public static class WorkSummaryApi
{
    public static RouteGroupBuilder MapWorkSummaryApi(this RouteGroupBuilder observatory)
    {
        observatory.MapGroup("/tickets/{code}/work").WithTags("Work").RequireAuthorization().StaffOnly()
            .MapGet("/", SummaryAsync).WithSummary("Totals of the ticket's time and costs: minutes billable and not, amounts per currency.");
        return observatory;
    }

    private static async Task<Ok<WorkSummaryDto>> SummaryAsync(Tenant tenant, Caller caller, string code, TimeService time, WorkStore store, CancellationToken ct)
    {
        var (ticket, entries) = await time.ListAsync(tenant, caller.Actor, code, ct);
        var costs = await store.ListCostsAsync(tenant.Slug, ticket.Code, ct);
        var timeTotals = WorkTotals.Time(entries);
        var costTotals = WorkTotals.Costs(costs);
        return TypedResults.Ok(new WorkSummaryDto(ticket.Code, timeTotals.ToDto(), costTotals.ToDto(), WorkTotals.Combined(timeTotals, costTotals).ToDto()));
    }
}
