using System.Globalization;
using AstroBlob.Domain.Work;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Work;

/// <summary>
/// Time entries, timers and cost lines live in the observatory's partition of the Tickets
/// table, beside the tickets and their activity trail, so that every change and its audit
/// entry commit in one entity-group transaction (<see cref="TicketStore.ActivityAction"/>).
/// <list type="bullet">
/// <item><c>wk|te|{code}|{id}</c>: a time entry (a ticket's entries are one prefix scan).</item>
/// <item><c>wk|ti|{start ticks}|{id}</c>: a copy of a live entry keyed by its start instant, so a
/// report over a date range is one range scan reading only that range's entries. Keyed in UTC,
/// not by local date, so that a change of the observatory's time zone needs no re-keying.</item>
/// <item><c>wk|tr|{userId}</c>: a person's timer. One row per person is the rule "one timer
/// at a time": a start is an insert, and of two concurrent inserts exactly one succeeds.</item>
/// <item><c>wk|co|{code}|{id}</c>: a product or expense line.</item>
/// <item><c>wk|ci|{yyyyMMdd}|{id}</c>: a copy of a live line keyed by its local date (a cost has
/// a date, not an instant).</item>
/// </list>
/// Every change of an entry or line is conditional on the ETag it was read with; the index
/// copies follow in the same transaction, so they can be written unconditionally.
/// </summary>
public sealed class WorkStore(Tables tables)
{
    private const string EntryPrefix = "wk|te|";
    private const string EntryIndexPrefix = "wk|ti|";
    private const string TimerPrefix = "wk|tr|";
    private const string CostPrefix = "wk|co|";
    private const string CostIndexPrefix = "wk|ci|";

    private static readonly LineRows<TimeEntryState> Entries = new(
        EntryPrefix, EntryIndexPrefix, e => e.TicketCode, e => e.Id, e => Keys.Ascending(e.StartedAt), e => e.Deleted);

    private static readonly LineRows<CostState> Costs = new(
        CostPrefix, CostIndexPrefix, c => c.TicketCode, c => c.Id, c => DateKey(c.Date), c => c.Deleted);

    private TableClient Table => tables.Tickets;

    // ---- time entries ----

    public Task<(TimeEntryState Entry, ETag ETag)?> GetEntryAsync(string observatory, string code, string id, CancellationToken ct) =>
        GetAsync(Entries, observatory, code, id, ct);

    public Task<IReadOnlyList<TimeEntryState>> ListEntriesAsync(string observatory, string code, CancellationToken ct) =>
        ListAsync(Entries, observatory, code, ct);

    /// <summary>Adds an entry with its index copy and activity, plus <paramref name="alsoDo"/> (a timer's removal), atomically.</summary>
    /// <remarks>With <paramref name="alsoDo"/>, that action goes first: its condition failing is the race the caller is told of (null).</remarks>
    public Task<ETag?> AddEntryAsync(
        string observatory, TimeEntryState entry, IReadOnlyList<ActivityEntry> activity, CancellationToken ct, TableTransactionAction? alsoDo = null)
    {
        var actions = AddActions(Entries, observatory, entry);
        if (alsoDo is not null)
        {
            actions.Insert(0, alsoDo);
        }

        return SubmitAsync(observatory, actions, entry.TicketCode, activity, ct, etagOf: alsoDo is null ? 0 : 1);
    }

    /// <summary>Replaces an entry read with <paramref name="etag"/>; null when someone changed it meanwhile.</summary>
    public Task<ETag?> ReplaceEntryAsync(
        string observatory, TimeEntryState before, TimeEntryState after, ETag etag, IReadOnlyList<ActivityEntry> activity, CancellationToken ct) =>
        SubmitAsync(observatory, ReplaceActions(Entries, observatory, before, after, etag), after.TicketCode, activity, ct);

