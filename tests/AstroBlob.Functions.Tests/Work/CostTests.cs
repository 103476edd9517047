using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Work;

/// <summary>Products and expenses on a ticket: totals with the time, owners and admins, the trail.</summary>
public sealed class CostTests(World world) : IClassFixture<World>
{
    [Fact]
    public async Task ProductsAndExpensesAddUpWithTheTimeIntoTheTicketsWorth()
    {
        var code = await world.TicketAsync(world.Ana, "Sustituir el filtro", world.AnaScope);
        var filter = await world.AddCostAsync(world.L1, code, new { kind = "product", description = "Filtro Hα 7 nm", quantity = 1, unitPrice = 289.90, billable = true, date = "2026-06-02" });
        Assert.Equal((289.90m, "EUR", "2026-06-02"), ((decimal)filter["amount"]!, (string?)filter["currency"], (string?)filter["date"]));
        await world.AddCostAsync(world.L2, code, new { kind = "expense", description = "Desplazamiento", quantity = 84.5, unitPrice = 0.26, billable = false });
        await world.LogAsync(world.L1, code, new { minutes = 90, billable = true, hourlyRate = 40 });

        var costs = await world.L1.Client.GetJsonAsync(world.Alpha($"/tickets/{code}/costs"));
        Assert.Equal(2, (int)costs["totals"]!["lines"]!);
        var costAmounts = Assert.Single(costs["totals"]!["amounts"]!.AsArray())!;
        Assert.Equal((289.90m, 21.97m), ((decimal)costAmounts["billable"]!, (decimal)costAmounts["nonBillable"]!));

        var summary = await world.L2.Client.GetJsonAsync(world.Alpha($"/tickets/{code}/work"));
        Assert.Equal(90, (long)summary["time"]!["billableMinutes"]!);
        var worth = Assert.Single(summary["amounts"]!.AsArray())!;
        Assert.Equal(("EUR", 349.90m, 21.97m, 371.87m), ((string?)worth["currency"], (decimal)worth["billable"]!, (decimal)worth["nonBillable"]!, (decimal)worth["total"]!));

        Assert.Equal(["cost_added", "cost_added", "time_entry_added"], (await world.TrailAsync(world.L1, code)).Where(a => a != "created"));
    }

    [Fact]
    public async Task ALineIsChangedOrDeletedByWhoeverAddedItOrAnAdmin()
    {
        var code = await world.TicketAsync(world.Bob, "Cable USB dañado");
        var cable = await world.AddCostAsync(world.L1, code, new { kind = "product", description = "Cable USB 3 m", quantity = 2, unitPrice = 9.95 });
        var url = world.Alpha($"/tickets/{code}/costs/{(string)cable["id"]!}");

        using (var byColleague = await world.L2.Client.PatchAsync(url, new { quantity = 3 }, ifMatch: null))
        {
            await byColleague.ProblemAsync(HttpStatusCode.Forbidden, "not_your_entry");
        }

        using (var byOwner = await world.L1.Client.PatchAsync(url, new { quantity = 3, description = "Cable USB 3 m (×3)" }, ifMatch: null))
        {
            var edited = await byOwner.JsonAsync(HttpStatusCode.OK);
            Assert.Equal(29.85m, (decimal)edited["amount"]!);
            Assert.Equal(2, Assert.Single(edited["history"]!.AsArray())!["changes"]!.AsArray().Count);
        }

        using (var byAdmin = await world.AlphaAdmin.Client.SendDeleteAsync(url))
        {
            Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        }

        using (var again = await world.AlphaAdmin.Client.SendDeleteAsync(url))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }

        var costs = await world.L1.Client.GetJsonAsync(world.Alpha($"/tickets/{code}/costs"));
        Assert.Empty(costs["items"]!.AsArray());
        Assert.Equal(0, (int)costs["totals"]!["lines"]!);
        Assert.Equal(["cost_added", "cost_updated", "cost_deleted"], (await world.TrailAsync(world.L1, code)).Where(a => a.StartsWith("cost_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AbsurdQuantitiesAndPricesAreRefusedNamingTheField()
    {
        var code = await world.TicketAsync(world.Ana, "Cantidades absurdas");
        async Task RefusedAsync(object body, string code2, string field)
        {
            using var response = await world.L1.Client.PostAsync(world.Alpha($"/tickets/{code}/costs"), body);
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, code2);
            Assert.NotNull(problem["errors"]![field]);
        }

        await RefusedAsync(new { kind = "product", description = "Tornillos", quantity = 0, unitPrice = 1 }, "out_of_range", "quantity");
        await RefusedAsync(new { kind = "product", description = "Tornillos", quantity = -4, unitPrice = 1 }, "out_of_range", "quantity");
        await RefusedAsync(new { kind = "product", description = "Tornillos", quantity = 1e9, unitPrice = 1 }, "out_of_range", "quantity");
        await RefusedAsync(new { kind = "product", description = "Tornillos", quantity = 1.23456, unitPrice = 1 }, "too_many_decimals", "quantity");
        await RefusedAsync(new { kind = "product", description = "Tornillos", quantity = 1, unitPrice = -5 }, "out_of_range", "unitPrice");
        await RefusedAsync(new { kind = "product", description = "Tornillos", quantity = 1, unitPrice = 2e7 }, "out_of_range", "unitPrice");
        await RefusedAsync(new { kind = "product", description = "", quantity = 1, unitPrice = 1 }, "required", "description");
        await RefusedAsync(new { kind = "gift", description = "Tornillos", quantity = 1, unitPrice = 1 }, "invalid_field", "kind");
        await RefusedAsync(new { kind = "product", description = "Tornillos", quantity = "1", unitPrice = 1 }, "invalid_field", "quantity");
        await RefusedAsync(new { kind = "product", description = "Tornillos", quantity = 1, unitPrice = 1, date = "2999-01-01" }, "in_future", "date");
        await RefusedAsync(new { kind = "product", description = "Tornillos", unitPrice = 1 }, "invalid_field", "quantity");

        Assert.Empty((await world.L1.Client.GetJsonAsync(world.Alpha($"/tickets/{code}/costs")))["items"]!.AsArray());
    }
}
