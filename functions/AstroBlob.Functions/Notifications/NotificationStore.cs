using System.Security.Cryptography;
using System.Text;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Notifications;

/// <summary>Something a person should know about a ticket (SLA warning, breach, escalation, ...).</summary>
public sealed record Notification(
    string Id,
    string UserId,
    string Kind,
    string TicketCode,
    string TicketTitle,
    string Text,
    DateTimeOffset At,
    DateTimeOffset? ReadAt);

/// <summary>
/// Per person, newest first (<c>{observatory}|{user}</c> partition). A notification's id is
/// derived from what caused it, so that re-applying the same effect (a duplicated timer, a
/// retry after a crash) stores it once.
/// </summary>
public sealed class NotificationStore(Tables tables)
{
    private TableClient Table => tables.Notifications;

    public static string IdFor(string cause) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cause)))[..24];

    /// <summary>Stores a notification unless one with the same id exists already; true when new.</summary>
    public async Task<bool> AddOnceAsync(string observatory, Notification n, CancellationToken ct)
    {
        try
        {
            var row = JsonRows.Create(Partition(observatory, n.UserId), RowKey(n.At, n.Id), n);
            row["Id"] = n.Id; // lets mark-as-read find the row by id within the person's partition
            await Table.AddEntityAsync(row, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Notification>> ListAsync(string observatory, string userId, bool unreadOnly, int limit, CancellationToken ct)
    {
        var result = new List<Notification>();
        await foreach (var row in Table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(Partition(observatory, userId), "n|"), maxPerPage: Math.Min(limit, 1000), cancellationToken: ct))
        {
            var n = JsonRows.Read<Notification>(row);
            if (!unreadOnly || n.ReadAt is null)
            {
                result.Add(n);
                if (result.Count == limit)
                {
                    break;
                }
            }
        }

        return result;
    }

    public async Task<Notification> MarkReadAsync(string observatory, string userId, string id, DateTimeOffset now, CancellationToken ct)
    {
        if (!Keys.IsId(id))
        {
            throw ApiException.NotFound("notification");
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(observatory, userId)} and RowKey ge {"n|"} and RowKey lt {"n|~"} and Id eq {id}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var n = JsonRows.Read<Notification>(row);
            if (n.ReadAt is not null)
            {
                return n;
            }

            var read = n with { ReadAt = now };
            var updated = JsonRows.Create(row.PartitionKey, row.RowKey, read);
            updated["Id"] = read.Id;
            await Table.UpdateEntityAsync(updated, row.ETag, TableUpdateMode.Replace, ct);
            return read;
        }

        throw ApiException.NotFound("notification");
    }

    private static string Partition(string observatory, string userId) => $"{observatory}|{userId}";

    private static string RowKey(DateTimeOffset at, string id) => Keys.Join("n", Keys.Descending(at), id);
}
