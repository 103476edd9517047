using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Work;

/// <summary>Time logged by hand: durations, rates and totals; who may change what; every change in the trail.</summary>
public sealed class TimeEntryTests(World world) : IClassFixture<World>
{
    [Fact]
    public async Task EntriesByStartAndEndOrByDurationAddUpToBillableAndNonBillableTotals()
    {
        var code = await world.TicketAsync(world.Ana, "Colimación del RC 16", world.AnaScope);
        var ranged = await world.LogAsync(world.L1, code, new
        {
            startedAt = "2026-06-10T09:00:00+01:00",
            endedAt = "2026-06-10T10:30:00+01:00",
            note = "Colimación con láser",
            billable = true,
            hourlyRate = 40,
        });
        Assert.Equal((90, 60.00m, "EUR"), ((int)ranged["minutes"]!, (decimal)ranged["amount"]!, (string?)ranged["currency"]));
        Assert.Equal("2026-06-10T08:00:00+00:00", ((DateTimeOffset)ranged["startedAt"]!).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));

        await world.LogAsync(world.L2, code, new { minutes = 25, billable = false, hourlyRate = 40 });
        var unpriced = await world.LogAsync(world.L1, code, new { startedAt = "2026-06-11T08:00:00Z", minutes = 15, billable = true });
        Assert.Null(unpriced["hourlyRate"]);
        Assert.Null(unpriced["amount"]);

