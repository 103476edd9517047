using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tests.Triggers;
using AstroBlob.Functions.Tests.Work;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AstroBlob.Functions.Tests.Console;

/// <summary>
/// The ticket list's filters behind the console's queues: still being worked on, support level,
/// waiting on whom, responsible technician, SLA at risk. The observatory runs a one-second
/// first-response target for critical tickets (see <see cref="SlaReportWorld"/>).
/// </summary>
public sealed class QueueFiltersTests(SlaReportWorld world) : IClassFixture<SlaReportWorld>
{
    private string Alpha(string path) => world.Api(world.Alpha, path);

    private async Task<List<string>> CodesAsync(Person who, string query) =>
        (await who.Client.GetJsonAsync(Alpha($"/tickets?limit=100&{query}")))["items"]!.AsArray().Select(t => (string)t!["code"]!).ToList();

    private async Task<string> OpenAsync(string title, string priority = "medium") =>
        (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title, type = "repair", priority }))["code"]!;

    [Fact]
    public async Task EachQueueFilterFindsExactlyItsTicketsNewestFirst()
    {
        // Other tests of this class share the observatory: every query is narrowed to this test's tickets.
        var mark = "colas" + Guid.NewGuid().ToString("N")[..6];
        var q = "q=" + mark;
        var plain = await OpenAsync($"Enfoque ({mark})");
        var second = await OpenAsync($"Cúpula atascada ({mark})");
        var provider = await OpenAsync($"Cámara en garantía ({mark})");
        var customer = await OpenAsync($"Faltan datos ({mark})");
        var finished = await OpenAsync($"Ya resuelto ({mark})");
        await world.PatchTicketAsync(world.L1, world.Alpha, second, new { supportLevel = 2, assignees = new[] { world.L2.Id }, responsibleId = world.L2.Id, status = "in_progress" });
        await world.PatchTicketAsync(world.L1, world.Alpha, provider, new { status = "blocked", waitingOn = "provider", assignees = new[] { world.L1.Id } });
        await world.PatchTicketAsync(world.L1, world.Alpha, customer, new { waitingOn = "customer", assignees = new[] { world.L1.Id } });
        await world.PatchTicketAsync(world.L1, world.Alpha, finished, new { status = "finished", assignees = new[] { world.L1.Id }, supportLevel = 2 });

        Assert.Equal([customer, provider, second, plain], await CodesAsync(world.L1, $"{q}&active=true"));
        Assert.Equal([finished], await CodesAsync(world.L1, $"{q}&active=false"));
        Assert.Equal([customer, provider, plain], await CodesAsync(world.L1, $"{q}&active=true&level=1"));
        Assert.Equal([second], await CodesAsync(world.L1, $"{q}&active=true&level=2"));
        Assert.Equal([finished, second], await CodesAsync(world.L1, $"{q}&level=2"));
        Assert.Equal([provider], await CodesAsync(world.L1, $"{q}&waitingOn=provider"));
        Assert.Equal([customer], await CodesAsync(world.L1, $"{q}&waitingOn=customer&active=true"));
        Assert.Equal([second], await CodesAsync(world.L1, $"{q}&responsible={world.L2.Id}"));
        Assert.Equal([customer, provider], await CodesAsync(world.L1, $"{q}&assignee={world.L1.Id}&active=true"));
        Assert.Equal([finished, customer, provider], await CodesAsync(world.L1, $"{q}&assignee={world.L1.Id}"));
        Assert.Equal([second], await CodesAsync(world.L2, $"{q}&assignee={world.L2.Id}&active=true"));
        Assert.Equal([plain], await CodesAsync(world.L1, $"{q}&assignee=none&active=true"));
    }

    [Fact]
    public async Task AtRiskFindsTheTicketsWhoseLightIsYellowOrRedNow()
    {
        var mark = "riesgo" + Guid.NewGuid().ToString("N")[..6];
        var calm = await OpenAsync($"Sin prisa ({mark})", "low");
        var urgent = await OpenAsync($"Montura parada ({mark})", "critical");
        await TriggerTestKit.WaitUntilAsync(
            async () => (string?)(await world.GetTicketAsync(world.L1, world.Alpha, urgent)).Ticket["sla"]!["light"] == "red",
            "the critical ticket's one-second first response runs out");

        Assert.Equal([urgent], await CodesAsync(world.L1, $"q={mark}&active=true&atRisk=true"));
        Assert.Equal([calm], await CodesAsync(world.L1, $"q={mark}&atRisk=false"));
        Assert.Equal([urgent], await CodesAsync(world.L1, $"q={mark}&atRisk=true&light=red"));
        Assert.Empty(await CodesAsync(world.L1, $"q={mark}&atRisk=true&light=green"));
    }

    [Theory]
    [InlineData("active", "maybe")]
    [InlineData("active", "1")]
    [InlineData("atRisk", "yes")]
    [InlineData("level", "4")]
    [InlineData("level", "0")]
    [InlineData("level", "two")]
    [InlineData("waitingOn", "someone")]
    [InlineData("responsible", "not an id!")]
    public async Task AQueueFilterWithAnImpossibleValueIsRefusedNamingTheParameter(string name, string value)
    {
        using var response = await world.L1.Client.GetAsync(new Uri(Alpha($"/tickets?{name}={Uri.EscapeDataString(value)}"), UriKind.Relative));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "invalid_query");
        Assert.NotNull(problem["errors"]?[name]);
    }

    [Fact]
    public async Task StaffOnlyFiltersShowCustomersNothingAndNoObservatorySeesAnothersTickets()
    {
        var mark = "acceso" + Guid.NewGuid().ToString("N")[..6];
        var anas = await OpenAsync($"De Ana ({mark})");
        await world.PatchTicketAsync(world.L1, world.Alpha, anas, new { responsibleId = world.L1.Id, externalRef = "PROV-" + mark });

        // A customer may ask for their open tickets, but not probe staff fields (level, responsible, provider ref).
        Assert.Equal([anas], await CodesAsync(world.Ana, $"q={mark}&active=true"));
        Assert.Empty(await CodesAsync(world.Ana, $"q={mark}&level=1"));
        Assert.Empty(await CodesAsync(world.Ana, $"responsible={world.L1.Id}"));
        Assert.Empty(await CodesAsync(world.Ana, $"externalRef=PROV-{mark}"));
        Assert.Empty(await CodesAsync(world.Bob, $"q={mark}&active=true"));

        // Technicians use every filter; staff see the provider ref.
        Assert.Equal([anas], await CodesAsync(world.L2, $"externalRef=prov-{mark}&active=true&level=1"));
        Assert.Equal([anas], await CodesAsync(world.L2, $"responsible={world.L1.Id}&q={mark}"));

        // Another observatory's staff: their own queues never hold Alpha's tickets, and Alpha's API does not know them.
        var betaQueue = await world.BetaAdmin.Client.GetJsonAsync(world.Api(world.Beta, "/tickets?limit=100&active=true&level=1"));
        Assert.DoesNotContain(betaQueue["items"]!.AsArray(), t => (string?)t!["code"] == anas);
        using var foreign = await world.BetaAdmin.Client.GetAsync(new Uri(Alpha("/tickets?active=true"), UriKind.Relative));
        await foreign.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task QueuesReadOnlyTheOpenWorkNotTheObservatorysHistory()
    {
        var mark = "historia" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 12; i++)
        {
            var done = await OpenAsync($"Cerrado {i} ({mark})");
            await world.PatchTicketAsync(world.L1, world.Alpha, done, new { status = "finished", assignees = new[] { world.L1.Id } });
        }

        var open = await OpenAsync($"Abierto ({mark})");
        await world.PatchTicketAsync(world.L1, world.Alpha, open, new { assignees = new[] { world.L1.Id }, supportLevel = 2 });

        using var rowsRead = new RowsReadRecorder(world.Alpha);

        var active = await CodesAsync(world.L1, "active=true");
        var mine = await CodesAsync(world.L1, $"assignee={world.L1.Id}&active=true");
        var level2 = await CodesAsync(world.L1, "active=true&level=2");
        rowsRead.Dispose();

        Assert.Contains(open, mine);
        Assert.Contains(open, level2);
        var measured = rowsRead.Reads;
        Assert.Equal(3, measured.Length);
        // Each queue reads exactly the observatory's open work (or that of one level), none of the finished tickets.
        Assert.Equal(("act", active.Count), (measured[0].Index, measured[0].Rows));
        Assert.Equal(("act", active.Count), (measured[1].Index, measured[1].Rows));
        Assert.Equal(("actlvl", level2.Count), (measured[2].Index, measured[2].Rows));
    }
}

