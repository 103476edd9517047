using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace AstroBlob.Benchmarks;

/// <summary>Counts the modes read straight from storage, besides the host: table rows and queue lengths.</summary>
internal static class StorageReads
{
    /// <summary>Rows matching <paramref name="filter"/> (all rows when null), reading only their keys.</summary>
    public static async Task<long> CountRowsAsync(TableClient table, string? filter, CancellationToken ct)
    {
        long rows = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: ct).AsPages())
        {
            rows += page.Values.Count;
        }

        return rows;
    }

    /// <summary>Messages in a queue, visible or not (0 if it does not exist).</summary>
    public static async Task<int> QueueLengthAsync(string connectionString, string queue, CancellationToken ct)
    {
        var client = new QueueClient(connectionString, queue);
        if (!await client.ExistsAsync(ct))
        {
            return 0;
        }

        return (await client.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
    }
}
