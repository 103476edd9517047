using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.E2E.Infrastructure;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AstroBlob.E2E;

/// <summary>The snippet an admin pastes into the observatory's website, on declared and undeclared origins.</summary>
[Collection(PortalCollection.Name)]
public sealed class EmbedTests(PortalWorld world)
{
    [Fact]
    public async Task TheSnippetShowsTheBrandedPortalOnTheObservatorysDeclaredWebsite()
    {
        var snippet = await ServeSnippetAsync();
        var page = await world.NewPageAsync();
        await page.GotoAsync(world.Sites.Declared.ToString());

        var portal = page.FrameLocator("iframe.astroblob-portal");
        await Expect(portal.Locator("#brand-name")).ToHaveTextAsync(world.AlphaName);
        await portal.Locator("#signin-email").FillAsync("ana@a.example");
        await portal.Locator("#signin-password").FillAsync(World.Password);
        await portal.Locator("#signin-form button[type=submit]").ClickAsync();
        await Expect(portal.Locator("h1")).ToHaveTextAsync("Mis tickets");
        // The frame grows with the portal instead of scrolling inside the page.
        await Expect(page.Locator("iframe.astroblob-portal")).ToHaveCSSAsync("height", new System.Text.RegularExpressions.Regex("^[0-9.]+px$"));
        await PortalWorld.ScreenshotAsync(page, "11-embedded");

        // The declared website may call the API from its own pages too (CORS).
        Assert.True(await CanFetchAsync(page));
        Assert.Contains("embed.js", snippet, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnUndeclaredWebsiteCannotShowThePortalNorCallTheApi()
    {
        await ServeSnippetAsync();
        var page = await world.NewPageAsync();
        var refused = page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains("frame-ancestors", StringComparison.Ordinal) });
        await page.GotoAsync(world.Sites.Undeclared.ToString());
        var message = await refused;
        // Chromium names the refused frame by its origin, and the policy that refused it.
        Assert.Contains($"Framing '{world.HostBase}'", message.Text, StringComparison.Ordinal);
        Assert.Contains($"frame-ancestors 'self' {OtherSites.Origin(world.Sites.Declared)}", message.Text, StringComparison.Ordinal);
        await Expect(page.FrameLocator("iframe.astroblob-portal").Locator("#brand-name")).ToHaveCountAsync(0);
        Assert.False(await CanFetchAsync(page));
        await page.Context.CloseAsync();
    }

    /// <summary>Reads the snippet as the admin would and puts it into the observatory's website.</summary>
    private async Task<string> ServeSnippetAsync()
    {
        JsonNode embed = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/settings/embed"));
        var snippet = (string)embed["scriptSnippet"]!;
        world.Sites.Serve($"""
            <!doctype html>
            <html lang="es"><head><meta charset="utf-8"><title>Observatorio — web propia</title></head>
            <body><h1>Bienvenido a nuestro observatorio</h1><p>Soporte para clientes:</p>
            {snippet}
            </body></html>
            """);
        return snippet;
    }

    private async Task<bool> CanFetchAsync(IPage page) =>
        await page.EvaluateAsync<bool>("url => fetch(url).then(r => r.ok, () => false)", world.HostBase + $"api/o/{world.Alpha}/portal");
}
