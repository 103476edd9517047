using System.Security.Cryptography;
using System.Text;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Knowledge;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Messages;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Knowledge;

/// <summary>A search result: the article and an excerpt of its text around the first matching word.</summary>
public sealed record ArticleHit(ArticleState Article, string Snippet);

/// <summary>
/// The knowledge-base use cases: load, check access (what a caller may not read is "not
/// found"), let the domain decide, persist.
/// </summary>
public sealed class KnowledgeService(
    KnowledgeStore store, TicketService tickets, MessageStore messages, DirectoryStore directory, Tables tables, TimeProvider clock)
{
    public const string CreatedFromTicketAction = "knowledge_article_created";

    /// <summary>Candidates are checked against their articles a page at a time, at most this many pages per search.</summary>
    private const int MaxPagesChecked = 3;

    public async Task<StoredArticle> GetVisibleAsync(Tenant tenant, Actor actor, string id, CancellationToken ct)
    {
        var found = Keys.IsId(id) ? await store.GetAsync(tenant.Slug, id, ct) : null;
        return found is not null && KnowledgeAccess.CanRead(actor, found.Article) ? found : throw ApiException.NotFound("article");
    }

    public async Task<(IReadOnlyList<ArticleState> Items, string? NextCursor)> ListAsync(
        Tenant tenant, Actor actor, string? tag, string? cursor, int limit, CancellationToken ct) =>
        await store.ListAsync(tenant.Slug, customerFacingOnly: !actor.IsStaff, tag, cursor, limit, ct);

    public async Task<StoredArticle> CreateAsync(Tenant tenant, Actor actor, ArticleDraft draft, CancellationToken ct)
    {
        var article = Article.Write(Keys.NewId(), draft, actor, clock.GetUtcNow());
        return await store.AddAsync(tenant.Slug, article.State, ct)
            ?? throw new InvalidOperationException("A freshly drawn article id already exists.");
    }

    public async Task<StoredArticle> PatchAsync(Tenant tenant, Actor actor, string id, ArticlePatch patch, ETag ifMatch, CancellationToken ct)
    {
        var current = await GetVisibleAsync(tenant, actor, id, ct);
        if (current.ETag != ifMatch)
        {
            throw KnowledgeStore.StaleArticle();
        }

        var article = new Article(current.Article);
        article.Apply(patch, actor, clock.GetUtcNow());
        return article.Changed ? await store.ReplaceAsync(tenant.Slug, current, article.State, ct) : current;
    }

    /// <summary>Soft delete: the article leaves lists and search and can be restored. If-Match is honoured when sent.</summary>
    public async Task DeleteAsync(Tenant tenant, Actor actor, string id, ETag? ifMatch, CancellationToken ct)
    {
        var current = await GetVisibleAsync(tenant, actor, id, ct);
        if (ifMatch is { } expected && expected != current.ETag)
        {
            throw KnowledgeStore.StaleArticle();
        }

        var article = new Article(current.Article);
        article.Delete(actor, clock.GetUtcNow());
        await store.ReplaceAsync(tenant.Slug, current, article.State, ct);
    }

    /// <summary>A deleted article is reachable only here, by staff who know its id (from before, or from a ticket's trail).</summary>
    public async Task<StoredArticle> RestoreAsync(Tenant tenant, Actor actor, string id, CancellationToken ct)
    {
        var current = actor.IsStaff && Keys.IsId(id) ? await store.GetAsync(tenant.Slug, id, ct) : null;
        if (current is null)
        {
            throw ApiException.NotFound("article");
        }

        var article = new Article(current.Article);
        article.Restore(actor, clock.GetUtcNow());
        return await store.ReplaceAsync(tenant.Slug, current, article.State, ct);
    }

    /// <summary>
    /// Writes an article from a resolved ticket's message: title from the ticket, body from the
    /// message, telescope model from the ticket's telescope unless given. One message makes one
    /// article (its id derives from ticket and message): asking again returns that article as it
    /// is now. The article is written first, then its entry in the ticket's activity trail (a
    /// different table, so not in the same transaction); the entry's id and time derive from the
    /// article too, so a retry after a failure in between records it exactly once.
    /// </summary>
    public async Task<(StoredArticle Article, bool Replayed)> FromTicketAsync(
        Tenant tenant, Actor actor, string code, ArticleFromTicketRequest request, CancellationToken ct)
    {
        if (!actor.IsStaff)
        {
            throw DomainException.Forbidden("staff_only", "Only staff write knowledge-base articles.");
        }

        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        var visibility = request.Visibility ?? ArticleVisibility.Internal;
        var source = ArticleFromTicket.Choose(ticket.Status, await ConversationAsync(tenant.Slug, ticket.Code, ct), request.MessageId, visibility);
        var id = DerivedId($"article|{ticket.Code}|{source.Id}");
        var existing = await store.GetAsync(tenant.Slug, id, ct);
        if (existing is null)
        {
            var model = request.TelescopeModel ?? await TelescopeModelAsync(tenant, ticket, ct);
            var draft = new ArticleDraft(ticket.Title, source.Body, request.Tags, visibility, model, new ArticleSource(ticket.Code, source.Id));
            var article = Article.Write(id, draft, actor, clock.GetUtcNow());
            if (await store.AddAsync(tenant.Slug, article.State, ct) is { } added)
            {
                await RecordInTicketAsync(tenant.Slug, added.Article, ct);
                return (added, false);
            }

            // A concurrent request for the same message won the race: answer with its article.
            existing = await store.GetAsync(tenant.Slug, id, ct) ?? throw new InvalidOperationException("Article add conflicted but the article is missing.");
        }

        if (existing.Article.DeletedAt is not null)
        {
            throw DomainException.Conflict("article_deleted", "An article was made from this message and then deleted; restore it instead.");
        }

        await RecordInTicketAsync(tenant.Slug, existing.Article, ct);
        return (existing, true);
    }

    /// <summary>
    /// Articles matching the text, best first, with a snippet. The last word counts as a prefix
    /// (people search as they type). Every candidate is checked against the article itself
    /// (current search rows, visibility, not deleted) before it is shown.
    /// </summary>
    public async Task<IReadOnlyList<ArticleHit>> SearchAsync(
        Tenant tenant, Actor actor, string text, bool customerFacingOnly, int limit, CancellationToken ct)
    {
        var query = SearchQuery.Parse(text, typing: true);
        if (query.IsEmpty)
        {
            return [];
        }

        IReadOnlyList<ArticleVisibility> visibilities = customerFacingOnly ? [ArticleVisibility.CustomerFacing] : KnowledgeAccess.Readable(actor);
        var candidates = await store.SearchAsync(tenant.Slug, query, visibilities, ct);
        var hits = new List<ArticleHit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in candidates.Chunk(limit).Take(MaxPagesChecked))
        {
            var articles = await Task.WhenAll(page.Select(c => store.GetAsync(tenant.Slug, c.ArticleId, ct)));
            for (var i = 0; i < page.Length; i++)
            {
                if (articles[i] is not { } found || found.IndexId != page[i].IndexId
                    || !KnowledgeAccess.CanRead(actor, found.Article) || !visibilities.Contains(found.Article.Visibility)
                    || !seen.Add(found.Article.Id))
                {
                    continue;
                }

                hits.Add(new ArticleHit(found.Article, Snippet.For(Markdown.ToPlainText(found.Article.Body), query)));
                if (hits.Count == limit)
                {
                    return hits;
                }
            }
        }

        return hits;
    }

    private async Task<IReadOnlyList<SourceMessage>> ConversationAsync(string observatory, string code, CancellationToken ct)
    {
        var all = new List<SourceMessage>();
        string? after = null;
        do
        {
            var (items, next) = await messages.ListAsync(observatory, code, includeInternal: true, after, 500, ct);
            all.AddRange(items.Select(m => new SourceMessage(m.Id, m.Visibility, m.AuthorKind == "staff", m.Body, m.CreatedAt)));
            after = next;
        }
        while (after is not null);

        return all;
    }

    private async Task<string?> TelescopeModelAsync(Tenant tenant, TicketState ticket, CancellationToken ct) =>
        ticket.TelescopeId is null ? null : (await directory.GetTelescopeAsync(tenant.Slug, ticket.TelescopeId, ct))?.Telescope.Model;

    private async Task RecordInTicketAsync(string observatory, ArticleState article, CancellationToken ct)
    {
        var source = article.Source ?? throw new InvalidOperationException("Only articles made from a ticket are recorded in it.");
        var entry = new ActivityEntry(
            DerivedId($"activity|{source.TicketCode}|{source.MessageId}"),
            article.CreatedAt,
            article.AuthorId,
            article.AuthorName,
            CreatedFromTicketAction,
            [new FieldChange("knowledgeArticle", null, article.Id)]);
        try
        {
            await tables.Tickets.SubmitTransactionAsync([TicketStore.ActivityAction(observatory, source.TicketCode, entry)], ct);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // Recorded by an earlier attempt.
        }
    }

    /// <summary>An id (same shape as <see cref="Keys.NewId"/>) that the same input always gives.</summary>
    private static string DerivedId(string input) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..24];
}
