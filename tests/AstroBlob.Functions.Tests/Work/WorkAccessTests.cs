using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Work;

/// <summary>Customers never see time or money, not even on their own tickets; other observatories see nothing.</summary>
public sealed class WorkAccessTests(World world) : IClassFixture<World>
{
    [Fact]
    public async Task ACustomerFindsNoTimeCostsOrTotalsOnTheirOwnTicket()
    {
        var code = await world.TicketAsync(world.Ana, "Mi ticket con horas");
        var entry = await world.LogAsync(world.L1, code, new { minutes = 30, billable = true, hourlyRate = 60 });
        var cost = await world.AddCostAsync(world.L1, code, new { kind = "product", description = "Pieza", quantity = 1, unitPrice = 10 });

        foreach (var customer in new[] { world.Ana, world.Alex })
        {
            foreach (var path in new[]
            {
                $"/tickets/{code}/time",
                $"/tickets/{code}/time/{(string)entry["id"]!}",
                $"/tickets/{code}/costs",
                $"/tickets/{code}/costs/{(string)cost["id"]!}",
                $"/tickets/{code}/work",
                "/timer",
                "/settings/work",
                "/reports/work?from=2026-01-01&to=2026-12-31",
                "/reports/lines?from=2026-01-01&to=2026-12-31",
                "/reports/sla?from=2026-01-01&to=2026-12-31",
            })
            {
                using var response = await customer.Client.GetAsync(world.Url(path));
                await response.ProblemAsync(HttpStatusCode.NotFound, "not_found");
            }

            using (var log = await customer.Client.PostAsync(world.Alpha($"/tickets/{code}/time"), new { minutes = 5 }))
            {
                await log.ProblemAsync(HttpStatusCode.NotFound, "not_found");
            }

            using (var timer = await customer.Client.PostEmptyAsync(world.Alpha($"/tickets/{code}/timer")))
            {
                await timer.ProblemAsync(HttpStatusCode.NotFound, "not_found");
            }

            using (var delete = await customer.Client.SendDeleteAsync(world.Alpha($"/tickets/{code}/time/{(string)entry["id"]!}")))
            {
                await delete.ProblemAsync(HttpStatusCode.NotFound, "not_found");
            }
        }

        // The trail the customer reads says nothing of the work; staff see it.
        var customerTrail = await world.TrailAsync(world.Ana, code);
        Assert.DoesNotContain(customerTrail, a => a.StartsWith("time_", StringComparison.Ordinal) || a.StartsWith("cost_", StringComparison.Ordinal));
        Assert.Contains("time_entry_added", await world.TrailAsync(world.L1, code));
        using var raw = await world.Ana.Client.GetAsync(world.Url($"/tickets/{code}/activity"));
        var text = await raw.Content.ReadAsStringAsync();
        Assert.DoesNotContain("time_entry", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cost_", text, StringComparison.Ordinal);

        // Nor does the ticket itself.
        var (ticket, _) = await world.GetTicketAsync(world.Ana, world.Alpha, code);
        Assert.DoesNotContain("amount", ticket.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ATechnicianMayNotReadReportsOrSettingsAndIsToldSo()
    {
        foreach (var path in new[] { "/reports/work?from=2026-01-01&to=2026-02-01", "/reports/sla?from=2026-01-01&to=2026-02-01", "/settings/work" })
        {
            using var response = await world.L1.Client.GetAsync(world.Url(path));
            await response.ProblemAsync(HttpStatusCode.Forbidden, "admin_only");
        }

        using var put = await world.L1.Client.PutAsync(world.Url("/settings/work"), Requests.Json(new { currency = "USD" }));
        await put.ProblemAsync(HttpStatusCode.Forbidden, "admin_only");
        Assert.Equal("EUR", (string?)(await world.AlphaAdmin.Client.GetJsonAsync(world.Alpha("/settings/work")))["currency"]);
    }

    [Fact]
    public async Task AnotherObservatorysTokenIsRejectedAndItsTicketsDoNotExistHere()
    {
        var code = await world.TicketAsync(world.Ana, "De alpha");
        using (var carla = await world.Carla.Client.GetAsync(world.Url($"/tickets/{code}/time")))
        {
            await carla.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        using (var betaAdmin = await world.BetaAdmin.Client.GetAsync(world.Url("/reports/work?from=2026-01-01&to=2026-02-01")))
        {
            await betaAdmin.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        using (var anonymous = await world.Anonymous.GetAsync(world.Url($"/tickets/{code}/time")))
        {
            await anonymous.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        var betaCode = (string)(await world.CreateTicketAsync(world.Carla, world.Beta, new { title = "De beta", type = "question" }))["code"]!;
        using (var alphaAdmin = await world.AlphaAdmin.Client.GetAsync(world.Url($"/tickets/{betaCode}/time")))
        {
            await alphaAdmin.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        using (var logThere = await world.L1.Client.PostAsync(world.Alpha($"/tickets/{betaCode}/time"), new { minutes = 10 }))
        {
            await logThere.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        using (var timerThere = await world.L1.Client.PostEmptyAsync(world.Alpha($"/tickets/{betaCode}/timer")))
        {
            await timerThere.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }
    }

    [Fact]
    public async Task TheWorkRoutesAreDescribedInTheOpenApiDocument()
    {
        var paths = (await world.Anonymous.GetJsonAsync("/openapi/v1.json"))["paths"]!.AsObject().Select(p => p.Key).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "/api/o/{observatory}/tickets/{code}/time", "/api/o/{observatory}/tickets/{code}/time/{id}", "/api/o/{observatory}/tickets/{code}/timer",
                "/api/o/{observatory}/timer/stop", "/api/o/{observatory}/tickets/{code}/costs", "/api/o/{observatory}/tickets/{code}/work",
                "/api/o/{observatory}/reports/work", "/api/o/{observatory}/reports/sla", "/api/o/{observatory}/reports/lines", "/api/o/{observatory}/settings/work",
            },
            paths);
    }

    [Fact]
    public async Task AnEntryIsFoundOnlyUnderItsOwnTicket()
    {
        var one = await world.TicketAsync(world.Ana, "Uno");
        var other = await world.TicketAsync(world.Ana, "Otro");
        var entry = await world.LogAsync(world.L1, one, new { minutes = 10 });

        using (var wrongTicket = await world.L1.Client.GetAsync(world.Url($"/tickets/{other}/time/{(string)entry["id"]!}")))
        {
            await wrongTicket.ProblemAsync(HttpStatusCode.NotFound, "time_entry_not_found");
        }

        using (var malformed = await world.L1.Client.GetAsync(world.Url($"/tickets/{one}/time/..%2F..%2Fx")))
        {
            Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        }
    }
}
