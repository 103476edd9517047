using System.Security.Cryptography;
using AstroBlob.Domain.Attachments;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Attachments.Media;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Observatories;

public sealed record LogoDto(Uri LogoUrl);

/// <summary>
/// The observatory's logo, uploaded by an admin: the image is sniffed, re-encoded as PNG
/// without metadata and at most <see cref="MaxSide"/> pixels, stored in the attachments
/// container (<c>{observatory}/~branding/logo.png</c>) and served anonymously by the host (the
/// portal shows it before anyone signs in). The observatory's <c>logoUrl</c> points there with a
/// version, so a new logo is never hidden by a cached old one.
/// </summary>
public static class LogoApi
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxSide = 512;

    public static RouteGroupBuilder MapLogoApi(this RouteGroupBuilder observatory)
    {
        observatory.MapPut("/settings/logo", PutAsync).WithTags("Observatory").RequireAuthorization(Policies.Admin)
            .Accepts<byte[]>("image/png", "image/jpeg", "image/webp")
            .WithSummary($"Upload the observatory's logo (admins): the image itself as the body, PNG, JPEG or WebP, at most {MaxBytes / 1024} KB.");
        observatory.MapGet("/branding/logo", GetAsync).WithTags("Observatory").AllowAnonymous()
            .WithSummary("The observatory's uploaded logo (PNG).");
        return observatory;
    }

    private static string BlobName(string observatory) => $"{observatory}/~branding/logo.png";

    private static async Task<Ok<LogoDto>> PutAsync(
        Tenant tenant, HttpRequest request, ImageWork images, BlobFiles blobs, ObservatoryStore store, CancellationToken ct)
    {
        var fileName = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            "image/png" => "logo.png",
            "image/jpeg" => "logo.jpg",
            "image/webp" => "logo.webp",
            _ => throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send the image itself with Content-Type image/png, image/jpeg or image/webp."),
        };
        var bytes = await ReadLimitedAsync(request, ct);
        var sniffed = FileSniffer.Inspect(bytes, bytes.Length, fileName);
        if (sniffed is not { Kind: FileKind.Image, Format: "png" or "jpeg" or "webp" } image)
        {
            throw ApiException.BadRequest(sniffed.RejectCode ?? "unsupported_type", sniffed.RejectReason ?? "The logo must be a PNG, JPEG or WebP image.", "body");
        }

        byte[] png;
        try
        {
            png = await images.LogoAsync(bytes, image.Format, MaxSide, ct);
        }
        catch (MediaRejectedException e)
        {
            throw ApiException.BadRequest(e.Code, e.Message, "body");
        }

        await blobs.Files.GetBlobClient(BlobName(tenant.Slug)).UploadAsync(
            new BinaryData(png), new Azure.Storage.Blobs.Models.BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/png" } }, ct);
        var version = Convert.ToHexStringLower(SHA256.HashData(png))[..16];
        var url = new Uri($"{request.Scheme}://{request.Host}/api/o/{tenant.Slug}/branding/logo?v={version}");
        var (o, etag) = await store.GetForUpdateAsync(tenant.Slug, ct) ?? throw ApiException.NotFound("observatory");
        await store.UpdateAsync(o with { LogoUrl = url.ToString() }, etag, ct);
        return TypedResults.Ok(new LogoDto(url));
    }

    private static async Task<IResult> GetAsync(Tenant tenant, HttpResponse response, BlobFiles blobs, CancellationToken ct)
    {
        try
        {
            var content = await blobs.Files.GetBlobClient(BlobName(tenant.Slug)).DownloadContentAsync(ct);
            // The URL carries the logo's version, so it may be cached for long; nosniff: it is only ever an image.
            response.Headers.CacheControl = "public, max-age=86400";
            response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(content.Value.Content.ToArray(), "image/png");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw ApiException.NotFound("logo");
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? throw ApiException.BadRequest("empty", "The body is empty: send the image itself.", "body") : buffer.ToArray();
    }

    private static ApiException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "too_large", $"A logo may be at most {MaxBytes / 1024} KB.");
}
