using System.Globalization;
using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Work;

/// <summary>The weekly report on an observatory of its own: tickets opened and finished this week, and their SLA.</summary>
public sealed class WeeklyReportTests(World world) : IClassFixture<World>
{
    [Fact]
    public async Task ThisWeeksOpenedAndFinishedTicketsAreCountedAndAReopenedOneLeavesTheFinishedCount()
    {
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = $"Semana {i}", type = "question" }))["code"]!);
        }

        await world.PatchTicketAsync(world.L1, world.Alpha, codes[0], new { status = "finished" });
        await world.PatchTicketAsync(world.L1, world.Alpha, codes[1], new { status = "finished" });
        await world.PatchTicketAsync(world.L1, world.Alpha, codes[1], new { status = "in_progress" });

        var canary = TimeZoneInfo.FindSystemTimeZoneById("Atlantic/Canary");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, canary).DateTime);
        string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var url = world.Api(world.Alpha, $"/reports/weekly?from={D(today.AddDays(-13))}&to={D(today.AddDays(1))}");
        var report = await world.AlphaAdmin.Client.GetJsonAsync(url);
        var items = report["items"]!.AsArray();
        var thisWeek = items[^1]!;
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        Assert.Equal(D(monday), (string?)thisWeek["weekStart"]);
        Assert.Equal((3, 1, 1, 0), ((int)thisWeek["opened"]!, (int)thisWeek["finished"]!, (int)thisWeek["slaMet"]!, (int)thisWeek["slaBreached"]!));
        Assert.All(items.Take(items.Count - 1), w => Assert.Equal(0, (int)w!["opened"]!));

        using var csv = await world.AlphaAdmin.Client.GetAsync(url + "&format=csv");
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains($"{D(monday)};3;1;1;0", text, StringComparison.Ordinal);

        using var technician = await world.L1.Client.GetAsync(url);
        await technician.ProblemAsync(HttpStatusCode.Forbidden, "admin_only");
    }
}
