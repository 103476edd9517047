using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AstroBlob.E2E.Infrastructure;
using AstroBlob.Functions.Tests.Attachments;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AstroBlob.E2E;

/// <summary>The console's ticket workspace: what a technician does on one ticket, and what the customer then sees.</summary>
[Collection(PortalCollection.Name)]
public sealed class ConsoleTicketTests(PortalWorld world)
{
    [Fact]
    public async Task AFirstLineTechnicianPicksUpATicketRepliesAddsANoteTimesTheWorkAndTheCustomerSeesOnlyTheReply()
    {
        var title = $"La cúpula no gira {Guid.NewGuid():N}"[..32];
        var code = await world.CreateTicketCodeAsync(world.Ana, title, world.AnaScope);
        var page = await world.OpenTicketAsync(world.L1, code);
        await Expect(page.Locator("#ticket-title")).ToHaveTextAsync(title);
        await Expect(page.Locator("#requester-company")).ToHaveTextAsync("Cliente A");
        await Expect(page.Locator("#telescope-name")).ToHaveTextAsync("RC 16");

        // Picks it up.
        await page.Locator("#assign-me").ClickAsync();
        await Expect(page.Locator($"#assign-form input[value='{world.L1.Id}']")).ToBeCheckedAsync();
        await Expect(page.Locator("#assign-me")).ToHaveCountAsync(0);
        var (assigned, _) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Contains(world.L1.Id, assigned["assignees"]!.AsArray().Select(a => (string)a!));

        // A public reply.
        const string reply = "Hola Ana, revisa el disyuntor del motor de la cúpula, por favor.";
        await page.Locator("#reply-text").FillAsync(reply);
        await Expect(page.Locator("#reply-send")).ToHaveTextAsync("Enviar respuesta");
        await page.Locator("#reply-send").ClickAsync();
        var sent = page.Locator(".message.public").Filter(new() { HasText = "disyuntor del motor" });
        await Expect(sent).ToBeVisibleAsync();
        await Expect(sent.Locator(".tk-label")).ToHaveTextAsync("Respuesta pública");

        // An internal note that mentions the second line.
        var marker = Guid.NewGuid().ToString("N")[..8];
        var note = $"Sospecho del relé {marker}; @l2 ¿lo has visto antes en un RC 16?";
        await page.Locator("#reply-internal").CheckAsync();
        await Expect(page.Locator("#reply-send")).ToHaveTextAsync("Añadir nota interna");
        await page.Locator("#reply-text").FillAsync(note);
        await page.Locator("#reply-send").ClickAsync();
        var noted = page.Locator(".message.internal").Filter(new() { HasText = "Sospecho del relé" });
        await Expect(noted).ToBeVisibleAsync();
        await Expect(noted.Locator(".tk-label")).ToHaveTextAsync("Nota interna");
        await Expect(noted.Locator(".mention")).ToHaveTextAsync("@l2");
        // The mention reaches the second line by mail.
        await world.Sink.WaitForAsync(m => m.EnvelopeTo.Contains(world.L2.Email) && m.TextBody.Contains(marker, StringComparison.Ordinal));

        // Times the work: a time entry appears.
        await Expect(page.Locator("#time-empty")).ToBeVisibleAsync();
        await page.Locator("#timer-start").ClickAsync();
        await Expect(page.Locator("#timer-state")).ToContainTextAsync("En marcha");
        await page.Locator("#timer-pause").ClickAsync();
        await Expect(page.Locator("#timer-state")).ToContainTextAsync("En pausa");
        await page.Locator("#timer-resume").ClickAsync();
        await Expect(page.Locator("#timer-state")).ToContainTextAsync("En marcha");
        await page.Locator("#timer-stop").ClickAsync();
        await Expect(page.Locator("#timer-start")).ToBeVisibleAsync();
        var entry = page.Locator("#time-entries tbody tr");
        await Expect(entry).ToHaveCountAsync(1);
        await Expect(entry).ToContainTextAsync(world.L1.Email);
        await Expect(entry).ToContainTextAsync("0 h 01 min");
        await Expect(page.Locator("#time-totals")).ToContainTextAsync("0 h 01 min");
        await PortalWorld.ScreenshotAsync(page, "console-ticket");

        // The customer, in a browser of their own, sees the reply and never the note.
        var customer = await world.SignInAsync(world.Ana.Email);
        await customer.GotoAsync(world.PortalUrl(world.Alpha) + $"#/tickets/{code}");
        await Expect(customer.Locator(".message.staff").Filter(new() { HasText = "disyuntor del motor" })).ToBeVisibleAsync();
        await Expect(customer.Locator("#conversation")).Not.ToContainTextAsync("Sospecho del relé");
        await Expect(customer.Locator("#conversation .message")).ToHaveCountAsync(1);

        await customer.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SendAndSetStatusPostsTheReplyAndChangesTheStatusInOneAction()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Guiado con saltos {Guid.NewGuid():N}"[..30], world.AnaScope);
        var page = await world.OpenTicketAsync(world.L1, code);
        await Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Abierto");

        await page.Locator("#reply-text").FillAsync("Cambiado el cable del autoguiado: queda resuelto.");
        await page.Locator("#reply-status").SelectOptionAsync("finished");
        await Expect(page.Locator("#reply-send")).ToHaveTextAsync("Enviar y marcar como Finalizado");
        await page.Locator("#reply-send").ClickAsync();

        await Expect(page.Locator(".message").Filter(new() { HasText = "cable del autoguiado" })).ToBeVisibleAsync();
        await Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Finalizado");
        await Expect(page.Locator("#prop-status")).ToHaveValueAsync("finished");
        var (ticket, _) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Equal("finished", (string?)ticket["status"]);
        Assert.Equal(1, (int)ticket["messageCount"]!);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AKnowledgeArticleIsWrittenFromAFinishedTicketsResolution()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Rocío en el corrector {Guid.NewGuid():N}"[..32], world.AnaScope);
        var page = await world.OpenTicketAsync(world.L1, code);
        // Not finished yet: the button is there but says why it cannot be used.
        await Expect(page.Locator("#kb-from-ticket")).ToBeDisabledAsync();

        await world.PostMessageAsync(world.L1, world.Alpha, code, "Instalada una banda calefactora de 12 V en el corrector: el rocío desaparece.");
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });
        await Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Finalizado");
        await Expect(page.Locator("#kb-from-ticket")).ToBeEnabledAsync();
        await page.Locator("#kb-from-ticket").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/kb/[A-Za-z0-9-]+$"));
        var id = new Uri(page.Url).Fragment["#/kb/".Length..];
        var article = await world.L1.Client.GetJsonAsync(world.Api(world.Alpha, $"/knowledge/articles/{id}"));
        Assert.Equal(code, (string?)article["source"]!["ticketCode"]);
        Assert.Contains("banda calefactora", (string?)article["body"], StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACannedReplyIsInsertedWithItsPlaceholdersFilledIn()
    {
        var cannedTitle = $"Saludo {Guid.NewGuid():N}"[..16];
        using (var created = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, "/canned"), new
        {
            title = cannedTitle,
            body = "Hola {{cliente}}: revisamos el ticket {{código}} del {{telescopio}}. Un saludo, {{técnico}}.",
        }))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }

        var code = await world.CreateTicketCodeAsync(world.Ana, $"Polvo en el espejo {Guid.NewGuid():N}"[..30], world.AnaScope);
        var page = await world.OpenTicketAsync(world.L1, code);
        await page.Locator("#canned-select").SelectOptionAsync(new SelectOptionValue { Label = cannedTitle });
        await page.Locator("#canned-insert").ClickAsync();
        var expected = $"Hola Cliente A: revisamos el ticket {code} del RC 16. Un saludo, {world.L1.Email}.";
        await Expect(page.Locator("#reply-text")).ToHaveValueAsync(expected);

        await page.Locator("#reply-send").ClickAsync();
        await Expect(page.Locator(".message.public .message-body")).ToHaveTextAsync(expected);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnImageUploadedWithAReplyShowsItsProgressAndThenItsPreview()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Foto del corrector {Guid.NewGuid():N}"[..30], world.AnaScope);
        var page = await world.OpenTicketAsync(world.L1, code);
        await page.Locator("#reply-text").FillAsync("Así debe quedar el corrector.");
        await page.Locator("#reply-files").SetInputFilesAsync(new FilePayload { Name = "corrector.png", MimeType = "image/png", Buffer = SampleFiles.Png(640, 480) });

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
        await page.Locator("#reply-send").ClickAsync();
        await Expect(page.Locator("#reply-uploads .upload[data-file='corrector.png'] progress")).ToHaveJSPropertyAsync("value", 100);
        await Expect(page.Locator("#reply-uploads .upload-state")).ToHaveTextAsync("Subido: corrector.png");
        uploadSeen.SetResult();
        await page.UnrouteAllAsync();

        var preview = page.Locator(".message .file-image img");
        await Expect(preview).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(preview).ToHaveAttributeAsync("alt", "corrector.png");
        await Expect(preview).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await preview.EvaluateAsync<int>("img => img.naturalWidth") > 0, "The preview did not load from Blob Storage.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TagsAndCustomFieldsAreSavedOnTheTicket()
    {
        await world.DefineFieldsAsync(
            new JsonObject { ["key"] = "tk_horas_uso", ["label"] = "Horas de uso", ["kind"] = "number", ["options"] = new JsonArray(), ["customerVisible"] = false },
            new JsonObject { ["key"] = "tk_sitio", ["label"] = "Sitio", ["kind"] = "choice", ["options"] = new JsonArray("Cúpula", "Taller"), ["customerVisible"] = false });
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Ruido en la montura {Guid.NewGuid():N}"[..30], world.AnaScope);
        var page = await world.OpenTicketAsync(world.L1, code);

        await page.Locator("#tag-input").FillAsync("Óptica");
        await page.Locator("#tag-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#tag-list .tk-tag[data-tag='óptica']")).ToBeVisibleAsync();
        await Expect(page.Locator("#tag-input")).ToHaveValueAsync(string.Empty);

        await page.Locator("#cf-tk_horas_uso").FillAsync("1250.5");
        await page.Locator("#cf-tk_sitio").SelectOptionAsync("Taller");
        await page.Locator("#fields-save").ClickAsync();
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("Campos guardados.");

        var (ticket, _) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Equal(["óptica"], ticket["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(1250.5m, (decimal)ticket["fields"]!["tk_horas_uso"]!);
        Assert.Equal("Taller", (string?)ticket["fields"]!["tk_sitio"]);

        // Read back after a reload: the form shows what was stored.
        await page.ReloadAsync();
        await Expect(page.Locator("#cf-tk_horas_uso")).ToHaveValueAsync("1250.5");
        await Expect(page.Locator("#cf-tk_sitio")).ToHaveValueAsync("Taller");
        await Expect(page.Locator("#tag-list .tk-tag[data-tag='óptica']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADuplicateIsMergedIntoTheTicketThatStays()
    {
        var survivor = await world.CreateTicketCodeAsync(world.Ana, $"Enfocador atascado {Guid.NewGuid():N}"[..30], world.AnaScope);
        var duplicate = await world.CreateTicketCodeAsync(world.Ana, $"Enfocador atascado otra vez {Guid.NewGuid():N}"[..40], world.AnaScope);
        await world.PostMessageAsync(world.Ana, world.Alpha, duplicate, "Lo abro de nuevo por si acaso.");
        var page = await world.OpenTicketAsync(world.L1, duplicate);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await page.Locator("#merge-into").FillAsync(survivor);
        await page.Locator("#merge-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#merged-into")).ToContainTextAsync(survivor);
        await Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Cancelado");
        await Expect(page.Locator("#reply-closed")).ToBeVisibleAsync();

        var (merged, _) = await world.GetTicketAsync(world.L1, world.Alpha, duplicate);
        Assert.Equal(survivor, (string?)merged["mergedInto"]);
        await page.Locator("#merged-into a").ClickAsync();
        await Expect(page.Locator("#ticket-code")).ToHaveTextAsync(survivor);
        await Expect(page.Locator(".message").Filter(new() { HasText = "Lo abro de nuevo" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheTechnicianWaitsOnTheProviderEscalatesLogsTimeAndCostsAndTheTrailShowsNames()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Cámara sin refrigeración {Guid.NewGuid():N}"[..36], world.AnaScope);
        await world.PatchTicketAsync(world.AlphaAdmin, world.Alpha, code, new { assignees = new[] { world.L1.Id } });
        var page = await world.OpenTicketAsync(world.L1, code);

        await page.Locator("#prop-waiting").SelectOptionAsync("provider");
        await page.Locator("#prop-external-ref").FillAsync("RMA-7781");
        await page.Locator("#prop-billable").CheckAsync();
        await page.Locator("#props-save").ClickAsync();
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("Cambios guardados.");

        await Expect(page.Locator("#support-level")).ToHaveTextAsync("Primera línea");
        await Expect(page.Locator("#escalate")).ToHaveTextAsync("Escalar a segunda línea");
        await page.Locator("#escalate").ClickAsync();
        await Expect(page.Locator("#support-level")).ToHaveTextAsync("Segunda línea");

        await page.GetByText("Registrar tiempo a mano").ClickAsync();
        await page.Locator("#time-minutes").FillAsync("45");
        await page.Locator("#time-note").FillAsync("Prueba remota del Peltier");
        await page.Locator("#time-billable-check").CheckAsync();
        await page.Locator("#time-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#time-entries tbody tr")).ToContainTextAsync("0 h 45 min");
        await Expect(page.Locator("#time-billable")).ToContainTextAsync("0 h 45 min");
        await Expect(page.Locator("#time-nonbillable")).ToHaveTextAsync("0 h 00 min");

        // The entry is corrected in place: an hour, not billable after all.
        await page.Locator("#time-entries tbody tr button", new() { HasTextString = "Editar" }).ClickAsync();
        var editor = page.Locator("#time-entries .tk-edit-row");
        await editor.Locator("input[type=number]").FillAsync("60");
        await editor.Locator("input[type=checkbox]").UncheckAsync();
        await editor.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("Registro actualizado.");
        await Expect(page.Locator("#time-entries tbody tr").First).ToContainTextAsync("1 h 00 min");
        await Expect(page.Locator("#time-nonbillable")).ToHaveTextAsync("1 h 00 min");
        await Expect(page.Locator("#time-billable")).ToContainTextAsync("0 h 00 min");

        await page.GetByText("Añadir producto o gasto").ClickAsync();
        await page.Locator("#cost-description").FillAsync("Ventilador de repuesto");
        await page.Locator("#cost-quantity").FillAsync("2");
        await page.Locator("#cost-price").FillAsync("12.5");
        await page.Locator("#cost-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#cost-lines tbody tr")).ToContainTextAsync("Ventilador de repuesto");
        await Expect(page.Locator("#cost-lines tbody tr")).ToContainTextAsync("25,00");

        // Three fans, not two: the line is corrected in place and its amount follows.
        await page.Locator("#cost-lines tbody tr button", new() { HasTextString = "Editar" }).ClickAsync();
        var costEditor = page.Locator("#cost-lines .tk-edit-row");
        await costEditor.Locator("input[id$='-quantity']").FillAsync("3");
        await costEditor.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("Línea actualizada.");
        await Expect(page.Locator("#cost-lines tbody tr").First).ToContainTextAsync("37,50");

        var (ticket, _) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Equal("provider", (string?)ticket["waitingOn"]);
        Assert.Equal("RMA-7781", (string?)ticket["externalRef"]);
        Assert.True((bool)ticket["billable"]!);
        Assert.Equal(2, (int)ticket["supportLevel"]!);

        // The trail names people, never their ids.
        var trail = page.Locator("#activity");
        await Expect(trail).ToContainTextAsync($"Asignados: — → {world.L1.Email}");
        await Expect(trail).ToContainTextAsync("En espera de: Nadie → En espera del proveedor");
        await Expect(trail).ToContainTextAsync("registró tiempo");
        await Expect(trail).Not.ToContainTextAsync(world.L1.Id);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADeletedTimeEntryIsUndoneAndADeletedCostLineIsRestoredFromTheDeletedListWithTheTotalsFollowing()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Enfocador atascado {Guid.NewGuid():N}"[..30], world.AnaScope);
        await world.PatchTicketAsync(world.AlphaAdmin, world.Alpha, code, new { assignees = new[] { world.L1.Id } });
        using (var logged = await world.L1.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/time"), new { minutes = 30, billable = true, note = "Limpieza del enfocador" }))
        {
            await logged.JsonAsync(HttpStatusCode.Created);
        }

        foreach (var (description, price) in new[] { ("Motor paso a paso", 80m), ("Cable USB", 5m) })
        {
            using var added = await world.L1.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/costs"), new { kind = "product", description, quantity = 1, unitPrice = price, billable = true });
            await added.JsonAsync(HttpStatusCode.Created);
        }

        var page = await world.OpenTicketAsync(world.L1, code);
        await Expect(page.Locator("#time-billable")).ToContainTextAsync("0 h 30 min");
        await Expect(page.Locator("#cost-totals")).ToContainTextAsync("85,00");

        // A time entry is deleted, then undone: the Undo takes the focus and the total comes back.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Eliminar el registro de") }).ClickAsync();
        await Expect(page.Locator("#time-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#time-billable")).ToContainTextAsync("0 h 00 min");
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("Registro eliminado. Puedes deshacerlo con el botón Deshacer.");
        var undo = page.Locator("#time-undo");
        await Expect(undo).ToBeFocusedAsync();
        await Expect(undo).ToHaveTextAsync("Deshacer");
        await undo.ClickAsync();
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("Registro restaurado.");
        await Expect(page.Locator("#time-entries tbody tr")).ToContainTextAsync("Limpieza del enfocador");
        await Expect(page.Locator("#time-billable")).ToContainTextAsync("0 h 30 min");
        await Expect(page.Locator("#time-undo")).ToHaveCountAsync(0);

        // A cost line is deleted, then found under "Ver eliminados" and restored there.
        await page.GetByRole(AriaRole.Button, new() { Name = "Eliminar Motor paso a paso" }).ClickAsync();
        await Expect(page.Locator("#cost-lines tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#cost-totals")).ToContainTextAsync("5,00");
        await Expect(page.Locator("#cost-totals")).Not.ToContainTextAsync("85,00");
        var show = page.Locator("#costs-show-deleted");
        await Expect(show).ToHaveAttributeAsync("aria-pressed", "false");
        await show.ClickAsync();
        await Expect(page.Locator("#costs-show-deleted")).ToHaveAttributeAsync("aria-pressed", "true");
        var deleted = page.Locator("#costs-deleted li");
        await Expect(deleted).ToHaveCountAsync(1);
        await Expect(deleted).ToContainTextAsync("Motor paso a paso");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "workspace-deleted-work");
        await deleted.GetByRole(AriaRole.Button, new() { Name = "Restaurar Motor paso a paso" }).ClickAsync();
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("Línea restaurada.");
        await Expect(page.Locator("#cost-lines tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#cost-lines")).ToContainTextAsync("Motor paso a paso");
        await Expect(page.Locator("#cost-totals")).ToContainTextAsync("85,00");
        await Expect(page.Locator("#costs-deleted")).ToHaveTextAsync("No hay nada eliminado.");

        // The API agrees: nothing is left deleted, and the totals count both again.
        var time = await world.L1.Client.GetJsonAsync(world.Api(world.Alpha, $"/tickets/{code}/time?deleted=true"));
        Assert.All(time["items"]!.AsArray(), e => Assert.False((bool)e!["deleted"]!));
        Assert.Equal(30, (int)time["totals"]!["billableMinutes"]!);
        var costs = await world.L1.Client.GetJsonAsync(world.Api(world.Alpha, $"/tickets/{code}/costs?deleted=true"));
        Assert.Equal(2, costs["items"]!.AsArray().Count);
        Assert.All(costs["items"]!.AsArray(), c => Assert.False((bool)c!["deleted"]!));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OnlyAdminsDeleteAndRestoreWhileAnyTechnicianMarksSpam()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Oferta de gafas {Guid.NewGuid():N}"[..28], world.AnaScope);
        var technician = await world.OpenTicketAsync(world.L1, code);
        await Expect(technician.Locator("#mark-spam")).ToBeVisibleAsync();
        await Expect(technician.Locator("#delete-ticket")).ToHaveCountAsync(0);
        await technician.Context.CloseAsync();

        var admin = await world.OpenTicketAsync(world.AlphaAdmin, code);
        admin.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await admin.Locator("#mark-spam").ClickAsync();
        await Expect(admin.Locator("#flag-spam")).ToHaveTextAsync("Marcado como spam");
        await admin.Locator("#delete-ticket").ClickAsync();
        await Expect(admin.Locator("#flag-deleted")).ToBeVisibleAsync();
        var flags = await world.L1.Client.GetJsonAsync(world.Api(world.Alpha, $"/tickets/{code}/flags"));
        Assert.True((bool)flags["spam"]! && (bool)flags["deleted"]!);

        await admin.Locator("#restore-ticket").ClickAsync();
        await Expect(admin.Locator("#flag-spam")).ToHaveCountAsync(0);
        await Expect(admin.Locator("#flag-deleted")).ToHaveCountAsync(0);
        await Expect(admin.Locator("#mark-spam")).ToBeVisibleAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task AChangeMadeBySomeoneElseMeanwhileIsReloadedAndExplained()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Deriva en AR {Guid.NewGuid():N}"[..24], world.AnaScope);
        var page = await world.OpenTicketAsync(world.L1, code);
        await Expect(page.Locator("#prop-priority")).ToHaveValueAsync("high");

        // Just before the console's PATCH leaves, an admin changes the ticket: the console's ETag is stale.
        var raced = false;
        await page.RouteAsync($"**/tickets/{code}", async route =>
        {
            if (route.Request.Method == "PATCH" && !raced)
            {
                raced = true;
                await world.PatchTicketAsync(world.AlphaAdmin, world.Alpha, code, new { type = "visit" });
            }

            await route.ContinueAsync();
        });
        await page.Locator("#prop-priority").SelectOptionAsync("critical");
        await page.Locator("#props-save").ClickAsync();

        await Expect(page.Locator("#props-form [role=alert]")).ToContainTextAsync("Otra persona ha cambiado esto");
        await Expect(page.Locator("#prop-type")).ToHaveValueAsync("visit");
        await Expect(page.Locator("#prop-priority")).ToHaveValueAsync("high");
        await page.UnrouteAllAsync();

        // Trying again with the reloaded ticket works.
        await page.Locator("#prop-priority").SelectOptionAsync("critical");
        await page.Locator("#props-save").ClickAsync();
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("Cambios guardados.");
        var (ticket, _) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Equal("critical", (string?)ticket["priority"]);
        Assert.Equal("visit", (string?)ticket["type"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MarkupInAMessageShowsAsTextAndNeverRuns()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Mensaje raro {Guid.NewGuid():N}"[..24], world.AnaScope);
        const string hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> fin";
        await world.PostMessageAsync(world.Ana, world.Alpha, code, hostile);
        var page = await world.OpenTicketAsync(world.L1, code);

        var body = page.Locator(".message .message-body");
        await Expect(body).ToHaveTextAsync(hostile);
        await Expect(page.Locator(".message-body img, .message-body script")).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheWorkspaceHasNoSeriousAccessibilityProblems()
    {
        var code = await world.CreateTicketCodeAsync(world.Ana, $"Accesible {Guid.NewGuid():N}"[..20], world.AnaScope);
        await world.PostMessageAsync(world.Ana, world.Alpha, code, "Hola, el buscador no enciende.");
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Nota: revisar la fuente de 12 V.", "internal");
        var page = await world.OpenTicketAsync(world.L1, code);
        await Expect(page.Locator(".message.internal")).ToBeVisibleAsync();
        await Expect(page.Locator("#activity li").First).ToBeVisibleAsync();
        await Expect(page.Locator("#requester-tickets")).ToBeVisibleAsync();

        await Accessibility.AssertNoSeriousViolationsAsync(page, "workspace");

        // In English too, every word of the workspace.
        await page.Locator("#lang-select").SelectOptionAsync("en");
        await Expect(page.Locator("#conversation-heading")).ToHaveTextAsync("Conversation");
        await Expect(page.Locator(".message.internal .tk-label")).ToHaveTextAsync("Internal note");
        await Expect(page.Locator("#tk-props-heading")).ToHaveTextAsync("Ticket management");
        await Expect(page.Locator("#main")).Not.ToContainTextAsync("tk.");

        // Narrow screens: one column, nothing wider than the screen.
        await page.SetViewportSizeAsync(390, 800);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"The workspace is {widths[0]}px wide on a {widths[1]}px screen.");
        await PortalWorld.ScreenshotAsync(page, "console-ticket-phone");
        await page.Context.CloseAsync();
    }
}

/// <summary>Steps the workspace tests share.</summary>
internal static class ConsoleTicketSteps
{
    /// <summary>Signs <paramref name="who"/> in to the console and opens the ticket's workspace.</summary>
    public static async Task<IPage> OpenTicketAsync(this PortalWorld world, Person who, string code)
    {
        var page = await world.ConsoleSignInAsync(who.Email);
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + $"#/tickets/{code}");
        await Expect(page.Locator("#ticket-code")).ToHaveTextAsync(code);
        // The last part the workspace builds: everything is in place once it shows.
        await Expect(page.Locator("#tk-more")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Adds custom field definitions to the observatory's (the set is replaced as a whole, so keep the others).</summary>
    public static async Task DefineFieldsAsync(this PortalWorld world, params JsonObject[] definitions)
    {
        var current = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/fields"));
        var keys = definitions.Select(d => (string)d["key"]!).ToHashSet(StringComparer.Ordinal);
        var fields = new JsonArray();
        foreach (var kept in current["fields"]!.AsArray().Where(f => !keys.Contains((string)f!["key"]!)))
        {
            fields.Add(kept!.DeepClone());
        }

        foreach (var d in definitions)
        {
            fields.Add(d.DeepClone());
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, world.Api(world.Alpha, "/fields")) { Content = Requests.Json(new JsonObject { ["fields"] = fields }) };
        using var response = await world.AlphaAdmin.Client.SendAsync(request);
        await response.JsonAsync(HttpStatusCode.OK);
    }
}
