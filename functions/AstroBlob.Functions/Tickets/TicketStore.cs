using System.Text;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;
using System.Diagnostics.Metrics;

namespace AstroBlob.Functions.Tickets;

/// <summary>One entry of a ticket's append-only audit trail.</summary>
public sealed record ActivityEntry(
    string Id,
    DateTimeOffset At,
    string ActorId,
    string ActorName,
    string Action,
    IReadOnlyList<FieldChange> Changes)
{
    /// <summary>Staff business as a whole (time, costs, tasks): customers do not see the entry at all, staff see its details.</summary>
    public bool Internal { get; init; }

    /// <summary>What the entry is about besides the ticket (a time entry's, cost line's or task's id), if anything.</summary>
    public string? Subject { get; init; }
}

/// <summary>
/// Work that must follow a ticket change (a notification, an SLA timer), written in the same
/// transaction as the change and carried out afterwards; see <see cref="Sla.OutboxDispatcher"/>.
/// </summary>
public sealed record OutboxItem(string Id, string Kind, string Payload)
{
    /// <summary>
    /// Left to the sweep: the request that wrote it does the work itself and deletes the row when
    /// done, so the row only matters if that request dies halfway.
    /// </summary>
    public bool Deferred { get; init; }
}

/// <summary>The idempotency record of a create: which ticket a key produced, and for which body.</summary>
public sealed record IdempotencyClaim(string KeyHash, string BodyHash);

/// <summary>
/// Tickets live in their observatory's partition of the Tickets table together with their
/// secondary-index rows, their activity trail and the code counter, so a ticket change, its
/// index rows and its audit entries commit in one entity-group transaction.
/// <list type="bullet">
/// <item><c>t|{code}</c>: the ticket.</item>
/// <item><c>x|{index}|{value}|{newest-first time}|{code}</c>: index rows carrying a snapshot of the ticket (without description), so a list is one range scan.</item>
/// <item><c>x|req|{userId}|...</c>: a plain contact's own list: the tickets they requested and those they are copied on (Cc).</item>
/// <item><c>x|act|...</c> and <c>x|actlvl|{level}|...</c>: the open work (open, in progress, blocked), which the console's queues read.</item>
/// <item><c>meta|index|act</c>: the open-work index holds the tickets that predate it too (see <see cref="QueueIndexBackfillFunction"/>).</item>
/// <item><c>meta|index|cc</c>: the contacts' lists hold the tickets they were copied on before Cc contacts were listed (same function).</item>
/// <item><c>a|{code}|{time}|{id}</c>: activity.</item>
/// <item><c>counter</c>: the next ticket number. <c>idem|{hash}</c>: idempotent creates.</item>
/// </list>
/// </summary>
public sealed class TicketStore(Tables tables, IMeterFactory meters)
{
    public const string MeterName = "AstroBlob.Tickets";
    public const string RowsReadInstrument = "astroblob.tickets.list.rows_read";
    private const int MaxScan = 2000;

    // Rows a list read from storage: it should track the result size, not the observatory's size.
    private readonly Histogram<int> _rowsRead = meters.Create(MeterName).CreateHistogram<int>(RowsReadInstrument, "{row}", "Table rows read to answer one ticket list");

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _counterTurns = new(StringComparer.Ordinal);

    private TableClient Table => tables.Tickets;

