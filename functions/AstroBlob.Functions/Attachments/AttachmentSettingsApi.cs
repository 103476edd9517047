using AstroBlob.Domain.Attachments;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;

namespace AstroBlob.Functions.Attachments;

public sealed record AttachmentLimitsDto(long ImageMaxBytes, long VideoMaxBytes, long DocumentMaxBytes);

/// <summary>
/// The observatory's per-kind size limits (the <c>attachments</c> row of its Directory
/// partition), or the defaults. Cached briefly: every upload slot and every processed file reads them.
/// </summary>
public sealed class AttachmentLimitsStore(Tables tables, IMemoryCache cache)
{
    private const string Row = "attachments";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<AttachmentLimits> GetAsync(string observatory, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey(observatory), out AttachmentLimits? cached) && cached is not null)
        {
            return cached;
        }

        var row = await tables.Directory.GetOrNullAsync(observatory, Row, ct);
        var limits = row is null ? AttachmentLimits.Default : JsonRows.Read<AttachmentLimitsDto>(row).ToLimits();
        cache.Set(CacheKey(observatory), limits, CacheFor);
        return limits;
    }

    /// <summary>Last writer wins: limits are replaced as a whole by an admin.</summary>
    public async Task SaveAsync(string observatory, AttachmentLimits limits, CancellationToken ct)
    {
        await tables.Directory.UpsertEntityAsync(JsonRows.Create(observatory, Row, limits.ToDto()), TableUpdateMode.Replace, ct);
        cache.Remove(CacheKey(observatory));
    }

    private static string CacheKey(string observatory) => "attachment-limits:" + observatory;
}

public static class AttachmentSettingsApi
{
    public static RouteGroupBuilder MapAttachmentSettingsApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/settings/attachments").WithTags("Attachments").RequireAuthorization(Policies.Admin);
        group.MapGet("/", GetAsync).WithSummary("Size limits per kind of file (bytes).");
        group.MapPut("/", PutAsync).Accepts<AttachmentLimitsDto>("application/json")
            .WithSummary("Replace the size limits (admins). Uploads already processed are not re-checked.");
        return observatory;
    }

    private static async Task<Ok<AttachmentLimitsDto>> GetAsync(Tenant tenant, AttachmentLimitsStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.GetAsync(tenant.Slug, ct)).ToDto());

    private static async Task<Ok<AttachmentLimitsDto>> PutAsync(Tenant tenant, HttpRequest request, AttachmentLimitsStore store, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<AttachmentLimitsDto>(request, ct);
        var limits = body.ToLimits().Validated();
        await store.SaveAsync(tenant.Slug, limits, ct);
        return TypedResults.Ok(limits.ToDto());
    }

    internal static AttachmentLimitsDto ToDto(this AttachmentLimits l) => new(l.ImageMaxBytes, l.VideoMaxBytes, l.DocumentMaxBytes);

    internal static AttachmentLimits ToLimits(this AttachmentLimitsDto d) => new(d.ImageMaxBytes, d.VideoMaxBytes, d.DocumentMaxBytes);
}
