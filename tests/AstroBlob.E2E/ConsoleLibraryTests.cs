using System.Globalization;
using System.Net;
using AstroBlob.E2E.Infrastructure;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AstroBlob.E2E;

/// <summary>The console's library: telescopes with their tickets, the knowledge base, and internal tasks.</summary>
[Collection(PortalCollection.Name)]
public sealed class ConsoleLibraryTests(PortalWorld world)
{
    [Fact]
    public async Task ATechnicianSeesATelescopeWithItsOpenTicketAndLightAndItsWholeHistory()
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        var scopeName = $"Astrógrafo {unique}";
        var scope = await world.NewTelescopeAsync(world.CustomerA, scopeName);
        var open = await world.CreateTicketCodeAsync(world.Ana, $"Guiado errático {unique}", scope);
        var finished = await world.CreateTicketCodeAsync(world.Ana, $"Filtro atascado {unique}", scope);
        await world.PatchTicketAsync(world.L1, world.Alpha, finished, new { status = "finished" });
        var light = (string)(await world.GetTicketAsync(world.L1, world.Alpha, open)).Ticket["sla"]!["light"]!;

        var page = await world.ConsoleSignInAsync(world.L1.Email);
        await page.Locator("#site-nav a[href='#/telescopes']").ClickAsync();
        // Filter by customer and by text, written without the accent.
        await page.Locator("#tel-customer").SelectOptionAsync(world.CustomerA);
        await page.Locator("#tel-search").FillAsync($"astrografo {unique}");
        var row = page.Locator($"#telescope-table tr[data-telescope='{scope}']");
        await Expect(page.Locator("#telescope-table tbody tr")).ToHaveCountAsync(1);
        await Expect(row.Locator(".tel-open-count")).ToHaveTextAsync("1");
        await Expect(row.Locator($".sla[data-light='{light}']")).ToHaveTextAsync(SlaWords[light]);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "telescopes");
        await PortalWorld.ScreenshotAsync(page, "console-telescopes");

        await row.GetByRole(AriaRole.Link, new() { Name = scopeName }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(scopeName);
        var openRow = page.Locator($"#telescope-open-table tr[data-code='{open}']");
        await Expect(openRow).ToContainTextAsync($"Guiado errático {unique}");
        await Expect(openRow.Locator($".sla[data-light='{light}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"#telescope-open-table tr[data-code='{finished}']")).ToHaveCountAsync(0);
        // The history holds both, newest first, each linking to its ticket.
        var history = page.Locator("#telescope-history-table tbody tr");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.Nth(0)).ToHaveAttributeAsync("data-code", finished);
        await Expect(history.Nth(1)).ToHaveAttributeAsync("data-code", open);
        await Expect(history.Nth(0).Locator("[data-status='finished']")).ToBeVisibleAsync();
        await Expect(history.Nth(0).Locator("a")).ToHaveAttributeAsync("href", $"#/tickets/{finished}");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "telescope");
        await PortalWorld.ScreenshotAsync(page, "console-telescope");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdminWritesAnArticleInMarkdownFindsItWithoutAccentsAndEditsItAndATechnicianReadsIt()
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        var title = $"Telescopio Óptico {unique}: colimación";
        const string body = "## Colimación paso a paso\n\n- Apunte a una estrella brillante\n- Desenfoque ligeramente\n\n"
            + "Vea el [manual](https://example.org/manual).\n\n<script>window.kbPwned = 1</script>\n\n[trampa](javascript:window.kbPwned=2)";

        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        var scriptErrors = new List<string>();
        page.PageError += (_, e) => scriptErrors.Add(e);
        await page.Locator("#site-nav a[href='#/kb']").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Nuevo artículo" }).ClickAsync();
        await page.Locator("#kb-title").FillAsync(title);
        await page.Locator("#kb-body-input").FillAsync(body);
        await page.Locator("#kb-preview-button").ClickAsync();
        await Expect(page.Locator("#kb-preview h2")).ToHaveTextAsync("Colimación paso a paso");
        await page.Locator("#kb-tags").FillAsync("óptica, colimación");
        await page.Locator("#kb-model").FillAsync("RC 16");
        await Expect(page.Locator("#kb-vis-internal")).ToBeCheckedAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "article editor");
        await PortalWorld.ScreenshotAsync(page, "console-kb-editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicar artículo" }).ClickAsync();

        // The article as read: Markdown rendered, the script shown as text and never run, the javascript: link gone.
        await Expect(page.Locator("#kb-article-title")).ToHaveTextAsync(title);
        var id = new Uri(page.Url).Fragment.Split('/')[2];
        var rendered = page.Locator("#kb-body");
        await Expect(rendered.Locator("h2")).ToHaveTextAsync("Colimación paso a paso");
        await Expect(rendered.Locator("li")).ToHaveCountAsync(2);
        await Expect(rendered.Locator("a")).ToHaveCountAsync(1);
        await Expect(rendered.Locator("a[href='https://example.org/manual']")).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
        await Expect(rendered.Locator("script")).ToHaveCountAsync(0);
        await Expect(rendered).ToContainTextAsync("<script>window.kbPwned = 1</script>");
        await Expect(page.Locator(".kb-vis-internal")).ToHaveTextAsync("Interno");
        Assert.True(await page.EvaluateAsync<bool>("() => window.kbPwned === undefined"));
        await Accessibility.AssertNoSeriousViolationsAsync(page, "article");
        await PortalWorld.ScreenshotAsync(page, "console-kb-article");

        // Search with other accents and case.
        await page.Locator("#site-nav a[href='#/kb']").ClickAsync();
        await page.Locator("#kb-search").FillAsync("telescopio optico");
        await page.Locator("#kb-search").PressAsync("Enter");
        var hit = page.Locator($"#kb-hits li[data-article='{id}']");
        await Expect(hit.GetByRole(AriaRole.Link)).ToHaveTextAsync(title);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "knowledge base search");
        await PortalWorld.ScreenshotAsync(page, "console-kb");

        // Edit it: a new title and a line more.
        await hit.GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator("#kb-edit").ClickAsync();
        await Expect(page.Locator("#kb-title")).ToHaveValueAsync(title);
        await page.Locator("#kb-title").FillAsync(title + " (revisado)");
        await page.Locator("#kb-body-input").FillAsync(body + "\n\n**Revise** el resultado de noche.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar cambios" }).ClickAsync();
        await Expect(page.Locator("#kb-article-title")).ToHaveTextAsync(title + " (revisado)");
        await Expect(page.Locator("#kb-body strong")).ToHaveTextAsync("Revise");
        await Expect(page.Locator(".kb-meta")).ToContainTextAsync("revisión 2");
        Assert.Empty(scriptErrors);
        Assert.True(await page.EvaluateAsync<bool>("() => window.kbPwned === undefined"));
        await page.Context.CloseAsync();

        // A technician reads the internal article, in the list and by link.
        var technician = await world.ConsoleSignInAsync(world.L1.Email);
        await technician.Locator("#site-nav a[href='#/kb']").ClickAsync();
        await technician.Locator("#kb-search").FillAsync($"TELESCOPIO ÓPTICO {unique}");
        await technician.Locator("#kb-search").PressAsync("Enter");
        await technician.Locator($"#kb-hits li[data-article='{id}'] a").ClickAsync();
        await Expect(technician.Locator("#kb-article-title")).ToHaveTextAsync(title + " (revisado)");
        await Expect(technician.Locator("#kb-body li").First).ToHaveTextAsync("Apunte a una estrella brillante");
        await technician.Context.CloseAsync();
    }

    [Fact]
    public async Task TheArticleRendererKeepsOnlyAllowListedMarkupEvenIfTheServerSentMore()
    {
        // The server's renderer never writes such HTML; this is the console's second wall, checked on its own.
        var page = await world.NewPageAsync();
        await page.GotoAsync(world.ConsoleUrl(world.Alpha));
        await Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        var result = await page.EvaluateAsync<string[]>("""
            async () => {
              const { articleContent } = await import('./js/views/article-html.js');
              const el = articleContent('<h2 style="color:red" onclick="window.kbPwned=1">T</h2>'
                + '<p>a<script>window.kbPwned=2</script><a href="javascript:window.kbPwned=3">b</a>'
                + '<img src="x" alt="i" onerror="window.kbPwned=4"><a href="https://example.org/" onmouseover="window.kbPwned=5" target="_top">c</a>'
                + '<iframe src="https://example.org/"></iframe><span class="x">d</span></p><ol start="3"><li><code class="language-sh">ls</code></li></ol>');
              document.body.append(el);
              el.querySelector('a').dispatchEvent(new MouseEvent('mouseover'));
              el.querySelector('h2').click();
              await new Promise((r) => setTimeout(r, 0));
              return [el.innerHTML, String(window.kbPwned)];
            }
            """);
        Assert.Equal(
            "<h2>T</h2><p>abi<a href=\"https://example.org/\" rel=\"noopener noreferrer nofollow\">c</a>d</p><ol start=\"3\"><li><code class=\"language-sh\">ls</code></li></ol>",
            result[0]);
        Assert.Equal("undefined", result[1]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnArticleWrittenFromATicketShowsWhereItCameFromAndIsDeletedAndRestored()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Montura sin home {Guid.NewGuid():N}"[..30], world.AnaScope);
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Recalibre los sensores de home desde el menú **Mantenimiento**.");
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });
        using var created = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, $"/knowledge/articles/from-ticket/{code}"), new { });
        var id = (string)(await created.JsonAsync(HttpStatusCode.Created))["id"]!;

        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + $"#/kb/{id}");
        await Expect(page.Locator("#kb-source a")).ToHaveAttributeAsync("href", $"#/tickets/{code}");
        await Expect(page.Locator("#kb-body strong")).ToHaveTextAsync("Mantenimiento");

        await page.Locator("#kb-delete").ClickAsync();
        await page.Locator("#kb-confirm-delete").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Artículo eliminado.");
        using (var gone = await world.L1.Client.GetAsync(world.Api(world.Alpha, $"/knowledge/articles/{id}")))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        await page.Locator("#kb-restore").ClickAsync();
        await Expect(page.Locator("#kb-source a")).ToHaveTextAsync(code);
        using (var back = await world.L1.Client.GetAsync(world.Api(world.Alpha, $"/knowledge/articles/{id}")))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdminAssignsATaskAFirstLineTechnicianClosesItAndTheAdminGivesTheVoBo()
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        var taskTitle = $"Revisar cúpula {unique}";
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Cúpula ruidosa {unique}", world.AnaScope);
        var due = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var admin = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        await admin.Locator("#site-nav a[href='#/tasks']").ClickAsync();
        await admin.Locator("#task-title").FillAsync(taskTitle);
        await admin.Locator("#task-description").FillAsync("Engrasar el carril y comprobar el motor.");
        await admin.Locator("#task-assignee").SelectOptionAsync(world.L1.Id);
        await admin.Locator("#task-due").FillAsync(due);
        await admin.Locator("#task-ticket").FillAsync(code);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Asignar tarea" }).ClickAsync();
        var adminRow = admin.Locator("#task-table tbody tr", new() { HasText = taskTitle });
        await Expect(adminRow).ToHaveAttributeAsync("data-status", "open");
        await Expect(adminRow.Locator("time")).ToHaveAttributeAsync("datetime", due);
        await Expect(adminRow.GetByRole(AriaRole.Link, new() { Name = code })).ToHaveAttributeAsync("href", $"#/tickets/{code}");

        var technician = await world.ConsoleSignInAsync(world.L1.Email);
        await technician.Locator("#site-nav a[href='#/tasks']").ClickAsync();
        await Expect(technician.Locator("h1")).ToHaveTextAsync("Tareas asignadas");
        var row = technician.Locator("#task-table tbody tr", new() { HasText = taskTitle });
        await Expect(row.Locator(".task-status")).ToHaveTextAsync("Pendiente");
        await Expect(technician.Locator("#task-form")).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(technician, "tasks (technician)");
        await row.GetByRole(AriaRole.Button, new() { Name = "Cerrar tarea" }).ClickAsync();
        await row.GetByLabel("Qué se ha hecho").FillAsync("Carril engrasado; el motor va bien.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Cerrar la tarea" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", "done");
        await Expect(row).ToContainTextAsync("Carril engrasado; el motor va bien.");
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await technician.Context.CloseAsync();

        await admin.Locator("#task-filter-status").SelectOptionAsync("done");
        await Expect(adminRow).ToHaveAttributeAsync("data-status", "done");
        await Accessibility.AssertNoSeriousViolationsAsync(admin, "tasks (admin)");
        await PortalWorld.ScreenshotAsync(admin, "console-tasks");
        await adminRow.GetByRole(AriaRole.Button, new() { Name = "Dar el VoBo" }).ClickAsync();
        await Expect(adminRow).ToHaveAttributeAsync("data-status", "signed_off");
        await Expect(adminRow.Locator(".task-status")).ToHaveTextAsync("Con VoBo");

        var stored = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, $"/tasks?ticketCode={code}"));
        var task = Assert.Single(stored["items"]!.AsArray());
        Assert.Equal(("signed_off", world.AlphaAdmin.Id), ((string)task!["status"]!, (string)task["signedOffBy"]!));
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task SavingAnArticleSomeoneElseChangedMeanwhileSaysSoAndShowsTheirVersion()
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        using var created = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, "/knowledge/articles"),
            new { title = $"Cambiar fusibles {unique}", body = "Apague la cúpula.", visibility = "internal" });
        var article = await created.JsonAsync(HttpStatusCode.Created);
        var id = (string)article["id"]!;

        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + $"#/kb/{id}/edit");
        await Expect(page.Locator("#kb-title")).ToHaveValueAsync($"Cambiar fusibles {unique}");

        using (var meanwhile = await world.L1.Client.PatchAsync(world.Api(world.Alpha, $"/knowledge/articles/{id}"), new { title = $"Fusibles de la cúpula {unique}" }, created.ETag()))
        {
            await meanwhile.JsonAsync(HttpStatusCode.OK);
        }

        await page.Locator("#kb-body-input").FillAsync("Apague la cúpula y espere un minuto.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar cambios" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Otra persona ha cambiado el artículo");
        await Expect(page.Locator("#kb-title")).ToHaveValueAsync($"Fusibles de la cúpula {unique}");
        await Expect(page.Locator("#kb-body-input")).ToHaveValueAsync("Apague la cúpula.");

        // Their version is now the base: applying the change again saves it.
        await page.Locator("#kb-body-input").FillAsync("Apague la cúpula y espere un minuto.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar cambios" }).ClickAsync();
        await Expect(page.Locator("#kb-article-title")).ToHaveTextAsync($"Fusibles de la cúpula {unique}");
        await Expect(page.Locator("#kb-body")).ToHaveTextAsync("Apague la cúpula y espere un minuto.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdminReopensAClosedTaskWithAReasonAndItGoesBackToTheTechnician()
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        var due = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var created = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, "/tasks"),
            new { title = $"Limpiar espejo {unique}", assigneeId = world.L2.Id, dueDate = due });
        var id = (string)(await created.JsonAsync(HttpStatusCode.Created))["id"]!;
        using (var done = await world.L2.Client.PostAsync(world.Api(world.Alpha, $"/tasks/{id}/complete"), new { note = "Hecho con alcohol isopropílico." }))
        {
            await done.JsonAsync(HttpStatusCode.OK);
        }

        var admin = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        await admin.Locator("#site-nav a[href='#/tasks']").ClickAsync();
        await admin.Locator("#task-filter-assignee").SelectOptionAsync(world.L2.Id);
        var row = admin.Locator($"#task-table tr[data-task='{id}']");
        await Expect(row).ToContainTextAsync("Hecho con alcohol isopropílico.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Reabrir" }).ClickAsync();
        await row.GetByLabel("Motivo (opcional)").FillAsync("Quedan marcas en el borde.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Reabrir la tarea" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", "open");
        await Expect(row.Locator(".task-status")).ToHaveTextAsync("Pendiente");
        // Only the assignee closes a task: the admin gets no button for it.
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        var task = await world.L2.Client.GetJsonAsync(world.Api(world.Alpha, $"/tasks/{id}"));
        Assert.Equal("open", (string?)task["status"]);
        Assert.Equal("Quedan marcas en el borde.", (string?)task["history"]!.AsArray()[^1]!["note"]);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task TheLibraryScreensFitAPhoneAndNameEachCell()
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        using (var article = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, "/knowledge/articles"),
            new { title = $"Secado del espejo tras la lluvia {unique}", body = "Con la cúpula cerrada.", visibility = "customer_facing", tags = new[] { "espejo" } }))
        {
            await article.JsonAsync(HttpStatusCode.Created);
        }

        using (var task = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, "/tasks"),
            new { title = $"Inventario de oculares {unique}", assigneeId = world.L1.Id, dueDate = DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }))
        {
            await task.JsonAsync(HttpStatusCode.Created);
        }

        var page = await world.NewPageAsync(new ViewportSize { Width = 390, Height = 844 }, isMobile: true);
        await world.ConsoleSignInAsync(world.AlphaAdmin.Email, page: page);
        foreach (var (hash, table) in new[] { ("#/telescopes", "#telescope-table"), ("#/kb", "#kb-table"), ("#/tasks", "#task-table") })
        {
            await page.GotoAsync(world.ConsoleUrl(world.Alpha) + hash);
            await Expect(page.Locator($"{table} tbody tr").First).ToBeVisibleAsync();
            await Expect(page.Locator($"{table} tbody td:not([data-label])")).ToHaveCountAsync(0);
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1], $"{hash} is {widths[0]}px wide on a {widths[1]}px screen.");
        }

        await PortalWorld.ScreenshotAsync(page, "console-tasks-phone");

        await page.Context.CloseAsync();
    }

    private static readonly Dictionary<string, string> SlaWords = new()
    {
        ["green"] = "En plazo",
        ["yellow"] = "Plazo a punto de vencer",
        ["red"] = "Plazo vencido",
        ["none"] = "Sin plazo",
    };
}

/// <summary>Fixture helpers the library tests need (kept here, not in the shared world).</summary>
internal static class LibraryWorld
{
    public static async Task<string> NewTelescopeAsync(this PortalWorld world, string customerId, string name)
    {
        using var response = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, "/telescopes"), new { name, customerId, model = "Askar 130" });
        return (string)(await response.JsonAsync(HttpStatusCode.Created))["id"]!;
    }
}
