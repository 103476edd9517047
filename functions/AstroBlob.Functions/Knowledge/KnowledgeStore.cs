using System.Text;
using AstroBlob.Domain.Knowledge;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Knowledge;

/// <summary>An article as read from storage: its state, its ETag and the id of its current set of search rows.</summary>
public sealed record StoredArticle(ArticleState Article, ETag ETag, string IndexId);

/// <summary>A candidate of a search, from the search rows alone (checked against the article before it is shown).</summary>
public sealed record SearchCandidate(string ArticleId, string IndexId, SearchScore Score, DateTimeOffset UpdatedAt);

/// <summary>
/// The knowledge base of an observatory is one partition of the Knowledge table:
/// <list type="bullet">
/// <item><c>art|{id}</c>: the article (Markdown body; HTML is rendered when read, so a fix to
/// the renderer applies to every article at once). Its <c>IndexId</c> names its search rows.</item>
/// <item><c>l|all|{newest-first}|{id}</c> for every article and <c>l|c|…</c> for customer-facing
/// ones: list rows with the article without its body, so a list is one range scan that reads
/// only what the caller may see. <c>g|all|{tag}|{newest-first}|{id}</c> and <c>g|c|…</c>: the same, per tag.</item>
/// <item><c>w|{c or i}|{term}|{id}|{indexId}</c>: one search row per distinct term of an
/// article (<see cref="ArticleIndex"/>), under <c>c</c> for customer-facing and <c>i</c> for
/// internal articles, with where the term occurs (<c>F</c>) and when the article changed (<c>At</c>).
/// A query reads the rows of its terms only (customers under <c>c</c> only); the last term
/// being typed reads the range of terms that start with it.</item>
/// </list>
/// The article and its list rows commit in one transaction. Search rows do not fit one (a
/// transaction holds 100 rows) and are written around it: the new set under a fresh
/// <c>IndexId</c> before the article, the old set deleted after. A crash or a lost race
/// therefore leaves only rows that no article names (search ignores them: a hit counts only
/// when its IndexId is the article's), never an article that search cannot find.
/// </summary>
public sealed partial class KnowledgeStore(Tables tables, ILogger<KnowledgeStore> logger)
{
    /// <summary>Rows one term may read, per visibility: a term in more articles than this is searched in the first ones by key.</summary>
    public const int MaxRowsPerTerm = 1000;

    private const int BatchSize = 100;

    private TableClient Table => tables.Knowledge;

    public async Task<StoredArticle?> GetAsync(string observatory, string id, CancellationToken ct)
    {
        var row = await Table.GetOrNullAsync(observatory, ArticleKey(id), ct);
        return row is null ? null : new StoredArticle(JsonRows.Read<ArticleState>(row), row.ETag, row.GetString("IndexId") ?? string.Empty);
    }

