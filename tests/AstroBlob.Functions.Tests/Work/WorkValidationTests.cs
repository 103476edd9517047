using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Work;

/// <summary>Bad input is refused before anything is written, as problem+json naming the field.</summary>
public sealed class WorkValidationTests(World world) : IClassFixture<World>
{
    private async Task RefusedAsync(string code, object body, string problemCode, string field)
    {
        using var response = await world.L1.Client.PostAsync(world.Alpha($"/tickets/{code}/time"), body);
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, problemCode);
        Assert.True(problem["errors"]?[field] is not null, $"Expected the problem to name '{field}': {problem.ToJsonString()}");
    }

    [Fact]
    public async Task ImpossibleDurationsAreRefusedAndNothingIsLogged()
    {
        var code = await world.TicketAsync(world.Ana, "Duraciones imposibles");

        await RefusedAsync(code, new { minutes = -30 }, "duration_not_positive", "minutes");
        await RefusedAsync(code, new { minutes = 0 }, "duration_not_positive", "minutes");
        await RefusedAsync(code, new { minutes = 24 * 60 + 1 }, "duration_too_long", "minutes");
        await RefusedAsync(code, new { startedAt = "2026-06-10T10:00:00Z", endedAt = "2026-06-10T09:00:00Z" }, "end_before_start", "endedAt");
        await RefusedAsync(code, new { startedAt = "2026-06-10T10:00:00Z", endedAt = "2026-06-12T10:00:00Z" }, "duration_too_long", "endedAt");
        await RefusedAsync(code, new { startedAt = "2026-06-10T10:00:00Z", endedAt = "2026-06-10T11:00:00Z", minutes = 61 }, "minutes_exceed_period", "minutes");
        await RefusedAsync(code, new { startedAt = "2999-06-10T10:00:00Z", minutes = 60 }, "in_future", "startedAt");
        await RefusedAsync(code, new { startedAt = "0026-06-10T10:00:00Z", minutes = 60 }, "out_of_range", "startedAt");
        await RefusedAsync(code, new { startedAt = "2026-06-10T10:00:00Z" }, "duration_required", "minutes");
        await RefusedAsync(code, new { note = "sin duración" }, "duration_required", "minutes");

        Assert.Empty((await world.TimeAsync(world.L1, code))["items"]!.AsArray());
    }

    [Fact]
    public async Task MalformedFieldsAreRefusedNamingThem()
    {
        var code = await world.TicketAsync(world.Ana, "Campos mal formados");

        await RefusedAsync(code, new { startedAt = "2026-06-10T10:00:00", minutes = 60 }, "invalid_field", "startedAt");
        await RefusedAsync(code, new { startedAt = "ayer", minutes = 60 }, "invalid_field", "startedAt");
        await RefusedAsync(code, new { minutes = 1.5 }, "invalid_field", "minutes");
        await RefusedAsync(code, new { minutes = "60" }, "invalid_field", "minutes");
        await RefusedAsync(code, new { minutes = 60, hours = 1 }, "invalid_field", "hours");
        await RefusedAsync(code, new { minutes = 60, hourlyRate = -10 }, "out_of_range", "hourlyRate");
        await RefusedAsync(code, new { minutes = 60, hourlyRate = 12.345 }, "too_many_decimals", "hourlyRate");
        await RefusedAsync(code, new { minutes = 60, note = new string('n', 4001) }, "too_long", "note");

        using var notJson = await world.L1.Client.PostAsync(world.Alpha($"/tickets/{code}/time"), new StringContent("minutes=60", System.Text.Encoding.UTF8, "text/plain"));
        await notJson.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task APatchCannotNullARequiredFieldOrBreakTheEntry()
    {
        var code = await world.TicketAsync(world.Ana, "Parches malos");
        var entry = await world.LogAsync(world.L1, code, new { startedAt = "2026-06-10T09:00:00Z", minutes = 60 });
        var url = world.Alpha($"/tickets/{code}/time/{(string)entry["id"]!}");

        async Task PatchRefusedAsync(object body, string problemCode, string field)
        {
            using var response = await world.L1.Client.PatchAsync(url, body, ifMatch: null);
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, problemCode);
            Assert.NotNull(problem["errors"]![field]);
        }

        await PatchRefusedAsync(new { minutes = (int?)null }, "invalid_field", "minutes");
        await PatchRefusedAsync(new { billable = (bool?)null }, "invalid_field", "billable");
        await PatchRefusedAsync(new { endedAt = "2026-06-10T08:00:00Z" }, "end_before_start", "endedAt");
        await PatchRefusedAsync(new { minutes = -5 }, "duration_not_positive", "minutes");

        Assert.Empty((await world.L1.Client.GetJsonAsync(url))["history"]!.AsArray());
    }

    [Fact]
    public async Task AnUnknownTicketOrEntryIsNotFound()
    {
        using (var unknownTicket = await world.L1.Client.PostAsync(world.Alpha("/tickets/ALPHA-999999/time"), new { minutes = 10 }))
        {
            await unknownTicket.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        using (var garbage = await world.L1.Client.GetAsync(world.Url("/tickets/not-a-code/costs")))
        {
            await garbage.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        var code = await world.TicketAsync(world.Ana, "Entrada inexistente");
        using (var unknownEntry = await world.L1.Client.PatchAsync(world.Alpha($"/tickets/{code}/time/{new string('a', 24)}"), new { minutes = 5 }, ifMatch: null))
        {
            await unknownEntry.ProblemAsync(HttpStatusCode.NotFound, "time_entry_not_found");
        }

        using (var unknownCost = await world.L1.Client.SendDeleteAsync(world.Alpha($"/tickets/{code}/costs/{new string('b', 24)}")))
        {
            await unknownCost.ProblemAsync(HttpStatusCode.NotFound, "cost_not_found");
        }
    }

    [Fact]
    public async Task ReportParametersAreCheckedAndNamed()
    {
        async Task BadAsync(string query, string problemCode, string field)
        {
            using var response = await world.AlphaAdmin.Client.GetAsync(world.Url("/reports/work" + query));
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, problemCode);
            Assert.NotNull(problem["errors"]![field]);
        }

        await BadAsync("?to=2026-02-01", "required", "from");
        await BadAsync("?from=2026-02-01&to=2026-01-01", "invalid_range", "to");
        await BadAsync("?from=2024-01-01&to=2026-01-01", "range_too_long", "to");
        await BadAsync("?from=1/1/2026&to=2026-02-01", "invalid_date", "from");
        await BadAsync("?from=2026-01-01&to=2026-02-01&by=planet", "invalid_query", "by");
        await BadAsync("?from=2026-01-01&to=2026-02-01&format=xlsx", "invalid_query", "format");
        await BadAsync("?from=2026-01-01&to=2026-02-01&format=csv&locale=fr", "invalid_query", "locale");
    }

    [Fact]
    public async Task WorkSettingsRefuseAnUnknownCurrencyOrAnAbsurdRate()
    {
        using (var currency = await world.AlphaAdmin.Client.PutAsync(world.Url("/settings/work"), Requests.Json(new { currency = "euro" })))
        {
            var problem = await currency.ProblemAsync(HttpStatusCode.BadRequest, "invalid_currency");
            Assert.NotNull(problem["errors"]!["currency"]);
        }

        using (var rate = await world.AlphaAdmin.Client.PutAsync(world.Url("/settings/work"), Requests.Json(new { currency = "EUR", defaultHourlyRate = -1 })))
        {
            var problem = await rate.ProblemAsync(HttpStatusCode.BadRequest, "out_of_range");
            Assert.NotNull(problem["errors"]!["defaultHourlyRate"]);
        }

        Assert.Null((await world.AlphaAdmin.Client.GetJsonAsync(world.Alpha("/settings/work")))["defaultHourlyRate"]);
    }
}
