using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Desk;

/// <summary>The customer rates a finished ticket once; staff see it; nobody else does.</summary>
public sealed class RatingTests(DeskWorld world) : IClassFixture<DeskWorld>
{
    private async Task<string> FinishedTicketAsync(Person? requester = null)
    {
        var ticket = await world.CreateTicketAsync(requester ?? world.Ana, world.Alpha, new { title = "Enfoque perdido", type = "repair" });
        var code = (string)ticket["code"]!;
        await world.FinishAsync(code);
        return code;
    }

    [Fact]
    public async Task TheRequesterRatesAFinishedTicketOnceAndStaffSeeIt()
    {
        var code = await FinishedTicketAsync();

        using (var rated = await world.Ana.Client.PostAsync(world.Url($"/tickets/{code}/rating"), new { score = 4, comment = "  Rápidos y amables. " }))
        {
            var rating = await rated.JsonAsync(HttpStatusCode.Created);
            Assert.Equal($"/api/o/{world.Alpha}/tickets/{code}/rating", rated.Headers.Location?.ToString());
            Assert.Equal((4, "Rápidos y amables.", world.Ana.Id), ((int)rating["score"]!, (string?)rating["comment"], (string?)rating["ratedBy"]));
        }

        await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 1 }, HttpStatusCode.Conflict, "already_rated");
        await world.ProblemAsync(world.Alex, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 2 }, HttpStatusCode.Conflict, "already_rated");

        var seenByStaff = await world.L2.Client.GetJsonAsync(world.Url($"/tickets/{code}/rating"));
        Assert.Equal((4, "Rápidos y amables."), ((int)seenByStaff["score"]!, (string?)seenByStaff["comment"]));
        var seenByAna = await world.Ana.Client.GetJsonAsync(world.Url($"/tickets/{code}/rating"));
        Assert.Equal(4, (int)seenByAna["score"]!);
    }

    [Fact]
    public async Task ACompanyWideContactRatesForTheCustomerAndAClosedTicketCanBeRated()
    {
        var code = await FinishedTicketAsync();
        using (var signoff = await world.Ana.Client.PostAsync(world.Url($"/tickets/{code}/signoff"), Requests.RawJson("{}")))
        {
            Assert.Equal("closed", (string?)(await signoff.JsonAsync(HttpStatusCode.OK))["status"]);
        }

        var rating = await world.SendAsync(world.Alex, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 5 }, HttpStatusCode.Created);
        Assert.Equal((world.Alex.Id, 5), ((string?)rating["ratedBy"], (int)rating["score"]!));
        Assert.Null(rating["comment"]);
    }

    [Fact]
    public async Task ATicketNotYetFinishedCannotBeRatedAndNothingIsStored()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Sin terminar", type = "question" }))["code"]!;

        await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 5 }, HttpStatusCode.Conflict, "ticket_not_finished");
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "cancelled" });
        await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 5 }, HttpStatusCode.Conflict, "ticket_not_finished");

        await world.ProblemAsync(world.L1, HttpMethod.Get, $"/tickets/{code}/rating", null, HttpStatusCode.NotFound, "rating_not_found");
        Assert.DoesNotContain(await world.ActivityAsync(world.L1, code), e => (string?)e!["action"] == "rated");
    }

    [Fact]
    public async Task CustomersOfOtherTicketsAndOtherObservatoriesFindNothing()
    {
        var code = await FinishedTicketAsync();
        await world.SendAsync(world.Ana, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 3 }, HttpStatusCode.Created);

        await world.ProblemAsync(world.Bob, HttpMethod.Get, $"/tickets/{code}/rating", null, HttpStatusCode.NotFound, "ticket_not_found");
        await world.ProblemAsync(world.Bob, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 1 }, HttpStatusCode.NotFound, "ticket_not_found");
        await world.ProblemAsync(world.Bob, HttpMethod.Get, "/ratings", null, HttpStatusCode.NotFound, "rating_not_found");
        using var cross = await world.BetaAdmin.Client.GetAsync(new Uri(world.Api(world.Beta, $"/tickets/{code}/rating"), UriKind.Relative));
        await cross.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        using var foreignToken = await world.Carla.Client.GetAsync(new Uri(world.Url($"/tickets/{code}/rating"), UriKind.Relative));
        await foreignToken.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task StaffAndContactsOnlyCopiedOnTheTicketMaySeeButNotRate()
    {
        // Alex asked; Ana (a plain contact of the same customer) is copied and can read the ticket.
        var code = await FinishedTicketAsync(world.Alex);
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { cc = new[] { world.Ana.Id } });

        await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 5 }, HttpStatusCode.Forbidden, "not_requester");
        await world.ProblemAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 5 }, HttpStatusCode.Forbidden, "not_requester");
        await world.ProblemAsync(world.AlphaAdmin, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 5 }, HttpStatusCode.Forbidden, "not_requester");

        await world.SendAsync(world.Alex, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 2, comment = "Lento" }, HttpStatusCode.Created);
        Assert.Equal("Lento", (string?)(await world.Ana.Client.GetJsonAsync(world.Url($"/tickets/{code}/rating")))["comment"]);
    }

    [Fact]
    public async Task TheRatingIsInTheTrailForStaffAndCustomer()
    {
        var code = await FinishedTicketAsync();
        await world.SendAsync(world.Ana, HttpMethod.Post, $"/tickets/{code}/rating", new { score = 4 }, HttpStatusCode.Created);

        foreach (var who in new[] { world.L1, world.Ana })
        {
            var entry = (await world.ActivityAsync(who, code)).Single(e => (string?)e!["action"] == "rated")!;
            Assert.Equal(world.Ana.Id, (string?)entry["actorId"]);
            var change = entry["changes"]!.AsArray().Single()!;
            Assert.Equal(("rating", null, "4"), ((string?)change["field"], (string?)change["from"], (string?)change["to"]));
        }
    }

    [Fact]
    public async Task TwoContactsRatingAtOnceGiveOneRating()
    {
        var code = await FinishedTicketAsync();

        var responses = await Task.WhenAll(
            world.Ana.Client.PostAsync(world.Url($"/tickets/{code}/rating"), new { score = 5 }),
            world.Alex.Client.PostAsync(world.Url($"/tickets/{code}/rating"), new { score = 1 }));
        try
        {
            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }

        Assert.Single(await world.ActivityAsync(world.L1, code), e => (string?)e!["action"] == "rated");
    }

    public static TheoryData<string, string, string> BadRatings => new()
    {
        { """{"score":0}""", "invalid_score", "score" },
        { """{"score":6}""", "invalid_score", "score" },
        { """{"score":"4"}""", "invalid_field", "score" },
        { """{"score":4.5}""", "invalid_field", "score" },
        { """{"comment":"sin nota"}""", "invalid_field", "score" },
        { """{"score":4,"stars":4}""", "invalid_field", "stars" },
        { """{"score":4,"comment":7}""", "invalid_field", "comment" },
    };

    [Theory]
    [MemberData(nameof(BadRatings))]
    public async Task ABadRatingIsA400NamingTheFieldAndTheTicketCanStillBeRated(string json, string code, string field)
    {
        var ticket = await FinishedTicketAsync();
        var problem = await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tickets/{ticket}/rating", Requests.RawJson(json), HttpStatusCode.BadRequest, code);
        Assert.NotNull(problem["errors"]?[field]);

        await world.SendAsync(world.Ana, HttpMethod.Post, $"/tickets/{ticket}/rating", new { score = 3 }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task ACommentLongerThanTwoThousandCharactersIsRefused()
    {
        var ticket = await FinishedTicketAsync();
        var problem = await world.ProblemAsync(world.Ana, HttpMethod.Post, $"/tickets/{ticket}/rating", new { score = 3, comment = new string('x', 2001) }, HttpStatusCode.BadRequest, "too_long");
        Assert.NotNull(problem["errors"]?["comment"]);
    }

    [Fact]
    public async Task StaffListTheLatestRatingsNewestFirstAndByScore()
    {
        var first = await FinishedTicketAsync();
        var second = await FinishedTicketAsync();
        await world.SendAsync(world.Ana, HttpMethod.Post, $"/tickets/{first}/rating", new { score = 1 }, HttpStatusCode.Created);
        await world.SendAsync(world.Ana, HttpMethod.Post, $"/tickets/{second}/rating", new { score = 5 }, HttpStatusCode.Created);

        var latest = await world.L1.Client.GetJsonAsync(world.Url("/ratings?limit=2"));
        Assert.Equal([second, first], latest["items"]!.AsArray().Select(r => (string)r!["ticketCode"]!));
        var ones = await world.L1.Client.GetJsonAsync(world.Url("/ratings?score=1&limit=100"));
        Assert.Contains(first, ones["items"]!.AsArray().Select(r => (string)r!["ticketCode"]!));
        Assert.All(ones["items"]!.AsArray(), r => Assert.Equal(1, (int)r!["score"]!));
        await world.ProblemAsync(world.L1, HttpMethod.Get, "/ratings?score=9", null, HttpStatusCode.BadRequest, "invalid_query");
    }
}
