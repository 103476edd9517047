using System.Security.Cryptography;
using System.Text;
using AstroBlob.Functions.Storage;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Email;

public enum InboundOutcome
{
    /// <summary>Added to a ticket as a message.</summary>
    Accepted,
    /// <summary>Opened a new ticket.</summary>
    Opened,
    /// <summary>The same mail (same Message-ID) came before; nothing new was written.</summary>
    Duplicate,
    /// <summary>Refused: nothing was written to any ticket.</summary>
    Rejected,
    /// <summary>Kept for an admin to look at; nothing was written to any ticket.</summary>
    Held,
}

/// <summary>What became of one inbound mail (one row per Message-ID, last outcome wins).</summary>
public sealed record InboundRecord(
    string Id,
    string MessageId,
    string From,
    string Subject,
    DateTimeOffset ReceivedAt,
    InboundOutcome Outcome,
    string? Reason,
    string? TicketCode,
    string? ConversationMessageId,
    string? HeldBlob);

/// <summary>The observatory's inbound mail log (<c>{observatory}|~inbound</c> partition of the Notifications table).</summary>
public sealed class InboundLog(Tables tables)
{
    private static string Partition(string observatory) => observatory + "|~inbound";

    /// <summary>A mail's id in the log and in idempotency keys: a hash of its Message-ID.</summary>
    public static string IdFor(string messageId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId.Trim().Trim('<', '>').ToLowerInvariant())))[..24];

    public async Task RecordAsync(string observatory, InboundRecord record, CancellationToken ct) =>
        await tables.Notifications.UpsertEntityAsync(JsonRows.Create(Partition(observatory), Keys.Join("m", record.Id), record), TableUpdateMode.Replace, ct);

    public async Task<InboundRecord?> GetAsync(string observatory, string id, CancellationToken ct) =>
        await tables.Notifications.GetOrNullAsync(Partition(observatory), Keys.Join("m", id), ct) is { } row ? JsonRows.Read<InboundRecord>(row) : null;

    /// <summary>The latest mails, newest first.</summary>
    public async Task<IReadOnlyList<InboundRecord>> ListAsync(string observatory, int limit, CancellationToken ct)
    {
        var all = new List<InboundRecord>();
        await foreach (var row in tables.Notifications.QueryAsync<TableEntity>(JsonRows.PrefixFilter(Partition(observatory), "m|"), cancellationToken: ct))
        {
            all.Add(JsonRows.Read<InboundRecord>(row));
        }

        return [.. all.OrderByDescending(r => r.ReceivedAt).Take(limit)];
    }
}
