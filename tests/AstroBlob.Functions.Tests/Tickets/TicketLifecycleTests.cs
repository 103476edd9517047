using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Tickets;

public sealed class TicketLifecycleTests(World world) : IClassFixture<World>
{
    private string Url(string path) => world.Api(world.Alpha, path);

    [Fact]
    public async Task ACustomerTicketGoesFromOpeningToSignOffWithEveryStepAudited()
    {
        // The customer opens a ticket about one of their telescopes.
        using var created = await world.Ana.Client.PostAsync(Url("/tickets"), new
        {
            title = "La montura pierde el seguimiento",
            description = "Tras el flip del meridiano deja de seguir.",
            type = "repair",
            priority = "high",
            telescopeId = world.AnaScope,
        });
        var ticket = await created.JsonAsync(HttpStatusCode.Created);
        var code = (string)ticket["code"]!;
        Assert.Matches("^ALPHA-[0-9]{6}$", code);
        Assert.Equal($"/api/o/{world.Alpha}/tickets/{code}", created.Headers.Location?.ToString());
        Assert.False(string.IsNullOrEmpty(created.ETag()));
        Assert.Equal("open", (string?)ticket["status"]);
        Assert.Equal(world.CustomerA, (string?)ticket["customerId"]);
        Assert.Equal(world.Ana.Id, (string?)ticket["requesterId"]);
        Assert.Equal(world.AnaScope, (string?)ticket["telescopeId"]);

        // First line picks it up and assigns both technicians, L2 responsible.
        var taken = await world.PatchTicketAsync(world.L1, world.Alpha, code, new
        {
            status = "in_progress",
            assignees = new[] { world.L1.Id, world.L2.Id },
            responsibleId = world.L2.Id,
            supportLevel = 2,
            externalRef = "PROV-77",
            billable = true,
        });
        Assert.Equal("in_progress", (string?)taken["status"]);
        Assert.Equal(2, taken["assignees"]!.AsArray().Count);

        // A public reply and an internal note.
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Hola Ana, revisamos la montura esta noche.");
        await world.PostMessageAsync(world.L2, world.Alpha, code, "Sospecho del cable del encoder.", "internal");
        var afterReply = (await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket;
        Assert.NotNull((string?)afterReply["firstRespondedAt"]);

        // The customer sees the public reply only, and no internal fields.
        var customerView = (await world.GetTicketAsync(world.Ana, world.Alpha, code)).Ticket;
        Assert.Equal(1, (int)customerView["messageCount"]!);
        Assert.Null((string?)customerView["externalRef"]);
        Assert.Null((string?)customerView["responsibleId"]);
        var customerMessages = await world.Ana.Client.GetJsonAsync(Url($"/tickets/{code}/messages"));
        var bodies = customerMessages["items"]!.AsArray().Select(m => (string)m!["body"]!).ToList();
        Assert.Equal(["Hola Ana, revisamos la montura esta noche."], bodies);
        var staffMessages = await world.L1.Client.GetJsonAsync(Url($"/tickets/{code}/messages"));
        Assert.Equal(2, staffMessages["items"]!.AsArray().Count);

        // Finished; the customer is not satisfied and reopens with a reason.
        await world.PatchTicketAsync(world.L2, world.Alpha, code, new { status = "finished" });
        using (var reopen = await world.Ana.Client.PostAsync(Url($"/tickets/{code}/reopen"), new { message = "Sigue fallando después del flip." }))
        {
            var reopened = await reopen.JsonAsync(HttpStatusCode.OK);
            Assert.Equal("open", (string?)reopened["status"]);
        }

        var conversation = await world.Ana.Client.GetJsonAsync(Url($"/tickets/{code}/messages"));
        Assert.Equal("Sigue fallando después del flip.", (string?)conversation["items"]!.AsArray()[^1]!["body"]);

        // Finished again; this time the customer signs off and the ticket is closed for good.
        await world.PatchTicketAsync(world.L2, world.Alpha, code, new { status = "finished" });
        using (var signoff = await world.Ana.Client.PostAsync(Url($"/tickets/{code}/signoff"), Requests.RawJson("{}")))
        {
            var closed = await signoff.JsonAsync(HttpStatusCode.OK);
            Assert.Equal("closed", (string?)closed["status"]);
            Assert.Equal(world.Ana.Id, (string?)closed["signedOffBy"]);
            Assert.NotNull((string?)closed["closedAt"]);
        }

        var (_, etag) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        using (var late = await world.L1.Client.PatchAsync(Url($"/tickets/{code}"), new { status = "open" }, etag))
        {
            await late.ProblemAsync(HttpStatusCode.Conflict, "ticket_closed");
        }

        using (var lateMessage = await world.Ana.Client.PostAsync(Url($"/tickets/{code}/messages"), new { body = "¿Hola?" }))
        {
            await lateMessage.ProblemAsync(HttpStatusCode.Conflict, "ticket_closed");
        }

        // The trail: staff see every change; the customer sees no internal field.
        var staffTrail = (await world.L1.Client.GetJsonAsync(Url($"/tickets/{code}/activity"))).AsArray();
        Assert.Equal("created", (string?)staffTrail[0]!["action"]);
        var staffFields = staffTrail.SelectMany(a => a!["changes"]!.AsArray()).Select(c => (string)c!["field"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "status", "assignees", "responsibleId", "supportLevel", "externalRef", "billable" }, staffFields);
        var statusPath = staffTrail.SelectMany(a => a!["changes"]!.AsArray()).Where(c => (string)c!["field"]! == "status").Select(c => $"{c!["from"]}->{c["to"]}").ToList();
        Assert.Equal(["open->in_progress", "in_progress->finished", "finished->open", "open->finished", "finished->closed"], statusPath);
        Assert.Contains(staffTrail, a => (string?)a!["action"] == "signed_off" && (string?)a["actorId"] == world.Ana.Id);

        var customerTrail = (await world.Ana.Client.GetJsonAsync(Url($"/tickets/{code}/activity"))).AsArray();
        var customerFields = customerTrail.SelectMany(a => a!["changes"]!.AsArray()).Select(c => (string)c!["field"]!).ToHashSet();
        Assert.DoesNotContain("externalRef", customerFields);
        Assert.DoesNotContain("responsibleId", customerFields);
        Assert.DoesNotContain("supportLevel", customerFields);
        Assert.Contains("status", customerFields);
    }

    [Fact]
    public async Task StaffOpenATicketOnBehalfOfACustomerAndTheCustomerSeesIt()
    {
        var ticket = await world.CreateTicketAsync(world.L1, world.Alpha, new { title = "Visita de mantenimiento", type = "visit", customerId = world.CustomerB, telescopeId = world.BobScope });
        Assert.Equal(world.Bob.Id, (string?)ticket["requesterId"]);
        Assert.Equal("medium", (string?)ticket["priority"]);
        var (bobView, _) = await world.GetTicketAsync(world.Bob, world.Alpha, (string)ticket["code"]!);
        Assert.Equal("Visita de mantenimiento", (string?)bobView["title"]);
    }

    [Fact]
    public async Task ACustomerReplyAnswersAWaitOnThemAndReopensAFinishedTicket()
    {
        var code = (string)(await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = "Flats irregulares", type = "question" }))["code"]!;
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { waitingOn = "customer" });
        await world.PostMessageAsync(world.Bob, world.Alpha, code, "Aquí va el flat.");
        Assert.Equal("none", (string?)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["waitingOn"]);

        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });
        await world.PostMessageAsync(world.Bob, world.Alpha, code, "Ha vuelto a pasar.");
        Assert.Equal("open", (string?)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["status"]);
    }

    [Fact]
    public async Task TheTelescopeShowsItsOpenAndRecentTickets()
    {
        var open = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Cúpula atascada", type = "repair", telescopeId = world.AnaSecondScope }))["code"]!;
        var done = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Actualizar firmware", type = "upgrade", telescopeId = world.AnaSecondScope }))["code"]!;
        await world.PatchTicketAsync(world.L1, world.Alpha, done, new { status = "finished" });

        var detail = await world.Ana.Client.GetJsonAsync(Url($"/telescopes/{world.AnaSecondScope}"));
        Assert.Equal("TOA 130", (string?)detail["telescope"]!["name"]);
        var openCodes = detail["openTickets"]!.AsArray().Select(t => (string)t!["code"]!).ToList();
        var recentCodes = detail["recentTickets"]!.AsArray().Select(t => (string)t!["code"]!).ToList();
        Assert.Contains(open, openCodes);
        Assert.DoesNotContain(done, openCodes);
        Assert.Contains(done, recentCodes);

        var mine = (await world.Ana.Client.GetJsonAsync(Url("/telescopes"))).AsArray().Select(t => (string)t!["id"]!).ToHashSet();
        Assert.Equal(new HashSet<string> { world.AnaScope, world.AnaSecondScope }, mine);
    }

    [Fact]
    public async Task AStatusTheWorkflowForbidsIsAConflictAndChangesNothing()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Pregunta", type = "question" }))["code"]!;
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "cancelled" });
        var (before, etag) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        using var response = await world.L1.Client.PatchAsync(Url($"/tickets/{code}"), new { status = "finished", priority = "critical" }, etag);
        await response.ProblemAsync(HttpStatusCode.Conflict, "illegal_transition");
        var (after, afterEtag) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Equal(etag, afterEtag);
        Assert.Equal((string?)before["priority"], (string?)after["priority"]);
    }

    [Fact]
    public async Task AMessageOfExactly64000CharactersRoundTripsAndOneMoreIsRefused()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Registro largo", type = "question" }))["code"]!;
        var longest = string.Concat(Enumerable.Repeat("Ñandú ", 64_000 / 6)) + new string('x', 64_000 % 6);
        Assert.Equal(64_000, longest.Length);
        var posted = await world.PostMessageAsync(world.Ana, world.Alpha, code, longest);
        Assert.Equal(longest, (string?)posted["body"]);
        var listed = await world.L1.Client.GetJsonAsync(Url($"/tickets/{code}/messages"));
        Assert.Equal(longest, (string?)listed["items"]!.AsArray()[0]!["body"]);

        using var tooLong = await world.Ana.Client.PostAsync(Url($"/tickets/{code}/messages"), new { body = longest + "!" });
        var problem = await tooLong.ProblemAsync(HttpStatusCode.BadRequest, "too_long");
        Assert.NotNull(problem["errors"]!["body"]);
        var after = await world.L1.Client.GetJsonAsync(Url($"/tickets/{code}/messages"));
        Assert.Single(after["items"]!.AsArray());
    }

    [Fact]
    public async Task ARetriedMessageWithTheSameIdempotencyKeyLandsOnce()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Reintento", type = "question" }))["code"]!;
        using var first = await world.Ana.Client.PostAsync(Url($"/tickets/{code}/messages"), new { body = "Una vez" }, idempotencyKey: "msg-1");
        var a = await first.JsonAsync(HttpStatusCode.Created);
        using var second = await world.Ana.Client.PostAsync(Url($"/tickets/{code}/messages"), new { body = "Una vez" }, idempotencyKey: "msg-1");
        var b = await second.JsonAsync(HttpStatusCode.OK);
        Assert.Equal((string?)a["id"], (string?)b["id"]);
        var listed = await world.L1.Client.GetJsonAsync(Url($"/tickets/{code}/messages"));
        Assert.Single(listed["items"]!.AsArray());
        Assert.Equal(1, (int)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["messageCount"]!);
    }

    internal static string CodeOf(JsonNode ticket) => (string)ticket["code"]!;
}
