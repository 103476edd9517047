using System.Text.RegularExpressions;
using AstroBlob.E2E.Infrastructure;
using AstroBlob.Functions.Tests.Attachments;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AstroBlob.E2E;

[Collection(PortalCollection.Name)]
public sealed partial class CustomerJourneyTests(PortalWorld world)
{
    [Fact]
    public async Task ACustomerOpensATicketWithAPhotoSeesItsThumbnailTalksWithSupportAndGivesTheSignOff()
    {
        var page = await world.SignInAsync("ana@a.example");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mis tickets");
        await PortalWorld.ScreenshotAsync(page, "01-ticket-list");

        await page.GetByRole(AriaRole.Link, new() { Name = "Nuevo ticket" }).ClickAsync();
        await page.Locator("#new-type").SelectOptionAsync("repair");
        await page.Locator("#new-title").FillAsync("El enfocador del RC 16 patina");
        await page.Locator("#new-description").FillAsync("Desde anoche el enfocador no mantiene la posición.\nAdjunto una foto.");
        await page.Locator("#new-priority").SelectOptionAsync("high");
        await page.Locator("#new-telescope").SelectOptionAsync(new SelectOptionValue { Label = "RC 16" });
        await page.Locator("#new-files").SetInputFilesAsync(new FilePayload { Name = "enfocador.png", MimeType = "image/png", Buffer = SampleFiles.Png(800, 600) });
        await PortalWorld.ScreenshotAsync(page, "02-new-ticket");
        // Hold the message that carries the file until the finished upload's progress bar was seen.
        var uploadSeen = new TaskCompletionSource();
        await page.RouteAsync("**/tickets/*/messages", async route =>
        {
            if (route.Request.Method == "POST")
            {
                await uploadSeen.Task;
            }

            await route.ContinueAsync();
        });
        await page.Locator("#new-ticket-form button[type=submit]").ClickAsync();
        var progress = page.Locator("#new-uploads .upload[data-file='enfocador.png'] progress");
        await Expect(progress).ToHaveJSPropertyAsync("value", 100);
        await Expect(page.Locator("#new-uploads .upload-state")).ToHaveTextAsync("Subido: enfocador.png");
        uploadSeen.SetResult();
        await page.UnrouteAllAsync();

        // The ticket opens, and the photo's thumbnail shows once processed.
        await Expect(page).ToHaveURLAsync(TicketUrl());
        await Expect(page.Locator("#ticket-title")).ToHaveTextAsync("El enfocador del RC 16 patina");
        var code = (await page.Locator("#ticket-code").TextContentAsync())!;
        var thumbnail = page.Locator(".file-image img");
        await Expect(thumbnail).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(thumbnail).ToHaveAttributeAsync("alt", "enfocador.png");
        Assert.True(await thumbnail.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") is > 0 and <= 320, "The thumbnail did not load from Blob Storage.");

        // A technician answers through the API: the reply appears without reloading the page.
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Hola Ana, ¿puedes probar a apretar el tornillo de fricción?");
        var staffReply = page.Locator(".message.staff").Filter(new() { HasText = "tornillo de fricción" });
        await Expect(staffReply).ToBeVisibleAsync();
        await Expect(staffReply.Locator(".message-author")).ToContainTextAsync("Soporte");
        await Expect(staffReply.Locator("time")).ToHaveAttributeAsync("datetime", DateTimeRegex());

        await page.Locator("#reply-text").FillAsync("Hecho, ya no patina. ¡Gracias!");
        await page.Locator("#reply-form button[type=submit]").ClickAsync();
        await Expect(page.Locator(".message.mine").Filter(new() { HasText = "ya no patina" })).ToBeVisibleAsync();
        await PortalWorld.ScreenshotAsync(page, "03-conversation");

        // The technician finishes the work; the customer gives the sign-off (VoBo) and rates it.
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });
        await Expect(page.Locator("#sign-off")).ToBeVisibleAsync();
        await PortalWorld.ScreenshotAsync(page, "04-finished");
        await page.Locator("#sign-off").ClickAsync();
        await Expect(page.Locator("#signed-off")).ToBeVisibleAsync();
        await Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Cerrado");
        await Expect(page.Locator("#reply-form")).ToHaveCountAsync(0);

