using AstroBlob.Domain.Attachments;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Messages;
using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Attachments;

/// <summary>One file of a ticket's conversation, from its upload slot to its processed variants.</summary>
public sealed record Attachment
{
    public required string Id { get; init; }
    public required string TicketCode { get; init; }
    public required string FileName { get; init; }
    public required long DeclaredSize { get; init; }
    public string? DeclaredType { get; init; }
    public required FileKind DeclaredKind { get; init; }
    public required string UploaderId { get; init; }
    public required string UploaderName { get; init; }
    public required bool UploadedByStaff { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UploadExpiresAt { get; init; }
    public required AttachmentState State { get; init; }

    /// <summary>The message it was posted with; until then only its uploader sees it.</summary>
    public string? MessageId { get; init; }

    /// <summary>The visibility of that message: an internal note's files are staff-only.</summary>
    public Visibility? Visibility { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>What the bytes are, as the processor found (never what the uploader claimed).</summary>
    public FileKind? Kind { get; init; }
    public string? Format { get; init; }
    public string? ContentType { get; init; }
    public long? Size { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? DurationSeconds { get; init; }
    public string? Codec { get; init; }

    /// <summary>Content types of the variants that exist, by name (<c>file</c>, <c>preview</c>, <c>thumbnail</c>, <c>poster</c>).</summary>
    public IReadOnlyDictionary<string, string> Variants { get; init; } = new Dictionary<string, string>();

    public string? RejectCode { get; init; }
    public string? RejectReason { get; init; }

    /// <summary>How many times the sweep sent it back to the processor.</summary>
    public int SweepAttempts { get; init; }

    /// <summary>
    /// The ticket its blobs are stored under when that is not <see cref="TicketCode"/>: a file of
    /// a merged duplicate moves to the survivor's conversation, its bytes stay where they are.
    /// </summary>
    public string? StoredUnder { get; init; }

    public bool IsLinked => MessageId is not null;

    /// <summary>Where the variant's blob is.</summary>
    public string BlobName(string observatory, string variant) => BlobFiles.VariantName(observatory, StoredUnder ?? TicketCode, Id, variant);
}

/// <summary>
/// Attachment rows live in their ticket's conversation partition (<c>{observatory}|{code}</c>,
/// RowKey <c>f|{id}</c>), so a message and the files it carries commit in one transaction and
/// the conversation's files are one range scan. Unfinished files also have a row in the
/// observatory's <c>{observatory}|~pending</c> partition for the sweep; there are only ever as
/// many as uploads in flight.
/// </summary>
public sealed class AttachmentStore(Tables tables)
{
    private TableClient Table => tables.Messages;

    public static string RowKey(string id) => Keys.Join("f", id);

    public static string PendingPartition(string observatory) => observatory + "|~pending";

    public async Task<(Attachment Attachment, ETag ETag)?> GetAsync(string observatory, string code, string id, CancellationToken ct)
    {
        if (!Keys.IsId(id))
        {
            return null;
        }

        var row = await Table.GetOrNullAsync(MessageStore.Partition(observatory, code), RowKey(id), ct);
        return row is null ? null : (JsonRows.Read<Attachment>(row), row.ETag);
    }

    /// <summary>Every file of a ticket, oldest first (ids are random, so sorted by creation here).</summary>
    public async Task<IReadOnlyList<Attachment>> ListAsync(string observatory, string code, CancellationToken ct)
    {
        var items = new List<Attachment>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(MessageStore.Partition(observatory, code), "f|"), cancellationToken: ct))
        {
            items.Add(JsonRows.Read<Attachment>(row));
        }

        return [.. items.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>Stores a new slot and its sweep row (the sweep row first: a slot must never be forgotten).</summary>
    public async Task AddAsync(string observatory, Attachment attachment, DateTimeOffset sweepAt, CancellationToken ct)
    {
        await SetPendingAsync(observatory, attachment, sweepAt, ct);
        await Table.AddEntityAsync(JsonRows.Create(MessageStore.Partition(observatory, attachment.TicketCode), RowKey(attachment.Id), attachment), ct);
    }

    /// <summary>ETag-guarded replace; 412 surfaces as <see cref="RequestFailedException"/> for the caller to re-read.</summary>
    public async Task<ETag> ReplaceAsync(string observatory, Attachment attachment, ETag etag, CancellationToken ct)
    {
        var row = JsonRows.Create(MessageStore.Partition(observatory, attachment.TicketCode), RowKey(attachment.Id), attachment);
        var response = await Table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, ct);
        return response.Headers.ETag ?? throw new InvalidOperationException("Update answered without an ETag.");
    }

    /// <summary>The row of <paramref name="attachment"/> as part of a message's transaction.</summary>
    public static TableTransactionAction LinkAction(string observatory, Attachment attachment, ETag etag) =>
        new(TableTransactionActionType.UpdateReplace, JsonRows.Create(MessageStore.Partition(observatory, attachment.TicketCode), RowKey(attachment.Id), attachment), etag);

    /// <summary>When the sweep should next look at an unfinished file (last writer wins: only the time moves).</summary>
    public async Task SetPendingAsync(string observatory, Attachment attachment, DateTimeOffset sweepAt, CancellationToken ct)
    {
        var row = new TableEntity(PendingPartition(observatory), Keys.Join(attachment.TicketCode, attachment.Id))
        {
            ["Code"] = attachment.TicketCode,
            ["AttachmentId"] = attachment.Id,
            ["SweepAt"] = sweepAt,
        };
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
    }

    public async Task ClearPendingAsync(string observatory, string code, string id, CancellationToken ct)
    {
        try
        {
            await Table.DeleteEntityAsync(PendingPartition(observatory), Keys.Join(code, id), ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already cleared by a redelivery or the sweep.
        }
    }

    /// <summary>Unfinished files whose sweep time has come.</summary>
    public async Task<IReadOnlyList<(string Code, string Id)>> ListPendingDueAsync(string observatory, DateTimeOffset now, int max, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition(observatory)} and SweepAt le {now}");
        var items = new List<(string, string)>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            if (row.GetString("Code") is { } code && row.GetString("AttachmentId") is { } id)
            {
                items.Add((code, id));
            }

            if (items.Count == max)
            {
                break;
            }
        }

        return items;
    }
}
