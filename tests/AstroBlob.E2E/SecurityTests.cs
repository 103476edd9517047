using AstroBlob.E2E.Infrastructure;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AstroBlob.E2E;

/// <summary>What people type stays text, the page runs only its own scripts, and a URL edit reaches nothing of anyone else's.</summary>
[Collection(PortalCollection.Name)]
public sealed class SecurityTests(PortalWorld world)
{
    private const string Attack = "<img src=x onerror=\"window.__pwned='img'\"><script>window.__pwned='script'</script>";

    [Fact]
    public async Task HtmlAndScriptsInTicketsAndMessagesShowAsTextAndNeverRun()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, "Título " + Attack, world.AnaScope);
        await world.PostMessageAsync(world.Ana, world.Alpha, code, "Mensaje " + Attack);
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Respuesta <a href=\"javascript:window.__pwned='link'\">pulsa</a>");

        var page = await world.SignInAsync("ana@a.example");
        var row = page.Locator($"#ticket-table tr[data-code='{code}']");
        await Expect(row).ToContainTextAsync("Título " + Attack);
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page.Locator("#ticket-title")).ToHaveTextAsync("Título " + Attack);
        await Expect(page.Locator(".message.mine .message-body")).ToHaveTextAsync("Mensaje " + Attack);
        await Expect(page.Locator(".message.staff .message-body")).ToHaveTextAsync("Respuesta <a href=\"javascript:window.__pwned='link'\">pulsa</a>");
        await Expect(page.Locator("main img[src='x'], main script, .message-body a")).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThePortalIsServedWithAStrictContentSecurityPolicy()
    {
        var page = await world.NewPageAsync();
        var response = await page.GotoAsync(world.PortalUrl(world.Alpha));
        var csp = (await response!.AllHeadersAsync())["content-security-policy"];
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains($"frame-ancestors 'self' {OtherSites.Origin(world.Sites.Declared)}", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);

        // The browser enforces it: a script the page did not ship is refused.
        await Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        var ran = await page.EvaluateAsync<bool>("""
            () => new Promise(resolve => {
              document.addEventListener('securitypolicyviolation', () => resolve(false), { once: true });
              const s = document.createElement('script');
              s.textContent = 'window.__inline = true';
              document.body.append(s);
              setTimeout(() => resolve(window.__inline === true), 500);
            })
            """);
        Assert.False(ran);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EditingTheAddressNeverShowsAnotherCustomersTicketOrTelescope()
    {
        const string secret = "Secreto de Ana: código del candado de la cúpula";
        var anasTicket = await world.CreateTicketCodeAsync(world.Ana, secret, world.AnaScope);
        var page = await world.SignInAsync("bob@b.example");

        await page.GotoAsync(world.PortalUrl(world.Alpha) + $"#/tickets/{anasTicket}");
        await Expect(page.Locator("main .error")).ToHaveTextAsync("No encontrado. Puede que no exista o que no tengas acceso.");
        await Expect(page.GetByText(secret)).ToHaveCountAsync(0);

        await page.GotoAsync(world.PortalUrl(world.Alpha) + $"#/telescopes/{world.AnaScope}");
        await Expect(page.Locator("main .error")).ToBeVisibleAsync();
        await Expect(page.GetByText("RC 16")).ToHaveCountAsync(0);

        // Bob's session belongs to his observatory: carried over to another one's portal it opens nothing.
        var token = await page.EvaluateAsync<string>($"() => localStorage.getItem('astroblob.session.{world.Alpha}')");
        await page.EvaluateAsync("([key, value]) => localStorage.setItem(key, value)", new[] { $"astroblob.session.{world.Beta}", token });
        await page.GotoAsync(world.PortalUrl(world.Beta) + "#/");
        await Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await Expect(page.Locator("#ticket-table")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
