using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Desk;

/// <summary>Tags on tickets: normalised, counted, found, audited, and invisible to customers.</summary>
public sealed class TagTests(DeskWorld world) : IClassFixture<DeskWorld>
{
    private static string Unique(string word) => $"{word}-{Guid.NewGuid().ToString("N")[..6]}";

    private Task<JsonNode> TagAsync(Person who, string code, string tag) =>
        world.SendAsync(who, HttpMethod.Post, $"/tickets/{code}/tags", new { tag }, HttpStatusCode.OK);

    private static List<string> Tags(JsonNode node) => [.. node["tags"]!.AsArray().Select(t => (string)t!)];

    private async Task<int?> CountAsync(string tag)
    {
        var list = await world.L1.Client.GetJsonAsync(world.Url("/tags"));
        return (int?)list["items"]!.AsArray().SingleOrDefault(t => (string?)t!["tag"] == tag)?["count"];
    }

    [Fact]
    public async Task ATagIsTrimmedAndLowerCasedWithItsAccentsKeptSoTheSameWordIsOneTag()
    {
        var code = await world.AnaTicketAsync();
        var word = Unique("Óptica");
        var tag = word.ToLowerInvariant();

        Assert.Equal([tag], Tags(await TagAsync(world.L1, code, $"  {word}  ")));
        Assert.Equal([tag], Tags(await TagAsync(world.L2, code, word.ToUpperInvariant())));
        Assert.Equal([tag], Tags(await TagAsync(world.L2, code, tag.Replace("ó", "o\u0301", StringComparison.Ordinal))));
        // Without its accent it is another word, so another tag.
        var plain = tag.Replace("ó", "o", StringComparison.Ordinal);
        Assert.Equal([tag, plain], Tags(await TagAsync(world.L1, code, word.Replace("Ó", "O", StringComparison.Ordinal))));

        var read = await world.L1.Client.GetJsonAsync(world.Url($"/tickets/{code}/tags"));
        Assert.Equal(2, Tags(read).Count);
        Assert.Equal(1, await CountAsync(tag));
    }

    [Fact]
    public async Task TicketsAreFoundByTagPageByPageAndByStatus()
    {
        var tag = Unique("cúpula");
        var first = await world.AnaTicketAsync("Cúpula 1");
        var second = await world.AnaTicketAsync("Cúpula 2");
        var untagged = await world.AnaTicketAsync("Otra cosa");
        await TagAsync(world.L1, first, tag);
        await TagAsync(world.AlphaAdmin, second, tag);
        await world.FinishAsync(second);

        var all = await world.L1.Client.GetJsonAsync(world.Url($"/tags/{Uri.EscapeDataString(tag)}/tickets"));
        // Newest first, like every ticket list; GET /tickets?tag= is the same list.
        Assert.Equal([second, first], all["items"]!.AsArray().Select(t => (string)t!["code"]!));
        Assert.Null(all["nextCursor"]);
        Assert.DoesNotContain(untagged, all["items"]!.AsArray().Select(t => (string)t!["code"]!));
        Assert.Equal("Cúpula 1", (string?)all["items"]![1]!["title"]);
        Assert.Equal([tag], all["items"]![1]!["tags"]!.AsArray().Select(t => (string)t!));
        var viaTickets = await world.L1.Client.GetJsonAsync(world.Url($"/tickets?tag={Uri.EscapeDataString(tag)}"));
        Assert.Equal([second, first], viaTickets["items"]!.AsArray().Select(t => (string)t!["code"]!));

        var page1 = await world.L1.Client.GetJsonAsync(world.Url($"/tags/{Uri.EscapeDataString(tag)}/tickets?limit=1"));
        Assert.Equal([second], page1["items"]!.AsArray().Select(t => (string)t!["code"]!));
        var cursor = (string)page1["nextCursor"]!;
        var page2 = await world.L1.Client.GetJsonAsync(world.Url($"/tags/{Uri.EscapeDataString(tag)}/tickets?limit=1&cursor={cursor}"));
        Assert.Equal([first], page2["items"]!.AsArray().Select(t => (string)t!["code"]!));

        var finished = await world.L1.Client.GetJsonAsync(world.Url($"/tags/{Uri.EscapeDataString(tag.ToUpperInvariant())}/tickets?status=finished"));
        Assert.Equal([second], finished["items"]!.AsArray().Select(t => (string)t!["code"]!));

        await world.ProblemAsync(world.L1, HttpMethod.Get, $"/tags/{Uri.EscapeDataString(tag)}/tickets?cursor=bm90LW1pbmU", null, HttpStatusCode.BadRequest, "invalid_cursor");
        await world.ProblemAsync(world.L1, HttpMethod.Get, $"/tags/{Uri.EscapeDataString(tag)}/tickets?status=lost", null, HttpStatusCode.BadRequest, "invalid_query");
    }

