using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tests.Triggers;
using AstroBlob.Functions.Tests.Work;

namespace AstroBlob.Functions.Tests.Tickets;

/// <summary>The console's queue counts and technicians' open load, on an observatory of their own (exact counts).</summary>
public sealed class QueuesTests(SlaReportWorld world) : IClassFixture<SlaReportWorld>
{
    [Fact]
    public async Task EachQueueCountsTheTicketsStillBeingWorkedOnAndTheLoadIsPerTechnician()
    {
        async Task<string> Open(string title, string priority = "medium") =>
            (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title, type = "repair", priority }))["code"]!;

        var critical = await Open("Montura parada", "critical");
        var escalated = await Open("Cámara sin refrigeración");
        var waiting = await Open("Pregunta sobre el guiado");
        var finished = await Open("Ya resuelto");
        var spam = await Open("Oferta increíble");
        await world.PatchTicketAsync(world.L1, world.Alpha, critical, new { assignees = new[] { world.L1.Id }, status = "in_progress" });
        await world.PatchTicketAsync(world.L1, world.Alpha, escalated, new { assignees = new[] { world.L2.Id, world.L1.Id }, supportLevel = 2, status = "blocked", waitingOn = "provider" });
        await world.PatchTicketAsync(world.L1, world.Alpha, waiting, new { waitingOn = "customer" });
        await world.PatchTicketAsync(world.L1, world.Alpha, finished, new { assignees = new[] { world.L1.Id }, status = "finished" });
        using (var flagged = await world.L1.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{spam}/spam"), Requests.RawJson("{}")))
        {
            await flagged.JsonAsync(HttpStatusCode.OK);
        }

        // The critical ticket's one-second first-response target runs out: it is at risk.
        await TriggerTestKit.WaitUntilAsync(
            async () => (string?)(await world.GetTicketAsync(world.L1, world.Alpha, critical)).Ticket["sla"]!["light"] == "red",
            "the critical ticket's light turns red");

        var queues = await world.L1.Client.GetJsonAsync(world.Api(world.Alpha, "/queues"));
        var counts = queues["counts"]!;
        int C(string name) => (int)counts[name]!;
        Assert.Equal(
            (2, 1, 2, 1, 0, 1, 1, 1, 1, 1),
            (C("mine"), C("unassigned"), C("level1"), C("level2"), C("level3"), C("open"), C("inProgress"), C("blocked"), C("waitingCustomer"), C("waitingProvider")));
        Assert.True(C("atRisk") >= 1, "the red ticket is at risk");

        var load = queues["load"]!.AsArray().ToDictionary(s => (string)s!["userId"]!, s => (int)s!["open"]!);
        Assert.Equal((2, 1, 0), (load[world.L1.Id], load[world.L2.Id], load[world.AlphaAdmin.Id]));
        Assert.DoesNotContain(world.Ana.Id, load.Keys);

        var l2 = await world.L2.Client.GetJsonAsync(world.Api(world.Alpha, "/queues"));
        Assert.Equal(1, (int)l2["counts"]!["mine"]!);

        using var customer = await world.Ana.Client.GetAsync(world.Api(world.Alpha, "/queues"));
        Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);
        var beta = await world.BetaAdmin.Client.GetJsonAsync(world.Api(world.Beta, "/queues"));
        Assert.Equal(0, (int)beta["counts"]!["unassigned"]!);
    }
}
