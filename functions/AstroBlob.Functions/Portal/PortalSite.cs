using AstroBlob.Domain.People;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Observatories;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace AstroBlob.Functions.Portal;

/// <summary>
/// Serves the customer portal (the static files in <c>static-portal/portal/</c>) at
/// <c>/portal/{observatory}/</c>, each response with a Content-Security-Policy made for that
/// observatory: no inline script or style, API calls to this host and uploads to Blob Storage
/// only, and framing by the origins the observatory declared for embedding only.
/// </summary>
/// <remarks>
/// The same files work from any static host: the page finds the observatory in its path and the
/// API at its own origin unless <c>config.js</c> says otherwise (see the README).
/// </remarks>
public static class PortalSite
{
    public const string Folder = "portal";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static WebApplication MapPortalSite(this WebApplication app)
    {
        var root = LandingPage.FindStaticPortal(app.Environment.ContentRootPath) is { } site ? Path.Combine(site, Folder) : null;
        if (root is null || !Directory.Exists(root))
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.MapGet("/portal/{observatory}/{**path}", (HttpContext context, string observatory, string? path, ObservatoryStore store, BlobFiles blobs) =>
                ServeAsync(context, observatory, path, files, store, blobs))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(
        HttpContext context, string slug, string? path, IFileProvider files, ObservatoryStore store, BlobFiles blobs)
    {
        var observatory = await store.GetAsync(slug, context.RequestAborted);
        if (observatory is null)
        {
            return TypedResults.NotFound();
        }

        if (string.IsNullOrEmpty(path) && context.Request.Path.Value?.EndsWith('/') != true)
        {
            // The page's relative links (./js/app.js) need the folder's trailing slash.
            return TypedResults.Redirect($"/portal/{observatory.Slug}/{context.Request.QueryString}");
        }

        var relative = string.IsNullOrEmpty(path) ? "index.html" : path;
        // PhysicalFileProvider refuses paths that leave its root ("..", absolute paths) with a not-found file.
        var file = files.GetFileInfo(relative);
        if (!file.Exists || file.IsDirectory || !ContentTypes.TryGetContentType(file.Name, out var contentType))
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy(observatory, blobs.Service.Uri);
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // Pages and modules change with each deployment and are small: revalidate every time.
        headers.CacheControl = "no-cache";
        if (relative.EndsWith("embed.js", StringComparison.Ordinal))
        {
            // The embed script runs on the observatory's own website, another origin.
            headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        }

        return TypedResults.File(file.CreateReadStream(), contentType, lastModified: file.LastModified);
    }

    /// <summary>The policy of one observatory's portal: what the page may load, call and be framed by.</summary>
    public static string ContentSecurityPolicy(Observatory observatory, Uri blobService)
    {
        ArgumentNullException.ThrowIfNull(observatory);
        ArgumentNullException.ThrowIfNull(blobService);
        var blob = Origin(blobService);
        var logo = observatory.LogoUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var logoUri) ? " " + Origin(logoUri) : string.Empty;
        var ancestors = string.Concat(observatory.EmbedOrigins.Select(o => " " + o));
        return string.Join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            // blob: shows a picked image before it is uploaded; files come from Blob Storage.
            $"img-src 'self' blob: {blob}{logo}",
            $"media-src 'self' {blob}",
            $"connect-src 'self' {blob}",
            "font-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            $"frame-ancestors 'self'{ancestors}");
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
