using AstroBlob.Domain.Attachments;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Attachments;

public sealed record AttachmentLimitsDto(long ImageMaxBytes, long VideoMaxBytes, long DocumentMaxBytes);

/// <summary>
/// The observatory's per-kind size limits (the <c>attachments</c> row of its Directory
/// partition), or the defaults. Cached briefly: every upload slot and every processed file reads them.
/// </summary>
public sealed class AttachmentLimitsStore(SettingsRows settings)
{
    private const string Row = "attachments";

    public Task<AttachmentLimits> GetAsync(string observatory, CancellationToken ct) =>
        settings.GetAsync<AttachmentLimitsDto, AttachmentLimits>(observatory, Row, d => d.ToLimits(), () => AttachmentLimits.Default, ct);

    /// <summary>Last writer wins: limits are replaced as a whole by an admin.</summary>
    public Task SaveAsync(string observatory, AttachmentLimits limits, CancellationToken ct) => settings.SaveAsync(observatory, Row, limits.ToDto(), ct);
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
