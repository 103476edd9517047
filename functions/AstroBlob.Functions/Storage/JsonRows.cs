using System.Text.Json;
using AstroBlob.Functions.Http;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Storage;

/// <summary>
/// Rows whose content is one JSON document in a <c>Data</c> property (chunked when long).
/// Keys carry everything that is queried; the document carries the rest, so the schema can
/// grow without table migrations.
/// </summary>
public static class JsonRows
{
    public static TableEntity Create<T>(string partitionKey, string rowKey, T data)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        ChunkedText.Write(entity, "Data", JsonSerializer.Serialize(data, Json.Options));
        return entity;
    }

    public static T Read<T>(TableEntity entity) =>
        JsonSerializer.Deserialize<T>(ChunkedText.Read(entity, "Data"), Json.Options)
        ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} has no data.");

    /// <summary>Rows whose RowKey starts with <paramref name="prefix"/>, in key order.</summary>
    public static string PrefixFilter(string partitionKey, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {prefix + Keys.RangeEnd}");

    public static async Task<TableEntity?> GetOrNullAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: ct);
        return response.HasValue ? response.Value : null;
    }
}
