using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Desk;

/// <summary>Spam and soft delete as restorable flags: who may set them, what they hide, and the trail.</summary>
public sealed class TicketFlagTests(DeskWorld world) : IClassFixture<DeskWorld>
{
    private static List<string> Codes(JsonNode list) => [.. list["items"]!.AsArray().Select(t => (string)t!["code"]!)];

    private async Task<List<string>> FlaggedAsync(string flag) =>
        Codes(await world.L1.Client.GetJsonAsync(world.Url($"/flagged?flag={flag}&limit=100")));

    [Fact]
    public async Task StaffMarkSpamAdminsDeleteAndOnlyAdminsRestore()
    {
        var code = await world.AnaTicketAsync("Gane un telescopio gratis");

        var spam = await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/spam", null, HttpStatusCode.OK);
        Assert.Equal((true, false, world.L1.Id), ((bool)spam["spam"]!, (bool)spam["deleted"]!, (string?)spam["changedBy"]));
        await world.ProblemAsync(world.L2, HttpMethod.Post, $"/tickets/{code}/delete", null, HttpStatusCode.Forbidden, "admin_only");

        var deleted = await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tickets/{code}/delete", null, HttpStatusCode.OK);
        Assert.Equal((true, true), ((bool)deleted["spam"]!, (bool)deleted["deleted"]!));
        Assert.Contains(code, await FlaggedAsync("spam"));
        Assert.Contains(code, await FlaggedAsync("deleted"));

        await world.ProblemAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/restore", null, HttpStatusCode.Forbidden, "admin_only");
        Assert.True((bool)(await world.L1.Client.GetJsonAsync(world.Url($"/tickets/{code}/flags")))["deleted"]!);

        var restored = await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tickets/{code}/restore", null, HttpStatusCode.OK);
        Assert.Equal((false, false), ((bool)restored["spam"]!, (bool)restored["deleted"]!));
        Assert.DoesNotContain(code, await FlaggedAsync("spam"));
        Assert.DoesNotContain(code, await FlaggedAsync("deleted"));

        // Restored, the ticket is its customer's again, as it was.
        var (ticket, _) = await world.GetTicketAsync(world.Ana, world.Alpha, code);
        Assert.Equal("open", (string?)ticket["status"]);
        Assert.False((bool)ticket["spam"]!);
    }

    [Fact]
    public async Task EveryFlagChangeIsInTheStaffTrailOnceAndNotInTheCustomers()
    {
        var code = await world.AnaTicketAsync();
        await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/spam", null, HttpStatusCode.OK);
        await world.SendAsync(world.L2, HttpMethod.Post, $"/tickets/{code}/spam", null, HttpStatusCode.OK); // already spam: nothing new
        await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tickets/{code}/delete", null, HttpStatusCode.OK);
        await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tickets/{code}/restore", null, HttpStatusCode.OK);
        await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tickets/{code}/restore", null, HttpStatusCode.OK); // nothing to restore

        var staff = (await world.ActivityAsync(world.L1, code)).Select(e => (string)e!["action"]!).Where(a => a is "marked_spam" or "deleted" or "restored");
        Assert.Equal(["marked_spam", "deleted", "restored"], staff);
        var customer = (await world.ActivityAsync(world.Ana, code)).Select(e => (string)e!["action"]!);
        Assert.DoesNotContain(customer, a => a is "marked_spam" or "deleted" or "restored");
    }