    /// <summary>Adds a new article with its rows; null when an article with its id already exists.</summary>
    public async Task<StoredArticle?> AddAsync(string observatory, ArticleState article, CancellationToken ct)
    {
        var indexId = Keys.NewId();
        // Search rows first: should the add fail, they are rows no article names.
        await WriteSearchRowsAsync(observatory, article, indexId, ct);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ArticleRow(observatory, article, indexId)) };
        actions.AddRange(ListRows(observatory, article).Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
        try
        {
            var response = await Table.SubmitTransactionAsync(actions, ct);
            return new StoredArticle(article, response.Value[0].Headers.ETag ?? default, indexId);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            // Our rows carry a fresh IndexId, so removing them cannot touch the existing article's.
            await DeleteSearchRowsAsync(observatory, article, indexId, ct);
            return null;
        }
    }

    /// <summary>
    /// Replaces an article guarded by its ETag, moving its list rows in the same transaction and
    /// its search rows around it (a new set when its content changed, none once deleted).
    /// </summary>
    public async Task<StoredArticle> ReplaceAsync(string observatory, StoredArticle before, ArticleState after, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var reindex = after.DeletedAt is null && (before.Article.DeletedAt is not null || after.Revision != before.Article.Revision);
        var indexId = reindex ? Keys.NewId() : before.IndexId;
        if (reindex)
        {
            await WriteSearchRowsAsync(observatory, after, indexId, ct);
        }

        var newRows = ListRows(observatory, after).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, ArticleRow(observatory, after, indexId), before.ETag) };
        actions.AddRange(ListRows(observatory, before.Article).Where(r => !newRows.ContainsKey(r.RowKey))
            .Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)));
        actions.AddRange(newRows.Values.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
        ETag etag;
        try
        {
            var response = await Table.SubmitTransactionAsync(actions, ct);
            etag = response.Value[0].Headers.ETag ?? default;
        }
        catch (TableTransactionFailedException e) when (e.Status == 412 && e.FailedTransactionActionIndex == 0)
        {
            if (reindex)
            {
                await DeleteSearchRowsAsync(observatory, after, indexId, ct);
            }

            throw StaleArticle();
        }

        var oldRowsGone = before.Article.DeletedAt is null && (reindex || after.DeletedAt is not null);
        if (oldRowsGone)
        {
            await DeleteSearchRowsAsync(observatory, before.Article, before.IndexId, ct);
        }

        return new StoredArticle(after, etag, indexId);
    }

    public static ApiException StaleArticle() =>
        new(StatusCodes.Status412PreconditionFailed, "stale_article", "The article changed since you read it; reload it and apply your change again.");

    /// <summary>
    /// The articles whose search rows match the query, best first (more query terms, then
    /// title over tags over body, then the most recently changed), read from the rows of the
    /// query's terms only, under the given visibilities.
    /// </summary>
    public async Task<IReadOnlyList<SearchCandidate>> SearchAsync(
        string observatory, SearchQuery query, IReadOnlyList<ArticleVisibility> visibilities, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var scans = query.Terms.Select((term, i) => (term, i))
            .SelectMany(t => visibilities.Select(v => ScanTermAsync(observatory, Audience(v), t.term, prefix: query.LastIsPrefix && t.i == query.Terms.Count - 1, t.i, ct)));
        var found = new Dictionary<(string Id, string IndexId), (TermPlaces[] Places, DateTimeOffset At)>();
        foreach (var rows in await Task.WhenAll(scans))
        {
            foreach (var (id, indexId, termIndex, places, at) in rows)
            {
                if (!found.TryGetValue((id, indexId), out var hit))
                {
                    hit = (new TermPlaces[query.Terms.Count], at);
                    found[(id, indexId)] = hit;
                }

                hit.Places[termIndex] |= places;
            }
        }

        return found
            .Select(f => SearchRanking.Score(f.Value.Places) is { } score ? new SearchCandidate(f.Key.Id, f.Key.IndexId, score, f.Value.At) : null)
            .OfType<SearchCandidate>()
            .OrderByDescending(c => c.Score)
            .ThenByDescending(c => c.UpdatedAt)
            .ThenBy(c => c.ArticleId, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<List<(string Id, string IndexId, int TermIndex, TermPlaces Places, DateTimeOffset At)>> ScanTermAsync(
        string observatory, string audience, string term, bool prefix, int termIndex, CancellationToken ct)
    {
        var start = $"w|{audience}|{Keys.Escape(term)}" + (prefix ? string.Empty : "|");
        var rows = new List<(string, string, int, TermPlaces, DateTimeOffset)>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, start), maxPerPage: MaxRowsPerTerm, select: ["RowKey", "F", "At"], cancellationToken: ct))
        {
            var parts = row.RowKey.Split(Keys.Separator);
            if (parts.Length == 5)
            {
                rows.Add((parts[3], parts[4], termIndex, (TermPlaces)(row.GetInt32("F") ?? 0), row.GetDateTimeOffset("At") ?? default));
            }

            if (rows.Count == MaxRowsPerTerm)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>A page of articles, newest first, optionally with a tag; customers' pages hold customer-facing ones only.</summary>
    public async Task<(IReadOnlyList<ArticleState> Items, string? NextCursor)> ListAsync(
        string observatory, bool customerFacingOnly, string? tag, string? cursor, int limit, CancellationToken ct)
    {
        var scope = customerFacingOnly ? "c" : "all";
        var prefix = tag is null ? $"l|{scope}|" : $"g|{scope}|{TagKey(tag)}|";
        var lower = cursor is null ? prefix : PageCursor.Decode(cursor, prefix);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {observatory} and RowKey gt {lower} and RowKey lt {prefix + Keys.RangeEnd}");
        // Every row in the range is one the caller may see: a page reads at most limit + 1 rows.
        var items = new List<ArticleState>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: limit + 1, cancellationToken: ct))
        {
            if (items.Count == limit)
            {
                return (items, PageCursor.Encode(ListKeyTail(prefix, items[^1])));
            }

            items.Add(JsonRows.Read<ArticleState>(row));
        }

        return (items, null);
    }

    private static string ListKeyTail(string prefix, ArticleState a) => $"{prefix}{Keys.Descending(a.CreatedAt)}|{a.Id}";

    private static TableEntity ArticleRow(string observatory, ArticleState article, string indexId)
    {
        var row = JsonRows.Create(observatory, ArticleKey(article.Id), article);
        row["IndexId"] = indexId;
        return row;
    }

    /// <summary>The list and tag rows of an article (none once deleted), each carrying it without its body.</summary>
    private static IEnumerable<TableEntity> ListRows(string observatory, ArticleState a)
    {
        if (a.DeletedAt is not null)
        {
            yield break;
        }

        var summary = a with { Body = string.Empty };
        var tail = $"{Keys.Descending(a.CreatedAt)}|{a.Id}";
        var scopes = a.Visibility == ArticleVisibility.CustomerFacing ? new[] { "all", "c" } : ["all"];
        foreach (var scope in scopes)
        {
            yield return JsonRows.Create(observatory, $"l|{scope}|{tail}", summary);
            foreach (var tag in a.Tags)
            {
                yield return JsonRows.Create(observatory, $"g|{scope}|{TagKey(tag)}|{tail}", summary);
            }
        }
    }

    private static IEnumerable<TableEntity> SearchRows(string observatory, ArticleState a, string indexId)
    {
        var audience = Audience(a.Visibility);
        foreach (var (term, places) in ArticleIndex.Terms(a))
        {
            yield return new TableEntity(observatory, $"w|{audience}|{Keys.Escape(term)}|{a.Id}|{indexId}")
            {
                ["F"] = (int)places,
                ["At"] = a.UpdatedAt,
            };
        }
    }

    private async Task WriteSearchRowsAsync(string observatory, ArticleState article, string indexId, CancellationToken ct)
    {
        var batches = SearchRows(observatory, article, indexId).Chunk(BatchSize)
            .Select(rows => rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)).ToList());
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (batch, c) => await Table.SubmitTransactionAsync(batch, c));
    }

    /// <summary>
    /// Best effort: rows left behind are ignored by search (their IndexId is no article's), so a
    /// storage error here is logged rather than failing a change that has already committed.
    /// </summary>
    private async Task DeleteSearchRowsAsync(string observatory, ArticleState article, string indexId, CancellationToken ct)
    {
        foreach (var batch in SearchRows(observatory, article, indexId).Chunk(BatchSize))
        {
            try
            {
                await Table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), ct);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // Some were gone already (a retried cleanup): delete the rest one by one.
                foreach (var row in batch)
                {
                    await DeleteIfExistsAsync(row, ct);
                }
            }
            catch (RequestFailedException e)
            {
                LogCleanupFailed(logger, e, observatory, article.Id, indexId);
                return;
            }
        }
    }

    private async Task DeleteIfExistsAsync(TableEntity row, CancellationToken ct)
    {
        try
        {
            await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: that is what we wanted.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete old search rows {IndexId} of article {ArticleId} in {Observatory}; search ignores them")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, string observatory, string articleId, string indexId);

    private static string ArticleKey(string id) => "art|" + id;

    private static string Audience(ArticleVisibility visibility) => visibility == ArticleVisibility.CustomerFacing ? "c" : "i";

    private static string TagKey(string tag) => Keys.Escape(SearchText.Fold(tag));


}
