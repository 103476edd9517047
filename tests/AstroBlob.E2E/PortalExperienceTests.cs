using System.Text.RegularExpressions;
using AstroBlob.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AstroBlob.E2E;

/// <summary>Language, branding, phone layout and accessibility: what every customer notices first.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalExperienceTests(PortalWorld world)
{
    [Fact]
    public async Task ThePortalSpeaksSpanishFirstSwitchesToEnglishAndRemembersTheChoice()
    {
        var page = await world.SignInAsync("alex@a.example");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mis tickets");

        await page.Locator("#lang-select").SelectOptionAsync("en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("My tickets");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New ticket" })).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-out")).ToHaveTextAsync("Sign out");
        await PortalWorld.ScreenshotAsync(page, "08-english");

        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("My tickets");
        await Expect(page.Locator("#lang-select")).ToHaveValueAsync("en");

        await page.Locator("#lang-select").SelectOptionAsync("es");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mis tickets");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EveryScreenShowsTheObservatorysNameLogoAndColours()
    {
        var page = await world.NewPageAsync();
        await page.GotoAsync(world.PortalUrl(world.Alpha));
        // The name is shown as the text it is, markup included.
        await Expect(page.Locator("#brand-name")).ToHaveTextAsync(world.AlphaName);
        await Expect(page).ToHaveTitleAsync($"Soporte · {world.AlphaName}");
        var logo = page.Locator("#brand-logo");
        await Expect(logo).ToBeVisibleAsync();
        await Expect(logo).ToHaveAttributeAsync("src", world.LogoUrl);
        await Expect(logo).ToHaveJSPropertyAsync("naturalWidth", 120);
        await Expect(page.Locator("#site-header")).ToHaveCSSAsync("background-color", "rgb(91, 42, 134)");
        await Expect(page.Locator("#site-header")).ToHaveCSSAsync("border-bottom-color", "rgb(244, 163, 0)");
        await PortalWorld.ScreenshotAsync(page, "00-sign-in");

        await world.SignInAsync("ana@a.example", page: page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Mis telescopios" }).ClickAsync();
        await Expect(page.Locator("#brand-name")).ToHaveTextAsync(world.AlphaName);
        await Expect(page.Locator("#brand-logo")).ToBeVisibleAsync();

        // Another observatory's portal carries its own name, not this one's.
        var other = await world.NewPageAsync();
        await other.GotoAsync(world.PortalUrl(world.Beta));
        await Expect(other.Locator("#brand-name")).ToHaveTextAsync($"Observatorio {world.Beta}");
        await Expect(other.Locator("#brand-logo")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task OnAPhoneTheListAndTheConversationFitTheScreenWithoutSidewaysScrolling()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, "En el móvil: la montura no hace home", world.AnaScope);
        await world.PostMessageAsync(world.L1, world.Alpha, code, "¿Puedes mandarnos el log de la montura? Gracias, un saludo desde el observatorio.");
        var page = await world.NewPageAsync(new ViewportSize { Width = 390, Height = 844 }, isMobile: true);
        await world.SignInAsync("ana@a.example", page: page);

        var row = page.Locator($"#ticket-table tr[data-code='{code}']");
        await Expect(row).ToBeVisibleAsync();
        // Rows become cards: one cell per line, labelled, and nothing wider than the screen.
        Assert.Equal("block", await row.Locator("td").First.EvaluateAsync<string>("td => getComputedStyle(td).display"));
        await AssertFitsAsync(page);
        await PortalWorld.ScreenshotAsync(page, "09-phone-list");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator(".message.staff")).ToBeVisibleAsync();
        await Expect(page.Locator("#reply-text")).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await PortalWorld.ScreenshotAsync(page, "10-phone-conversation");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheMainScreensHaveNoSeriousAccessibilityViolations()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, "Revisión de accesibilidad", world.AnaScope);
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Respuesta del soporte.");
        var page = await world.NewPageAsync();
        await page.GotoAsync(world.PortalUrl(world.Alpha));
        await Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        var problems = new List<string>();
        problems.AddRange(await Accessibility.SeriousViolationsAsync(page, "sign-in"));

        await world.SignInAsync("ana@a.example", page: page);
        await Expect(page.Locator("#ticket-table tbody tr[data-code]").First).ToBeVisibleAsync();
        problems.AddRange(await Accessibility.SeriousViolationsAsync(page, "ticket list"));

        await page.GotoAsync(world.PortalUrl(world.Alpha) + "#/new");
        await Expect(page.Locator("#new-ticket-form")).ToBeVisibleAsync();
        problems.AddRange(await Accessibility.SeriousViolationsAsync(page, "new ticket"));

        await page.GotoAsync(world.PortalUrl(world.Alpha) + $"#/tickets/{code}");
        await Expect(page.Locator(".message.staff")).ToBeVisibleAsync();
        problems.AddRange(await Accessibility.SeriousViolationsAsync(page, "conversation"));

        await page.GotoAsync(world.PortalUrl(world.Alpha) + "#/telescopes");
        await Expect(page.Locator("#telescope-list")).ToBeVisibleAsync();
        problems.AddRange(await Accessibility.SeriousViolationsAsync(page, "telescopes"));

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ATicketThatFinishesLoadingAfterTheCustomerMovedOnNeverPaintsOverTheNewerPage()
    {
        // A finished ticket: once its view has drawn, it asks for the ticket's rating, which says it has.
        var code = await world.CreateTicketCodeAsync(world.Ana, "Vista lenta: el guiado pierde la estrella", world.AnaScope);
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });
        var page = await world.SignInAsync("ana@a.example");
        var row = page.Locator($"#ticket-table tr[data-code='{code}']");
        await Expect(row).ToBeVisibleAsync();
        // Notes whether the ticket's title ever enters the page, however briefly.
        await page.EvaluateAsync("""
            () => {
              window.__staleTicketSeen = false;
              new MutationObserver(() => { if (document.getElementById('ticket-title')) window.__staleTicketSeen = true; })
                .observe(document.body, { childList: true, subtree: true });
            }
            """);

        // The ticket is slow to come: its request is held until the customer is on another page.
        var requested = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await page.RouteAsync($"**/tickets/{code}", async route =>
        {
            requested.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Expect(page.Locator("#main .loading")).ToBeVisibleAsync();

        await page.Locator("#site-nav").GetByRole(AriaRole.Link, new() { Name = "Mis telescopios" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mis telescopios");
        await Expect(page.Locator("#telescope-list")).ToContainTextAsync("RC 16");

        // Now the ticket comes: its view draws (and asks for the rating), but out of the page.
        var drawn = page.WaitForRequestAsync($"**/tickets/{code}/rating");
        release.SetResult();
        await drawn;
        await page.UnrouteAllAsync();

        Assert.False(await page.EvaluateAsync<bool>("() => window.__staleTicketSeen"), "The ticket opened first was drawn over the telescopes.");
        await Expect(page.Locator("#ticket-title")).ToHaveCountAsync(0);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mis telescopios");
        await Expect(page.Locator("#telescope-list")).ToContainTextAsync("RC 16");
        await Expect(page.Locator("#site-nav a[aria-current='page']")).ToHaveTextAsync("Mis telescopios");
        await Expect(page).ToHaveURLAsync(new Regex("#/telescopes$"));
        await page.Context.CloseAsync();
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"The page is {widths[0]}px wide on a {widths[1]}px screen.");
    }
}
