using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AstroBlob.E2E.Infrastructure;
using AstroBlob.Functions.Tests.Attachments;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AstroBlob.E2E;

/// <summary>The conversation: staff files of each kind, times in the observatory's zone, reopening, suggestions.</summary>
[Collection(PortalCollection.Name)]
public sealed class ConversationTests(PortalWorld world)
{
    [Fact]
    public async Task StaffFilesShowAsAPlayableVideoWithItsPosterAndADocumentToDownload()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, "La montura vibra al hacer tracking", world.AnaScope);
        var video = await UploadAsync(world.L2, code, "vibracion.mp4", await SampleFiles.Mp4Async());
        var document = await UploadAsync(world.L2, code, "informe-colimacion.pdf", SampleFiles.Pdf());
        using (var post = await world.L2.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/messages"), new { body = "Mira el vídeo y el informe.", attachmentIds = new[] { video, document } }))
        {
            await post.JsonAsync(HttpStatusCode.Created);
        }

        var page = await world.SignInAsync("ana@a.example");
        await page.GotoAsync(world.PortalUrl(world.Alpha) + $"#/tickets/{code}");
        var player = page.Locator(".file-video video");
        await Expect(player).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(player).ToHaveAttributeAsync("poster", new System.Text.RegularExpressions.Regex("^http://127\\.0\\.0\\.1:\\d+/.+poster"));
        await Expect(player).ToHaveAttributeAsync("controls", "");
        // The browser can play it: it loads the file's metadata from Blob Storage (allowed by media-src).
        Assert.True(await player.EvaluateAsync<bool>("""
            v => new Promise(resolve => {
              v.addEventListener('loadedmetadata', () => resolve(v.duration > 1), { once: true });
              v.addEventListener('error', () => resolve(false), { once: true });
              v.preload = 'metadata';
              v.load();
            })
            """), "The video did not load.");

        var download = page.Locator(".file-document a[download]");
        await Expect(download).ToHaveTextAsync("Descargar informe-colimacion.pdf");
        var downloaded = await page.RunAndWaitForDownloadAsync(() => download.ClickAsync());
        Assert.Equal("informe-colimacion.pdf", downloaded.SuggestedFilename);
        await PortalWorld.ScreenshotAsync(page, "12-video-and-document");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TimesAreShownInTheObservatorysTimeZoneWhateverTheBrowsersZone()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, "Hora de los mensajes", world.AnaScope);
        var reply = await world.PostMessageAsync(world.L1, world.Alpha, code, "Respuesta con hora");
        var at = DateTimeOffset.Parse((string)reply["createdAt"]!, CultureInfo.InvariantCulture);
        var canary = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Atlantic/Canary"));
        var newYork = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        var context = await world.Browser.NewContextAsync(new BrowserNewContextOptions { TimezoneId = "America/New_York", Locale = "es-ES" });
        var page = await world.SignInAsync("ana@a.example", page: await context.NewPageAsync());
        await page.GotoAsync(world.PortalUrl(world.Alpha) + $"#/tickets/{code}");
        var time = page.Locator(".message.staff time");
        await Expect(time).ToContainTextAsync(canary.ToString("HH:mm", CultureInfo.InvariantCulture));
        Assert.DoesNotContain(newYork.ToString("HH:mm", CultureInfo.InvariantCulture), await time.TextContentAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#tz-note")).ToContainTextAsync("Atlantic/Canary");
        await context.CloseAsync();
    }

    [Fact]
    public async Task ACustomerReopensAFinishedTicketSayingWhatStillFails()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, "La cúpula no cierra del todo", world.AnaScope);
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Ajustado el final de carrera.");
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });

        var page = await world.SignInAsync("ana@a.example");
        await page.GotoAsync(world.PortalUrl(world.Alpha) + $"#/tickets/{code}");
        await Expect(page.Locator("#sign-off")).ToBeVisibleAsync();
        await page.GetByText("Reabrir", new() { Exact = true }).First.ClickAsync();
        await page.Locator("#reopen-reason").FillAsync("Sigue quedando una rendija de 2 cm.");
        await page.Locator("#reopen-form button[type=submit]").ClickAsync();

        await Expect(page.Locator("#sign-off")).ToHaveCountAsync(0);
        await Expect(page.Locator("#ticket-status")).Not.ToHaveTextAsync("Finalizado");
        await Expect(page.Locator(".message.mine").Filter(new() { HasText = "rendija de 2 cm" })).ToBeVisibleAsync();
        await Expect(page.Locator("#reply-form")).ToBeVisibleAsync();
        var (ticket, _) = await world.GetTicketAsync(world.Ana, world.Alpha, code);
        Assert.NotEqual("finished", (string?)ticket["status"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TypingATitleSuggestsCustomerFacingArticles()
    {
        using (var article = await world.L2.Client.PostAsync(world.Api(world.Alpha, "/knowledge/articles"), new
        {
            title = "Cómo recalibrar el guiado tras un corte de luz",
            body = "1. Apaga la montura.\n2. Vuelve a hacer *home*.\n3. Recalibra el guiado.",
            visibility = "customer_facing",
        }))
        {
            await article.JsonAsync(HttpStatusCode.Created);
        }

        var page = await world.SignInAsync("bob@b.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nuevo ticket" }).ClickAsync();
        await page.Locator("#new-title").PressSequentiallyAsync("El guiado falla tras el corte de luz");
        var suggestion = page.Locator("#kb-suggestions a").Filter(new() { HasText = "recalibrar el guiado" });
        await Expect(suggestion).ToBeVisibleAsync();
        await PortalWorld.ScreenshotAsync(page, "13-suggestions");
        await page.Context.CloseAsync();
    }

    private async Task<string> UploadAsync(Person who, string code, string fileName, byte[] bytes)
    {
        JsonNode slot;
        using (var response = await who.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/attachments"), new { fileName, size = bytes.Length }))
        {
            slot = await response.JsonAsync(HttpStatusCode.Created);
        }

        using var storage = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, (string)slot["uploadUrl"]!) { Content = new ByteArrayContent(bytes) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        foreach (var (name, value) in slot["uploadHeaders"]!.AsObject())
        {
            put.Headers.Add(name, (string)value!);
        }

        using (var uploaded = await storage.SendAsync(put))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        return (string)slot["attachment"]!["id"]!;
    }
}
