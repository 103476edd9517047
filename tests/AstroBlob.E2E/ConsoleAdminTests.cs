using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AstroBlob.E2E.Infrastructure;
using AstroBlob.Functions.Tests.Attachments;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AstroBlob.E2E;

/// <summary>
/// The console's admin pages: reports (charts, tables, CSV) and settings (branding and logo,
/// SLA policy, staff, canned replies, custom fields). Every test restores what other tests
/// rely on (alpha's logo, SLA policy, custom fields) in a finally.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class ConsoleAdminTests(PortalWorld world)
{
    [Fact]
    public async Task AnAdminChangesTheLogoInTheConsoleAndThePortalShowsIt()
    {
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        try
        {
            await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/branding");
            await page.Locator("#logo-file").SetInputFilesAsync(new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = SampleFiles.Png(96, 48) });
            await page.Locator("#logo-form button[type=submit]").ClickAsync();

            var newLogo = new Regex($"/api/o/{world.Alpha}/branding/logo\\?v=[0-9a-f]{{16}}$");
            await Expect(page.Locator("#logo-preview")).ToHaveAttributeAsync("src", newLogo);
            // The console's own header takes the new logo at once.
            await Expect(page.Locator("#brand-logo")).ToHaveAttributeAsync("src", newLogo);
            await Expect(page.Locator("#logo-form .save-status")).ToHaveTextAsync("Logotipo actualizado.");

            var portal = await world.NewPageAsync();
            await portal.GotoAsync(world.PortalUrl(world.Alpha));
            await Expect(portal.Locator("#brand-logo")).ToHaveAttributeAsync("src", newLogo);
            await portal.WaitForFunctionAsync("() => { const i = document.getElementById('brand-logo'); return i.complete && i.naturalWidth === 96; }");
            await portal.Context.CloseAsync();
        }
        finally
        {
            using var restore = await world.AlphaAdmin.Client.PatchAsync(world.Api(world.Alpha, "/settings"), new { logoUrl = world.LogoUrl }, ifMatch: null);
            await restore.JsonAsync(HttpStatusCode.OK);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task BrandingChangesShowInTheHeaderAtOnceAndABadTimeZoneIsRefusedBesideTheForm()
    {
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        try
        {
            await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/branding");
            await Expect(page.Locator("#set-name")).ToHaveValueAsync(world.AlphaName);
            await page.Locator("#set-name").FillAsync("Observatorio del Roque <i>Nuevo</i>");
            await page.Locator("#set-primary").FillAsync("#0b6e4f");
            await page.Locator("#branding-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#branding-form .save-status")).ToHaveTextAsync("Cambios guardados.");
            await Expect(page.Locator("#brand-name")).ToHaveTextAsync("Observatorio del Roque <i>Nuevo</i>");
            Assert.Equal("#0b6e4f", await page.EvaluateAsync<string>("() => document.documentElement.style.getPropertyValue('--primary')"));

            await page.Locator("#set-timezone").FillAsync("Marte/Olympus");
            await page.Locator("#branding-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#branding-form .form-error")).ToHaveTextAsync("Escribe una zona horaria válida, como Atlantic/Canary.");
            await Expect(page.Locator("#set-timezone")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#branding-form")).ToHaveAttributeAsync("aria-describedby", new Regex("form-error-"));
            var settings = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/settings"));
            Assert.Equal("Atlantic/Canary", (string?)settings["timeZone"]);
        }
        finally
        {
            using var restore = await world.AlphaAdmin.Client.PatchAsync(
                world.Api(world.Alpha, "/settings"), new { name = world.AlphaName, primaryColor = PortalWorld.PrimaryColor, accentColor = PortalWorld.AccentColor }, ifMatch: null);
            await restore.JsonAsync(HttpStatusCode.OK);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AReportShowsTheLoggedTimeAndDownloadsItAsCsv()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var customerName = $"Óptica Núñez {suffix}";
        var code = await TicketOfNewCustomerAsync(customerName, $"Revisión del enfoque {suffix}");
        await world.PatchTicketAsync(world.AlphaAdmin, world.Alpha, code, new { assignees = new[] { world.L1.Id } });
        using (var logged = await world.L1.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/time"), new { minutes = 90, billable = true, hourlyRate = 40m, note = "Colimación" }))
        {
            await logged.JsonAsync(HttpStatusCode.Created);
        }

        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/reports");
        var row = page.Locator("#report-work table.work-table tbody tr", new PageLocatorOptions { HasText = customerName });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("1,5 h");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync(new Regex("^60,00\\s€$"));
        // The chart draws a bar for the customer, labelled with its name and hours.
        var chart = page.Locator("#report-work svg.chart[role=img]");
        await Expect(chart.Locator("text.chart-label", new LocatorLocatorOptions { HasText = customerName })).ToHaveCountAsync(1);
        await Expect(chart.Locator("title").First).ToHaveTextAsync(new Regex("Horas registradas por Cliente"));
        await Expect(page.Locator("#report-weekly svg.chart")).ToBeVisibleAsync();
        await Expect(page.Locator("#report-compliance svg.chart")).ToBeVisibleAsync();
        // L1 has the ticket assigned: the workload table counts it.
        await Expect(page.Locator("#report-load table.load-table tbody tr", new PageLocatorOptions { HasText = world.L1.Email })).ToHaveCountAsync(1);

        // CSV: fetched with the session's token, saved as a file, UTF-8 with a BOM and the accents intact.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#report-work button[data-report='work-customer']").ClickAsync());
        Assert.Matches("^work-customer-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv$", download.SuggestedFilename);
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.True(bytes.Length > 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "The CSV starts with a UTF-8 BOM.");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("row;key;name;currency;billable_minutes", text, StringComparison.Ordinal);
        var line = text.Split("\r\n").Single(l => l.Contains(customerName, StringComparison.Ordinal));
        Assert.Contains(";90;", line, StringComparison.Ordinal);
        Assert.Contains(";60", line, StringComparison.Ordinal);
        await Expect(page.Locator("#report-work .csv-status").First).ToContainTextAsync("work-customer-");

        // The detail behind the sums: each entry with its ticket, customer and note.
        var detail = await page.RunAndWaitForDownloadAsync(() => page.Locator("#report-work button[data-report='lines']").ClickAsync());
        var detailText = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await detail.PathAsync())!));
        var entry = detailText.Split("\r\n").Single(l => l.Contains(code, StringComparison.Ordinal));
        Assert.Contains(customerName, entry, StringComparison.Ordinal);
        Assert.Contains("Colimación", entry, StringComparison.Ordinal);

        // Another cut reloads that section only; the picker keeps the focus and the address remembers it.
        await page.Locator("#report-work-by").SelectOptionAsync("technician");
        await Expect(page.Locator("#report-work table.work-table tbody tr", new PageLocatorOptions { HasText = world.L1.Email })).ToHaveCountAsync(1);
        await Expect(page.Locator("#report-work-by")).ToBeFocusedAsync();
        await Expect(page).ToHaveURLAsync(new Regex("work=technician"));
        await page.Locator("#report-sla-by").SelectOptionAsync("type");
        await Expect(page.Locator("#report-sla table.sla-table tbody")).ToContainTextAsync("Reparación");
        await Expect(page).ToHaveURLAsync(new Regex("work=technician&sla=type"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheReportPeriodIsPickedInLocalDatesAndABackwardsRangeIsRefused()
    {
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/reports");
        await page.Locator("#report-from").FillAsync("2026-11-02");
        await page.Locator("#report-to").FillAsync("2026-11-15");
        await page.Locator("#report-range button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/reports\\?from=2026-11-02&to=2026-11-15"));
        // Two whole weeks, Monday to Sunday: two rows, the second starting on the 9th.
        await Expect(page.Locator("#report-weekly table.weekly-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#report-weekly table.weekly-table tbody tr").Nth(1).Locator("th")).ToHaveTextAsync("9 de noviembre de 2026");
        await Expect(page.Locator("#report-period")).ToContainTextAsync("Atlantic/Canary");

        await page.Locator("#report-from").FillAsync("2026-11-20");
        await page.Locator("#report-to").FillAsync("2026-11-10");
        await page.Locator("#report-range button[type=submit]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("La fecha final debe ser igual o posterior a la inicial.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheSlaPolicyIsEditedInAFormAndReadBack()
    {
        var original = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/settings/sla"));
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        try
        {
            await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/sla");
            await page.Locator("#sla-first-high").FillAsync("3.5");
            await page.Locator("#sla-resolution-low").FillAsync("100");
            await page.Locator("#sla-warn-lead").CheckAsync();
            await page.Locator("#sla-warn-lead-value").FillAsync("2");
            await page.GetByRole(AriaRole.Button, new() { Name = "Añadir festivo" }).ClickAsync();
            await page.Locator("#sla-holidays .sla-holiday").Last.FillAsync("2026-12-25");
            await page.GetByRole(AriaRole.Button, new() { Name = "Añadir franja horaria" }).ClickAsync();
            await page.Locator("#sla-hours select.sla-day").Last.SelectOptionAsync("saturday");
            await page.Locator("#sla-hours input.sla-start").Last.FillAsync("10:00");
            await page.Locator("#sla-hours input.sla-end").Last.FillAsync("14:00");
            await page.Locator("#sla-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#sla-form .save-status")).ToContainTextAsync("Cambios guardados.");

            var saved = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/settings/sla"));
            Assert.Equal("03:30:00", (string?)saved["targets"]!.AsArray().Single(x => (string?)x!["priority"] == "high")!["firstResponse"]);
            Assert.Equal("4.04:00:00", (string?)saved["targets"]!.AsArray().Single(x => (string?)x!["priority"] == "low")!["resolution"]);
            Assert.Equal("02:00:00", (string?)saved["warning"]!["leadTime"]);
            Assert.Null(saved["warning"]!["percent"]);
            Assert.Contains("2026-12-25", saved["calendar"]!["holidays"]!.AsArray().Select(x => (string?)x));
            Assert.Contains(saved["calendar"]!["hours"]!.AsArray(), x => (string?)x!["day"] == "saturday" && (string?)x["start"] == "10:00:00" && (string?)x["end"] == "14:00:00");

            // Read back into the form after a reload.
            await page.ReloadAsync();
            await Expect(page.Locator("#sla-first-high")).ToHaveValueAsync("3.5");
            await Expect(page.Locator("#sla-warn-lead")).ToBeCheckedAsync();
            await Expect(page.Locator("#sla-warn-percent-value")).ToBeDisabledAsync();
            await Expect(page.Locator("#sla-holidays .sla-holiday")).ToHaveValueAsync("2026-12-25");

            // A target of zero is caught in the form, in words, on the field.
            await page.Locator("#sla-resolution-critical").FillAsync("0");
            await page.Locator("#sla-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#sla-form .form-error")).ToHaveTextAsync("Resolución de la prioridad Crítica debe ser mayor que cero.");
            await Expect(page.Locator("#sla-resolution-critical")).ToBeFocusedAsync();

            // The API's refusal shows beside the form too: a warning point past 99 %.
            await page.Locator("#sla-resolution-critical").FillAsync("8");
            await page.Locator("#sla-warn-percent").CheckAsync();
            await page.Locator("#sla-warn-percent-value").FillAsync("150");
            await page.Locator("#sla-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#sla-form .form-error")).ToContainTextAsync("que el aviso esté entre el 1 y el 99 %");
        }
        finally
        {
            using var restore = await world.AlphaAdmin.Client.PutAsync(world.Api(world.Alpha, "/settings/sla"), Requests.RawJson(original.ToJsonString()));
            await restore.JsonAsync(HttpStatusCode.OK);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AnAdminCreatesAStaffMemberAndDeactivatesThem()
    {
        var email = $"tecnica-{Guid.NewGuid().ToString("N")[..6]}@alpha.example";
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/staff");
        await page.Locator("#staff-name").FillAsync("Begoña Íñiguez");
        await page.Locator("#staff-email").FillAsync(email);
        await page.Locator("#staff-role").SelectOptionAsync("technician");
        await page.Locator("#staff-level").SelectOptionAsync("2");
        await page.Locator("#staff-password").FillAsync(PortalWorld.Password);
        await page.Locator("#staff-form button[type=submit]").ClickAsync();

        var row = page.Locator($"#staff-table tr[data-email='{email}']");
        await Expect(row).ToContainTextAsync("Begoña Íñiguez");
        await Expect(row).ToContainTextAsync("Segunda línea");
        await Expect(row).ToContainTextAsync("Activo");

        var created = (await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/staff"))).AsArray().Single(p => (string?)p!["email"] == email)!;
        Assert.Equal("technician", (string?)created["role"]);
        Assert.Equal(2, (int?)created["level"]);
        // The new technician can sign in with the password given.
        (await world.LoginAsync(world.Alpha, email)).Client.Dispose();

        await row.GetByRole(AriaRole.Button, new() { Name = "Desactivar: Begoña Íñiguez" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Desactivado");
        var after = (await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/staff"))).AsArray().Single(p => (string?)p!["email"] == email)!;
        Assert.False((bool)after["active"]!);

        // A duplicate e-mail is refused next to the form.
        await page.Locator("#staff-name").FillAsync("Otra persona");
        await page.Locator("#staff-email").FillAsync(email);
        await page.Locator("#staff-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#staff-form .form-error")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AValueTheApiRefusesIsExplainedBesideItsFieldInTheAdminsLanguage()
    {
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/staff");
        await page.Locator("#staff-name").FillAsync("Persona de prueba");
        await page.Locator("#staff-email").FillAsync("no-es-un-correo");
        await page.Locator("#staff-form button[type=submit]").ClickAsync();

        // The API answers 400 invalid_email with errors.email = ["'email' is not a valid e-mail address."].
        var email = page.Locator("#staff-email");
        var message = page.Locator("#staff-email-error");
        await Expect(message).ToHaveTextAsync("Escribe una dirección de correo válida, como nombre@ejemplo.org.");
        await Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(email).ToHaveAttributeAsync("aria-describedby", new Regex(@"(^| )staff-email-error( |$)"));
        await Expect(email).ToBeFocusedAsync();
        await Expect(page.Locator("#staff-form .form-error")).ToHaveTextAsync("Escribe una dirección de correo válida, como nombre@ejemplo.org.");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("e-mail address");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("No se ha guardado:");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "settings-staff-refused");

        // Changing the field takes the message away.
        await email.FillAsync("tampoco");
        await Expect(message).ToHaveCountAsync(0);
        await Expect(email).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(email).Not.ToHaveAttributeAsync("aria-describedby", new Regex("staff-email-error"));

        // In English, the same refusal in English words.
        await page.Locator("#lang-select").SelectOptionAsync("en");
        await Expect(page.Locator("#staff-form button[type=submit]")).ToHaveTextAsync("Create");
        await page.Locator("#staff-name").FillAsync("Test person");
        await page.Locator("#staff-email").FillAsync("not-an-email");
        await page.Locator("#staff-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#staff-email-error")).ToHaveTextAsync("Enter a valid e-mail address, such as name@example.org.");
        await Expect(page.Locator("#staff-email")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("is not a valid e-mail address");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdminWritesEditsAndDeletesACannedReply()
    {
        var title = $"Saludo inicial {Guid.NewGuid().ToString("N")[..6]}";
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/canned");
        await page.Locator("#canned-title").FillAsync(title);
        await page.Locator("#canned-body").FillAsync("Hola {{cliente}}, revisamos el {{telescopio}} hoy.");
        await page.Locator("#canned-form button[type=submit]").ClickAsync();
        var row = page.Locator("#canned-table tbody tr", new PageLocatorOptions { HasText = title });
        await Expect(row).ToContainTextAsync("{{customer}} {{telescope}}");

        var list = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/canned"));
        var id = (string)list["items"]!.AsArray().Single(x => (string?)x!["title"] == title)!["id"]!;

        await row.GetByRole(AriaRole.Link, new() { Name = $"Editar: {title}" }).ClickAsync();
        await Expect(page.Locator("#canned-form-heading")).ToHaveTextAsync($"Editar: {title}");

        // Someone else saves the reply meanwhile: the save is refused, theirs is shown, and the person is told.
        using (var other = await world.AlphaAdmin.Client.PutAsync(world.Api(world.Alpha, $"/canned/{id}"), Requests.Json(new { title, body = "Cambio de otra persona" })))
        {
            await other.JsonAsync(HttpStatusCode.OK);
        }

        await page.Locator("#canned-body").FillAsync("Mi cambio");
        await page.Locator("#canned-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#canned-form .form-error")).ToContainTextAsync("Otra persona ha cambiado esto mientras lo editabas.");
        await Expect(page.Locator("#canned-body")).ToHaveValueAsync("Cambio de otra persona");

        await page.Locator("#canned-body").FillAsync("Hola {{cliente}}, su ticket {{código}} está en marcha.");
        await page.Locator("#canned-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#canned-form .save-status")).ToHaveTextAsync("Cambios guardados.");
        var edited = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, $"/canned/{id}"));
        Assert.Equal("Hola {{cliente}}, su ticket {{código}} está en marcha.", (string?)edited["body"]);

        // An unknown placeholder is refused next to the form.
        await page.Locator("#canned-body").FillAsync("Hola {{desconocido}}");
        await page.Locator("#canned-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#canned-form .form-error")).ToBeVisibleAsync();

        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/canned");
        await page.Locator("#canned-table tbody tr", new PageLocatorOptions { HasText = title })
            .GetByRole(AriaRole.Button, new() { Name = $"Eliminar: {title}" }).ClickAsync();
        await Expect(page.Locator("#canned-table tbody tr", new PageLocatorOptions { HasText = title })).ToHaveCountAsync(0);
        await Expect(page.Locator("#canned-deleted")).ToContainTextAsync(title);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdminDefinesACustomFieldWithChoices()
    {
        var original = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/fields"));
        var key = $"montura_{Guid.NewGuid().ToString("N")[..6]}";
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        try
        {
            await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/fields");
            await page.GetByRole(AriaRole.Button, new() { Name = "Añadir campo" }).ClickAsync();
            var last = page.Locator("#fields-table tr.field-row").Last;
            await last.Locator(".fld-key").FillAsync(key);
            await last.Locator(".fld-label").FillAsync("Tipo de montura");
            await last.Locator(".fld-label-en").FillAsync("Mount type");
            await last.Locator(".fld-kind").SelectOptionAsync("choice");
            await last.Locator(".fld-options").FillAsync("Ecuatorial alemana\nHorquilla\nAltacimutal");
            await last.Locator(".fld-visible").CheckAsync();
            await page.Locator("#fields-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#fields-form .save-status")).ToContainTextAsync("Cambios guardados.");

            var fields = (await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/fields")))["fields"]!.AsArray();
            var field = fields.Single(f => (string?)f!["key"] == key)!;
            Assert.Equal("choice", (string?)field["kind"]);
            Assert.Equal("Mount type", (string?)field["labelEn"]);
            Assert.True((bool)field["customerVisible"]!);
            Assert.Equal(["Ecuatorial alemana", "Horquilla", "Altacimutal"], field["options"]!.AsArray().Select(o => (string)o!));

            // A bad key is refused next to the form.
            await page.GetByRole(AriaRole.Button, new() { Name = "Añadir campo" }).ClickAsync();
            await page.Locator("#fields-table tr.field-row").Last.Locator(".fld-key").FillAsync("Clave Mala");
            await page.Locator("#fields-table tr.field-row").Last.Locator(".fld-label").FillAsync("Mala");
            await page.Locator("#fields-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#fields-form .form-error")).ToHaveTextAsync("La clave debe empezar por una letra y tener solo minúsculas, cifras y «_».");
            await Expect(page.Locator("#fields-table tr.field-row").Last.Locator(".fld-key")).ToHaveAttributeAsync("aria-invalid", "true");
        }
        finally
        {
            using var restore = await world.AlphaAdmin.Client.PutAsync(world.Api(world.Alpha, "/fields"), Requests.RawJson(original.ToJsonString()));
            await restore.JsonAsync(HttpStatusCode.OK);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task EmbedOriginsMailSecretAttachmentLimitsAndRatesAreSaved()
    {
        var settings = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/settings"));
        var limits = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/settings/attachments"));
        var work = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/settings/work"));
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        try
        {
            await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/embed");
            var origins = page.Locator("#embed-origins");
            await Expect(origins).ToHaveValueAsync(new Regex("^http"));
            await origins.FillAsync(await origins.InputValueAsync() + "\nhttps://www.nuevo-observatorio.example");
            await page.Locator("#embed-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#embed-form .save-status")).ToHaveTextAsync("Cambios guardados.");
            var saved = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/settings"));
            Assert.Contains("https://www.nuevo-observatorio.example", saved["embedOrigins"]!.AsArray().Select(o => (string?)o));
            await Expect(page.Locator("#embed-script")).ToHaveValueAsync(new Regex($"portal/{world.Alpha}/embed\\.js"));

            // A bad origin is refused beside the form.
            await origins.FillAsync("not an origin");
            await page.Locator("#embed-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#embed-form .form-error")).ToContainTextAsync("Cada origen debe ser un esquema y un dominio");
            await Expect(page.Locator("#embed-origins")).ToHaveAttributeAsync("aria-invalid", "true");

            // The inbound secret is shown once, in the answer that creates it.
            await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/email");
            await page.Locator("#secret-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#inbound-secret-value")).ToHaveValueAsync(new Regex("^[A-Za-z0-9_-]{40,}$"));
            await Expect(page.Locator("#inbound-secret")).ToContainTextAsync("X-Inbound-Secret");
            await page.ReloadAsync();
            await Expect(page.Locator("#secret-form")).ToContainTextAsync("Hay un secreto configurado.");
            await Expect(page.Locator("#inbound-secret-value")).ToHaveCountAsync(0);

            await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/attachments");
            await page.Locator("#att-image").FillAsync("30");
            await page.Locator("#attachments-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#attachments-form .save-status")).ToHaveTextAsync("Cambios guardados.");
            var newLimits = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/settings/attachments"));
            Assert.Equal(30L * 1024 * 1024, (long)newLimits["imageMaxBytes"]!);

            await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/work");
            await page.Locator("#work-rate").FillAsync("45.5");
            await page.Locator("#work-form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#work-form .save-status")).ToContainTextAsync("Cambios guardados.");
            var newWork = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/settings/work"));
            Assert.Equal(45.5m, (decimal)newWork["defaultHourlyRate"]!);
        }
        finally
        {
            using (var restore = await world.AlphaAdmin.Client.PatchAsync(world.Api(world.Alpha, "/settings"), new { embedOrigins = settings["embedOrigins"] }, ifMatch: null))
            {
                await restore.JsonAsync(HttpStatusCode.OK);
            }

            using (var restore = await world.AlphaAdmin.Client.PutAsync(world.Api(world.Alpha, "/settings/attachments"), Requests.RawJson(limits.ToJsonString())))
            {
                await restore.JsonAsync(HttpStatusCode.OK);
            }

            using (var restore = await world.AlphaAdmin.Client.PutAsync(world.Api(world.Alpha, "/settings/work"), Requests.RawJson(work.ToJsonString())))
            {
                await restore.JsonAsync(HttpStatusCode.OK);
            }

            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AnAdminAddsACustomerWithAContactAndATelescope()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var name = $"Astrofotografía Ñandú {suffix}";
        var contactEmail = $"lucia-{suffix}@nandu.example";
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/customers");
        await page.Locator("#customer-name").FillAsync(name);
        await page.Locator("#customer-taxid").FillAsync("B12345678");
        await page.Locator("#customer-form button[type=submit]").ClickAsync();
        await page.Locator("#customer-table").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await page.Locator("#contact-name").FillAsync("Lucía Peña");
        await page.Locator("#contact-email").FillAsync(contactEmail);
        await page.Locator("#contact-password").FillAsync(PortalWorld.Password);
        await page.Locator("#contact-wide").CheckAsync();
        await page.Locator("#contact-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#contact-list")).ToContainTextAsync(contactEmail);
        await Expect(page.Locator("#contact-list").GetByRole(AriaRole.Checkbox, new() { Name = "Ve todos los tickets de su empresa: Lucía Peña" })).ToBeCheckedAsync();
        // The contact can sign in to the portal.
        (await world.LoginAsync(world.Alpha, contactEmail)).Client.Dispose();

        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/telescopes");
        await page.Locator("#telescope-name").FillAsync($"Planewave CDK 17 {suffix}");
        await page.Locator("#telescope-customer").SelectOptionAsync(new SelectOptionValue { Label = name });
        await page.Locator("#telescope-model").FillAsync("CDK17");
        await page.Locator("#telescope-form button[type=submit]").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = $"Planewave CDK 17 {suffix}" }).ClickAsync();
        await Expect(page.Locator("#telescope-edit-model")).ToHaveValueAsync("CDK17");
        await page.Locator("#telescope-edit-status").SelectOptionAsync("maintenance");
        await page.Locator("#telescope-edit-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#telescope-edit-form .save-status")).ToHaveTextAsync("Cambios guardados.");

        var customers = (await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/customers"))).AsArray();
        var customerId = (string)customers.Single(c => (string?)c!["name"] == name)!["id"]!;
        var detail = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, $"/customers/{customerId}"));
        Assert.Equal("B12345678", (string?)detail["customer"]!["taxId"]);
        var telescope = detail["telescopes"]!.AsArray().Single()!;
        Assert.Equal("maintenance", (string?)telescope["status"]);
        Assert.Equal("CDK17", (string?)telescope["model"]);
        Assert.True((bool)detail["contacts"]!.AsArray().Single()!["companyWide"]!);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ATechnicianCannotOpenTheAdminPages()
    {
        var page = await world.ConsoleSignInAsync(world.L1.Email);
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/reports");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Solo los administradores pueden ver esta página.");
        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/settings/staff");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Solo los administradores pueden ver esta página.");
        await Expect(page.Locator("#staff-form")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReportsAndSettingsPassAxe()
    {
        var page = await world.ConsoleSignInAsync(world.AlphaAdmin.Email);
        var problems = new List<string>();

        await page.GotoAsync(world.ConsoleUrl(world.Alpha) + "#/reports");
        await Expect(page.Locator("#report-weekly svg.chart")).ToBeVisibleAsync();
        await Expect(page.Locator("#report-load h2")).ToBeVisibleAsync();
        await Expect(page.Locator("#report-sla h2")).ToBeVisibleAsync();
        await Expect(page.Locator("#report-work h2")).ToBeVisibleAsync();
        problems.AddRange(await Accessibility.SeriousViolationsAsync(page, "reports"));
        await PortalWorld.ScreenshotAsync(page, "console-reports");

        foreach (var (section, ready) in new[]
        {
            ("branding", "#branding-form"), ("embed", "#embed-form"), ("sla", "#sla-form"), ("staff", "#staff-form"), ("customers", "#customer-form"),
            ("telescopes", "#telescope-form"), ("attachments", "#attachments-form"), ("email", "#email-form"), ("canned", "#canned-form"),
            ("fields", "#fields-form"), ("work", "#work-form"),
        })
        {
            await page.GotoAsync(world.ConsoleUrl(world.Alpha) + $"#/settings/{section}");
            await Expect(page.Locator(ready)).ToBeVisibleAsync();
            problems.AddRange(await Accessibility.SeriousViolationsAsync(page, $"settings/{section}"));
            if (section == "sla")
            {
                await PortalWorld.ScreenshotAsync(page, "console-settings");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        await page.Context.CloseAsync();
    }

    /// <summary>A customer of its own (so sums are not shared with other tests), a contact, and a ticket of theirs.</summary>
    private async Task<string> TicketOfNewCustomerAsync(string customerName, string title)
    {
        using var created = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, "/customers"), new { name = customerName });
        var customerId = (string)(await created.JsonAsync(HttpStatusCode.Created))["id"]!;
        var email = $"contacto-{Guid.NewGuid().ToString("N")[..8]}@cliente.example";
        using (var contact = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, $"/customers/{customerId}/contacts"), new { name = "Contacto", email, password = PortalWorld.Password }))
        {
            await contact.JsonAsync(HttpStatusCode.Created);
        }

        var person = await world.LoginAsync(world.Alpha, email);
        var ticket = await world.CreateTicketAsync(person, world.Alpha, new { title, type = "repair", priority = "medium" });
        person.Client.Dispose();
        return (string)ticket["code"]!;
    }
}