        await page.GetByLabel("4 de 5").CheckAsync();
        await page.Locator("#rating-comment").FillAsync("Rápidos y claros.");
        await page.Locator("#rating-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#rated")).ToContainTextAsync("4 de 5");
        await PortalWorld.ScreenshotAsync(page, "05-signed-off-and-rated");

        var (ticket, _) = await world.GetTicketAsync(world.Ana, world.Alpha, code);
        Assert.Equal("closed", (string?)ticket["status"]);
        Assert.NotNull((string?)ticket["signedOffBy"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACustomerFiltersTheirTicketsByStatusTelescopeAndTextAndSeesEachTelescopesHistory()
    {
        // A word of this test only, so that other tests' tickets never match.
        var word = "filtro" + Guid.NewGuid().ToString("N")[..6];
        var onFirst = await world.CreateTicketCodeAsync(world.Ana, $"{word}: cúpula atascada", world.AnaScope);
        var onSecond = await world.CreateTicketCodeAsync(world.Ana, $"{word}: rueda de filtros", world.AnaSecondScope);
        var page = await world.SignInAsync("ana@a.example");

        var rows = page.Locator("#ticket-table tbody tr[data-code]");
        await page.Locator("#filter-q").FillAsync(word);
        await Expect(rows).ToHaveCountAsync(2);
        await page.Locator("#filter-telescope").SelectOptionAsync(new SelectOptionValue { Label = "TOA 130" });
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-code", onSecond);
        await Expect(rows.First).ToContainTextAsync("TOA 130");
        await Expect(rows.First.Locator(".sla")).ToHaveTextAsync("En plazo");
        await page.Locator("#filter-status").SelectOptionAsync("closed");
        await Expect(page.Locator("#ticket-table .empty")).ToBeVisibleAsync();
        await page.Locator("#filter-status").SelectOptionAsync("");
        await page.Locator("#filter-telescope").SelectOptionAsync("");
        await page.Locator("#filter-q").FillAsync($"{word.ToUpperInvariant()}: cupula");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-code", onFirst);

        await page.GetByRole(AriaRole.Link, new() { Name = "Mis telescopios" }).ClickAsync();
        await Expect(page.Locator("#telescope-list li")).ToHaveCountAsync(2);
        await PortalWorld.ScreenshotAsync(page, "06-telescopes");
        await page.GetByRole(AriaRole.Link, new() { Name = "RC 16" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("RC 16");
        await Expect(page.Locator($"#open-tickets tr[data-code='{onFirst}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"#open-tickets tr[data-code='{onSecond}']")).ToHaveCountAsync(0);
        await PortalWorld.ScreenshotAsync(page, "07-telescope-history");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AMagicLinkFromTheMailSignsTheCustomerInAndSigningOutEndsTheSession()
    {
        var page = await world.NewPageAsync();
        await page.GotoAsync(world.PortalUrl(world.Alpha));
        await page.Locator("#magic-email").FillAsync("bob@b.example");
        await page.Locator("#magic-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#magic-form .notice")).ToBeVisibleAsync();

        var mail = await world.Sink.WaitForAsync(m => m.EnvelopeTo.Contains("bob@b.example") && m.TextBody.Contains($"/portal/{world.Alpha}/#/magic/", StringComparison.Ordinal));
        var link = MagicLink().Match(mail.TextBody).Value;
        Assert.StartsWith(world.PortalUrl(world.Alpha), link, StringComparison.Ordinal);
        await page.GotoAsync(link);
        await Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mis tickets");
        Assert.DoesNotContain("magic", page.Url, StringComparison.Ordinal);

        await page.Locator("#sign-out").ClickAsync();
        await Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheSignInFormWorksWithTheKeyboardAlone()
    {
        var page = await world.NewPageAsync();
        await page.GotoAsync(world.PortalUrl(world.Alpha));
        await Expect(page.Locator("#signin-email")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("ana@a.example");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#signin-password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(World.Password);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static Regex TicketUrl() => TicketUrlPattern();

    [GeneratedRegex(@"#/tickets/ALPHA-\d+$")]
    private static partial Regex TicketUrlPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex(@"http://\S+/#/magic/[A-Za-z0-9_-]+")]
    private static partial Regex MagicLink();
}
