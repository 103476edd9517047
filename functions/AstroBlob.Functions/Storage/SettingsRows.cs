using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;

namespace AstroBlob.Functions.Storage;

/// <summary>
/// An observatory's settings documents: one JSON row each in its Directory partition (<c>sla</c>,
/// <c>attachments</c>, <c>work</c>, ...), replaced as a whole by an admin (last writer wins) and
/// cached briefly, since hot paths (every ticket read, upload slot, time entry) read them.
/// Another instance sees a change within <see cref="CacheFor"/>.
/// </summary>
public sealed class SettingsRows(Tables tables, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>The stored document read with <paramref name="read"/>, or <paramref name="fallback"/> when the admin never saved one.</summary>
    public async Task<T> GetAsync<TStored, T>(string observatory, string row, Func<TStored, T> read, Func<T> fallback, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(fallback);
        if (cache.TryGetValue(CacheKey(observatory, row), out T? cached) && cached is not null)
        {
            return cached;
        }

        var entity = await tables.Directory.GetOrNullAsync(observatory, row, ct);
        var value = entity is null ? fallback() : read(JsonRows.Read<TStored>(entity));
        cache.Set(CacheKey(observatory, row), value, CacheFor);
        return value;
    }

    public async Task SaveAsync<TStored>(string observatory, string row, TStored stored, CancellationToken ct)
    {
        await tables.Directory.UpsertEntityAsync(JsonRows.Create(observatory, row, stored), TableUpdateMode.Replace, ct);
        cache.Remove(CacheKey(observatory, row));
    }

    private static string CacheKey(string observatory, string row) => $"settings:{row}:{observatory}";
}
