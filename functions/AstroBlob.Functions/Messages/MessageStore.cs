using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Messages;

public sealed record Message(
    string Id,
    string TicketCode,
    string Body,
    Visibility Visibility,
    string AuthorId,
    string AuthorName,
    string AuthorKind,
    DateTimeOffset CreatedAt)
{
    /// <summary>The files posted with the message, in the order the author listed them.</summary>
    public IReadOnlyList<string> AttachmentIds { get; init; } = [];
}

/// <summary>
/// A ticket's conversation in its own partition (<c>{observatory}|{code}</c>), RowKey in time
/// order, so the whole conversation is one range scan. An idempotency row in the same
/// partition makes a retried post land once.
/// </summary>
public sealed class MessageStore(Tables tables)
{
    private TableClient Table => tables.Messages;

    public static string Partition(string observatory, string code) => $"{observatory}|{code}";

    /// <summary>
    /// Writes the message, the rows of the files it carries (<paramref name="alsoWrite"/>, ETag-guarded)
    /// and the idempotency claim in one transaction: all or nothing. A stale file row fails the
    /// whole transaction with 412 for the caller to re-read and retry.
    /// </summary>
    public async Task<(Message Message, bool Replayed)> AddAsync(
        string observatory, Message message, string? idempotencyKeyHash, CancellationToken ct, IReadOnlyList<TableTransactionAction>? alsoWrite = null)
    {
        var pk = Partition(observatory, message.TicketCode);
        var rowKey = Keys.Join("m", Keys.Ascending(message.CreatedAt), message.Id);
        var row = JsonRows.Create(pk, rowKey, message);
        row["Visibility"] = EnumText.ToWire(message.Visibility);
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Add, row), .. alsoWrite ?? []];
        if (idempotencyKeyHash is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, IdempotencyRow(idempotencyKeyHash)) { ["MessageRow"] = rowKey }));
        }

        try
        {
            if (actions.Count == 1)
            {
                await Table.AddEntityAsync(row, ct);
            }
            else
            {
                await Table.SubmitTransactionAsync(actions, ct);
            }

            return (message, false);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && idempotencyKeyHash is not null)
        {
            return await FindReplayAsync(observatory, message.TicketCode, idempotencyKeyHash, ct) is { } earlier
                ? (earlier, true)
                : throw ApiException.Conflict("duplicate_message", "This message was already posted.");
        }
    }

    /// <summary>The message an earlier request with this idempotency key posted, if any.</summary>
    public async Task<Message?> FindReplayAsync(string observatory, string code, string idempotencyKeyHash, CancellationToken ct)
    {
        var pk = Partition(observatory, code);
        var earlier = await Table.GetOrNullAsync(pk, IdempotencyRow(idempotencyKeyHash), ct);
        var earlierRow = earlier?.GetString("MessageRow");
        var existing = earlierRow is null ? null : await Table.GetOrNullAsync(pk, earlierRow, ct);
        return existing is null ? null : JsonRows.Read<Message>(existing);
    }

    private static string IdempotencyRow(string keyHash) => Keys.Join("idem", keyHash);

    /// <summary>The conversation in time order; internal notes are filtered out in the query itself when asked.</summary>
    public async Task<(IReadOnlyList<Message> Items, string? Next)> ListAsync(string observatory, string code, bool includeInternal, string? after, int limit, CancellationToken ct)
    {
        var pk = Partition(observatory, code);
        var lower = after is null ? "m|" : after;
        if (!lower.StartsWith("m|", StringComparison.Ordinal) || lower.Length > 100)
        {
            throw ApiException.BadRequest("invalid_cursor", "The cursor is malformed.", "after");
        }

        var filter = includeInternal
            ? TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey gt {lower} and RowKey lt {"m|~"}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey gt {lower} and RowKey lt {"m|~"} and Visibility eq {"public"}");
        var items = new List<Message>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), cancellationToken: ct))
        {
            if (items.Count == limit)
            {
                return (items, CursorAfter(items[^1]));
            }

            items.Add(JsonRows.Read<Message>(row));
        }

        return (items, null);
    }

    /// <summary>The <c>after</c> cursor that lists only the messages written after <paramref name="m"/>.</summary>
    public static string CursorAfter(Message m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return Keys.Join("m", Keys.Ascending(m.CreatedAt), m.Id);
    }
}
