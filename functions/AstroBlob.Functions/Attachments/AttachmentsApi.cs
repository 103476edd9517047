using AstroBlob.Domain.Attachments;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Attachments;

/// <summary>Short-lived read URLs of a file's variants; only those that exist are present.</summary>
public sealed record AttachmentUrlsDto(Uri? Download, Uri? Preview, Uri? Thumbnail, Uri? Poster, DateTimeOffset ExpiresAt);

public sealed record AttachmentDto(
    string Id,
    string FileName,
    AttachmentState State,
    FileKind Kind,
    string? ContentType,
    long Size,
    int? Width,
    int? Height,
    double? DurationSeconds,
    string? Codec,
    string? MessageId,
    Visibility? Visibility,
    string UploadedById,
    string UploadedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? RejectCode,
    string? RejectReason,
    AttachmentUrlsDto? Urls);

public sealed record UploadSlotDto(AttachmentDto Attachment, Uri UploadUrl, string UploadMethod, IReadOnlyDictionary<string, string> UploadHeaders, DateTimeOffset ExpiresAt);

public sealed record AttachmentListDto(IReadOnlyList<AttachmentDto> Items);

/// <summary>Maps stored attachments to what a client sees, signing fresh read URLs for ready files.</summary>
public sealed class AttachmentViews(BlobFiles blobs, IOptions<AttachmentOptions> options, TimeProvider clock)
{
    public async Task<AttachmentDto> ToDtoAsync(string observatory, Attachment a, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        AttachmentUrlsDto? urls = null;
        if (a.State == AttachmentState.Ready)
        {
            var expires = clock.GetUtcNow() + options.Value.ReadUrlLifetime;
            async Task<Uri?> Url(string variant, bool download)
            {
                return a.Variants.TryGetValue(variant, out var type)
                    ? await blobs.ReadUrlAsync(a.BlobName(observatory, variant), type, download ? a.FileName : null, expires, ct)
                    : null;
            }

            urls = new AttachmentUrlsDto(await Url("file", true), await Url("preview", false), await Url("thumbnail", false), await Url("poster", false), expires);
        }

        return new AttachmentDto(
            a.Id, a.FileName, a.State, a.Kind ?? a.DeclaredKind, a.ContentType, a.Size ?? a.DeclaredSize,
            a.Width, a.Height, a.DurationSeconds, a.Codec, a.MessageId, a.Visibility,
            a.UploaderId, a.UploaderName, a.CreatedAt, a.FinishedAt, a.RejectCode, a.RejectReason, urls);
    }

    public async Task<IReadOnlyList<AttachmentDto>> ToDtosAsync(string observatory, IEnumerable<Attachment> items, CancellationToken ct)
    {
        var list = new List<AttachmentDto>();
        foreach (var a in items)
        {
            list.Add(await ToDtoAsync(observatory, a, ct));
        }

        return list;
    }
}

public static class AttachmentsApi
{
    private static readonly IReadOnlyDictionary<string, string> UploadHeaders = new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" };
    private static readonly string[] Variants = ["file", "preview", "thumbnail", "poster"];

    public static RouteGroupBuilder MapAttachmentsApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/tickets/{code}/attachments").WithTags("Attachments").RequireAuthorization();
        group.MapPost("/", CreateSlotAsync).Accepts<UploadSlotRequest>("application/json")
            .WithSummary("Ask for an upload slot: a short-lived, write-only URL to PUT the file to, straight into Blob Storage.");
        group.MapPost("/{id}/confirm", ConfirmAsync).WithSummary("Say the upload finished: the file is checked and converted, then becomes ready or rejected.");
        group.MapGet("/", ListAsync).WithSummary("All files of the ticket the caller may see, oldest first.");
        group.MapGet("/{id}", GetAsync).WithSummary("One file, with fresh read URLs when it is ready.");
        group.MapGet("/{id}/content", ContentAsync)
            .WithSummary("Redirects to a short-lived read URL of a variant (?variant=file|preview|thumbnail|poster; file by default).");
        return observatory;
    }

    private static async Task<Created<UploadSlotDto>> CreateSlotAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, AttachmentService attachments, AttachmentViews views, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<UploadSlotRequest>(request, ct);
        var (attachment, url) = await attachments.CreateSlotAsync(tenant, caller.Actor, code, body, ct);
        var dto = await views.ToDtoAsync(tenant.Slug, attachment, ct);
        return TypedResults.Created(
            $"/api/o/{tenant.Slug}/tickets/{attachment.TicketCode}/attachments/{attachment.Id}",
            new UploadSlotDto(dto, url, "PUT", UploadHeaders, attachment.UploadExpiresAt));
    }

    private static async Task<Ok<AttachmentDto>> ConfirmAsync(
        Tenant tenant, Caller caller, string code, string id, AttachmentService attachments, AttachmentViews views, CancellationToken ct) =>
        TypedResults.Ok(await views.ToDtoAsync(tenant.Slug, await attachments.ConfirmAsync(tenant, caller.Actor, code, id, ct), ct));

    private static async Task<Ok<AttachmentListDto>> ListAsync(
        Tenant tenant, Caller caller, string code, AttachmentService attachments, AttachmentViews views, CancellationToken ct)
    {
        var items = await attachments.ListVisibleAsync(tenant, caller.Actor, code, ct);
        return TypedResults.Ok(new AttachmentListDto(await views.ToDtosAsync(tenant.Slug, items, ct)));
    }

    private static async Task<Ok<AttachmentDto>> GetAsync(
        Tenant tenant, Caller caller, string code, string id, AttachmentService attachments, AttachmentViews views, CancellationToken ct)
    {
        var (_, attachment, _) = await attachments.GetVisibleAsync(tenant, caller.Actor, code, id, ct);
        return TypedResults.Ok(await views.ToDtoAsync(tenant.Slug, attachment, ct));
    }

    private static async Task<RedirectHttpResult> ContentAsync(
        Tenant tenant, Caller caller, string code, string id, HttpRequest request, HttpResponse response,
        AttachmentService attachments, BlobFiles blobs, IOptions<AttachmentOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var variant = QueryParams.Text(request, "variant", 20) ?? "file";
        if (!Variants.Contains(variant))
        {
            throw ApiException.BadRequest("invalid_variant", "'variant' must be file, preview, thumbnail or poster.", "variant");
        }

        var (_, a, _) = await attachments.GetVisibleAsync(tenant, caller.Actor, code, id, ct);
        if (a.State != AttachmentState.Ready)
        {
            throw ApiException.Conflict("attachment_not_ready", a.State == AttachmentState.Rejected
                ? $"The file was refused: {a.RejectReason}"
                : "The file is not ready yet.");
        }

        if (!a.Variants.TryGetValue(variant, out var type))
        {
            throw ApiException.NotFound("variant");
        }

        var url = await blobs.ReadUrlAsync(
            a.BlobName(tenant.Slug, variant), type, variant == "file" ? a.FileName : null,
            clock.GetUtcNow() + options.Value.ReadUrlLifetime, ct);
        response.Headers.CacheControl = "private, no-store";
        return TypedResults.Redirect(url.ToString());
    }
}
