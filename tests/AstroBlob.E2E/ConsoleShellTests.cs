using System.Text.RegularExpressions;
using AstroBlob.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AstroBlob.E2E;

/// <summary>The console's shell: staff sign in, customers are turned away, a slow page never paints over a newer one, the page is locked down.</summary>
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
    public async Task AQueueThatFinishesLoadingAfterTheTechnicianMovedOnNeverPaintsOverTheNewerPage()
    {
        var page = await world.ConsoleSignInAsync(world.L1.Email);
        var nav = page.Locator("#site-nav");
        await nav.GetByRole(AriaRole.Link, new() { Name = "Base de conocimiento" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Base de conocimiento");
        // Notes whether the queue's table ever enters the page, however briefly.
        await page.EvaluateAsync("""
            () => {
              window.__staleQueueSeen = false;
              new MutationObserver(() => { if (document.getElementById('queue-table')) window.__staleQueueSeen = true; })
                .observe(document.body, { childList: true, subtree: true });
            }
            """);

        // The queue is slow to come: the staff list it starts with is held until the technician is on another page.
        var requested = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/staff", async route =>
        {
            requested.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await nav.GetByRole(AriaRole.Link, new() { Name = "Colas" }).ClickAsync();
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Expect(page.Locator("#main .loading")).ToBeVisibleAsync();

        await nav.GetByRole(AriaRole.Link, new() { Name = "Telescopios" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Telescopios");

        // Now the staff list comes: the queue draws (and asks for its counts), but out of the page.
        var drawn = page.WaitForRequestAsync("**/queues");
        release.SetResult();
        await drawn;
        await page.UnrouteAllAsync();

        Assert.False(await page.EvaluateAsync<bool>("() => window.__staleQueueSeen"), "The queue opened first was drawn over the telescopes.");
        await Expect(page.Locator("#queue-table")).ToHaveCountAsync(0);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Telescopios");
        await Expect(page.Locator("#site-nav a[aria-current='page']")).ToHaveTextAsync("Telescopios");
        await Expect(page).ToHaveURLAsync(new Regex("#/telescopes$"));
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
