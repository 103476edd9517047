using AstroBlob.Domain.People;
using AstroBlob.Functions.Storage;
using Azure;
using Microsoft.Extensions.Caching.Memory;

namespace AstroBlob.Functions.Observatories;

/// <summary>Observatory profiles (the <c>obs</c> row of each observatory's Directory partition), cached briefly.</summary>
public sealed class ObservatoryStore(Tables tables, IMemoryCache cache)
{
    private const string ProfileRow = "obs";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<Observatory?> GetAsync(string slug, CancellationToken ct)
    {
        if (!Slugs.IsValid(slug))
        {
            return null;
        }

        if (cache.TryGetValue(CacheKey(slug), out Observatory? cached))
        {
            return cached;
        }

        var row = await tables.Directory.GetOrNullAsync(slug, ProfileRow, ct);
        var observatory = row is null ? null : JsonRows.Read<Observatory>(row);
        if (observatory is not null)
        {
            cache.Set(CacheKey(slug), observatory, CacheFor);
        }

        return observatory;
    }

    /// <summary>Every observatory's slug (one profile row per partition; cost grows with the number of observatories).</summary>
    public async IAsyncEnumerable<string> ListSlugsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var filter = Azure.Data.Tables.TableClient.CreateQueryFilter($"RowKey eq {ProfileRow}");
        await foreach (var row in tables.Directory.QueryAsync<Azure.Data.Tables.TableEntity>(filter, select: ["PartitionKey"], cancellationToken: ct))
        {
            yield return row.PartitionKey;
        }
    }

    public async Task<(Observatory Observatory, ETag ETag)?> GetForUpdateAsync(string slug, CancellationToken ct)
    {
        var row = await tables.Directory.GetOrNullAsync(slug, ProfileRow, ct);
        return row is null ? null : (JsonRows.Read<Observatory>(row), row.ETag);
    }

    public async Task AddAsync(Observatory observatory, CancellationToken ct)
    {
        await tables.Directory.AddEntityAsync(JsonRows.Create(observatory.Slug, ProfileRow, observatory), ct);
        cache.Remove(CacheKey(observatory.Slug));
    }

    public async Task UpdateAsync(Observatory observatory, ETag etag, CancellationToken ct)
    {
        await tables.Directory.UpdateEntityAsync(JsonRows.Create(observatory.Slug, ProfileRow, observatory), etag, Azure.Data.Tables.TableUpdateMode.Replace, ct);
        cache.Remove(CacheKey(observatory.Slug));
    }

    private static string CacheKey(string slug) => "obs:" + slug;
}

public static partial class Slugs
{
    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?\\z")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}
