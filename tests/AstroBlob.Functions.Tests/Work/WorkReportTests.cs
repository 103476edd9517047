using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Work;

/// <summary>
/// Admin reports of time and money over local dates in alpha's zone (Atlantic/Canary, UTC+1 in
/// summer). Each test uses its own month, so the tests of this class never see each other's work.
/// </summary>
public sealed class WorkReportTests(World world) : IClassFixture<World>
{
    private Task<JsonNode> ReportAsync(string query) => world.AlphaAdmin.Client.GetJsonAsync(world.Alpha("/reports/" + query));

    private static JsonNode Row(JsonNode report, string? key) =>
        Assert.Single(report["rows"]!.AsArray(), r => (string?)r!["key"] == key)!;

    [Fact]
    public async Task WorkCountsInTheLocalMonthItStartedInAcrossTheMonthBoundary()
    {
        var repair = await world.TicketAsync(world.Ana, "Reparación del RC 16", world.AnaScope, "repair");
        var visit = await world.TicketAsync(world.Bob, "Visita al Newton", world.BobScope, "visit");
        var question = await world.TicketAsync(world.Alex, "Pregunta sin telescopio", type: "question");

        // 23:30 on the 31st in the Canaries (22:30 UTC): July, although it ends in August.
        await world.LogAsync(world.L1, repair, new { startedAt = "2026-07-31T23:30:00+01:00", minutes = 60, billable = true, hourlyRate = 40 });
        // 00:30 on 1 August there is still 31 July in UTC: August.
        await world.LogAsync(world.L2, visit, new { startedAt = "2026-08-01T00:30:00+01:00", minutes = 30, billable = true, hourlyRate = 40 });
        // 00:15 on 1 July there is still 30 June in UTC: July.
        await world.LogAsync(world.L1, visit, new { startedAt = "2026-07-01T00:15:00+01:00", minutes = 45, billable = false, hourlyRate = 40 });
        await world.LogAsync(world.L2, question, new { startedAt = "2026-07-15T10:00:00+01:00", minutes = 20, billable = true });
        await world.AddCostAsync(world.L2, repair, new { kind = "product", description = "Motor de enfoque", quantity = 1, unitPrice = 100, billable = true, date = "2026-07-31" });
        await world.AddCostAsync(world.L2, visit, new { kind = "expense", description = "Desplazamiento", quantity = 1, unitPrice = 50, billable = true, date = "2026-08-01" });

        var byCustomer = await ReportAsync("work?from=2026-07-01&to=2026-08-01&by=customer");
        Assert.Equal(("2026-07-01", "2026-08-01", "Atlantic/Canary", "customer"), ((string?)byCustomer["from"], (string?)byCustomer["to"], (string?)byCustomer["timeZone"], (string?)byCustomer["by"]));
        var a = Row(byCustomer, world.CustomerA);
        Assert.Equal(("Cliente A", "EUR"), ((string?)a["name"], (string?)a["currency"]));
        Assert.Equal((80L, 0L, 20L), ((long)a["billableMinutes"]!, (long)a["nonBillableMinutes"]!, (long)a["unpricedBillableMinutes"]!));
        Assert.Equal((40.00m, 100.00m, 140.00m), ((decimal)a["timeBillable"]!, (decimal)a["costsBillable"]!, (decimal)a["billableTotal"]!));
        var b = Row(byCustomer, world.CustomerB);
        Assert.Equal((0L, 45L, 30.00m, 0.00m), ((long)b["billableMinutes"]!, (long)b["nonBillableMinutes"]!, (decimal)b["timeNonBillable"]!, (decimal)b["costsBillable"]!));
        var total = Assert.Single(byCustomer["totals"]!.AsArray())!;
        Assert.Equal((80L, 45L, 140.00m, 30.00m), ((long)total["billableMinutes"]!, (long)total["nonBillableMinutes"]!, (decimal)total["billableTotal"]!, (decimal)total["nonBillableTotal"]!));

        var august = await ReportAsync("work?from=2026-08-01&to=2026-09-01&by=customer");
        var bAugust = Assert.Single(august["rows"]!.AsArray())!;
        Assert.Equal((world.CustomerB, 30L, 20.00m, 50.00m), ((string?)bAugust["key"], (long)bAugust["billableMinutes"]!, (decimal)bAugust["timeBillable"]!, (decimal)bAugust["costsBillable"]!));

        var byTechnician = await ReportAsync("work?from=2026-07-01&to=2026-08-01&by=technician");
        Assert.Equal((60L, 45L, "l1@alpha.example"), ((long)Row(byTechnician, world.L1.Id)["billableMinutes"]!, (long)Row(byTechnician, world.L1.Id)["nonBillableMinutes"]!, (string?)Row(byTechnician, world.L1.Id)["name"]));
        Assert.Equal((20L, 100.00m), ((long)Row(byTechnician, world.L2.Id)["unpricedBillableMinutes"]!, (decimal)Row(byTechnician, world.L2.Id)["costsBillable"]!));

        var byTelescope = await ReportAsync("work?from=2026-07-01&to=2026-08-01&by=telescope");
        Assert.Equal(3, byTelescope["rows"]!.AsArray().Count);
        Assert.Equal(("RC 16", 140.00m), ((string?)Row(byTelescope, world.AnaScope)["name"], (decimal)Row(byTelescope, world.AnaScope)["billableTotal"]!));
        Assert.Equal(("Newton 300", 45L), ((string?)Row(byTelescope, world.BobScope)["name"], (long)Row(byTelescope, world.BobScope)["nonBillableMinutes"]!));
        Assert.Equal(20L, (long)Row(byTelescope, null)["billableMinutes"]!);
        Assert.Null((string?)byTelescope["rows"]!.AsArray()[^1]!["key"]);

        var byType = await ReportAsync("work?from=2026-07-01&to=2026-08-01&by=type");
        Assert.Equal(["question", "repair", "visit"], byType["rows"]!.AsArray().Select(r => (string?)r!["key"]));
        Assert.Equal(140.00m, (decimal)Row(byType, "repair")["billableTotal"]!);

        var lines = await ReportAsync("lines?from=2026-07-01&to=2026-08-01");
        Assert.Equal(
            new[] { ("time", "2026-07-01"), ("time", "2026-07-15"), ("product", "2026-07-31"), ("time", "2026-07-31") },
            lines["items"]!.AsArray().Select(l => ((string)l!["kind"]!, (string)l["date"]!)).OrderBy(l => l.Item2, StringComparer.Ordinal).ThenBy(l => l.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheCsvExportIsUtf8WithBomSemicolonsDecimalCommasQuotingAndNoLiveFormulas()
    {
        var title = "=HYPERLINK(\"http://malo.example\";\"Cúpula\")";
        var code = await world.TicketAsync(world.Ana, title, world.AnaScope);
        var note = "Revisión de cúpula; ajuste \"fino\"\nsegunda línea";
        await world.LogAsync(world.L1, code, new { startedAt = "2026-03-10T09:00:00Z", minutes = 90, billable = true, hourlyRate = 45.5, note });
        await world.LogAsync(world.L1, code, new { startedAt = "2026-03-11T09:00:00Z", minutes = 15, billable = false, note = "@SUM(1+1)" });
        await world.AddCostAsync(world.L2, code, new { kind = "expense", description = "-2+3 peaje Güímar", quantity = 2, unitPrice = 3.25, date = "2026-03-12" });

        using var response = await world.AlphaAdmin.Client.GetAsync(world.Url("/reports/lines?from=2026-03-01&to=2026-04-01&format=csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("lines-2026-03-01-2026-04-01.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("Güímar", text, StringComparison.Ordinal);
        Assert.True(bytes.AsSpan().IndexOf("G\u00fc\u00edmar"u8) >= 0, "Accents must be UTF-8 bytes, not Windows-1252 or escapes.");
        Assert.StartsWith("kind;date;started_at;ticket;ticket_title;customer_id;customer;", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);

        // The title has the separator and quotes: quoted, quotes doubled, and disarmed with an apostrophe.
        Assert.Contains(";\"'=HYPERLINK(\"\"http://malo.example\"\";\"\"Cúpula\"\")\";", text, StringComparison.Ordinal);
        Assert.Contains(";\"Revisión de cúpula; ajuste \"\"fino\"\"\nsegunda línea\";90;;45,50;true;EUR;68,25\r\n", text, StringComparison.Ordinal);
        Assert.Contains(";'@SUM(1+1);15;;", text, StringComparison.Ordinal);
        Assert.Contains(";'-2+3 peaje Güímar;;2;3,25;false;EUR;6,50\r\n", text, StringComparison.Ordinal);

        // Read back as a spreadsheet would: every row has every column, and the cells are the values.
        var rows = ParseCsv(text, ';');
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        Assert.Equal(note, rows[1][rows[0].IndexOf("text")]);
        Assert.Equal("'" + title, rows[1][rows[0].IndexOf("ticket_title")]);
        Assert.Equal("Cliente A", rows[1][rows[0].IndexOf("customer")]);
        Assert.Equal("RC 16", rows[1][rows[0].IndexOf("telescope")]);
    }

    [Fact]
    public async Task TheSummaryCsvHasAGroupRowPerCustomerAndATotalAndAnEnglishVariant()
    {
        var code = await world.TicketAsync(world.Bob, "Resumen en CSV", world.BobScope);
        await world.LogAsync(world.L2, code, new { startedAt = "2026-04-07T09:00:00+01:00", minutes = 75, billable = true, hourlyRate = 36 });

        using var spanish = await world.AlphaAdmin.Client.GetAsync(world.Url("/reports/work?from=2026-04-01&to=2026-05-01&by=customer&format=csv"));
        var rows = ParseCsv(Encoding.UTF8.GetString((await spanish.Content.ReadAsByteArrayAsync())[3..]), ';');
        Assert.Equal(
            ["row", "key", "name", "currency", "billable_minutes", "non_billable_minutes", "unpriced_billable_minutes", "time_billable", "time_non_billable", "costs_billable", "costs_non_billable", "billable_total", "non_billable_total"],
            rows[0]);
        Assert.Equal(["group", world.CustomerB, "Cliente B", "EUR", "75", "0", "0", "45,00", "0,00", "0,00", "0,00", "45,00", "0,00"], rows[1]);
        Assert.Equal(["total", "", "", "EUR", "75", "0", "0", "45,00", "0,00", "0,00", "0,00", "45,00", "0,00"], rows[2]);

        using var english = await world.AlphaAdmin.Client.GetAsync(world.Url("/reports/work?from=2026-04-01&to=2026-05-01&by=customer&format=csv&locale=en"));
        var englishText = Encoding.UTF8.GetString((await english.Content.ReadAsByteArrayAsync())[3..]);
        Assert.Contains($"group,{world.CustomerB},Cliente B,EUR,75,0,0,45.00,0.00,0.00,0.00,45.00,0.00\r\n", englishText, StringComparison.Ordinal);
    }

    /// <summary>A strict RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes.</summary>
    private static List<List<string>> ParseCsv(string text, char separator)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                Assert.False(c is '"' or '\r' or '\n', $"Unquoted {(int)c} at {i}.");
                field.Append(c);
            }
        }

        Assert.Empty(row);
        return rows;
    }
}
