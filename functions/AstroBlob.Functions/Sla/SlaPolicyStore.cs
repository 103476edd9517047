using System.Text.Json;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Sla;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;

namespace AstroBlob.Functions.Sla;

/// <summary>
/// The observatory's SLA policy (the <c>sla</c> row of its Directory partition), or the
/// default for its time zone when the admin has not set one. Cached briefly: every ticket read
/// computes its light with it.
/// </summary>
public sealed class SlaPolicyStore(Tables tables, IMemoryCache cache)
{
    private const string Row = "sla";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<SlaPolicy> GetAsync(Observatory observatory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(observatory);
        if (cache.TryGetValue(CacheKey(observatory.Slug), out SlaPolicy? cached) && cached is not null)
        {
            return cached;
        }

        var row = await tables.Directory.GetOrNullAsync(observatory.Slug, Row, ct);
        var policy = row is null
            ? SlaPolicy.Default(observatory.TimeZone)
            : JsonSerializer.Deserialize<SlaPolicyDto>(ChunkedText.Read(row, "Data"), Json.Options)!.ToPolicy();
        cache.Set(CacheKey(observatory.Slug), policy, CacheFor);
        return policy;
    }

    /// <summary>Last writer wins: a policy is replaced as a whole by an admin.</summary>
    public async Task SaveAsync(string observatory, SlaPolicy policy, CancellationToken ct)
    {
        await tables.Directory.UpsertEntityAsync(JsonRows.Create(observatory, Row, policy.ToDto()), TableUpdateMode.Replace, ct);
        cache.Remove(CacheKey(observatory));
    }

    private static string CacheKey(string slug) => "sla:" + slug;
}
