using AstroBlob.Domain.Knowledge;
using AstroBlob.Domain.People;

namespace AstroBlob.Functions.Knowledge;

public sealed record CreateArticleRequest
{
    public required string Title { get; init; }

    /// <summary>Markdown (see <see cref="Markdown"/> for what is rendered); at most 100,000 characters.</summary>
    public required string Body { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }
    public required ArticleVisibility Visibility { get; init; }
    public string? TelescopeModel { get; init; }
}

/// <summary>PATCH body: only the fields present change; <c>null</c> clears <c>telescopeModel</c> and <c>tags</c>.</summary>
public sealed record PatchArticleRequest
{
    public string? Title { get; init; }
    public string? Body { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public ArticleVisibility? Visibility { get; init; }
    public string? TelescopeModel { get; init; }
}

/// <summary>Everything optional: the source defaults to the last public staff message, the visibility to internal.</summary>
public sealed record ArticleFromTicketRequest
{
    public string? MessageId { get; init; }
    public ArticleVisibility? Visibility { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Defaults to the model of the ticket's telescope.</summary>
    public string? TelescopeModel { get; init; }
}

/// <summary>Markdown to render for the editor's preview; nothing is stored.</summary>
public sealed record PreviewArticleRequest
{
    public required string Body { get; init; }
}

/// <summary>The HTML the article's body would be shown as (the same safe renderer as a saved article).</summary>
public sealed record ArticlePreviewDto(string Html);

public sealed record ArticleSourceDto(string TicketCode, string MessageId);

/// <summary>An article as its reader sees it: the Markdown and its safe HTML rendering.</summary>
public sealed record ArticleDto(
    string Id,
    string Title,
    string Body,
    string Html,
    IReadOnlyList<string> Tags,
    ArticleVisibility Visibility,
    string? TelescopeModel,
    string? AuthorId,
    string AuthorName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? UpdatedByName,
    int Revision,
    ArticleSourceDto? Source);

/// <summary>An article in a list: no body.</summary>
public sealed record ArticleSummaryDto(
    string Id, string Title, IReadOnlyList<string> Tags, ArticleVisibility Visibility, string? TelescopeModel, string AuthorName,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ArticleListDto(IReadOnlyList<ArticleSummaryDto> Items, string? NextCursor);

/// <summary>A search hit: where to go and a plain-text excerpt around the first matching word.</summary>
public sealed record ArticleHitDto(
    string Id, string Title, string Snippet, IReadOnlyList<string> Tags, ArticleVisibility Visibility, string? TelescopeModel, DateTimeOffset UpdatedAt);

public sealed record ArticleHitsDto(IReadOnlyList<ArticleHitDto> Items);

public static class KnowledgeMapping
{
    /// <summary>Customers do not see who exactly changed what, nor the ticket an article came from (another customer's).</summary>
    public static ArticleDto ToDto(this ArticleState a, Actor viewer)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(viewer);
        var staff = viewer.IsStaff;
        return new ArticleDto(
            a.Id,
            a.Title,
            a.Body,
            Markdown.ToHtml(a.Body),
            a.Tags,
            a.Visibility,
            a.TelescopeModel,
            staff ? a.AuthorId : null,
            a.AuthorName,
            a.CreatedAt,
            a.UpdatedAt,
            staff ? a.UpdatedByName : null,
            a.Revision,
            staff && a.Source is { } s ? new ArticleSourceDto(s.TicketCode, s.MessageId) : null);
    }

    public static ArticleSummaryDto ToSummary(this ArticleState a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new ArticleSummaryDto(a.Id, a.Title, a.Tags, a.Visibility, a.TelescopeModel, a.AuthorName, a.CreatedAt, a.UpdatedAt);
    }
}
