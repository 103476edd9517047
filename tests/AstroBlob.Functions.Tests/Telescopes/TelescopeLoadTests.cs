using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tests.Triggers;
using AstroBlob.Functions.Tests.Work;

namespace AstroBlob.Functions.Tests.Telescopes;

/// <summary>The console's telescope list: each telescope's open tickets and worst light in one read (an observatory of its own: exact counts).</summary>
public sealed class TelescopeLoadTests(SlaReportWorld world) : IClassFixture<SlaReportWorld>
{
    [Fact]
    public async Task EachTelescopeWithTicketsBeingWorkedOnShowsHowManyAndTheWorstLight()
    {
        async Task<string> Open(string title, string telescopeId, string priority = "medium") =>
            (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title, type = "repair", priority, telescopeId }))["code"]!;

        var critical = await Open("Montura parada", world.AnaScope, "critical");
        await Open("Enfocador lento", world.AnaScope);
        var finished = await Open("Ya resuelto", world.AnaSecondScope);
        await world.PatchTicketAsync(world.L1, world.Alpha, finished, new { status = "finished" });
        var spam = (string)(await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = "Oferta increíble", type = "question", priority = "low", telescopeId = world.BobScope }))["code"]!;
        using (var flagged = await world.L1.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{spam}/spam"), Requests.RawJson("{}")))
        {
            await flagged.JsonAsync(HttpStatusCode.OK);
        }

        // The critical ticket's one-second first-response target runs out: its light is red.
        await TriggerTestKit.WaitUntilAsync(
            async () => (string?)(await world.GetTicketAsync(world.L1, world.Alpha, critical)).Ticket["sla"]!["light"] == "red",
            "the critical ticket's light turns red");

        var load = (await world.L1.Client.GetJsonAsync(world.Api(world.Alpha, "/telescopes/open"))).AsArray()
            .ToDictionary(x => (string)x!["telescopeId"]!, x => ((int)x!["open"]!, (string)x!["light"]!));
        Assert.Equal(new Dictionary<string, (int, string)> { [world.AnaScope] = (2, "red") }, load);
    }

    [Fact]
    public async Task CustomersMayNotReadTheTelescopeLoadAndAnotherObservatorySeesNoneOfIt()
    {
        using var customer = await world.Ana.Client.GetAsync(world.Api(world.Alpha, "/telescopes/open"));
        Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);

        using var crossTenant = await world.BetaAdmin.Client.GetAsync(world.Api(world.Alpha, "/telescopes/open"));
        Assert.True(crossTenant.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound, $"got {crossTenant.StatusCode}");

        var beta = await world.BetaAdmin.Client.GetJsonAsync(world.Api(world.Beta, "/telescopes/open"));
        Assert.Empty(beta.AsArray());
    }
}
