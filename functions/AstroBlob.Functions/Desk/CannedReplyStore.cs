using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Desk;

/// <summary>A canned reply as stored. Deleting only marks it: an admin can restore it.</summary>
public sealed record CannedReply
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string UpdatedBy { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    public string? DeletedBy { get; init; }
}

/// <summary>
/// Canned replies in the observatory's partition of the Tickets table, one row each
/// (<c>canned|{id}</c>); an observatory has tens of them, so the list is one prefix scan.
/// </summary>
public sealed class CannedReplyStore(Tables tables)
{
    private const string Prefix = "canned|";

    private TableClient Table => tables.Tickets;

    public async Task<(CannedReply Reply, ETag ETag)?> GetAsync(string observatory, string id, CancellationToken ct)
    {
        if (!Keys.IsId(id))
        {
            return null;
        }

        var row = await Table.GetOrNullAsync(observatory, Prefix + id, ct);
        return row is null ? null : (JsonRows.Read<CannedReply>(row), row.ETag);
    }

    public async Task<IReadOnlyList<CannedReply>> ListAsync(string observatory, CancellationToken ct)
    {
        var result = new List<CannedReply>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(observatory, Prefix), cancellationToken: ct))
        {
            result.Add(JsonRows.Read<CannedReply>(row));
        }

        return result;
    }

    public async Task<ETag> AddAsync(string observatory, CannedReply reply, CancellationToken ct) =>
        (await Table.AddEntityAsync(JsonRows.Create(observatory, Prefix + reply.Id, reply), ct)).Headers.ETag ?? default;

    /// <summary>Replaces a reply guarded by the ETag it was read with; a stale one is a 412.</summary>
    public async Task<ETag> ReplaceAsync(string observatory, CannedReply reply, ETag etag, CancellationToken ct)
    {
        try
        {
            return (await Table.UpdateEntityAsync(JsonRows.Create(observatory, Prefix + reply.Id, reply), etag, TableUpdateMode.Replace, ct)).Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new ApiException(412, "stale_canned_reply", "The canned reply changed since you read it; reload it and apply your change again.");
        }
    }
}