    [Fact]
    public async Task SpamAndDeletedTicketsLeaveEveryListButTheirFlagsAndTheirCustomersSightUntilRestored()
    {
        var tag = "flag-" + Guid.NewGuid().ToString("N")[..6];
        var kept = await world.AnaTicketAsync();
        var spam = await world.AnaTicketAsync();
        var deleted = await world.AnaTicketAsync();
        foreach (var code in new[] { kept, spam, deleted })
        {
            await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/tags", new { tag }, HttpStatusCode.OK);
        }

        await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{spam}/spam", null, HttpStatusCode.OK);
        await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tickets/{deleted}/delete", null, HttpStatusCode.OK);

        Assert.Equal([kept], Codes(await world.L1.Client.GetJsonAsync(world.Url($"/tags/{tag}/tickets"))));
        Assert.Equal([kept], Codes(await world.L1.Client.GetJsonAsync(world.Url($"/tickets?tag={tag}"))));
        var desk = Codes(await world.L1.Client.GetJsonAsync(world.Url("/tickets?limit=100")));
        Assert.Contains(kept, desk);
        Assert.DoesNotContain(spam, desk);
        Assert.DoesNotContain(deleted, desk);
        Assert.Contains(spam, Codes(await world.L1.Client.GetJsonAsync(world.Url("/tickets?flag=spam&limit=100"))));

        // Out of the customer's sight: not listed, not readable, not answerable.
        var mine = Codes(await world.Ana.Client.GetJsonAsync(world.Url("/tickets?limit=100")));
        Assert.Contains(kept, mine);
        Assert.DoesNotContain(spam, mine);
        Assert.DoesNotContain(deleted, mine);
        await world.ProblemAsync(world.Ana, HttpMethod.Get, $"/tickets/{deleted}", null, HttpStatusCode.NotFound, "ticket_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tickets/{spam}/messages", new { body = "¿Hola?" }, HttpStatusCode.NotFound, "ticket_not_found");
        Assert.Empty(Codes(await world.Ana.Client.GetJsonAsync(world.Url("/tickets?flag=spam"))));

        // Staff still read a flagged ticket, flags included.
        var (staffView, _) = await world.GetTicketAsync(world.L1, world.Alpha, spam);
        Assert.True((bool)staffView["spam"]!);

        await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tickets/{deleted}/restore", null, HttpStatusCode.OK);
        Assert.Equal([deleted, kept], Codes(await world.L1.Client.GetJsonAsync(world.Url($"/tags/{tag}/tickets"))));
        Assert.Contains(deleted, Codes(await world.Ana.Client.GetJsonAsync(world.Url("/tickets?limit=100"))));
    }

    [Fact]
    public async Task CustomersAndOtherObservatoriesCanNeitherFlagNorSeeFlags()
    {
        var code = await world.AnaTicketAsync();
        await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/spam", null, HttpStatusCode.OK);

        await world.ProblemAsync(world.Ana, HttpMethod.Get, $"/tickets/{code}/flags", null, HttpStatusCode.NotFound, "ticket_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tickets/{code}/restore", null, HttpStatusCode.NotFound, "ticket_not_found");
        await world.ProblemAsync(world.Alex, HttpMethod.Post, $"/tickets/{code}/delete", null, HttpStatusCode.NotFound, "ticket_not_found");
        await world.ProblemAsync(world.Ana, HttpMethod.Get, "/flagged?flag=spam", null, HttpStatusCode.NotFound, "ticket_not_found");

        using var cross = await world.BetaAdmin.Client.PostAsync(world.Api(world.Beta, $"/tickets/{code}/restore"), Requests.RawJson("{}"));
        await cross.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        var betaSpam = await world.BetaAdmin.Client.GetJsonAsync(world.Api(world.Beta, "/flagged?flag=spam"));
        Assert.DoesNotContain(code, Codes(betaSpam));
        Assert.True((bool)(await world.L1.Client.GetJsonAsync(world.Url($"/tickets/{code}/flags")))["spam"]!);
    }

    [Theory]
    [InlineData("/flagged")]
    [InlineData("/flagged?flag=junk")]
    [InlineData("/flagged?flag=spam&limit=0")]
    [InlineData("/flagged?flag=spam&cursor=abc")]
    public async Task TheFlaggedListRefusesBadQueries(string path)
    {
        var problem = await world.ProblemAsync(world.L1, HttpMethod.Get, path, null, HttpStatusCode.BadRequest, path.Contains("cursor", StringComparison.Ordinal) ? "invalid_cursor" : "invalid_query");
        Assert.NotNull(problem["errors"]);
    }

    [Fact]
    public async Task FlaggingAnUnknownTicketIsNotFound() =>
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, "/tickets/ALPHA-999999/delete", null, HttpStatusCode.NotFound, "ticket_not_found");
}
