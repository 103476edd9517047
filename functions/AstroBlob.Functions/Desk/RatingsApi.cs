using AstroBlob.Domain.Desk;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Desk;

public sealed record RatingRequest
{
    /// <summary>From 1 (very unhappy) to 5 (very happy).</summary>
    public required int Score { get; init; }
    public string? Comment { get; init; }
}

public sealed record RatingDto(string TicketCode, int Score, string? Comment, string RatedBy, string RatedByName, DateTimeOffset RatedAt);

public sealed record RatingListDto(IReadOnlyList<RatingDto> Items, string? NextCursor);

/// <summary>
/// The customer's satisfaction rating of a finished or closed ticket: given once by its
/// requester (or a company-wide contact of its customer), seen by whoever sees the ticket.
/// </summary>
public static class RatingsApi
{
    public static RouteGroupBuilder MapRatingsApi(this RouteGroupBuilder observatory)
    {
        var ticket = observatory.MapGroup("/tickets/{code}/rating").WithTags("Desk").RequireAuthorization();
        ticket.MapPost("/", RateAsync).Accepts<RatingRequest>("application/json")
            .WithSummary("Rate a finished or closed ticket from 1 to 5, with an optional comment (its requester or a company-wide contact; once).");
        ticket.MapGet("/", GetAsync).WithSummary("The ticket's rating, for anyone who sees the ticket; 404 while not rated.");

        observatory.MapGroup("/ratings").WithTags("Desk").StaffOnly("rating")
            .MapGet("/", ListAsync).WithSummary("The latest ratings, newest first (staff; ?score=, ?limit=, ?cursor=).");
        return observatory;
    }

    private static async Task<Created<RatingDto>> RateAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, TicketService tickets, RatingStore store, TimeProvider clock, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        var body = await RequestBody.ReadAsync<RatingRequest>(request, ct);
        var now = clock.GetUtcNow();
        var rating = RatingRules.Rate(ticket, caller.Actor, body.Score, body.Comment, now);
        var score = rating.Score.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The customer's own act: in the trail they see.
        var audit = new ActivityEntry(Storage.Keys.NewId(), now, caller.UserId, caller.Actor.Name, "rated", [new FieldChange("rating", null, score)]);
        await store.AddAsync(tenant.Slug, rating, TicketStore.ActivityAction(tenant.Slug, ticket.Code, audit), ct);
        return TypedResults.Created($"/api/o/{tenant.Slug}/tickets/{ticket.Code}/rating", rating.ToDto());
    }

    private static async Task<Ok<RatingDto>> GetAsync(Tenant tenant, Caller caller, string code, TicketService tickets, RatingStore store, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        var rating = await store.GetAsync(tenant.Slug, ticket.Code, ct) ?? throw ApiException.NotFound("rating");
        return TypedResults.Ok(rating.ToDto());
    }

    private static async Task<Ok<RatingListDto>> ListAsync(Tenant tenant, HttpRequest request, RatingStore store, CancellationToken ct)
    {
        var score = QueryParams.Text(request, "score", 10) is null ? (int?)null : QueryParams.Int(request, "score", 0, RatingRules.MinScore, RatingRules.MaxScore);
        var limit = QueryParams.Int(request, "limit", 25, 1, 100);
        var (items, next) = await store.ListAsync(tenant.Slug, score, QueryParams.Text(request, "cursor", 600), limit, ct);
        return TypedResults.Ok(new RatingListDto([.. items.Select(r => r.ToDto())], next));
    }

    private static RatingDto ToDto(this SatisfactionRating r) => new(r.TicketCode, r.Score, r.Comment, r.RatedBy, r.RatedByName, r.RatedAt);
}
