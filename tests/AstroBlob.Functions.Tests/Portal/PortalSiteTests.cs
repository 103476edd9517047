using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Email;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Tests.Portal;

/// <summary>The customer portal's files, served per observatory, and the API additions the portal relies on.</summary>
public sealed class PortalSiteTests(World world) : IClassFixture<World>
{
    private string Alpha(string path) => world.Api(world.Alpha, path);

    [Fact]
    public async Task EachObservatorysPortalIsServedWithAPolicyThatOnlyItsDeclaredWebsitesMayFrame()
    {
        using (var patch = await world.BetaAdmin.Client.PatchAsync(world.Api(world.Beta, "/settings"),
            new { embedOrigins = new[] { "https://www.beta-observatory.example" }, logoUrl = "https://cdn.beta-observatory.example/logo.png" }, ifMatch: null))
        {
            await patch.JsonAsync(HttpStatusCode.OK);
        }

        using var page = await world.Anonymous.GetAsync(new Uri($"/portal/{world.Beta}/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"./js/app.js\"></script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csp = Csp(page);
        var blob = $"http://127.0.0.1:{(await AzuriteInstance.Shared).BlobPort}";
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("style-src 'self'", csp);
        Assert.Contains($"connect-src 'self' {blob}", csp);
        Assert.Contains($"img-src 'self' blob: {blob} https://cdn.beta-observatory.example", csp);
        Assert.Contains($"media-src 'self' {blob}", csp);
        Assert.Contains("frame-ancestors 'self' https://www.beta-observatory.example", csp);
        Assert.DoesNotContain(csp, d => d.Contains("unsafe", StringComparison.Ordinal));
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        // Another observatory's portal is framed by its own declared websites only, never by beta's.
        using var alpha = await world.Anonymous.GetAsync(new Uri($"/portal/{world.Alpha}/", UriKind.Relative));
        Assert.Contains(Csp(alpha), d => d.StartsWith("frame-ancestors 'self'", StringComparison.Ordinal));
        Assert.DoesNotContain(Csp(alpha), d => d.Contains("beta-observatory", StringComparison.Ordinal));

        using var module = await world.Anonymous.GetAsync(new Uri($"/portal/{world.Beta}/js/app.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/portal/no-such-observatory/")]
    [InlineData("/portal/{alpha}/no-such-file.js")]
    [InlineData("/portal/{alpha}/%2e%2e/%2e%2e/functions/AstroBlob.Functions/appsettings.json")]
    [InlineData("/portal/{alpha}/..%2F..%2FREADME.md")]
    [InlineData("/portal/{alpha}/js")]
    public async Task UnknownObservatoriesFilesAndPathsOutsideThePortalAreNotFound(string path)
    {
        using var response = await world.Anonymous.GetAsync(new Uri(path.Replace("{alpha}", world.Alpha, StringComparison.Ordinal), UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WithoutItsTrailingSlashThePortalRedirectsToItsFolder()
    {
        using var client = world.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri($"/portal/{world.Alpha}?embed=1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/portal/{world.Alpha}/?embed=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ThePublicBrandingTellsTheObservatorysTimeZone()
    {
        var portal = await world.Anonymous.GetJsonAsync(Alpha("/portal"));
        Assert.Equal("Atlantic/Canary", (string?)portal["timeZone"]);
    }

    [Fact]
    public async Task AdminsGetTheEmbedSnippetWithTheNameEscapedAndNobodyElseDoes()
    {
        using (var patch = await world.AlphaAdmin.Client.PatchAsync(Alpha("/settings"), new { name = "Observatorio \"Roque\" <Norte>", embedOrigins = new[] { "https://www.alpha.example" } }, ifMatch: null))
        {
            await patch.JsonAsync(HttpStatusCode.OK);
        }

        var embed = await world.AlphaAdmin.Client.GetJsonAsync(Alpha("/settings/embed"));
        var portal = $"{world.Factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value.PublicBaseUrl}portal/{world.Alpha}/";
        Assert.Equal(portal, (string?)embed["portalUrl"]);
        Assert.Equal($"<script src=\"{portal}embed.js\" async></script>", (string?)embed["scriptSnippet"]);
        var iframe = (string)embed["iframeSnippet"]!;
        Assert.StartsWith($"<iframe src=\"{portal}?embed=1\" title=\"Observatorio &quot;Roque&quot; &lt;Norte&gt;\"", iframe, StringComparison.Ordinal);
        Assert.Equal(["https://www.alpha.example"], embed["allowedOrigins"]!.AsArray().Select(o => (string?)o));

        using var technician = await world.L1.Client.GetAsync(new Uri(Alpha("/settings/embed"), UriKind.Relative));
        await technician.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var customer = await world.Ana.Client.GetAsync(new Uri(Alpha("/settings/embed"), UriKind.Relative));
        await customer.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var otherAdmin = await world.BetaAdmin.Client.GetAsync(new Uri(Alpha("/settings/embed"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, otherAdmin.StatusCode);
    }

    [Fact]
    public async Task PollingWithTheLatestCursorReturnsOnlyNewerMessagesAndNeverInternalNotesToCustomers()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Sondeo de mensajes", type = "question" }))["code"]!;
        await world.PostMessageAsync(world.Ana, world.Alpha, code, "Primera pregunta");
        var first = await world.Ana.Client.GetJsonAsync(Alpha($"/tickets/{code}/messages"));
        Assert.Single(first["items"]!.AsArray());
        var latest = (string)first["latest"]!;

        var nothingNew = await world.Ana.Client.GetJsonAsync(Alpha($"/tickets/{code}/messages?after={Uri.EscapeDataString(latest)}"));
        Assert.Empty(nothingNew["items"]!.AsArray());
        Assert.Equal(latest, (string?)nothingNew["latest"]);

        await world.PostMessageAsync(world.L1, world.Alpha, code, "Nota interna: revisar garantía", "internal");
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Respuesta pública");
        var customerSees = await world.Ana.Client.GetJsonAsync(Alpha($"/tickets/{code}/messages?after={Uri.EscapeDataString(latest)}"));
        Assert.Equal(["Respuesta pública"], customerSees["items"]!.AsArray().Select(m => (string?)m!["body"]));
        var staffSees = await world.L1.Client.GetJsonAsync(Alpha($"/tickets/{code}/messages?after={Uri.EscapeDataString(latest)}"));
        Assert.Equal(["Nota interna: revisar garantía", "Respuesta pública"], staffSees["items"]!.AsArray().Select(m => (string?)m!["body"]));

        var afterAll = await world.Ana.Client.GetJsonAsync(Alpha($"/tickets/{code}/messages?after={Uri.EscapeDataString((string)customerSees["latest"]!)}"));
        Assert.Empty(afterAll["items"]!.AsArray());
    }

    [Fact]
    public async Task CustomersFilterTheirOwnTicketsByTelescopeAndTextButNeverSeeOthers()
    {
        var word = "portalfiltro" + Guid.NewGuid().ToString("N")[..6];
        var first = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = $"{word} cúpula", type = "repair", telescopeId = world.AnaScope }))["code"]!;
        var second = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = $"{word} rueda", type = "repair", telescopeId = world.AnaSecondScope }))["code"]!;
        _ = await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = $"{word} de Bob", type = "repair", telescopeId = world.BobScope });

        Assert.Equal([second], await CodesAsync(world.Ana, $"q={word}&telescopeId={world.AnaSecondScope}"));
        Assert.Equal([first], await CodesAsync(world.Ana, $"q={word}%20CUPULA"));
        Assert.Equal([second, first], await CodesAsync(world.Ana, $"q={word}&status=open"));
        Assert.Empty(await CodesAsync(world.Ana, $"q={word}&telescopeId={world.BobScope}"));
        Assert.Empty(await CodesAsync(world.Bob, $"q={word}&telescopeId={world.AnaScope}"));
    }

    private async Task<List<string?>> CodesAsync(Person who, string query) =>
        (await who.Client.GetJsonAsync(Alpha($"/tickets?{query}")))["items"]!.AsArray().Select(t => (string?)t!["code"]).ToList();

    private static string[] Csp(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single().Split("; ");
}
