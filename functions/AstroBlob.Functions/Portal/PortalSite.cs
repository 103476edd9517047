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

    public static WebApplication MapPortalSite(this WebApplication app) =>
        app.MapObservatorySite(Folder, ContentSecurityPolicy, embeddable: true);

    /// <summary>
    /// Serves one static site (a folder of <c>static-portal/</c>) at <c>/{folder}/{observatory}/</c>;
    /// paths under <c>shared/</c> come from <c>static-portal/shared/</c>, the modules both sites use.
    /// </summary>
    internal static WebApplication MapObservatorySite(
        this WebApplication app, string folder, Func<Observatory, Uri, string> policy, bool embeddable)
    {
        var site = LandingPage.FindStaticPortal(app.Environment.ContentRootPath);
        var root = site is null ? null : Path.Combine(site, folder);
        if (root is null || !Directory.Exists(root))
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        var sharedRoot = Path.Combine(site!, "shared");
        var shared = Directory.Exists(sharedRoot) ? new PhysicalFileProvider(sharedRoot) : null;
        app.MapGet($"/{folder}/{{observatory}}/{{**path}}", (HttpContext context, string observatory, string? path, ObservatoryStore store, BlobFiles blobs) =>
                ServeAsync(context, new SiteFiles(folder, files, shared, policy, embeddable), observatory, path, store, blobs))
            .ExcludeFromDescription();
        return app;
    }

    private sealed record SiteFiles(
        string Folder, IFileProvider Files, IFileProvider? Shared, Func<Observatory, Uri, string> Policy, bool Embeddable);

    private static async Task<IResult> ServeAsync(
        HttpContext context, SiteFiles site, string slug, string? path, ObservatoryStore store, BlobFiles blobs)
    {
        var observatory = await store.GetAsync(slug, context.RequestAborted);
        if (observatory is null)
        {
            return TypedResults.NotFound();
        }

        if (string.IsNullOrEmpty(path) && context.Request.Path.Value?.EndsWith('/') != true)
        {
            // The page's relative links (./js/app.js) need the folder's trailing slash.
            return TypedResults.Redirect($"/{site.Folder}/{observatory.Slug}/{context.Request.QueryString}");
        }

        var relative = string.IsNullOrEmpty(path) ? "index.html" : path;
        const string sharedPrefix = "shared/";
        var (provider, name) = relative.StartsWith(sharedPrefix, StringComparison.Ordinal) && site.Shared is not null
            ? (site.Shared, relative[sharedPrefix.Length..])
            : (site.Files, relative);
        // PhysicalFileProvider refuses paths that leave its root ("..", absolute paths) with a not-found file.
        var file = provider.GetFileInfo(name);
        if (!file.Exists || file.IsDirectory || !ContentTypes.TryGetContentType(file.Name, out var contentType))
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = site.Policy(observatory, blobs.Service.Uri);
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // Pages and modules change with each deployment and are small: revalidate every time.
        headers.CacheControl = "no-cache";
        if (site.Embeddable && relative.EndsWith("embed.js", StringComparison.Ordinal))
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
        return ContentSecurityPolicy(observatory, blobService, "'self'" + string.Concat(observatory.EmbedOrigins.Select(o => " " + o)));
    }

    /// <summary>The policy of a page of this observatory that the given origins may frame.</summary>
    internal static string ContentSecurityPolicy(Observatory observatory, Uri blobService, string frameAncestors)
    {
        ArgumentNullException.ThrowIfNull(observatory);
        ArgumentNullException.ThrowIfNull(blobService);
        var blob = Origin(blobService);
        var logo = observatory.LogoUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var logoUri) ? " " + Origin(logoUri) : string.Empty;
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
            $"frame-ancestors {frameAncestors}");
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
