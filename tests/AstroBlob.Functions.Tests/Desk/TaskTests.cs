using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Desk;

/// <summary>Internal tasks: open → done → signed off, each step by the right person, never seen by customers.</summary>
public sealed class TaskTests(DeskWorld world) : IClassFixture<DeskWorld>
{
    private async Task<JsonNode> CreateTaskAsync(Person assignee, string? ticketCode = null, string? dueDate = null, string title = "Revisar el encoder") =>
        await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, "/tasks", new
        {
            title,
            description = "Antes de la noche de observación.",
            ticketCode,
            assigneeId = assignee.Id,
            dueDate = dueDate ?? world.Today(3),
        }, HttpStatusCode.Created);

    private static List<string> Ids(JsonNode list) => [.. list["items"]!.AsArray().Select(t => (string)t!["id"]!)];

    [Fact]
    public async Task AnAdminGivesATaskTheTechnicianCompletesItAndTheAdminSignsItOff()
    {
        var code = await world.AnaTicketAsync();
        var created = await CreateTaskAsync(world.L1, code.ToLowerInvariant());
        var id = (string)created["id"]!;
        Assert.Equal(("open", code, world.L1.Id, false), ((string?)created["status"], (string?)created["ticketCode"], (string?)created["assigneeId"], (bool)created["overdue"]!));

        Assert.Contains(id, Ids(await world.L1.Client.GetJsonAsync(world.Url("/tasks"))));

        var done = await world.SendAsync(world.L1, HttpMethod.Post, $"/tasks/{id}/complete", new { note = "Conector cambiado y probado." }, HttpStatusCode.OK);
        Assert.Equal(("done", "Conector cambiado y probado."), ((string?)done["status"], (string?)done["completionNote"]));

        var signedOff = await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tasks/{id}/signoff", null, HttpStatusCode.OK);
        Assert.Equal(("signed_off", world.AlphaAdmin.Id), ((string?)signedOff["status"], (string?)signedOff["signedOffBy"]));

        var read = await world.L1.Client.GetJsonAsync(world.Url($"/tasks/{id}"));
        Assert.Equal(["created", "completed", "signed_off"], read["history"]!.AsArray().Select(h => (string)h!["action"]!));
        Assert.Equal([world.AlphaAdmin.Id, world.L1.Id, world.AlphaAdmin.Id], read["history"]!.AsArray().Select(h => (string)h!["actorId"]!));

        // The ticket's trail has every step for staff, and nothing for the customer.
        var staffTrail = await world.ActivityAsync(world.L2, code);
        Assert.Equal(["task_created", "task_completed", "task_signed_off"], staffTrail.Select(e => (string)e!["action"]!).Where(a => a.StartsWith("task_", StringComparison.Ordinal)));
        Assert.DoesNotContain(await world.ActivityAsync(world.Ana, code), e => ((string)e!["action"]!).StartsWith("task_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnlyTheAssigneeCompletesAndOnlyAdminsSignOffOrReopen()
    {
        var id = (string)(await CreateTaskAsync(world.L1))["id"]!;

        await world.ProblemAsync(world.L2, HttpMethod.Post, $"/tasks/{id}/complete", new { note = "Hecho por otro" }, HttpStatusCode.NotFound, "task_not_found");
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, $"/tasks/{id}/complete", new { note = "Hecho por el jefe" }, HttpStatusCode.Forbidden, "assignee_only");
        await world.SendAsync(world.L1, HttpMethod.Post, $"/tasks/{id}/complete", new { note = "Hecho" }, HttpStatusCode.OK);

        await world.ProblemAsync(world.L1, HttpMethod.Post, $"/tasks/{id}/signoff", null, HttpStatusCode.Forbidden, "admin_only");
        await world.ProblemAsync(world.L1, HttpMethod.Post, $"/tasks/{id}/reopen", null, HttpStatusCode.Forbidden, "admin_only");
        await world.ProblemAsync(world.L1, HttpMethod.Post, "/tasks", new { title = "Yo mismo", assigneeId = world.L1.Id, dueDate = world.Today() }, HttpStatusCode.Forbidden, "admin_only");
        Assert.Equal("done", (string?)(await world.L1.Client.GetJsonAsync(world.Url($"/tasks/{id}")))["status"]);
    }

    [Fact]
    public async Task AReopenedTaskGoesBackToItsAssigneeWithTheReason()
    {
        var id = (string)(await CreateTaskAsync(world.L2))["id"]!;
        await world.SendAsync(world.L2, HttpMethod.Post, $"/tasks/{id}/complete", new { note = "Limpio" }, HttpStatusCode.OK);

        var reopened = await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tasks/{id}/reopen", new { note = "Falta la foto del espejo." }, HttpStatusCode.OK);
        Assert.Equal("open", (string?)reopened["status"]);
        Assert.Null(reopened["completionNote"]);
        Assert.Equal("Falta la foto del espejo.", (string?)reopened["history"]!.AsArray()[^1]!["note"]);

        await world.SendAsync(world.L2, HttpMethod.Post, $"/tasks/{id}/complete", new { note = "Foto adjunta" }, HttpStatusCode.OK);
        var again = await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tasks/{id}/reopen", null, HttpStatusCode.OK);
        Assert.Null((string?)again["history"]!.AsArray()[^1]!["note"]);
    }

    [Fact]
    public async Task StepsOutOfOrderAreConflictsAndSignedOffIsFinal()
    {
        var id = (string)(await CreateTaskAsync(world.L1))["id"]!;
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, $"/tasks/{id}/signoff", null, HttpStatusCode.Conflict, "illegal_transition");
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, $"/tasks/{id}/reopen", null, HttpStatusCode.Conflict, "illegal_transition");

        await world.SendAsync(world.L1, HttpMethod.Post, $"/tasks/{id}/complete", new { note = "Hecho" }, HttpStatusCode.OK);
        await world.ProblemAsync(world.L1, HttpMethod.Post, $"/tasks/{id}/complete", new { note = "Otra vez" }, HttpStatusCode.Conflict, "illegal_transition");

        await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tasks/{id}/signoff", null, HttpStatusCode.OK);
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, $"/tasks/{id}/reopen", null, HttpStatusCode.Conflict, "illegal_transition");
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, $"/tasks/{id}/signoff", null, HttpStatusCode.Conflict, "illegal_transition");
        Assert.Equal(3, (await world.AlphaAdmin.Client.GetJsonAsync(world.Url($"/tasks/{id}")))["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task CustomersNeverSeeTasksNotEvenAboutTheirOwnTicket()
    {
        var code = await world.AnaTicketAsync();
        var id = (string)(await CreateTaskAsync(world.L1, code))["id"]!;

        await world.ProblemAsync(world.Ana, HttpMethod.Get, "/tasks", null, HttpStatusCode.NotFound, "task_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Get, $"/tasks/{id}", null, HttpStatusCode.NotFound, "task_not_found");
        await world.ProblemAsync(world.Alex, HttpMethod.Get, $"/tasks?ticketCode={code}", null, HttpStatusCode.NotFound, "task_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tasks/{id}/complete", new { note = "x" }, HttpStatusCode.NotFound, "task_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Post, "/tasks", new { title = "x", assigneeId = world.L1.Id, dueDate = world.Today() }, HttpStatusCode.NotFound, "task_not_found");

        using var cross = await world.BetaAdmin.Client.GetAsync(new Uri(world.Api(world.Beta, $"/tasks/{id}"), UriKind.Relative));
        await cross.ProblemAsync(HttpStatusCode.NotFound, "task_not_found");
    }

    [Fact]
    public async Task ATechnicianListsTheirOwnTasksAndAdminsFilterAll()
    {
        var code = await world.AnaTicketAsync();
        var forL1 = (string)(await CreateTaskAsync(world.L1, code))["id"]!;
        var forL2 = (string)(await CreateTaskAsync(world.L2, code))["id"]!;
        var forL2Alone = (string)(await CreateTaskAsync(world.L2))["id"]!;

        var l2Own = Ids(await world.L2.Client.GetJsonAsync(world.Url("/tasks?limit=100")));
        Assert.Contains(forL2, l2Own);
        Assert.DoesNotContain(forL1, l2Own);
        Assert.Empty(Ids(await world.L2.Client.GetJsonAsync(world.Url($"/tasks?assignee={world.L1.Id}"))));
        await world.ProblemAsync(world.L2, HttpMethod.Get, $"/tasks/{forL1}", null, HttpStatusCode.NotFound, "task_not_found");

        Assert.Equal([forL2, forL1], Ids(await world.AlphaAdmin.Client.GetJsonAsync(world.Url($"/tasks?ticketCode={code}"))));
        Assert.Equal([forL2], Ids(await world.L2.Client.GetJsonAsync(world.Url($"/tasks?ticketCode={code}"))));
        var adminByL2 = Ids(await world.AlphaAdmin.Client.GetJsonAsync(world.Url($"/tasks?assignee={world.L2.Id}&limit=100")));
        Assert.Contains(forL2Alone, adminByL2);
        Assert.DoesNotContain(forL1, adminByL2);

        // Newest first, page by page.
        var page1 = await world.AlphaAdmin.Client.GetJsonAsync(world.Url("/tasks?limit=2"));
        Assert.Equal([forL2Alone, forL2], Ids(page1));
        var page2 = await world.AlphaAdmin.Client.GetJsonAsync(world.Url($"/tasks?limit=1&cursor={(string)page1["nextCursor"]!}"));
        Assert.Equal([forL1], Ids(page2));
        Assert.Null(page1["items"]![0]!["history"]);

        await world.SendAsync(world.L1, HttpMethod.Post, $"/tasks/{forL1}/complete", new { note = "Hecho" }, HttpStatusCode.OK);
        Assert.Equal([forL1], Ids(await world.AlphaAdmin.Client.GetJsonAsync(world.Url($"/tasks?ticketCode={code}&status=done"))));
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Get, "/tasks?status=closed", null, HttpStatusCode.BadRequest, "invalid_query");
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Get, "/tasks?overdue=maybe", null, HttpStatusCode.BadRequest, "invalid_query");
    }

    [Fact]
    public async Task ATaskIsOverdueOnceItsDueDayHasEndedInTheObservatorysTimeZone()
    {
        // A beta technician, so the same instant can be compared in two zones (alpha: Canaries, beta: Madrid, one hour ahead).
        using (var staff = await world.BetaAdmin.Client.PostAsync(world.Api(world.Beta, "/staff"), new { name = "Bea Técnica", email = "tech@beta.example", role = "technician", level = 1, password = World.Password }))
        {
            await staff.JsonAsync(HttpStatusCode.Created);
        }

        var betaTech = await world.LoginAsync(world.Beta, "tech@beta.example");

        // Noon UTC of the next day: the same date in both zones.
        var noon = world.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(12);
        world.Clock.SetUtcNow(new DateTimeOffset(noon, TimeSpan.Zero));
        var day = world.Today();
        var alphaTask = (string)(await CreateTaskAsync(world.L1, dueDate: day))["id"]!;
        var alphaDone = (string)(await CreateTaskAsync(world.L1, dueDate: day))["id"]!;
        await world.SendAsync(world.L1, HttpMethod.Post, $"/tasks/{alphaDone}/complete", new { note = "A tiempo" }, HttpStatusCode.OK);
        using (var created = await world.BetaAdmin.Client.PostAsync(world.Api(world.Beta, "/tasks"), new { title = "Colimar", assigneeId = betaTech.Id, dueDate = day }))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }

        Assert.False((bool)(await world.L1.Client.GetJsonAsync(world.Url($"/tasks/{alphaTask}")))["overdue"]!);

        // 23:30 UTC: still the due day in the Canaries, already the next day in Madrid.
        world.Clock.SetUtcNow(new DateTimeOffset(noon.AddHours(11.5), TimeSpan.Zero));
        Assert.False((bool)(await world.L1.Client.GetJsonAsync(world.Url($"/tasks/{alphaTask}")))["overdue"]!);
        var beta = await betaTech.Client.GetJsonAsync(world.Api(world.Beta, "/tasks?overdue=true"));
        Assert.Single(beta["items"]!.AsArray());

        // 00:30 UTC: the due day is over in the Canaries too; work done on time is never overdue.
        world.Clock.SetUtcNow(new DateTimeOffset(noon.AddHours(12.5), TimeSpan.Zero));
        Assert.True((bool)(await world.L1.Client.GetJsonAsync(world.Url($"/tasks/{alphaTask}")))["overdue"]!);
        var overdue = Ids(await world.L1.Client.GetJsonAsync(world.Url("/tasks?overdue=true&limit=100")));
        Assert.Contains(alphaTask, overdue);
        Assert.DoesNotContain(alphaDone, overdue);
        Assert.Contains(alphaDone, Ids(await world.L1.Client.GetJsonAsync(world.Url("/tasks?overdue=false&limit=100"))));

        // And yesterday can no longer be a due date.
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, "/tasks", new { title = "Tarde", assigneeId = world.L1.Id, dueDate = day }, HttpStatusCode.BadRequest, "due_date_past");
    }

    public static TheoryData<string, string, string> BadTasks => new()
    {
        { """{"assigneeId":"{L1}","dueDate":"{today}"}""", "invalid_field", "title" },
        { """{"title":"   ","assigneeId":"{L1}","dueDate":"{today}"}""", "required", "title" },
        { """{"title":"x","assigneeId":"{L1}","dueDate":"05/03/2026"}""", "invalid_field", "dueDate" },
        { """{"title":"x","assigneeId":"{L1}","dueDate":"2026-02-30"}""", "invalid_field", "dueDate" },
        { """{"title":"x","assigneeId":"{L1}","dueDate":"2020-01-01"}""", "due_date_past", "dueDate" },
        { """{"title":"x","assigneeId":"{Ana}","dueDate":"{today}"}""", "unknown_technician", "assigneeId" },
        { """{"title":"x","assigneeId":"{Admin}","dueDate":"{today}"}""", "unknown_technician", "assigneeId" },
        { """{"title":"x","assigneeId":"../etc","dueDate":"{today}"}""", "unknown_technician", "assigneeId" },
        { """{"title":"x","assigneeId":"{L1}","dueDate":"{today}","ticketCode":"ALPHA-999999"}""", "unknown_ticket", "ticketCode" },
        { """{"title":"x","assigneeId":"{L1}","dueDate":"{today}","ticketCode":"no es un código"}""", "unknown_ticket", "ticketCode" },
        { """{"title":"x","assigneeId":"{L1}","dueDate":"{today}","priority":"high"}""", "invalid_field", "priority" },
    };

    [Theory]
    [MemberData(nameof(BadTasks))]
    public async Task ABadTaskIsA400NamingTheFieldAndNothingIsCreated(string template, string code, string field)
    {
        var json = template.Replace("{L1}", world.L1.Id, StringComparison.Ordinal).Replace("{Ana}", world.Ana.Id, StringComparison.Ordinal)
            .Replace("{Admin}", world.AlphaAdmin.Id, StringComparison.Ordinal).Replace("{today}", world.Today(), StringComparison.Ordinal);
        var before = Ids(await world.AlphaAdmin.Client.GetJsonAsync(world.Url("/tasks?limit=100"))).Count;

        var problem = await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, "/tasks", Requests.RawJson(json), HttpStatusCode.BadRequest, code);

        Assert.NotNull(problem["errors"]?[field]);
        Assert.Equal(before, Ids(await world.AlphaAdmin.Client.GetJsonAsync(world.Url("/tasks?limit=100"))).Count);
    }

    [Fact]
    public async Task ATicketOfAnotherObservatoryCannotBeLinked()
    {
        var carlas = (string)(await world.CreateTicketAsync(world.Carla, world.Beta, new { title = "De Carla", type = "question" }))["code"]!;
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, "/tasks", new { title = "x", assigneeId = world.L1.Id, dueDate = world.Today(), ticketCode = carlas }, HttpStatusCode.BadRequest, "unknown_ticket");
    }

    [Theory]
    [InlineData("""{}""", "invalid_field")]
    [InlineData("""{"note":"  "}""", "required")]
    [InlineData("""{"note":"ok","extra":1}""", "invalid_field")]
    public async Task CompletingNeedsANote(string json, string code)
    {
        var id = (string)(await CreateTaskAsync(world.L1))["id"]!;
        await world.ProblemAsync(world.L1, HttpMethod.Post, $"/tasks/{id}/complete", Requests.RawJson(json), HttpStatusCode.BadRequest, code);
        Assert.Equal("open", (string?)(await world.L1.Client.GetJsonAsync(world.Url($"/tasks/{id}")))["status"]);
    }

    [Fact]
    public async Task AnUnknownOrMalformedTaskIdIsNotFound()
    {
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Get, "/tasks/0123456789abcdef01234567", null, HttpStatusCode.NotFound, "task_not_found");
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, "/tasks/..%2F..%2Fetc/signoff", null, HttpStatusCode.NotFound, "task_not_found");
    }
}
