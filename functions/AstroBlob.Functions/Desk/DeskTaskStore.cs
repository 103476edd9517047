using AstroBlob.Domain.Desk;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Desk;

/// <summary>
/// Internal tasks in the observatory's partition of the Tickets table, so that a task linked
/// to a ticket changes in one transaction with the ticket's activity entry:
/// <list type="bullet">
/// <item><c>task|{id}</c>: the task with its history (the row changes are guarded on, by ETag).</item>
/// <item><c>taskx|all|{newest-first}|{id}</c>, <c>taskx|asg|{assignee}|…</c>, <c>taskx|tkt|{code}|…</c>:
/// index rows with a copy of the task (without history), so each list is one range scan.</item>
/// </list>
/// A task's assignee, ticket and creation time never change, so neither do its index keys.
/// </summary>
public sealed class DeskTaskStore(Tables tables)
{
    private const int MaxScan = 1000;

    private TableClient Table => tables.Tickets;

    public static string AllPrefix => "taskx|all|";

    public static string AssigneePrefix(string userId) => $"taskx|asg|{userId}|";

    public static string TicketPrefix(string code) => $"taskx|tkt|{code}|";

    public async Task<(DeskTaskState Task, ETag ETag)?> GetAsync(string observatory, string id, CancellationToken ct)
    {
        if (!Keys.IsId(id))
        {
            return null;
        }

        var row = await Table.GetOrNullAsync(observatory, "task|" + id, ct);
        return row is null ? null : (JsonRows.Read<DeskTaskState>(row), row.ETag);
    }

    public async Task AddAsync(string observatory, DeskTaskState task, TableTransactionAction? activity, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, JsonRows.Create(observatory, "task|" + task.Id, task)) };
        actions.AddRange(IndexKeys(task).Select(k => new TableTransactionAction(TableTransactionActionType.Add, JsonRows.Create(observatory, k, Snapshot(task)))));
        if (activity is not null)
        {
            actions.Add(activity);
        }

        await Table.SubmitTransactionAsync(actions, ct);
    }

    /// <summary>Replaces the task if it is still as read (<paramref name="etag"/>), with its index copies and trail entry; false if it changed meanwhile.</summary>
    public async Task<bool> TryReplaceAsync(string observatory, DeskTaskState task, ETag etag, TableTransactionAction? activity, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, JsonRows.Create(observatory, "task|" + task.Id, task), etag) };
        actions.AddRange(IndexKeys(task).Select(k => new TableTransactionAction(TableTransactionActionType.UpsertReplace, JsonRows.Create(observatory, k, Snapshot(task)))));
        if (activity is not null)
        {
            actions.Add(activity);
        }

        try
        {
            await Table.SubmitTransactionAsync(actions, ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// One page of an index, newest first; <paramref name="matches"/> checks the remaining filters
    /// on the copies. Reads at most <see cref="MaxScan"/> rows; the cursor goes on from there.
    /// </summary>
    public async Task<(IReadOnlyList<DeskTaskState> Items, string? NextCursor)> ListAsync(
        string observatory, string prefix, Func<DeskTaskState, bool> matches, string? cursor, int limit, CancellationToken ct)
    {
        var items = new List<DeskTaskState>();
        string? last = null;
        var scanned = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(PageCursor.PageFilter(observatory, prefix, cursor), maxPerPage: Math.Min(limit * 2, 1000), cancellationToken: ct))
        {
            if (items.Count == limit || scanned == MaxScan)
            {
                return (items, PageCursor.Encode(last!));
            }

            scanned++;
            last = row.RowKey;
            var task = JsonRows.Read<DeskTaskState>(row);
            if (matches(task))
            {
                items.Add(task);
            }
        }

        return (items, null);
    }

    private static IEnumerable<string> IndexKeys(DeskTaskState t)
    {
        var tail = Keys.Descending(t.CreatedAt) + "|" + t.Id;
        yield return AllPrefix + tail;
        yield return AssigneePrefix(t.AssigneeId) + tail;
        if (t.TicketCode is not null)
        {
            yield return TicketPrefix(t.TicketCode) + tail;
        }
    }

    private static DeskTaskState Snapshot(DeskTaskState t) => t with { History = [] };
}
