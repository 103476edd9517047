using AstroBlob.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AstroBlob.E2E;

/// <summary>The console's shell: staff sign in, customers are turned away, the page is locked down.</summary>
[Collection(PortalCollection.Name)]
public sealed class ConsoleShellTests(PortalWorld world)
{
    [Fact]
    public async Task ATechnicianSignsInAndSeesTheirTicketsInTheQueue()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, "Enfoque bloqueado en el consola", world.AnaScope);
        await world.PatchTicketAsync(world.AlphaAdmin, world.Alpha, code, new { assignees = new[] { world.L1.Id } });

        var page = await world.ConsoleSignInAsync(world.L1.Email);
        await Expect(page.Locator("#site-nav")).ToContainTextAsync("Colas");
        await Expect(page.Locator($"tr[data-code='{code}']")).ToContainTextAsync("Enfoque bloqueado");
        // Technicians do not see the admin pages in the navigation.
        await Expect(page.Locator("#site-nav a[href='#/settings']")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACustomerIsSentToThePortalAndGetsNoConsoleSession()
    {
        var page = await world.NewPageAsync();
        await page.GotoAsync(world.ConsoleUrl(world.Alpha));
        await page.Locator("#signin-email").FillAsync(world.Ana.Email);
        await page.Locator("#signin-password").FillAsync(PortalWorld.Password);
        await page.Locator("#signin-form button[type=submit]").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Los clientes entran por el portal");
        await Expect(page.Locator("#sign-out")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>($"() => localStorage.getItem('astroblob.console.{world.Alpha}')"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheConsoleMayNotBeFramedAndRunsOnlyItsOwnScripts()
    {
        var page = await world.NewPageAsync();
        var response = await page.GotoAsync(world.ConsoleUrl(world.Alpha));
        var csp = (await response!.AllHeadersAsync())["content-security-policy"];
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        await Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