/// <summary>A world whose host never runs the backfill by itself, so the test decides when it runs.</summary>
public sealed class QueueBackfillWorld : World
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Tickets:IndexBackfillCron"] = "0 0 0 1 1 *",
    };
}

/// <summary>Tickets stored before the open-work index existed are brought into it, once per observatory.</summary>
public sealed class QueueIndexBackfillTests(QueueBackfillWorld backfillWorld) : IClassFixture<QueueBackfillWorld>
{
    private string Alpha(string path) => backfillWorld.Api(backfillWorld.Alpha, path);

    private async Task<List<string>> CodesAsync(Person who, string query) =>
        (await who.Client.GetJsonAsync(Alpha($"/tickets?limit=100&{query}")))["items"]!.AsArray().Select(t => (string)t!["code"]!).ToList();

    private async Task<string> Open(string title) =>
        (string)(await backfillWorld.CreateTicketAsync(backfillWorld.Ana, backfillWorld.Alpha, new { title, type = "repair" }))["code"]!;

    [Fact]
    public async Task OpenTicketsWrittenBeforeTheOpenWorkIndexAreBroughtIntoTheQueuesOnce()
    {
        var mark = "antiguo" + Guid.NewGuid().ToString("N")[..6];
        var old = await Open($"Abierto antes del índice ({mark})");
        var closed = await Open($"Cerrado antes del índice ({mark})");
        await backfillWorld.PatchTicketAsync(backfillWorld.L1, backfillWorld.Alpha, closed, new { status = "finished" });

        // As a ticket stored by the previous version looks: no open-work rows, no marker.
        var table = backfillWorld.Factory.Services.GetRequiredService<Tables>().Tickets;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {backfillWorld.Alpha} and RowKey ge {"x|act"} and RowKey lt {"x|act~"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"]))
        {
            if (row.RowKey.EndsWith("|" + old, StringComparison.Ordinal))
            {
                await table.DeleteEntityAsync(backfillWorld.Alpha, row.RowKey, ETag.All);
            }
        }

        var store = backfillWorld.Factory.Services.GetRequiredService<TicketStore>();
        Assert.False(await store.IsQueueIndexBuiltAsync(backfillWorld.Alpha, CancellationToken.None));
        Assert.Empty(await CodesAsync(backfillWorld.L1, $"q={mark}&active=true"));
        var (_, etagBefore) = await backfillWorld.GetTicketAsync(backfillWorld.L1, backfillWorld.Alpha, old);

        using (var scope = backfillWorld.Factory.Services.CreateScope())
        {
            var backfill = scope.ServiceProvider.GetRequiredService<QueueIndexBackfillFunction>();
            await backfill.RunAsync(new TimerContext("backfill", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, false), CancellationToken.None);
        }

        Assert.Equal([old], await CodesAsync(backfillWorld.L1, $"q={mark}&active=true"));
        Assert.Equal([old], await CodesAsync(backfillWorld.L1, $"q={mark}&active=true&level=1"));
        var (after, etagAfter) = await backfillWorld.GetTicketAsync(backfillWorld.L1, backfillWorld.Alpha, old);
        Assert.Equal("open", (string?)after["status"]);
        Assert.NotEqual(etagBefore, etagAfter);

        // The observatory is marked done: later runs cost one point read.
        Assert.True(await store.IsQueueIndexBuiltAsync(backfillWorld.Alpha, CancellationToken.None));
        Assert.Empty(await store.ListUnindexedActiveAsync(backfillWorld.Alpha, CancellationToken.None));
    }
}
