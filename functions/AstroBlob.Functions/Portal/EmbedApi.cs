using System.Text.Encodings.Web;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Email;
using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Portal;

/// <summary>What an admin pastes into the observatory's website to show the portal there.</summary>
public sealed record EmbedSnippetDto(Uri PortalUrl, string ScriptSnippet, string IframeSnippet, IReadOnlyList<string> AllowedOrigins);

public static class EmbedApi
{
    public static RouteGroupBuilder MapEmbedApi(this RouteGroupBuilder observatory)
    {
        observatory.MapGet("/settings/embed", Snippet).WithTags("Observatory").RequireAuthorization(Policies.Admin)
            .WithSummary("The snippet (a script tag, or an iframe) that shows the portal on the observatory's website; only the declared embed origins may show it.");
        return observatory;
    }

    private static Ok<EmbedSnippetDto> Snippet(Tenant tenant, IOptions<EmailOptions> email)
    {
        var o = tenant.Observatory;
        var portal = new Uri(email.Value.PublicBaseUrl, $"portal/{o.Slug}/");
        var html = HtmlEncoder.Default;
        var src = html.Encode(portal.ToString());
        var title = html.Encode(o.Name);
        return TypedResults.Ok(new EmbedSnippetDto(
            portal,
            $"<script src=\"{src}embed.js\" async></script>",
            $"<iframe src=\"{src}?embed=1\" title=\"{title}\" width=\"100%\" height=\"720\" style=\"border:0\" loading=\"lazy\"></iframe>",
            o.EmbedOrigins));
    }
}