    /// <summary>
    /// Issues the next ticket number from the observatory's counter row (ETag-guarded, so
    /// several hosts never issue the same number). Within this host, callers for the same
    /// observatory take turns: racing each other on one row only produced 412s and retries
    /// (measured: 7 conflicts per create at 32 clients, p99 2.1 s).
    /// </summary>
    public async Task<long> NextNumberAsync(string observatory, CancellationToken ct)
    {
        var turn = _counterTurns.GetOrAdd(observatory, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(ct);
        try
        {
            return await TakeNumberAsync(observatory, ct);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task<long> TakeNumberAsync(string observatory, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await Table.GetOrNullAsync(observatory, "counter", ct);
            try
            {
                if (row is null)
                {
                    await Table.AddEntityAsync(new TableEntity(observatory, "counter") { ["Next"] = 2L }, ct);
                    return 1;
                }

                var next = row.GetInt64("Next") ?? 1;
                row["Next"] = next + 1;
                await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
                return next;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another host took this number: back off a little (jittered) and take the next one.
                await Task.Delay(Random.Shared.Next(0, 5 + Math.Min(attempt, 20) * 5), ct);
            }
        }
    }

    public async Task<(TicketState Ticket, ETag ETag)?> GetAsync(string observatory, string code, CancellationToken ct)
    {
        var row = await Table.GetOrNullAsync(observatory, TicketKey(code), ct);
        return row is null ? null : (JsonRows.Read<TicketState>(row), row.ETag);
    }

    /// <summary>Finds the ticket an idempotency key already produced, with the body hash it was made from.</summary>
    public async Task<(string Code, string BodyHash)?> FindIdempotentAsync(string observatory, string keyHash, CancellationToken ct)
    {
        var row = await Table.GetOrNullAsync(observatory, Keys.Join("idem", keyHash), ct);
        return row is null ? null : (row.GetString("Code")!, row.GetString("BodyHash")!);
    }

    /// <summary>Inserts a new ticket with its index rows, its first activity and its idempotency claim; false if the claim was taken meanwhile.</summary>
    public async Task<(bool Created, ETag ETag)> CreateAsync(
        string observatory, TicketState ticket, IReadOnlyList<ActivityEntry> activity, IReadOnlyList<OutboxItem> outbox, IdempotencyClaim? claim, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, JsonRows.Create(observatory, TicketKey(ticket.Code), ticket)),
        };
        var snapshot = Snapshot(ticket);
        actions.AddRange(IndexKeys(ticket).Select(k => new TableTransactionAction(TableTransactionActionType.Add, JsonRows.Create(observatory, k, snapshot))));
        actions.AddRange(activity.Select(a => new TableTransactionAction(TableTransactionActionType.Add, ActivityRow(observatory, ticket.Code, a))));
        actions.AddRange(outbox.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace, OutboxRow(observatory, o))));
        if (claim is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(observatory, Keys.Join("idem", claim.KeyHash))
            {
                ["Code"] = ticket.Code,
                ["BodyHash"] = claim.BodyHash,
            }));
        }

        try
        {
            var response = await Table.SubmitTransactionAsync(actions, ct);
            return (true, response.Value[0].Headers.ETag ?? default);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && claim is not null && e.FailedTransactionActionIndex == actions.Count - 1)
        {
            return (false, default);
        }
    }

    /// <summary>Replaces a ticket guarded by <paramref name="etag"/>, moving its index rows and appending activity, atomically.</summary>
    public async Task<ETag> UpdateAsync(
        string observatory, TicketState before, TicketState after, ETag etag, IReadOnlyList<ActivityEntry> activity, IReadOnlyList<OutboxItem> outbox, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, JsonRows.Create(observatory, TicketKey(after.Code), after), etag),
        };
        var newKeys = IndexKeys(after).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in IndexKeys(before).Where(k => !newKeys.Contains(k)))
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(observatory, stale), ETag.All));
        }

        var snapshot = Snapshot(after);
        actions.AddRange(newKeys.Select(k => new TableTransactionAction(TableTransactionActionType.UpsertReplace, JsonRows.Create(observatory, k, snapshot))));
        actions.AddRange(activity.Select(a => new TableTransactionAction(TableTransactionActionType.Add, ActivityRow(observatory, after.Code, a))));
        actions.AddRange(outbox.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace, OutboxRow(observatory, o))));

        try
        {
            var response = await Table.SubmitTransactionAsync(actions, ct);
            return response.Value[0].Headers.ETag ?? default;
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            throw new ApiException(412, "stale_ticket", "The ticket changed since you read it; reload it and apply your change again.");
        }
    }

    public async Task<IReadOnlyList<ActivityEntry>> ListActivityAsync(string observatory, string code, CancellationToken ct)
    {
        var result = new List<ActivityEntry>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, $"a|{code}|"), cancellationToken: ct))
        {
            result.Add(JsonRows.Read<ActivityEntry>(row));
        }

        return result;
    }

    /// <summary>
    /// One page of tickets, newest first. The most selective index the query (and the
    /// caller's access) allows is range-scanned, so the rows read grow with the result, not
    /// with the observatory; remaining filters are checked on the snapshots.
    /// </summary>
    public async Task<TicketPage> ListAsync(string observatory, TicketQuery query, Actor actor, CancellationToken ct)
    {
        var prefix = ChooseIndex(query, actor);
        if (prefix is null)
        {
            return new TicketPage([], null);
        }

        var lower = query.CreatedBefore is { } before ? prefix + Keys.Descending(before) + "|~" : prefix;
        var upper = query.CreatedFrom is { } from ? prefix + Keys.Descending(from) + "|~" : prefix + Keys.RangeEnd;
        if (query.Cursor is not null)
        {
            var after = PageCursor.Decode(query.Cursor, prefix, 200);
            if (string.CompareOrdinal(after, lower) > 0)
            {
                lower = after;
            }
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {observatory} and RowKey gt {lower} and RowKey lt {upper}");
        var items = new List<TicketState>();
        string? lastKey = null;
        var scanned = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, query.Limit * 4), cancellationToken: ct))
        {
            scanned++;
            lastKey = row.RowKey;
            var ticket = JsonRows.Read<TicketState>(row);
            if (query.Matches(ticket) && TicketAccess.CanView(actor, ticket))
            {
                items.Add(ticket);
                if (items.Count == query.Limit)
                {
                    RecordRowsRead(observatory, prefix, scanned);
                    return new TicketPage(items, PageCursor.Encode(lastKey));
                }
            }

            if (scanned >= MaxScan)
            {
                // Bound the work of one request; the cursor lets the client go on from here.
                RecordRowsRead(observatory, prefix, scanned);
                return new TicketPage(items, PageCursor.Encode(lastKey));
            }
        }

        RecordRowsRead(observatory, prefix, scanned);
        return new TicketPage(items, null);
    }

    private void RecordRowsRead(string observatory, string prefix, int rows) =>
        _rowsRead.Record(rows, new KeyValuePair<string, object?>("observatory", observatory), new KeyValuePair<string, object?>("index", prefix.Split('|')[1]));

    private static string? ChooseIndex(TicketQuery q, Actor actor)
    {
        if (!actor.IsStaff)
        {
            if (q.CustomerId is not null && q.CustomerId != actor.CustomerId)
            {
                return null;
            }

            // A plain contact's list is their own requester-index range, which also holds the
            // tickets they are copied on; every row is still checked with CanView below.
            return actor.CompanyWide && actor.CustomerId is not null
                ? $"x|cust|{actor.CustomerId}|"
                : $"{RequesterPrefix}{actor.UserId}|";
        }

        if (q.Flag is { } flag)
        {
            return $"x|flag|{EnumText.ToWire(flag)}|";
        }

        if (q.Tag is { } tag)
        {
            return $"x|tag|{Keys.Escape(tag)}|";
        }

        if (q.Assignee == TicketQuery.Unassigned)
        {
            return "x|unasg|";
        }

        if (q.Assignee is not null)
        {
            // A technician's history only grows with the years; their queue ("mine") is read
            // from the open work instead, which stays the size of what is being worked on.
            return q.Active == true ? ActiveIndex(q) : $"x|asg|{q.Assignee}|";
        }

        if (q.TelescopeId is not null)
        {
            return $"x|tel|{q.TelescopeId}|";
        }

        if (q.CustomerId is not null)
        {
            return $"x|cust|{q.CustomerId}|";
        }

        if (q.Status is { } status)
        {
            return $"x|st|{EnumText.ToWire(status)}|";
        }

        return q.Active == true ? ActiveIndex(q) : AllPrefix;
    }

    private static string ActiveIndex(TicketQuery q) => q.Level is { } level ? $"{ActiveLevelPrefix}{level}|" : ActivePrefix;

    private static string Tail(TicketState t) => Keys.Descending(t.CreatedAt) + "|" + t.Code;

    private static IEnumerable<string> IndexKeys(TicketState t)
    {
        var tail = Tail(t);
        if (t.Hidden)
        {
            // Spam and deleted tickets leave every list but their own.
            if (t.Spam)
            {
                yield return "x|flag|spam|" + tail;
            }

            if (t.Deleted)
            {
                yield return "x|flag|deleted|" + tail;
            }

            yield break;
        }

        yield return AllPrefix + tail;
        foreach (var tag in t.Tags)
        {
            yield return $"{TagPrefix}{Keys.Escape(tag)}|{tail}";
        }

        yield return $"x|cust|{t.CustomerId}|{tail}";
        foreach (var contact in ListedContacts(t))
        {
            yield return $"{RequesterPrefix}{contact}|{tail}";
        }

        yield return $"x|st|{EnumText.ToWire(t.Status)}|{tail}";
        if (t.TelescopeId is not null)
        {
            yield return $"x|tel|{t.TelescopeId}|{tail}";
        }

        if (t.Assignees.Count == 0)
        {
            yield return "x|unasg|" + tail;
        }

        foreach (var assignee in t.Assignees)
        {
            yield return $"x|asg|{assignee}|{tail}";
        }

        if (TicketQuery.IsActive(t.Status))
        {
            // The console's queues (mine, by level, at risk, waiting...) read only the tickets
            // still being worked on, so their cost follows the open work, not the history.
            yield return ActivePrefix + tail;
            yield return $"{ActiveLevelPrefix}{t.SupportLevel}|{tail}";
        }

        if (t.FinishedAt is { } finished)
        {
            // Reports by week of finishing: a range of this index reads only the tickets finished in it.
            yield return $"{FinishedPrefix}{Keys.Ascending(finished)}|{t.Code}";
        }

        if (t.Sla?.NextTimerAt is { } due)
        {
            // The SLA sweep's index: by due time, so a sweep reads only what is due.
            yield return $"{DuePrefix}{Keys.Ascending(due)}|{t.Code}";
        }
    }

    /// <summary>
    /// The contacts whose own ticket list (<c>x|req|{userId}|</c>) holds the ticket: its requester
    /// and everyone in its Cc. So despite its name, the requester index means "the plain
    /// contact's list", not "requested by"; only that list reads it (staff lists never do), and it
    /// filters every row with <see cref="TicketAccess.CanView"/>, so a row of someone who may no
    /// longer see the ticket (taken off the customer, deactivated) shows them nothing.
    /// A PATCH admits only active contacts of the ticket's customer into Cc (never staff), so
    /// each Cc entry is someone who may see the ticket when the row is written; removing them
    /// from Cc deletes their row in the same transaction, like any other stale index row.
    /// </summary>
    /// <remarks>
    /// Transaction budget: a ticket has at most 48 index rows (all, 20 tags, customer, requester,
    /// 10 Cc, status, telescope, 10 assignees, then 2 open-work rows or the finished one, due).
    /// The largest PATCH (Cc and assignees both replaced, the ticket finished and moved to another
    /// telescope) upserts at most 47, deletes at most 25 and writes the ticket, an activity entry
    /// and 21 mails: at most 95 of the 100 actions a transaction may hold (a test makes it).
    /// </remarks>
    private static IEnumerable<string> ListedContacts(TicketState t) =>
        new[] { t.RequesterId }.Concat(t.Cc).Distinct(StringComparer.Ordinal);

    private const string AllPrefix = "x|all|";
    private const string RequesterPrefix = "x|req|";
    private const string CcIndexMarker = "meta|index|cc";
    private const string DuePrefix = "x|due|";
    private const string ActivePrefix = "x|act|";
    private const string ActiveLevelPrefix = "x|actlvl|";
    private const string QueueIndexMarker = "meta|index|act";
    private const string TagPrefix = "x|tag|";
    private const string FinishedPrefix = "x|fin|";

    /// <summary>The tickets still being worked on (open, in progress, blocked): three range scans of the status index.</summary>
    public async Task<IReadOnlyList<TicketState>> ListActiveAsync(string observatory, CancellationToken ct)
    {
        var result = new List<TicketState>();
        foreach (var status in new[] { TicketStatus.Open, TicketStatus.InProgress, TicketStatus.Blocked })
        {
            await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, $"x|st|{EnumText.ToWire(status)}|"), maxPerPage: 1000, cancellationToken: ct))
            {
                result.Add(JsonRows.Read<TicketState>(row));
            }
        }

        return result;
    }

    /// <summary>Whether the open-work index (<c>x|act|</c>, <c>x|actlvl|</c>) has been completed for the tickets that predate it.</summary>
    public async Task<bool> IsQueueIndexBuiltAsync(string observatory, CancellationToken ct) =>
        await Table.GetOrNullAsync(observatory, QueueIndexMarker, ct) is not null;

    public async Task MarkQueueIndexBuiltAsync(string observatory, CancellationToken ct) =>
        await Table.UpsertEntityAsync(new TableEntity(observatory, QueueIndexMarker), TableUpdateMode.Replace, ct);

    /// <summary>Codes of the tickets still being worked on that have no open-work index row (written before that index existed).</summary>
    public async Task<IReadOnlyList<string>> ListUnindexedActiveAsync(string observatory, CancellationToken ct)
    {
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, ActivePrefix), select: ["RowKey"], cancellationToken: ct))
        {
            indexed.Add(row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..]);
        }

        return [.. (await ListActiveAsync(observatory, ct)).Where(t => !indexed.Contains(t.Code)).Select(t => t.Code)];
    }

    /// <summary>Whether the contacts' lists (<c>x|req|</c>) hold the tickets they were copied on before Cc contacts were listed.</summary>
    public async Task<bool> IsCcIndexBuiltAsync(string observatory, CancellationToken ct) =>
        await Table.GetOrNullAsync(observatory, CcIndexMarker, ct) is not null;

    public async Task MarkCcIndexBuiltAsync(string observatory, CancellationToken ct) =>
        await Table.UpsertEntityAsync(new TableEntity(observatory, CcIndexMarker), TableUpdateMode.Replace, ct);

    /// <summary>
    /// Codes of the listed tickets that miss the list row of a contact in their Cc (written before
    /// Cc contacts were listed): one pass over <c>x|all|</c> and a point read per copied contact.
    /// Spam and deleted tickets are in no list, so they miss nothing.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListUnindexedCcAsync(string observatory, CancellationToken ct)
    {
        var missing = new List<string>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, AllPrefix), maxPerPage: 1000, cancellationToken: ct))
        {
            var ticket = JsonRows.Read<TicketState>(row);
            foreach (var contact in ticket.Cc)
            {
                var listRow = await Table.GetEntityIfExistsAsync<TableEntity>(observatory, $"{RequesterPrefix}{contact}|{Tail(ticket)}", select: ["RowKey"], cancellationToken: ct);
                if (!listRow.HasValue)
                {
                    missing.Add(ticket.Code);
                    break;
                }
            }
        }

        return missing;
    }

    /// <summary>
    /// Writes a ticket's index rows again by replacing the ticket unchanged, guarded by its ETag so
    /// a concurrent change is never undone; false if the ticket is gone or changed meanwhile (that
    /// change wrote the rows itself).
    /// </summary>
    public async Task<bool> ReindexAsync(string observatory, string code, CancellationToken ct)
    {
        if (await GetAsync(observatory, code, ct) is not { } found)
        {
            return false;
        }

        try
        {
            await UpdateAsync(observatory, found.Ticket, found.Ticket, found.ETag, [], [], ct);
            return true;
        }
        catch (ApiException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Tickets finished in [<paramref name="from"/>, <paramref name="to"/>) and still finished or closed (a reopened one leaves the index).</summary>
    public async Task<IReadOnlyList<TicketState>> ListFinishedAsync(string observatory, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {observatory} and RowKey gt {FinishedPrefix + Keys.Ascending(from)} and RowKey lt {FinishedPrefix + Keys.Ascending(to)}");
        var result = new List<TicketState>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            result.Add(JsonRows.Read<TicketState>(row));
        }

        return result;
    }

    /// <summary>
    /// The observatory's tags with how many listed tickets carry each: one pass over the tag
    /// index, reading keys only (spam and deleted tickets are not in it).
    /// </summary>
    public async Task<IReadOnlyList<(string Tag, int Count)>> CountTagsAsync(string observatory, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, TagPrefix), select: ["RowKey"], cancellationToken: ct))
        {
            var escaped = row.RowKey[TagPrefix.Length..row.RowKey.IndexOf('|', TagPrefix.Length)];
            counts[escaped] = counts.GetValueOrDefault(escaped) + 1;
        }

        return [.. counts.Select(c => (Keys.Unescape(c.Key), c.Value)).OrderByDescending(c => c.Value).ThenBy(c => c.Item1, StringComparer.Ordinal)];
    }

    /// <summary>Tickets whose SLA timer is due by <paramref name="now"/>: reads as many rows as are due.</summary>
    public async Task<IReadOnlyList<TicketState>> ListDueAsync(string observatory, DateTimeOffset now, int max, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {observatory} and RowKey gt {DuePrefix} and RowKey lt {DuePrefix + Keys.Ascending(now) + "|~"}");
        var result = new List<TicketState>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            result.Add(JsonRows.Read<TicketState>(row));
            if (result.Count == max)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Outbox rows not yet carried out (normally none: they are dispatched right after the change).</summary>
    public async Task<IReadOnlyList<OutboxItem>> ListOutboxAsync(string observatory, int max, CancellationToken ct)
    {
        var result = new List<OutboxItem>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, "ob|"), maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            result.Add(JsonRows.Read<OutboxItem>(row));
            if (result.Count == max)
            {
                break;
            }
        }

        return result;
    }

    public async Task DeleteOutboxAsync(string observatory, string id, CancellationToken ct)
    {
        try
        {
            await Table.DeleteEntityAsync(observatory, "ob|" + id, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Another dispatcher (the sweep, another host) got there first: the work is done once either way.
        }
    }

    private static TableEntity OutboxRow(string observatory, OutboxItem item) => JsonRows.Create(observatory, "ob|" + item.Id, item);

    private static TicketState Snapshot(TicketState t) => t with { Description = string.Empty };

    private static string TicketKey(string code) => "t|" + code;

    /// <summary>
    /// An activity entry as part of another feature's transaction in the observatory's partition
    /// (time entries, costs, ...), so a change and its audit entry commit together.
    /// </summary>
    public static TableTransactionAction ActivityAction(string observatory, string code, ActivityEntry entry) =>
        new(TableTransactionActionType.Add, ActivityRow(observatory, code, entry));

    private static TableEntity ActivityRow(string observatory, string code, ActivityEntry entry) =>
        JsonRows.Create(observatory, $"a|{code}|{Keys.Ascending(entry.At)}|{entry.Id}", entry);


}

public sealed record TicketPage(IReadOnlyList<TicketState> Items, string? NextCursor);