    [Fact]
    public async Task TheTagListCountsTicketsAndForgetsATagNoTicketCarries()
    {
        var tag = Unique("espejo");
        var first = await world.AnaTicketAsync();
        var second = await world.AnaTicketAsync();
        await TagAsync(world.L1, first, tag);
        await TagAsync(world.L1, second, tag);
        Assert.Equal(2, await CountAsync(tag));

        var left = await world.SendAsync(world.L1, HttpMethod.Delete, $"/tickets/{first}/tags/{Uri.EscapeDataString(tag)}", null, HttpStatusCode.OK);
        Assert.Empty(Tags(left));
        Assert.Equal(1, await CountAsync(tag));

        await world.SendAsync(world.L2, HttpMethod.Delete, $"/tickets/{second}/tags/{Uri.EscapeDataString(tag.ToUpperInvariant())}", null, HttpStatusCode.OK);
        Assert.Null(await CountAsync(tag));
        var none = await world.L1.Client.GetJsonAsync(world.Url($"/tags/{Uri.EscapeDataString(tag)}/tickets"));
        Assert.Empty(none["items"]!.AsArray());
    }

    [Fact]
    public async Task TagChangesAreInTheTrailForStaffAndNotForTheCustomer()
    {
        var code = await world.AnaTicketAsync();
        var tag = Unique("cliente-difícil");
        await TagAsync(world.L1, code, tag);
        await TagAsync(world.L1, code, tag); // no change, no entry
        await world.SendAsync(world.L2, HttpMethod.Delete, $"/tickets/{code}/tags/{Uri.EscapeDataString(tag)}", null, HttpStatusCode.OK);

        var staff = await world.ActivityAsync(world.L1, code);
        Assert.Equal(["tag_added", "tag_removed"], staff.Select(e => (string)e!["action"]!).Where(a => a.StartsWith("tag_", StringComparison.Ordinal)));
        Assert.Equal([world.L1.Id, world.L2.Id], staff.Where(e => ((string)e!["action"]!).StartsWith("tag_", StringComparison.Ordinal)).Select(e => (string)e!["actorId"]!));

        var customer = await world.ActivityAsync(world.Ana, code);
        Assert.DoesNotContain(customer, e => ((string)e!["action"]!).StartsWith("tag_", StringComparison.Ordinal));
        Assert.DoesNotContain(tag, customer.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomersCanNeitherSeeNorChangeTagsEvenOnTheirOwnTicket()
    {
        var code = await world.AnaTicketAsync();
        var tag = Unique("interno");
        await TagAsync(world.L1, code, tag);

        await world.ProblemAsync(world.Ana, HttpMethod.Get, $"/tickets/{code}/tags", null, HttpStatusCode.NotFound, "ticket_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tickets/{code}/tags", new { tag = "mío" }, HttpStatusCode.NotFound, "ticket_not_found");
        await world.ProblemAsync(world.Alex, HttpMethod.Delete, $"/tickets/{code}/tags/{tag}", null, HttpStatusCode.NotFound, "ticket_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Get, "/tags", null, HttpStatusCode.NotFound, "tag_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Get, $"/tags/{tag}/tickets", null, HttpStatusCode.NotFound, "tag_not_found");

        Assert.Equal([tag], Tags(await world.L1.Client.GetJsonAsync(world.Url($"/tickets/{code}/tags"))));
    }

    [Fact]
    public async Task AnotherObservatorySeesNeitherTheTagsNorTheTickets()
    {
        var code = await world.AnaTicketAsync();
        var tag = Unique("alfa");
        await TagAsync(world.L1, code, tag);

        var betaTags = await world.BetaAdmin.Client.GetJsonAsync(world.Api(world.Beta, "/tags"));
        Assert.DoesNotContain(betaTags["items"]!.AsArray(), t => (string?)t!["tag"] == tag);
        var betaTagged = await world.BetaAdmin.Client.GetJsonAsync(world.Api(world.Beta, $"/tags/{tag}/tickets"));
        Assert.Empty(betaTagged["items"]!.AsArray());
        using var cross = await world.BetaAdmin.Client.PostAsync(world.Api(world.Beta, $"/tickets/{code}/tags"), new { tag });
        await cross.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
    }

    public static TheoryData<string, string, string> BadTags => new()
    {
        { """{"tag":"a/b"}""", "invalid_tag", "tag" },
        { """{"tag":"¡urgente!"}""", "invalid_tag", "tag" },
        { """{"tag":"   "}""", "required", "tag" },
        { """{"tag":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""", "too_long", "tag" },
        { """{"tag":7}""", "invalid_field", "tag" },
        { """{"tags":["a"]}""", "invalid_field", "tags" },
    };

    [Theory]
    [MemberData(nameof(BadTags))]
    public async Task ABadTagIsA400NamingTheFieldAndChangesNothing(string json, string code, string field)
    {
        var ticket = await world.AnaTicketAsync();
        var problem = await world.ProblemAsync(world.L1, HttpMethod.Post, $"/tickets/{ticket}/tags", Requests.RawJson(json), HttpStatusCode.BadRequest, code);
        Assert.NotNull(problem["errors"]?[field]);
        Assert.Empty(Tags(await world.L1.Client.GetJsonAsync(world.Url($"/tickets/{ticket}/tags"))));
    }

    [Fact]
    public async Task ATicketTakesAtMostTwentyTagsAndRemovingOneItDoesNotHaveIsA404()
    {
        var code = await world.AnaTicketAsync();
        var prefix = Unique("t");
        for (var i = 0; i < 20; i++)
        {
            await TagAsync(world.L1, code, $"{prefix}-{i:D2}");
        }

        await world.ProblemAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/tags", new { tag = prefix + "-extra" }, HttpStatusCode.Conflict, "too_many_tags");
        await world.ProblemAsync(world.L1, HttpMethod.Delete, $"/tickets/{code}/tags/{prefix}-extra", null, HttpStatusCode.NotFound, "tag_not_found");
        await world.ProblemAsync(world.L1, HttpMethod.Delete, $"/tickets/{code}/tags/a%2Fb", null, HttpStatusCode.NotFound, "tag_not_found");
        await world.ProblemAsync(world.L1, HttpMethod.Post, "/tickets/ALPHA-999999/tags", new { tag = "x" }, HttpStatusCode.NotFound, "ticket_not_found");
        Assert.Equal(20, Tags(await world.L1.Client.GetJsonAsync(world.Url($"/tickets/{code}/tags"))).Count);
        Assert.Null(await CountAsync(prefix + "-extra"));
    }

    [Fact]
    public async Task ConcurrentTaggingLosesNothing()
    {
        var code = await world.AnaTicketAsync();
        var others = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => world.AnaTicketAsync()));
        var prefix = Unique("c");
        var shared = prefix + "-shared";

        // Different tags on one ticket, and one tag on several tickets, all at once.
        await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => TagAsync(i % 2 == 0 ? world.L1 : world.L2, code, $"{prefix}-{i}"))
                .Concat(others.Select(o => TagAsync(world.AlphaAdmin, o, shared))));

        Assert.Equal(8, Tags(await world.L1.Client.GetJsonAsync(world.Url($"/tickets/{code}/tags"))).Count);
        Assert.Equal(others.Length, await CountAsync(shared));
        var tagged = await world.L1.Client.GetJsonAsync(world.Url($"/tags/{shared}/tickets?limit=100"));
        Assert.Equal(others.Order(StringComparer.Ordinal), tagged["items"]!.AsArray().Select(t => (string)t!["code"]!).Order(StringComparer.Ordinal));
        var added = (await world.ActivityAsync(world.L1, code)).Count(e => (string?)e!["action"] == "tag_added");
        Assert.Equal(8, added);
    }
}