    /// <summary>
    /// Live entries that started in [<paramref name="from"/>, <paramref name="to"/>): one range
    /// scan of the start index, reading as many rows as there are entries in the range.
    /// </summary>
    public IAsyncEnumerable<TimeEntryState> ScanEntriesAsync(string observatory, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ScanAsync<TimeEntryState>(observatory, EntryIndexPrefix + Keys.Ascending(from), EntryIndexPrefix + Keys.Ascending(to), ct);

    // ---- timers ----

    public async Task<(TimerState Timer, ETag ETag)?> GetTimerAsync(string observatory, string userId, CancellationToken ct)
    {
        var row = await Table.GetOrNullAsync(observatory, TimerKey(userId), ct);
        return row is null ? null : (JsonRows.Read<TimerState>(row), row.ETag);
    }

    /// <summary>Inserts the person's timer; false when they already have one (two concurrent starts: one wins).</summary>
    public async Task<bool> StartTimerAsync(string observatory, TimerState timer, IReadOnlyList<ActivityEntry> activity, CancellationToken ct)
    {
        var insert = new TableTransactionAction(TableTransactionActionType.Add, JsonRows.Create(observatory, TimerKey(timer.UserId), timer));
        try
        {
            await Table.SubmitTransactionAsync([insert, .. activity.Select(a => TicketStore.ActivityAction(observatory, timer.TicketCode, a))], ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    /// <summary>Replaces a timer read with <paramref name="etag"/>; false when it changed or ended meanwhile.</summary>
    public async Task<bool> ReplaceTimerAsync(string observatory, TimerState timer, ETag etag, IReadOnlyList<ActivityEntry> activity, CancellationToken ct) =>
        await SubmitAsync(
            observatory,
            [new(TableTransactionActionType.UpdateReplace, JsonRows.Create(observatory, TimerKey(timer.UserId), timer), etag)],
            timer.TicketCode,
            activity,
            ct) is not null;

    /// <summary>The action that removes a timer read with <paramref name="etag"/>, to join another transaction.</summary>
    public static TableTransactionAction RemoveTimerAction(string observatory, string userId, ETag etag) =>
        new(TableTransactionActionType.Delete, new TableEntity(observatory, TimerKey(userId)), etag);

    public async Task<bool> DiscardTimerAsync(string observatory, TimerState timer, ETag etag, IReadOnlyList<ActivityEntry> activity, CancellationToken ct) =>
        await SubmitAsync(observatory, [RemoveTimerAction(observatory, timer.UserId, etag)], timer.TicketCode, activity, ct) is not null;

    // ---- cost lines ----

    public Task<(CostState Cost, ETag ETag)?> GetCostAsync(string observatory, string code, string id, CancellationToken ct) =>
        GetAsync(Costs, observatory, code, id, ct);

    public Task<IReadOnlyList<CostState>> ListCostsAsync(string observatory, string code, CancellationToken ct) =>
        ListAsync(Costs, observatory, code, ct);

    public Task<ETag?> AddCostAsync(string observatory, CostState cost, IReadOnlyList<ActivityEntry> activity, CancellationToken ct) =>
        SubmitAsync(observatory, AddActions(Costs, observatory, cost), cost.TicketCode, activity, ct);

    public Task<ETag?> ReplaceCostAsync(
        string observatory, CostState before, CostState after, ETag etag, IReadOnlyList<ActivityEntry> activity, CancellationToken ct) =>
        SubmitAsync(observatory, ReplaceActions(Costs, observatory, before, after, etag), after.TicketCode, activity, ct);

    /// <summary>Live cost lines dated in [<paramref name="from"/>, <paramref name="to"/>): one range scan of the date index.</summary>
    public IAsyncEnumerable<CostState> ScanCostsAsync(string observatory, DateOnly from, DateOnly to, CancellationToken ct) =>
        ScanAsync<CostState>(observatory, CostIndexPrefix + DateKey(from), CostIndexPrefix + DateKey(to), ct);

    // ---- merging ----

    /// <summary>
    /// Moves a merged duplicate's time entries, cost lines and running timers to the survivor.
    /// Each line moves in one transaction (its row under the survivor, the old row's removal
    /// guarded by the ETag it was read with, its index copy refreshed), so an edit racing the
    /// move is never lost: the move reads it again. Safe to run twice or concurrently.
    /// </summary>
    public async Task<int> MoveToTicketAsync(string observatory, string from, string to, CancellationToken ct)
    {
        var moved = await MoveLinesAsync(Entries, observatory, from, e => e with { TicketCode = to }, ct);
        moved += await MoveLinesAsync(Costs, observatory, from, c => c with { TicketCode = to }, ct);
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, TimerPrefix), cancellationToken: ct))
        {
            var timer = JsonRows.Read<TimerState>(row);
            if (timer.TicketCode == from)
            {
                try
                {
                    await Table.UpdateEntityAsync(JsonRows.Create(observatory, row.RowKey, timer with { TicketCode = to }), row.ETag, TableUpdateMode.Replace, ct);
                }
                catch (RequestFailedException e) when (e.Status is 404 or 412)
                {
                    // Stopped or changed meanwhile: a stopped one is an entry (moved above or on the next run), a changed one is read again next run.
                }
            }
        }

        return moved;
    }

    private async Task<int> MoveLinesAsync<T>(LineRows<T> rows, string observatory, string from, Func<T, T> retarget, CancellationToken ct)
    {
        var moved = 0;
        for (var pass = 0; pass < 5; pass++)
        {
            var raced = false;
            await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, rows.Prefix + from + "|"), cancellationToken: ct))
            {
                var before = JsonRows.Read<T>(row);
                var after = retarget(before);
                var actions = new List<TableTransactionAction>
                {
                    new(TableTransactionActionType.Delete, new TableEntity(observatory, row.RowKey), row.ETag),
                    new(TableTransactionActionType.UpsertReplace, JsonRows.Create(observatory, rows.Key(rows.Code(after), rows.Id(after)), after)),
                };
                if (!rows.Deleted(after))
                {
                    actions.Add(new(TableTransactionActionType.UpsertReplace, JsonRows.Create(observatory, rows.IndexKey(after), after)));
                }

                try
                {
                    await Table.SubmitTransactionAsync(actions, ct);
                    moved++;
                }
                catch (TableTransactionFailedException e) when (e.Status is 404 or 412 && e.FailedTransactionActionIndex == 0)
                {
                    raced = true; // edited meanwhile (read it again) or moved by a concurrent run
                }
            }

