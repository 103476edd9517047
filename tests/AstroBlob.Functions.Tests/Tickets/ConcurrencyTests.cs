using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Tickets;

public sealed class ConcurrencyTests(World world) : IClassFixture<World>
{
    private string Alpha(string path) => world.Api(world.Alpha, path);

    [Fact]
    public async Task AStaleETagGets412AndTheOtherWriterKeepsTheirChange()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Carrera", type = "question" }))["code"]!;
        var (_, etag) = await world.GetTicketAsync(world.L1, world.Alpha, code);

        using (var first = await world.L1.Client.PatchAsync(Alpha($"/tickets/{code}"), new { priority = "high" }, etag))
        {
            await first.JsonAsync(HttpStatusCode.OK);
            Assert.NotEqual(etag, first.ETag());
        }

        using (var second = await world.L2.Client.PatchAsync(Alpha($"/tickets/{code}"), new { priority = "low" }, etag))
        {
            await second.ProblemAsync(HttpStatusCode.PreconditionFailed, "stale_ticket");
        }

        Assert.Equal("high", (string?)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["priority"]);
    }

    [Fact]
    public async Task APatchWithoutIfMatchIsRefusedWith428()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Sin If-Match", type = "question" }))["code"]!;
        using var response = await world.L1.Client.PatchAsync(Alpha($"/tickets/{code}"), new { priority = "high" }, ifMatch: null);
        await response.ProblemAsync(HttpStatusCode.PreconditionRequired, "precondition_required");
    }

    [Fact]
    public async Task ARetriedCreateWithTheSameIdempotencyKeyReturnsTheSameTicket()
    {
        var body = new { title = "Idempotente", type = "question" };
        using var first = await world.Bob.Client.PostAsync(Alpha("/tickets"), body, idempotencyKey: "create-42");
        var a = await first.JsonAsync(HttpStatusCode.Created);
        using var retry = await world.Bob.Client.PostAsync(Alpha("/tickets"), body, idempotencyKey: "create-42");
        var b = await retry.JsonAsync(HttpStatusCode.OK);
        Assert.Equal((string?)a["code"], (string?)b["code"]);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);

        using var reused = await world.Bob.Client.PostAsync(Alpha("/tickets"), new { title = "Otra cosa", type = "question" }, idempotencyKey: "create-42");
        await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");

        var mine = await world.Bob.Client.GetJsonAsync(Alpha("/tickets?q=Idempotente"));
        Assert.Single(mine["items"]!.AsArray());
    }

    [Fact]
    public async Task ConcurrentRetriesOfOneCreateMakeOneTicket()
    {
        var body = new { title = "Reintentos simultáneos", type = "question" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => world.Ana.Client.PostAsync(Alpha("/tickets"), body, idempotencyKey: "same-key-burst")));
        var codes = new HashSet<string>();
        foreach (var r in responses)
        {
            using (r)
            {
                Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
                codes.Add((string)(await r.JsonAsync(r.StatusCode))["code"]!);
            }
        }

        Assert.Single(codes);
        var listed = await world.Ana.Client.GetJsonAsync(Alpha("/tickets?q=simultáneos"));
        Assert.Single(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task FiftyConcurrentCreatesGetFiftyDistinctCodes()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            world.Bob.Client.PostAsync(Alpha("/tickets"), new { title = $"Concurrente {i}", type = "question" })));
        var codes = new List<string>();
        foreach (var r in responses)
        {
            using (r)
            {
                codes.Add((string)(await r.JsonAsync(HttpStatusCode.Created))["code"]!);
            }
        }

        Assert.Equal(50, codes.Distinct().Count());
        var listed = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = await world.L1.Client.GetJsonAsync(Alpha($"/tickets?customerId={world.CustomerB}&q=Concurrente&limit=20" + (cursor is null ? string.Empty : $"&cursor={cursor}")));
            foreach (var t in page["items"]!.AsArray())
            {
                Assert.True(listed.Add((string)t!["code"]!), "a ticket was listed twice");
            }

            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Superset(codes.ToHashSet(), listed);
    }

    [Fact]
    public async Task ConcurrentRepliesAreAllKeptAndCounted()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Muchas respuestas", type = "question" }))["code"]!;
        var posts = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            world.L1.Client.PostAsync(Alpha($"/tickets/{code}/messages"), new { body = $"Respuesta {i}" })));
        foreach (var p in posts)
        {
            using (p)
            {
                await p.JsonAsync(HttpStatusCode.Created);
            }
        }

        var messages = await world.L1.Client.GetJsonAsync(Alpha($"/tickets/{code}/messages"));
        Assert.Equal(10, messages["items"]!.AsArray().Count);
        Assert.Equal(10, (int)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["messageCount"]!);
    }
}
