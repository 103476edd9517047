using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Desk;

/// <summary>Custom ticket fields per observatory: defined by admins, set by staff, seen by customers only where marked.</summary>
public sealed class CustomFieldTests(DeskWorld world) : IClassFixture<DeskWorld>
{
    private static readonly object[] Definitions =
    [
        new { key = "serial", label = "Número de serie", labelEn = "Serial number", kind = "text", customerVisible = true },
        new { key = "dome_hours", label = "Horas de cúpula", kind = "number" },
        new { key = "visit_date", label = "Fecha de visita", kind = "date", customerVisible = true },
        new { key = "mount", label = "Montura", kind = "choice", options = new[] { "Ecuatorial", "Altazimutal" } },
    ];

    private async Task DefineAsync(params object[] fields) =>
        await world.SendAsync(world.AlphaAdmin, HttpMethod.Put, "/fields", new { fields }, HttpStatusCode.OK);

    private async Task<(JsonNode Ticket, string ETag)> PatchAsync(string code, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (_, etag) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        using var response = await world.L1.Client.PatchAsync(world.Url($"/tickets/{code}"), body, etag);
        return (await response.JsonAsync(expected), etag);
    }

    [Fact]
    public async Task AdminsDefineFieldsStaffSeeAllCustomersOnlyTheVisibleOnes()
    {
        await DefineAsync(Definitions);
        var staff = await world.L1.Client.GetJsonAsync(world.Url("/fields"));
        Assert.Equal(["serial", "dome_hours", "visit_date", "mount"], staff["fields"]!.AsArray().Select(f => (string)f!["key"]!));
        Assert.Equal(["Ecuatorial", "Altazimutal"], staff["fields"]![3]!["options"]!.AsArray().Select(o => (string)o!));
        var customer = await world.Ana.Client.GetJsonAsync(world.Url("/fields"));
        Assert.Equal(["serial", "visit_date"], customer["fields"]!.AsArray().Select(f => (string)f!["key"]!));

        await world.ProblemAsync(world.L1, HttpMethod.Put, "/fields", new { fields = Array.Empty<object>() }, HttpStatusCode.Forbidden, "admin_only");
        await world.ProblemAsync(world.Ana, HttpMethod.Put, "/fields", new { fields = Array.Empty<object>() }, HttpStatusCode.Forbidden, "admin_only");
        var beta = await world.BetaAdmin.Client.GetJsonAsync(world.Api(world.Beta, "/fields"));
        Assert.Empty(beta["fields"]!.AsArray());
    }

    [Fact]
    public async Task StaffSetValuesThatComeBackTypedAndTheCustomerSeesOnlyTheVisibleOnesAndTheirChanges()
    {
        await DefineAsync(Definitions);
        var code = await world.AnaTicketAsync("Revisión de montura");
        var (ticket, _) = await PatchAsync(code, new { fields = new Dictionary<string, object?> { ["serial"] = " SN-0042 ", ["dome_hours"] = 12.50m, ["visit_date"] = "2026-03-31", ["mount"] = "altazimutal" } });
        var fields = ticket["fields"]!;
        Assert.Equal(("SN-0042", 12.5m, "2026-03-31", "Altazimutal"), ((string?)fields["serial"], (decimal)fields["dome_hours"]!, (string?)fields["visit_date"], (string?)fields["mount"]));

        var (anaView, _) = await world.GetTicketAsync(world.Ana, world.Alpha, code);
        Assert.Equal(["serial", "visit_date"], anaView["fields"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        var anaTrail = await world.ActivityAsync(world.Ana, code);
        var anaFields = anaTrail.SelectMany(e => e!["changes"]!.AsArray()).Select(c => (string)c!["field"]!).Where(f => f.StartsWith("fields.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(["fields.serial", "fields.visit_date"], anaFields);
        var staffChanges = (await world.ActivityAsync(world.L1, code)).SelectMany(e => e!["changes"]!.AsArray()).ToList();
        Assert.Contains(staffChanges, c => (string?)c!["field"] == "fields.dome_hours" && (string?)c["to"] == "12.5" && (bool)c["internal"]!);

        // null or an empty text clears a value.
        (ticket, _) = await PatchAsync(code, new { fields = new Dictionary<string, object?> { ["dome_hours"] = null, ["serial"] = "" } });
        Assert.Equal(["mount", "visit_date"], ticket["fields"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"fields":{"dome_hours":"doce"}}""", "invalid_field_value", "fields.dome_hours")]
    [InlineData("""{"fields":{"dome_hours":true}}""", "invalid_field_value", "fields.dome_hours")]
    [InlineData("""{"fields":{"visit_date":"31/03/2026"}}""", "invalid_field_value", "fields.visit_date")]
    [InlineData("""{"fields":{"mount":"Dobson"}}""", "invalid_field_value", "fields.mount")]
    [InlineData("""{"fields":{"nope":"x"}}""", "unknown_field", "fields.nope")]
    [InlineData("""{"fields":{"serial":{"a":1}}}""", "invalid_field_value", "fields.serial")]
    [InlineData("""{"title":"Nuevo título","fields":{"mount":"Dobson"}}""", "invalid_field_value", "fields.mount")]
    public async Task ABadValueIsA400NamingTheFieldAndChangesNothing(string json, string problem, string field)
    {
        await DefineAsync(Definitions);
        var code = await world.AnaTicketAsync();
        var (before, etag) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        using var response = await world.L1.Client.PatchAsync(world.Url($"/tickets/{code}"), Requests.RawJson(json), etag);
        var body = await response.ProblemAsync(HttpStatusCode.BadRequest, problem);
        Assert.NotNull(body["errors"]![field]);
        var (after, etagAfter) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Equal((etag, (string?)before["title"]), (etagAfter, (string?)after["title"]));
    }

    [Fact]
    public async Task CustomersCannotSetFieldsEvenVisibleOnesOnTheirOwnTicket()
    {
        await DefineAsync(Definitions);
        var code = await world.AnaTicketAsync();
        var (_, etag) = await world.GetTicketAsync(world.Ana, world.Alpha, code);
        using var response = await world.Ana.Client.PatchAsync(world.Url($"/tickets/{code}"), new { fields = new { serial = "X" } }, etag);
        await response.ProblemAsync(HttpStatusCode.Forbidden, "staff_only");
    }

    [Fact]
    public async Task AKeyKeepsItsKindAndARemovedFieldsValueReturnsWithIt()
    {
        await DefineAsync(Definitions);
        var code = await world.AnaTicketAsync();
        await PatchAsync(code, new { fields = new { mount = "Ecuatorial" } });

        var changed = await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Put, "/fields",
            new { fields = new[] { new { key = "mount", label = "Montura", kind = "text" } } }, HttpStatusCode.Conflict, "field_kind_changed");
        Assert.Contains("mount", (string?)changed["detail"], StringComparison.Ordinal);
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Put, "/fields",
            new { fields = new[] { new { key = "Bad Key", label = "x", kind = "text" } } }, HttpStatusCode.BadRequest, "invalid_field_key");
        Assert.Equal(4, (await world.L1.Client.GetJsonAsync(world.Url("/fields")))["fields"]!.AsArray().Count);

        await DefineAsync(Definitions[0]);
        var (hidden, _) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.False(hidden["fields"]!.AsObject().ContainsKey("mount"));
        await DefineAsync(Definitions);
        var (back, _) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Equal("Ecuatorial", (string?)back["fields"]!["mount"]);
    }
}
