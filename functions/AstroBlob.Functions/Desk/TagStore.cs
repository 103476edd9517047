using AstroBlob.Domain.Desk;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Desk;

/// <summary>One tag and how many tickets carry it.</summary>
public sealed record TagCount(string Tag, int Count);

/// <summary>
/// Ticket tags in the observatory's partition of the Tickets table, so that a tag change, its
/// index and count rows and the ticket's activity entry commit in one transaction:
/// <list type="bullet">
/// <item><c>tags|{code}</c>: the ticket's tags (the row a change is guarded on, by ETag).</item>
/// <item><c>tag|{tag}|{code}</c>: the lookup index, one range scan per tag.</item>
/// <item><c>tagn|{tag}</c>: how many tickets carry the tag (deleted at zero), so the tag list reads one row per tag.</item>
/// </list>
/// Tags are escaped in keys (<see cref="Keys.Escape"/>); rows carry the tag as typed for display.
/// </summary>
public sealed class TagStore(Tables tables)
{
    private const int MaxAttempts = 8;
    public const string IndexPrefix = "tag|";

    private TableClient Table => tables.Tickets;

    public async Task<IReadOnlyList<string>> GetAsync(string observatory, string code, CancellationToken ct)
    {
        var row = await Table.GetOrNullAsync(observatory, SetKey(code), ct);
        return row is null ? [] : Read(row);
    }

    /// <summary>
    /// Adds or removes a tag and, if that changed the ticket's tags, commits the new set, the
    /// index and count rows and <paramref name="activity"/> together. A concurrent change of the
    /// same ticket or tag fails the transaction; it is then read and applied again.
    /// </summary>
    /// <returns>The ticket's tags afterwards, and whether they changed.</returns>
    public async Task<(IReadOnlyList<string> Tags, bool Changed)> ChangeAsync(
        string observatory, string code, string tag, bool add, TableTransactionAction activity, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var setRow = await Table.GetOrNullAsync(observatory, SetKey(code), ct);
            var tags = new TicketTags(setRow is null ? [] : Read(setRow));
            if (!(add ? tags.Add(tag) : tags.Remove(tag)))
            {
                return (tags.Tags, false);
            }

            var countRow = await Table.GetOrNullAsync(observatory, CountKey(tag), ct);
            var count = (countRow?.GetInt32("Count") ?? 0) + (add ? 1 : -1);
            var actions = new List<TableTransactionAction>
            {
                SetAction(observatory, code, tags.Tags, setRow),
                add
                    ? new(TableTransactionActionType.UpsertReplace, new TableEntity(observatory, IndexKey(tag, code)) { ["Tag"] = tag, ["Code"] = code })
                    : new(TableTransactionActionType.Delete, new TableEntity(observatory, IndexKey(tag, code)), ETag.All),
                activity,
            };
            if (CountAction(observatory, tag, count, countRow) is { } counted)
            {
                actions.Add(counted);
            }

            try
            {
                await Table.SubmitTransactionAsync(actions, ct);
                return (tags.Tags, true);
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                // Someone changed this ticket's tags or this tag's count meanwhile: read again and reapply.
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }

    /// <summary>The observatory's tags, most used first.</summary>
    public async Task<IReadOnlyList<TagCount>> CountsAsync(string observatory, CancellationToken ct)
    {
        var result = new List<TagCount>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, "tagn|"), cancellationToken: ct))
        {
            result.Add(new TagCount(row.GetString("Tag")!, row.GetInt32("Count") ?? 0));
        }

        return [.. result.OrderByDescending(t => t.Count).ThenBy(t => t.Tag, StringComparer.Ordinal)];
    }

    /// <summary>Tickets with the tag, in code order, from the cursor's row on: (row key, code).</summary>
    public async IAsyncEnumerable<(string RowKey, string Code)> TaggedAsync(
        string observatory, string tag, string? cursor, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var filter = PageCursor.PageFilter(observatory, TaggedPrefix(tag), cursor);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(pageSize, 1000), select: ["RowKey", "Code"], cancellationToken: ct))
        {
            yield return (row.RowKey, row.GetString("Code")!);
        }
    }

    public static string TaggedPrefix(string tag) => IndexPrefix + Keys.Escape(tag) + "|";

    public static string IndexKey(string tag, string code) => TaggedPrefix(tag) + code;

    private static string SetKey(string code) => "tags|" + code;

    private static string CountKey(string tag) => "tagn|" + Keys.Escape(tag);

    private static IReadOnlyList<string> Read(TableEntity row) => JsonRows.Read<TicketTagsRow>(row).Tags;

    private static TableTransactionAction SetAction(string observatory, string code, IReadOnlyList<string> tags, TableEntity? current)
    {
        var row = JsonRows.Create(observatory, SetKey(code), new TicketTagsRow(code, tags));
        return current is null
            ? new(TableTransactionActionType.Add, row)
            : new(TableTransactionActionType.UpdateReplace, row, current.ETag);
    }

    /// <summary>The count row's change, guarded by its ETag; at zero the row goes, so the tag leaves the list.</summary>
    private static TableTransactionAction? CountAction(string observatory, string tag, int count, TableEntity? current)
    {
        if (count <= 0)
        {
            return current is null ? null : new(TableTransactionActionType.Delete, new TableEntity(observatory, CountKey(tag)), current.ETag);
        }

        var row = new TableEntity(observatory, CountKey(tag)) { ["Tag"] = tag, ["Count"] = count };
        return current is null
            ? new(TableTransactionActionType.Add, row)
            : new(TableTransactionActionType.UpdateReplace, row, current.ETag);
    }

    private sealed record TicketTagsRow(string Code, IReadOnlyList<string> Tags);
}
