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
    DateTimeOffset CreatedAt);

/// <summary>
/// A ticket's conversation in its own partition (<c>{observatory}|{code}</c>), RowKey in time
/// order, so the whole conversation is one range scan. An idempotency row in the same
/// partition makes a retried post land once.
/// </summary>
public sealed class MessageStore(Tables tables)
{
    private TableClient Table => tables.Messages;

    public static string Partition(string observatory, string code) => $"{observatory}|{code}";

    public async Task<(Message Message, bool Replayed)> AddAsync(string observatory, Message message, string? idempotencyKeyHash, CancellationToken ct)
    {
        var pk = Partition(observatory, message.TicketCode);
        var rowKey = Keys.Join("m", Keys.Ascending(message.CreatedAt), message.Id);
        var row = JsonRows.Create(pk, rowKey, message);
        row["Visibility"] = EnumText.ToWire(message.Visibility);
        if (idempotencyKeyHash is null)
        {
            await Table.AddEntityAsync(row, ct);
            return (message, false);
        }

        var claim = new TableEntity(pk, Keys.Join("idem", idempotencyKeyHash)) { ["MessageRow"] = rowKey };
        try
        {
            await Table.SubmitTransactionAsync([new(TableTransactionActionType.Add, row), new(TableTransactionActionType.Add, claim)], ct);
            return (message, false);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            var earlier = await Table.GetOrNullAsync(pk, claim.RowKey, ct);
            var earlierRow = earlier?.GetString("MessageRow");
            var existing = earlierRow is null ? null : await Table.GetOrNullAsync(pk, earlierRow, ct);
            return existing is null
                ? throw ApiException.Conflict("duplicate_message", "This message was already posted.")
                : (JsonRows.Read<Message>(existing), true);
        }
    }

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
                return (items, Keys.Join("m", Keys.Ascending(items[^1].CreatedAt), items[^1].Id));
            }

            items.Add(JsonRows.Read<Message>(row));
        }

        return (items, null);
    }
}