            if (!raced)
            {
                return moved;
            }
        }

        return moved;
    }

    // ---- shared ----

    private async Task<(T Item, ETag ETag)?> GetAsync<T>(LineRows<T> rows, string observatory, string code, string id, CancellationToken ct)
    {
        if (!Keys.IsId(id))
        {
            return null;
        }

        var row = await Table.GetOrNullAsync(observatory, rows.Key(code, id), ct);
        return row is null ? null : (JsonRows.Read<T>(row), row.ETag);
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(LineRows<T> rows, string observatory, string code, CancellationToken ct)
    {
        var result = new List<T>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, rows.Prefix + code + "|"), cancellationToken: ct))
        {
            result.Add(JsonRows.Read<T>(row));
        }

        return result;
    }

    private async IAsyncEnumerable<T> ScanAsync<T>(
        string observatory, string lower, string upper, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {observatory} and RowKey ge {lower} and RowKey lt {upper}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            yield return JsonRows.Read<T>(row);
        }
    }

    private static List<TableTransactionAction> AddActions<T>(LineRows<T> rows, string observatory, T item) =>
    [
        new(TableTransactionActionType.Add, JsonRows.Create(observatory, rows.Key(rows.Code(item), rows.Id(item)), item)),
        new(TableTransactionActionType.UpsertReplace, JsonRows.Create(observatory, rows.IndexKey(item), item)),
    ];

    /// <summary>The entry guarded by its ETag; its index copy moved, refreshed, or removed when it is deleted.</summary>
    private static List<TableTransactionAction> ReplaceActions<T>(LineRows<T> rows, string observatory, T before, T after, ETag etag)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, JsonRows.Create(observatory, rows.Key(rows.Code(after), rows.Id(after)), after), etag),
        };
        var oldIndex = rows.IndexKey(before);
        var newIndex = rows.IndexKey(after);
        if (!rows.Deleted(before) && (rows.Deleted(after) || oldIndex != newIndex))
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(observatory, oldIndex), ETag.All));
        }

        if (!rows.Deleted(after))
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, JsonRows.Create(observatory, newIndex, after)));
        }

        return actions;
    }

    /// <summary>
    /// Commits the actions with the activity entries in one transaction. Null when the first
    /// action's condition failed (the row changed or vanished since it was read): a detected
    /// race for the caller to re-read, not an error.
    /// </summary>
    private async Task<ETag?> SubmitAsync(
        string observatory, List<TableTransactionAction> actions, string code, IReadOnlyList<ActivityEntry> activity, CancellationToken ct, int etagOf = 0)
    {
        actions.AddRange(activity.Select(a => TicketStore.ActivityAction(observatory, code, a)));
        try
        {
            var response = await Table.SubmitTransactionAsync(actions, ct);
            return response.Value[etagOf].Headers.ETag ?? default(ETag);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412 && e.FailedTransactionActionIndex == 0)
        {
            return null;
        }
    }

    private static string TimerKey(string userId) => TimerPrefix + userId;

    private static string DateKey(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>How one kind of line is keyed: its rows under its ticket, and its index copy.</summary>
    private sealed record LineRows<T>(
        string Prefix, string IndexPrefix, Func<T, string> Code, Func<T, string> Id, Func<T, string> IndexOrder, Func<T, bool> Deleted)
    {
        public string Key(string code, string id) => Prefix + code + "|" + id;

        public string IndexKey(T item) => IndexPrefix + IndexOrder(item) + "|" + Id(item);
    }
}
