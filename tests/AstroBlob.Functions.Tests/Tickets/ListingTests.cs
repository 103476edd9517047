using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tickets;

namespace AstroBlob.Functions.Tests.Tickets;

public sealed class ListingTests(World world) : IClassFixture<World>
{
    private string Alpha(string path) => world.Api(world.Alpha, path);

    private async Task<List<string>> CodesAsync(Person who, string query) =>
        (await who.Client.GetJsonAsync(Alpha($"/tickets?limit=100&{query}")))["items"]!.AsArray().Select(t => (string)t!["code"]!).ToList();

    [Fact]
    public async Task EveryFilterFindsExactlyTheMatchingTicketsNewestFirst()
    {
        // Other tests of this class share the observatory: every query is narrowed to this test's tickets.
        const string Mine = "q=filtrado";
        var repair = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Cámara con escarcha (filtrado)", type = "repair", priority = "high", telescopeId = world.AnaScope }))["code"]!;
        var question = (string)(await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = "Pregunta sobre flats (filtrado)", type = "question", priority = "low", telescopeId = world.BobScope }))["code"]!;
        var upgrade = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Actualizar montura (filtrado)", type = "upgrade" }))["code"]!;
        await world.PatchTicketAsync(world.L1, world.Alpha, question, new { status = "in_progress", assignees = new[] { world.L2.Id }, externalRef = "RMA-9" });

        Assert.Equal([question], await CodesAsync(world.L1, $"{Mine}&assignee={world.L2.Id}"));
        Assert.Equal([question], await CodesAsync(world.L1, $"{Mine}&externalRef=rma-9"));
        Assert.Equal([question], await CodesAsync(world.L1, $"{Mine}&status=in_progress"));
        Assert.Equal([repair], await CodesAsync(world.L1, $"{Mine}&telescopeId={world.AnaScope}"));
        Assert.Equal([upgrade, repair], await CodesAsync(world.L1, $"{Mine}&customerId={world.CustomerA}"));
        Assert.Equal([repair], await CodesAsync(world.L1, $"{Mine}&priority=high"));
        Assert.Equal([upgrade], await CodesAsync(world.L1, $"{Mine}&type=upgrade"));
        Assert.Equal([upgrade, repair], await CodesAsync(world.L1, $"{Mine}&assignee=none&status=open"));
        Assert.Equal([upgrade, question, repair], await CodesAsync(world.L1, Mine));

        // Text search ignores case and accents, and matches codes too.
        Assert.Equal([repair], await CodesAsync(world.L1, "q=CAMARA%20CON%20ESCARCHA"));
        Assert.Equal([question], await CodesAsync(world.L1, $"q={question.ToLowerInvariant()}"));
    }

    [Fact]
    public async Task ReassigningMovesTheTicketBetweenQueues()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Cola", type = "question" }))["code"]!;
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { assignees = new[] { world.L1.Id } });
        Assert.Contains(code, await CodesAsync(world.L1, $"assignee={world.L1.Id}"));
        Assert.DoesNotContain(code, await CodesAsync(world.L1, "assignee=none"));

        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { assignees = new[] { world.L2.Id }, status = "blocked" });
        Assert.DoesNotContain(code, await CodesAsync(world.L1, $"assignee={world.L1.Id}"));
        Assert.Contains(code, await CodesAsync(world.L1, $"assignee={world.L2.Id}"));
        Assert.Contains(code, await CodesAsync(world.L1, "status=blocked"));
        Assert.DoesNotContain(code, await CodesAsync(world.L1, "status=open"));
    }

    [Fact]
    public async Task TheCreatedRangeBoundsTheList()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Rango", type = "question" }))["code"]!;
        var createdAt = DateTimeOffset.Parse((string)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains(code, await CodesAsync(world.L1, $"createdFrom={At(createdAt)}&createdTo={At(createdAt.AddTicks(1))}"));
        Assert.DoesNotContain(code, await CodesAsync(world.L1, $"createdTo={At(createdAt)}"));
        Assert.DoesNotContain(code, await CodesAsync(world.L1, $"createdFrom={At(createdAt.AddTicks(1))}"));
    }

    [Fact]
    public async Task PagingWalksEveryTicketOnceInNewestFirstOrder()
    {
        for (var i = 0; i < 7; i++)
        {
            await world.CreateTicketAsync(world.Alex, world.Alpha, new { title = $"Paginado {i}", type = "question" });
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await world.Alex.Client.GetJsonAsync(Alpha("/tickets?q=Paginado&limit=3" + (cursor is null ? string.Empty : "&cursor=" + cursor)));
            seen.AddRange(page["items"]!.AsArray().Select(t => (string)t!["title"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"Paginado {i}"), seen);
    }

    [Fact]
    public async Task ListingOnesOwnTicketsOrAQueueReadsRowsInProportionToTheResultNotTheObservatory()
    {
        // Many tickets of someone else, few of Bob's, one in L1's queue.
        for (var i = 0; i < 40; i++)
        {
            await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = $"Ruido {i}", type = "question" });
        }

        var bobs = (string)(await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = "De Bob para medir", type = "question" }))["code"]!;
        await world.PatchTicketAsync(world.L2, world.Alpha, bobs, new { assignees = new[] { world.L2.Id } });

        using var rowsRead = new RowsReadRecorder(world.Alpha);

        var bobSees = await CodesAsync(world.Bob, string.Empty);
        var l2Queue = await CodesAsync(world.L2, $"assignee={world.L2.Id}");
        var everything = await CodesAsync(world.L1, string.Empty);
        rowsRead.Dispose();

        var measured = rowsRead.Reads;
        Assert.Equal(3, measured.Length);
        Assert.Equal(("req", bobSees.Count), (measured[0].Index, measured[0].Rows));
        Assert.Equal(("asg", l2Queue.Count), (measured[1].Index, measured[1].Rows));
        Assert.Contains(bobs, l2Queue);
        Assert.True(everything.Count > 40, "the observatory has many more tickets than Bob's");
        Assert.True(measured[0].Rows < 10 && measured[1].Rows < 10, $"rows read: {measured[0].Rows}, {measured[1].Rows}");
    }
}
