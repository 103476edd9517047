using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Desk;

/// <summary>Canned replies: admins write them, staff fill them in for a ticket, customers never see them.</summary>
public sealed class CannedReplyTests(DeskWorld world) : IClassFixture<DeskWorld>
{
    private const string Greeting = "Hola {{cliente}}: sobre {{código}} y su {{telescopio}}, le escribe {{técnico}}. {{ customer }}/{{TICKET}}/{{telescope}}/{{agent}}";

    private async Task<string> CannedAsync(string title = "Saludo", string body = Greeting)
    {
        var created = await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, "/canned", new { title, body }, HttpStatusCode.Created);
        return (string)created["id"]!;
    }

    [Fact]
    public async Task AnAdminWritesACannedReplyAndATechnicianFillsItInForATicketWithoutPostingIt()
    {
        var id = await CannedAsync("Saludo inicial");
        var code = await world.AnaTicketAsync();

        var listed = await world.L1.Client.GetJsonAsync(world.Url("/canned"));
        var item = listed["items"]!.AsArray().Single(r => (string?)r!["id"] == id)!;
        Assert.Equal("Saludo inicial", (string?)item["title"]);
        Assert.Equal(["customer", "ticket", "telescope", "agent"], item["placeholders"]!.AsArray().Select(p => (string)p!));

        var rendered = await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code.ToLowerInvariant()}/canned/{id}/render", null, HttpStatusCode.OK);
        Assert.Equal(
            $"Hola Cliente A: sobre {code} y su RC 16, le escribe l1@alpha.example. Cliente A/{code}/RC 16/l1@alpha.example",
            (string?)rendered["text"]);
        Assert.Equal(code, (string?)rendered["ticketCode"]);
        Assert.Empty(rendered["missing"]!.AsArray());

        // Another technician gets their own name; nothing was posted on the ticket.
        var byL2 = await world.SendAsync(world.L2, HttpMethod.Post, $"/tickets/{code}/canned/{id}/render", null, HttpStatusCode.OK);
        Assert.Contains("le escribe l2@alpha.example", (string?)byL2["text"], StringComparison.Ordinal);
        var (ticket, _) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Equal(0, (int)ticket["messageCount"]!);
    }

    [Fact]
    public async Task ATicketWithoutTelescopeLeavesThatPlaceholderEmptyAndSaysSo()
    {
        var id = await CannedAsync(body: "Su telescopio: [{{telescopio}}]");
        var code = await world.AnaTicketAsync(withTelescope: false);

        var rendered = await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/canned/{id}/render", null, HttpStatusCode.OK);

        Assert.Equal("Su telescopio: []", (string?)rendered["text"]);
        Assert.Equal(["telescope"], rendered["missing"]!.AsArray().Select(p => (string)p!));
    }

    [Theory]
    [InlineData("Hola {{nombre}}", "unknown_placeholder", "body")]
    [InlineData("Hola {{cliente", "unclosed_placeholder", "body")]
    [InlineData("   ", "required", "body")]
    public async Task AnUnknownOrBrokenPlaceholderIsRefusedWhenSavingAndNothingIsStored(string body, string code, string field)
    {
        var title = "Roto " + Guid.NewGuid().ToString("N");
        var problem = await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, "/canned", new { title, body }, HttpStatusCode.BadRequest, code);
        Assert.NotNull(problem["errors"]?[field]);

        var all = await world.AlphaAdmin.Client.GetJsonAsync(world.Url("/canned"));
        Assert.DoesNotContain(all["items"]!.AsArray(), r => (string?)r!["title"] == title);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { """{"title":"x"}""", "invalid_field", "body" },
        { """{"title":"x","body":"y","colour":"red"}""", "invalid_field", "colour" },
        { """{"title":7,"body":"y"}""", "invalid_field", "title" },
        { """{"title":"","body":"y"}""", "required", "title" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task AMalformedBodyIsA400NamingTheField(string json, string code, string field)
    {
        var problem = await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, "/canned", Requests.RawJson(json), HttpStatusCode.BadRequest, code);
        Assert.NotNull(problem["errors"]?[field]);
    }

    [Fact]
    public async Task AnEditIsValidatedLikeACreateAndHonoursIfMatch()
    {
        var id = await CannedAsync();
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Put, $"/canned/{id}", new { title = "Saludo", body = "{{firma}}" }, HttpStatusCode.BadRequest, "unknown_placeholder");

        using var read = await world.AlphaAdmin.Client.GetAsync(new Uri(world.Url($"/canned/{id}"), UriKind.Relative));
        await read.JsonAsync(HttpStatusCode.OK);
        var etag = read.ETag();

        using (var first = await Put(id, etag, "Saludo v2", "Hola {{customer}}"))
        {
            var changed = await first.JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("Saludo v2", "Hola {{customer}}"), ((string?)changed["title"], (string?)changed["body"]));
        }

        using (var stale = await Put(id, etag, "Saludo v3", "Hola"))
        {
            await stale.ProblemAsync(HttpStatusCode.PreconditionFailed, "stale_canned_reply");
        }

        var now = await world.L1.Client.GetJsonAsync(world.Url($"/canned/{id}"));
        Assert.Equal("Saludo v2", (string?)now["title"]);
    }

    [Fact]
    public async Task OnlyAdminsWriteCannedRepliesButTechniciansUseThem()
    {
        var id = await CannedAsync();
        await world.ProblemAsync(world.L1, HttpMethod.Post, "/canned", new { title = "Mío", body = "Hola" }, HttpStatusCode.Forbidden, "admin_only");
        await world.ProblemAsync(world.L1, HttpMethod.Put, $"/canned/{id}", new { title = "Mío", body = "Hola" }, HttpStatusCode.Forbidden, "admin_only");
        await world.ProblemAsync(world.L2, HttpMethod.Delete, $"/canned/{id}", null, HttpStatusCode.Forbidden, "admin_only");

        var unchanged = await world.L1.Client.GetJsonAsync(world.Url($"/canned/{id}"));
        Assert.Equal("Saludo", (string?)unchanged["title"]);
    }

    [Fact]
    public async Task CustomersNeverSeeCannedRepliesNotEvenOnTheirOwnTicket()
    {
        var id = await CannedAsync();
        var code = await world.AnaTicketAsync();

        await world.ProblemAsync(world.Ana, HttpMethod.Get, "/canned", null, HttpStatusCode.NotFound, "canned_reply_not_found");
        await world.ProblemAsync(world.Alex, HttpMethod.Get, $"/canned/{id}", null, HttpStatusCode.NotFound, "canned_reply_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Post, "/canned", new { title = "x", body = "y" }, HttpStatusCode.NotFound, "canned_reply_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tickets/{code}/canned/{id}/render", null, HttpStatusCode.NotFound, "ticket_not_found");
    }

    [Fact]
    public async Task AnotherObservatoryKnowsNothingOfTheseReplies()
    {
        var id = await CannedAsync();

        using (var cross = await world.BetaAdmin.Client.GetAsync(new Uri(world.Api(world.Beta, $"/canned/{id}"), UriKind.Relative)))
        {
            await cross.ProblemAsync(HttpStatusCode.NotFound, "canned_reply_not_found");
        }

        var betaList = await world.BetaAdmin.Client.GetJsonAsync(world.Api(world.Beta, "/canned"));
        Assert.DoesNotContain(betaList["items"]!.AsArray(), r => (string?)r!["id"] == id);

        // Alpha's reply cannot be filled in for a beta ticket either.
        var carlas = (string)(await world.CreateTicketAsync(world.Carla, world.Beta, new { title = "De Carla", type = "question" }))["code"]!;
        using var render = await world.BetaAdmin.Client.PostAsync(world.Api(world.Beta, $"/tickets/{carlas}/canned/{id}/render"), Requests.RawJson("{}"));
        await render.ProblemAsync(HttpStatusCode.NotFound, "canned_reply_not_found");
    }

    [Fact]
    public async Task ADeletedReplyDisappearsForTechniciansAndAnAdminCanRestoreIt()
    {
        var id = await CannedAsync("Para borrar");
        var code = await world.AnaTicketAsync();
        await world.SendAsync(world.AlphaAdmin, HttpMethod.Delete, $"/canned/{id}", null, HttpStatusCode.NoContent);

        Assert.DoesNotContain((await world.L1.Client.GetJsonAsync(world.Url("/canned")))["items"]!.AsArray(), r => (string?)r!["id"] == id);
        await world.ProblemAsync(world.L1, HttpMethod.Get, $"/canned/{id}", null, HttpStatusCode.NotFound, "canned_reply_not_found");
        await world.ProblemAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/canned/{id}/render", null, HttpStatusCode.NotFound, "canned_reply_not_found");
        await world.ProblemAsync(world.L1, HttpMethod.Get, "/canned?deleted=true", null, HttpStatusCode.Forbidden, "admin_only");

        var deleted = await world.AlphaAdmin.Client.GetJsonAsync(world.Url("/canned?deleted=true"));
        Assert.NotNull(deleted["items"]!.AsArray().Single(r => (string?)r!["id"] == id)!["deletedAt"]);
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Put, $"/canned/{id}", new { title = "x", body = "y" }, HttpStatusCode.Conflict, "canned_reply_deleted");

        var restored = await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/canned/{id}/restore", null, HttpStatusCode.OK);
        Assert.Null(restored["deletedAt"]);
        await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/canned/{id}/render", null, HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheListIsSortedByTitleAndSearchableWithoutAccents()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        await CannedAsync($"Zeta {unique}", "Cierre de la cúpula");
        await CannedAsync($"Alfa {unique}", "Limpieza del espejo");

        var found = await world.L1.Client.GetJsonAsync(world.Url($"/canned?q={unique}"));
        Assert.Equal([$"Alfa {unique}", $"Zeta {unique}"], found["items"]!.AsArray().Select(r => (string)r!["title"]!));
        var byBody = await world.L1.Client.GetJsonAsync(world.Url("/canned?q=CUPULA"));
        Assert.Contains(byBody["items"]!.AsArray(), r => (string?)r!["title"] == $"Zeta {unique}");
    }

    private Task<HttpResponseMessage> Put(string id, string etag, string title, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, world.Url($"/canned/{id}")) { Content = Requests.Json(new { title, body }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return world.AlphaAdmin.Client.SendAsync(request);
    }
}
