using System.Text.Json;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Knowledge;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Knowledge;

/// <summary>
/// The knowledge base: staff write articles (also from a resolved ticket), everyone reads
/// what they may (customers: customer-facing articles only), searches, and gets suggestions
/// while typing a new ticket's title.
/// </summary>
public static class KnowledgeApi
{
    public const int SuggestionCount = 5;

    internal static RouteGroupBuilder Map(RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/knowledge").WithTags("Knowledge").RequireAuthorization();
        group.MapGet("/articles", ListAsync).WithSummary("Articles newest first (customers: customer-facing ones), optionally ?tag=, with cursor paging.");
        group.MapPost("/articles", CreateAsync).RequireAuthorization(Policies.Staff).Accepts<CreateArticleRequest>("application/json")
            .WithSummary("Write an article (staff). The body is Markdown, rendered to safe HTML when read.");
        group.MapGet("/articles/{id}", GetAsync).WithSummary("One article with its rendered HTML; its ETag is in the ETag header.");
        group.MapPatch("/articles/{id}", PatchAsync).RequireAuthorization(Policies.Staff).Accepts<PatchArticleRequest>("application/json")
            .WithSummary("Change fields (staff); requires If-Match with the article's ETag.");
        group.MapDelete("/articles/{id}", DeleteAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("Delete an article (admins, or its author); restorable. If-Match is honoured when sent.");
        group.MapPost("/articles/{id}/restore", RestoreAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("Bring a deleted article back (admins, or its author).");
        group.MapPost("/articles/from-ticket/{code}", FromTicketAsync).RequireAuthorization(Policies.Staff).Accepts<ArticleFromTicketRequest>("application/json")
            .WithSummary("Write an article from a finished or closed ticket's message (staff); the body may be empty. Asking again returns the same article.");
        group.MapPost("/preview", PreviewAsync).RequireAuthorization(Policies.Staff).Accepts<PreviewArticleRequest>("application/json")
            .WithSummary("Render Markdown as an article would be rendered, without saving it (staff, for the editor's preview).");
        group.MapGet("/search", SearchAsync).WithSummary("Search articles by ?q= (accents and case ignored, Spanish and English, the last word as a prefix).");
        group.MapGet("/suggest", SuggestAsync).WithSummary($"Up to {SuggestionCount} customer-facing articles matching ?title= (a new ticket's title as it is typed).");
        return observatory;
    }

    private static async Task<Ok<ArticleListDto>> ListAsync(Tenant tenant, Caller caller, HttpRequest request, KnowledgeService knowledge, CancellationToken ct)
    {
        var tag = QueryParams.Text(request, "tag", ArticleRules.TagMax);
        var cursor = QueryParams.Text(request, "cursor", 600);
        var limit = QueryParams.Int(request, "limit", 25, 1, 100);
        var (items, next) = await knowledge.ListAsync(tenant, caller.Actor, tag, cursor, limit, ct);
        return TypedResults.Ok(new ArticleListDto([.. items.Select(a => a.ToSummary())], next));
    }

    private static async Task<Created<ArticleDto>> CreateAsync(
        Tenant tenant, Caller caller, HttpRequest request, HttpResponse response, KnowledgeService knowledge, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<CreateArticleRequest>(request, ct);
        var stored = await knowledge.CreateAsync(tenant, caller.Actor, new ArticleDraft(body.Title, body.Body, body.Tags, body.Visibility, body.TelescopeModel), ct);
        response.Headers.ETag = stored.ETag.ToString();
        return TypedResults.Created(Location(tenant, stored.Article.Id), stored.Article.ToDto(caller.Actor));
    }

    private static async Task<Ok<ArticleDto>> GetAsync(Tenant tenant, Caller caller, string id, HttpResponse response, KnowledgeService knowledge, CancellationToken ct)
    {
        var stored = await knowledge.GetVisibleAsync(tenant, caller.Actor, id, ct);
        return Ok(stored, caller, response);
    }

    private static async Task<Ok<ArticleDto>> PatchAsync(
        Tenant tenant, Caller caller, string id, HttpRequest request, HttpResponse response, KnowledgeService knowledge, CancellationToken ct)
    {
        var ifMatch = RequiredIfMatch(request);
        var (body, raw) = await RequestBody.ReadWithShapeAsync<PatchArticleRequest>(request, ct);
        var stored = await knowledge.PatchAsync(tenant, caller.Actor, id, ToPatch(body, raw), ifMatch, ct);
        return Ok(stored, caller, response);
    }

    private static async Task<NoContent> DeleteAsync(Tenant tenant, Caller caller, string id, HttpRequest request, KnowledgeService knowledge, CancellationToken ct)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        await knowledge.DeleteAsync(tenant, caller.Actor, id, ifMatch.Length == 0 ? null : new Azure.ETag(ifMatch), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ArticleDto>> RestoreAsync(Tenant tenant, Caller caller, string id, HttpResponse response, KnowledgeService knowledge, CancellationToken ct)
    {
        var stored = await knowledge.RestoreAsync(tenant, caller.Actor, id, ct);
        return Ok(stored, caller, response);
    }

    private static async Task<Results<Created<ArticleDto>, Ok<ArticleDto>>> FromTicketAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, HttpResponse response, KnowledgeService knowledge, CancellationToken ct)
    {
        // No body at all means "all defaults"; a body must be strict JSON like everywhere else.
        var empty = request.ContentLength == 0 || (request.ContentLength is null && request.ContentType is null);
        var body = empty ? new ArticleFromTicketRequest() : await RequestBody.ReadAsync<ArticleFromTicketRequest>(request, ct);
        var (stored, replayed) = await knowledge.FromTicketAsync(tenant, caller.Actor, code, body, ct);
        response.Headers.ETag = stored.ETag.ToString();
        var dto = stored.Article.ToDto(caller.Actor);
        if (replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
            response.Headers.Location = Location(tenant, stored.Article.Id);
            return TypedResults.Ok(dto);
        }

        return TypedResults.Created(Location(tenant, stored.Article.Id), dto);
    }

    private static async Task<Ok<ArticlePreviewDto>> PreviewAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<PreviewArticleRequest>(request, ct);
        if (body.Body.Length > ArticleRules.BodyMax)
        {
            throw ApiException.BadRequest("invalid_field", $"'body' is longer than {ArticleRules.BodyMax} characters.", "body");
        }

        return TypedResults.Ok(new ArticlePreviewDto(Markdown.ToHtml(body.Body)));
    }

    private static async Task<Ok<ArticleHitsDto>> SearchAsync(Tenant tenant, Caller caller, HttpRequest request, KnowledgeService knowledge, CancellationToken ct)
    {
        var q = QueryParams.Text(request, "q", Limits.ShortTextMax)
            ?? throw ApiException.BadRequest("invalid_query", "'q' is required.", "q");
        var limit = QueryParams.Int(request, "limit", 10, 1, 20);
        var hits = await knowledge.SearchAsync(tenant, caller.Actor, q, customerFacingOnly: false, limit, ct);
        return TypedResults.Ok(ToHits(hits));
    }

    private static async Task<Ok<ArticleHitsDto>> SuggestAsync(Tenant tenant, Caller caller, HttpRequest request, KnowledgeService knowledge, CancellationToken ct)
    {
        var title = QueryParams.Text(request, "title", Limits.TitleMax)
            ?? throw ApiException.BadRequest("invalid_query", "'title' is required.", "title");
        // What a customer would be shown, whoever asks (staff opening a ticket for a customer see the same).
        var hits = await knowledge.SearchAsync(tenant, caller.Actor, title, customerFacingOnly: true, SuggestionCount, ct);
        return TypedResults.Ok(ToHits(hits));
    }

    private static ArticleHitsDto ToHits(IReadOnlyList<ArticleHit> hits) =>
        new([.. hits.Select(h => new ArticleHitDto(h.Article.Id, h.Article.Title, h.Snippet, h.Article.Tags, h.Article.Visibility, h.Article.TelescopeModel, h.Article.UpdatedAt))]);

    private static Ok<ArticleDto> Ok(StoredArticle stored, Caller caller, HttpResponse response)
    {
        response.Headers.ETag = stored.ETag.ToString();
        return TypedResults.Ok(stored.Article.ToDto(caller.Actor));
    }

    private static string Location(Tenant tenant, string id) => $"/api/o/{tenant.Slug}/knowledge/articles/{id}";

    private static Azure.ETag RequiredIfMatch(HttpRequest request)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        return ifMatch.Length > 0
            ? new Azure.ETag(ifMatch)
            : throw new ApiException(428, "precondition_required", "Send If-Match with the ETag you read, so that you do not overwrite someone else's change.");
    }

    /// <summary>Which fields the client sent decides what changes; null clears tags and the telescope model.</summary>
    private static ArticlePatch ToPatch(PatchArticleRequest b, JsonElement raw)
    {
        bool Has(string name) => raw.TryGetProperty(name, out _);
        string Required(string name, string? value) =>
            value ?? throw ApiException.BadRequest("invalid_field", $"'{name}' cannot be null.", name);

        return new ArticlePatch
        {
            Title = Has("title") ? Required("title", b.Title) : default(Optional<string>),
            Body = Has("body") ? Required("body", b.Body) : default(Optional<string>),
            Tags = Has("tags") ? new Optional<IReadOnlyList<string>>(true, b.Tags ?? []) : default,
            Visibility = Has("visibility")
                ? b.Visibility ?? throw ApiException.BadRequest("invalid_field", "'visibility' cannot be null.", "visibility")
                : default(Optional<ArticleVisibility>),
            TelescopeModel = Has("telescopeModel") ? new Optional<string?>(true, b.TelescopeModel) : default,
        };
    }
}
