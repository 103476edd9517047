using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Sla;

public sealed class SlaMonitorTests(SlaWorld world) : IClassFixture<SlaWorld>
{
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(1.5);

    private string Alpha(string path) => world.Api(world.Alpha, path);

    [Fact]
    public async Task ATicketLeftAloneGoesGreenYellowRedAndIsEscalatedToLevelTwoOnTime()
    {
        var ticket = await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Sin respuesta", type = "repair" });
        var code = (string)ticket["code"]!;
        var created = Instant(ticket["createdAt"]);
        Assert.Equal("green", (string?)ticket["sla"]!["light"]);
        Assert.Equal(created + SlaWorld.FirstResponse, Instant(ticket["sla"]!["firstResponseDueAt"]));
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { assignees = new[] { world.L1.Id } });

        // Yellow at half the first-response target: L1, the assignee, is warned.
        var warning = await WaitForNotificationAsync(world.L1, code, "sla_warning");
        var yellowDue = created + (SlaWorld.FirstResponse / 2);
        AssertOnTime(yellowDue, Instant(warning["at"]));
        Assert.Equal("yellow", (string?)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["sla"]!["light"]);

        // Red at the deadline: escalated to level 2, reassigned to the second line, everyone told.
        var escalation = await WaitForNotificationAsync(world.L2, code, "sla_escalated");
        AssertOnTime(created + SlaWorld.FirstResponse, Instant(escalation["at"]));
        var (after, _) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Equal("red", (string?)after["sla"]!["light"]);
        Assert.True((bool)after["sla"]!["firstResponseBreached"]!);
        Assert.Equal(2, (int)after["sla"]!["escalationLevel"]!);
        Assert.Equal(2, (int)after["supportLevel"]!);
        Assert.Equal([world.L2.Id], after["assignees"]!.AsArray().Select(a => (string)a!).ToList());
        await WaitForNotificationAsync(world.AlphaAdmin, code, "sla_escalated");
        await WaitForNotificationAsync(world.L1, code, "sla_breach");

        // Each of those notifications is also a mail.
        bool About(CaughtMail m, string to) => m.MessageId?.Contains("." + world.Alpha + "@", StringComparison.Ordinal) == true
            && m.EnvelopeTo.Contains(to) && m.Subject.Contains(code, StringComparison.Ordinal);
        await world.Sink.WaitForCountAsync(m => About(m, "l1@alpha.example"), 2);
        await world.Sink.WaitForAsync(m => About(m, "l2@alpha.example"));

        var trail = (await world.L1.Client.GetJsonAsync(Alpha($"/tickets/{code}/activity"))).AsArray();
        var escalated = Assert.Single(trail, a => (string?)a!["action"] == "escalated");
        Assert.Equal("SLA", (string?)escalated!["actorName"]);

        var red = await world.L1.Client.GetJsonAsync(Alpha("/tickets?light=red&limit=100"));
        Assert.Contains(red["items"]!.AsArray(), t => (string?)t!["code"] == code);
        var green = await world.L1.Client.GetJsonAsync(Alpha("/tickets?light=green&limit=100"));
        Assert.DoesNotContain(green["items"]!.AsArray(), t => (string?)t!["code"] == code);

