using AstroBlob.Domain.People;
using AstroBlob.Functions.Portal;

namespace AstroBlob.Functions.StaffConsole;

/// <summary>
/// Serves the staff console (the static files in <c>static-portal/console/</c>) at
/// <c>/console/{observatory}/</c>: the same strict policy as the portal, but no site may frame it.
/// </summary>
public static class ConsoleSite
{
    public const string Folder = "console";

    public static WebApplication MapConsoleSite(this WebApplication app) =>
        app.MapObservatorySite(Folder, ContentSecurityPolicy, embeddable: false);

    public static string ContentSecurityPolicy(Observatory observatory, Uri blobService) =>
        PortalSite.ContentSecurityPolicy(observatory, blobService, "'none'");
}