        var list = await world.TimeAsync(world.L1, code);
        Assert.Equal(3, list["items"]!.AsArray().Count);
        var totals = list["totals"]!;
        Assert.Equal((105, 25, 15), ((long)totals["billableMinutes"]!, (long)totals["nonBillableMinutes"]!, (long)totals["unpricedBillableMinutes"]!));
        var eur = Assert.Single(totals["amounts"]!.AsArray())!;
        Assert.Equal(("EUR", 60.00m, 16.67m, 76.67m), ((string?)eur["currency"], (decimal)eur["billable"]!, (decimal)eur["nonBillable"]!, (decimal)eur["total"]!));
        Assert.Contains("\"billable\":60.00", list.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheObservatorysDefaultRateAndTheTicketsBillableFlagAreTheDefaults()
    {
        using (var put = await world.AlphaAdmin.Client.PutAsync(world.Url("/settings/work"), Requests.Json(new { currency = "EUR", defaultHourlyRate = 55.5 })))
        {
            await put.JsonAsync(HttpStatusCode.OK);
        }

        try
        {
            var code = await world.TicketAsync(world.Bob, "Visita de mantenimiento", type: "visit");
            await world.PatchTicketAsync(world.L1, world.Alpha, code, new { billable = true });

            var entry = await world.LogAsync(world.L1, code, new { minutes = 60 });

            Assert.Equal((55.50m, 55.50m, true), ((decimal)entry["hourlyRate"]!, (decimal)entry["amount"]!, (bool)entry["billable"]!));
            var noRate = await world.LogAsync(world.L1, code, new { minutes = 60, hourlyRate = (decimal?)null });
            Assert.Null(noRate["amount"]);
        }
        finally
        {
            using var reset = await world.AlphaAdmin.Client.PutAsync(world.Url("/settings/work"), Requests.Json(new { currency = "EUR", defaultHourlyRate = (decimal?)null }));
            await reset.JsonAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task ATechnicianEditsAndDeletesTheirOwnEntriesButNotAColleagues()
    {
        var code = await world.TicketAsync(world.Ana, "Cambio de cámara");
        var mine = await world.LogAsync(world.L1, code, new { minutes = 30, note = "Desmontaje" });
        var theirs = await world.LogAsync(world.L2, code, new { minutes = 20 });
        var mineUrl = world.Alpha($"/tickets/{code}/time/{(string)mine["id"]!}");
        var theirsUrl = world.Alpha($"/tickets/{code}/time/{(string)theirs["id"]!}");

        using (var edit = await world.L1.Client.PatchAsync(mineUrl, new { minutes = 45, note = "Desmontaje y montaje" }, ifMatch: null))
        {
            var edited = await edit.JsonAsync(HttpStatusCode.OK);
            Assert.Equal(45, (int)edited["minutes"]!);
            var revision = Assert.Single(edited["history"]!.AsArray())!;
            Assert.Equal(world.L1.Id, (string?)revision["actorId"]);
            Assert.Contains(revision["changes"]!.AsArray(), c => (string?)c!["field"] == "minutes" && (string?)c["from"] == "30" && (string?)c["to"] == "45");
        }

        using (var editTheirs = await world.L1.Client.PatchAsync(theirsUrl, new { minutes = 1 }, ifMatch: null))
        {
            await editTheirs.ProblemAsync(HttpStatusCode.Forbidden, "not_your_entry");
        }

        using (var deleteTheirs = await world.L1.Client.SendDeleteAsync(theirsUrl))
        {
            await deleteTheirs.ProblemAsync(HttpStatusCode.Forbidden, "not_your_entry");
        }

        using (var deleteMine = await world.L1.Client.SendDeleteAsync(mineUrl))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleteMine.StatusCode);
        }

        var list = await world.TimeAsync(world.L1, code);
        Assert.Equal([(string?)theirs["id"]], list["items"]!.AsArray().Select(e => (string?)e!["id"]));
        Assert.Equal(20, (long)list["totals"]!["nonBillableMinutes"]! + (long)list["totals"]!["billableMinutes"]!);
        var withDeleted = await world.TimeAsync(world.L1, code, "?deleted=true");
        Assert.True((bool)withDeleted["items"]!.AsArray().Single(e => (string?)e!["id"] == (string?)mine["id"])!["deleted"]!);

        Assert.Equal(
            ["time_entry_added", "time_entry_added", "time_entry_updated", "time_entry_deleted"],
            (await world.TrailAsync(world.L2, code)).Where(a => a.StartsWith("time_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnAdminChangesAnyonesEntriesAndLogsTimeForATechnician()
    {
        var code = await world.TicketAsync(world.Bob, "Guiado inestable");
        var forL2 = await world.LogAsync(world.AlphaAdmin, code, new { minutes = 50, userId = world.L2.Id });
        Assert.Equal((world.L2.Id, world.AlphaAdmin.Id), ((string?)forL2["userId"], (string?)forL2["createdBy"]));
        var url = world.Alpha($"/tickets/{code}/time/{(string)forL2["id"]!}");

        using (var l1ForL2 = await world.L1.Client.PostAsync(world.Alpha($"/tickets/{code}/time"), new { minutes = 5, userId = world.L2.Id }))
        {
            await l1ForL2.ProblemAsync(HttpStatusCode.Forbidden, "not_your_entry");
        }

        using (var forACustomer = await world.AlphaAdmin.Client.PostAsync(world.Alpha($"/tickets/{code}/time"), new { minutes = 5, userId = world.Bob.Id }))
        {
            var problem = await forACustomer.ProblemAsync(HttpStatusCode.BadRequest, "unknown_staff");
            Assert.NotNull(problem["errors"]!["userId"]);
        }

        using (var edit = await world.AlphaAdmin.Client.PatchAsync(url, new { billable = true }, ifMatch: null))
        {
            Assert.True((bool)(await edit.JsonAsync(HttpStatusCode.OK))["billable"]!);
        }

        using (var delete = await world.AlphaAdmin.Client.SendDeleteAsync(url))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using (var restore = await world.L2.Client.PostEmptyAsync(url + "/restore"))
        {
            Assert.False((bool)(await restore.JsonAsync(HttpStatusCode.OK))["deleted"]!);
        }

        Assert.Contains("time_entry_restored", await world.TrailAsync(world.AlphaAdmin, code));
    }

    [Fact]
    public async Task AStaleIfMatchIsRefusedAndTheOtherChangeIsKept()
    {
        var code = await world.TicketAsync(world.Ana, "Carrera de ediciones");
        var created = await world.LogAsync(world.L1, code, new { minutes = 10 });
        var url = world.Alpha($"/tickets/{code}/time/{(string)created["id"]!}");
        using var read = await world.L1.Client.GetAsync(new Uri(url, UriKind.Relative));
        var etag = read.ETag();

        using (var first = await world.L1.Client.PatchAsync(url, new { minutes = 20 }, etag))
        {
            await first.JsonAsync(HttpStatusCode.OK);
            Assert.NotEqual(etag, first.ETag());
        }

        using (var second = await world.L1.Client.PatchAsync(url, new { minutes = 30 }, etag))
        {
            await second.ProblemAsync(HttpStatusCode.PreconditionFailed, "stale_entry");
        }

        Assert.Equal(20, (int)(await world.L1.Client.GetJsonAsync(url))["minutes"]!);
    }

    [Fact]
    public async Task ConcurrentEditsWithoutIfMatchAreEachAppliedOnce()
    {
        var code = await world.TicketAsync(world.Ana, "Muchas manos");
        var created = await world.LogAsync(world.L1, code, new { minutes = 10 });
        var url = world.Alpha($"/tickets/{code}/time/{(string)created["id"]!}");

        var notes = Enumerable.Range(1, 6).Select(i => $"nota {i}").ToList();
        var responses = await Task.WhenAll(notes.Select(n => world.L1.Client.PatchAsync(url, new { note = n }, ifMatch: null)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses)
        {
            r.Dispose();
        }

        var history = (await world.L1.Client.GetJsonAsync(url))["history"]!.AsArray();
        Assert.Equal(6, history.Count);
        Assert.Equal(6, (await world.TrailAsync(world.L1, code)).Count(a => a == "time_entry_updated"));
    }

    [Fact]
    public async Task ChangingAnEntryMovesItBetweenDaysInTheReports()
    {
        var code = await world.TicketAsync(world.Ana, "Movida de fecha");
        var created = await world.LogAsync(world.L1, code, new { startedAt = "2026-05-05T10:00:00+01:00", minutes = 60, hourlyRate = 30 });
        var url = world.Alpha($"/tickets/{code}/time/{(string)created["id"]!}");

        using (var move = await world.L1.Client.PatchAsync(url, new { startedAt = "2026-05-20T10:00:00+01:00" }, ifMatch: null))
        {
            await move.JsonAsync(HttpStatusCode.OK);
        }

        async Task<JsonNode> LinesAsync(string from, string to) =>
            await world.AlphaAdmin.Client.GetJsonAsync(world.Alpha($"/reports/lines?from={from}&to={to}"));
        Assert.DoesNotContain((await LinesAsync("2026-05-05", "2026-05-06"))["items"]!.AsArray(), l => (string?)l!["id"] == (string?)created["id"]);
        Assert.Contains((await LinesAsync("2026-05-20", "2026-05-21"))["items"]!.AsArray(), l => (string?)l!["id"] == (string?)created["id"]);

        using (var delete = await world.L1.Client.SendDeleteAsync(url))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.DoesNotContain((await LinesAsync("2026-05-01", "2026-06-01"))["items"]!.AsArray(), l => (string?)l!["id"] == (string?)created["id"]);
    }
}