        // The customer sees the light, not the internal escalation level.
        var customerView = (await world.GetTicketAsync(world.Ana, world.Alpha, code)).Ticket;
        Assert.Equal("red", (string?)customerView["sla"]!["light"]);
        Assert.Null(customerView["sla"]!["escalationLevel"]);
    }

    [Fact]
    public async Task ATicketWaitingOnTheCustomerDoesNotRunItsClockWhileAnotherDoes()
    {
        var waiting = (string)(await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = "Esperando al cliente", type = "question" }))["code"]!;
        var paused = await world.PatchTicketAsync(world.L1, world.Alpha, waiting, new { waitingOn = "customer", assignees = new[] { world.L1.Id } });
        Assert.Equal("none", (string?)paused["sla"]!["light"]);
        Assert.True((bool)paused["sla"]!["paused"]!);
        var pausedAt = DateTimeOffset.UtcNow;

        // A control ticket opened at the same time breaches and escalates...
        var control = (string)(await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = "Control", type = "question" }))["code"]!;
        await world.PatchTicketAsync(world.L1, world.Alpha, control, new { assignees = new[] { world.L1.Id } });
        await WaitForNotificationAsync(world.L1, control, "sla_breach");

        // ...while the paused one has not moved.
        var (stillPaused, _) = await world.GetTicketAsync(world.L1, world.Alpha, waiting);
        Assert.Equal("none", (string?)stillPaused["sla"]!["light"]);
        Assert.Equal(1, (int)stillPaused["supportLevel"]!);
        var l1Notes = await NotificationsAsync(world.L1);
        Assert.DoesNotContain(l1Notes, n => (string?)n["ticketCode"] == waiting);

        // The customer answers: the clock runs again, and the paused time did not count.
        await world.PostMessageAsync(world.Bob, world.Alpha, waiting, "Aquí tienen los datos.");
        var resumedAt = DateTimeOffset.UtcNow;
        var (running, _) = await world.GetTicketAsync(world.L1, world.Alpha, waiting);
        Assert.Equal("none", (string?)running["waitingOn"]);
        Assert.Equal("green", (string?)running["sla"]!["light"]);
        var due = Instant(running["sla"]!["firstResponseDueAt"]);
        var created = Instant(running["createdAt"]);
        Assert.True(due - created >= SlaWorld.FirstResponse + (resumedAt - pausedAt) - TimeSpan.FromSeconds(1), $"due {due:O} did not move by the paused time");
    }

    [Fact]
    public async Task AFirstPublicReplyMeetsTheFirstResponseClock()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Respondido a tiempo", type = "question" }))["code"]!;
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { assignees = new[] { world.L1.Id } });
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Lo miramos.");
        var (ticket, _) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Null(ticket["sla"]!["firstResponseDueAt"]);
        Assert.False((bool)ticket["sla"]!["firstResponseBreached"]!);
        Assert.NotNull(ticket["sla"]!["resolutionDueAt"]);

        // Finishing stops the resolution clock too: no light, no further timers.
        var finished = await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });
        Assert.Equal("none", (string?)finished["sla"]!["light"]);
    }

    [Fact]
    public async Task ATechnicianEscalatesByHandAndACustomerCannot()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Escalado manual", type = "repair", priority = "low" }))["code"]!;
        using (var customer = await world.Ana.Client.PostAsync(Alpha($"/tickets/{code}/escalate"), Requests.RawJson("{}")))
        {
            await customer.ProblemAsync(HttpStatusCode.Forbidden, "staff_only");
        }

        using var response = await world.L1.Client.PostAsync(Alpha($"/tickets/{code}/escalate"), new { level = 2 });
        var escalated = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)escalated["supportLevel"]!);
        Assert.Equal(2, (int)escalated["sla"]!["escalationLevel"]!);
        var trail = (await world.L1.Client.GetJsonAsync(Alpha($"/tickets/{code}/activity"))).AsArray();
        Assert.Contains(trail, a => (string?)a!["action"] == "escalated" && (string?)a["actorId"] == world.L1.Id);

        using var beyond = await world.L1.Client.PostAsync(Alpha($"/tickets/{code}/escalate"), new { level = 3 });
        await beyond.ProblemAsync(HttpStatusCode.BadRequest, "invalid_escalation_level");
    }

    [Fact]
    public async Task OnlyAdminsChangeThePolicyAndABadOneIsRefusedWholesale()
    {
        var before = await world.AlphaAdmin.Client.GetJsonAsync(Alpha("/settings/sla"));
        Assert.Equal(4, before["targets"]!.AsArray().Count);

        using (var tech = await world.L1.Client.PutAsync(new Uri(Alpha("/settings/sla"), UriKind.Relative), Requests.Json(new { })))
        {
            await tech.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        var broken = JsonNode.Parse(before.ToJsonString())!;
        broken["warning"] = new JsonObject { ["percent"] = 150 };
        using (var bad = await world.AlphaAdmin.Client.PutAsync(new Uri(Alpha("/settings/sla"), UriKind.Relative), Requests.RawJson(broken.ToJsonString())))
        {
            await bad.ProblemAsync(HttpStatusCode.BadRequest, "invalid_sla_policy");
        }

        var badZone = JsonNode.Parse(before.ToJsonString())!;
        badZone["calendar"]!["timeZone"] = "Mars/Olympus_Mons";
        using (var bad = await world.AlphaAdmin.Client.PutAsync(new Uri(Alpha("/settings/sla"), UriKind.Relative), Requests.RawJson(badZone.ToJsonString())))
        {
            await bad.ProblemAsync(HttpStatusCode.BadRequest, "invalid_calendar");
        }

        var after = await world.AlphaAdmin.Client.GetJsonAsync(Alpha("/settings/sla"));
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    internal static DateTimeOffset Instant(JsonNode? node) =>
        DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    internal static void AssertOnTime(DateTimeOffset due, DateTimeOffset happened) =>
        Assert.True(happened >= due - TimeSpan.FromMilliseconds(50) && happened <= due + Lateness, $"due {due:O}, happened {happened:O} ({(happened - due).TotalMilliseconds:F0} ms late)");

    private async Task<List<JsonNode>> NotificationsAsync(Person who) =>
        (await who.Client.GetJsonAsync(Alpha("/notifications?limit=200"))).AsArray().Select(n => n!).ToList();

    private async Task<JsonNode> WaitForNotificationAsync(Person who, string code, string kind)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var found = (await who.Client.GetJsonAsync(Alpha("/notifications?limit=200"))).AsArray()
                .FirstOrDefault(n => (string?)n!["ticketCode"] == code && (string?)n["kind"] == kind);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No {kind} notification about {code} for {who.Email}.");
    }
}
