using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Work;

/// <summary>
/// SLA compliance by the report's cuts, on an observatory where a critical ticket breaches its
/// first response a second after opening (<see cref="SlaReportWorld"/>).
/// </summary>
public sealed class SlaReportTests(SlaReportWorld world) : IClassFixture<SlaReportWorld>
{
    [Fact]
    public async Task TheSlaReportCountsMetBreachedPendingAndCancelledTicketsWithSharesAndMeanTimes()
    {
        var met = await world.TicketAsync(world.Ana, "Respondido a tiempo");
        await world.PostMessageAsync(world.L1, world.Alpha, met, "Lo miramos ahora mismo.");
        await world.PatchTicketAsync(world.L1, world.Alpha, met, new { assignees = new[] { world.L1.Id }, status = "finished" });

        var paused = await world.TicketAsync(world.Ana, "Esperando al cliente");
        await world.PatchTicketAsync(world.L1, world.Alpha, paused, new { waitingOn = "customer" });

        var cancelled = await world.TicketAsync(world.Alex, "Me equivoqué");
        await world.PatchTicketAsync(world.Alex, world.Alpha, cancelled, new { status = "cancelled" });

        await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = "Nadie contesta", type = "repair", priority = "critical" });

        var today = DateTime.UtcNow.Date;
        var range = $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}";
        var report = await WaitForReportAsync($"sla?{range}&by=customer", r => (int)r["total"]!["breached"]! == 1 && (int)r["total"]!["met"]! == 1);

        var total = report["total"]!;
        Assert.Equal((4, 1, 1, 1, 1), ((int)total["tickets"]!, (int)total["met"]!, (int)total["breached"]!, (int)total["pending"]!, (int)total["cancelled"]!));
        Assert.Equal((1, 0), ((int)total["firstResponseBreached"]!, (int)total["resolutionBreached"]!));
        Assert.Equal((0.5000m, 0.5000m), ((decimal)total["metShare"]!, (decimal)total["breachedShare"]!));
        Assert.Contains("\"metShare\":0.5000", total.ToJsonString(), StringComparison.Ordinal);
        var meanFirstResponse = (decimal)total["meanFirstResponseMinutes"]!;
        Assert.InRange(meanFirstResponse, 0m, 1m);
        Assert.InRange((decimal)total["meanResolutionMinutes"]!, meanFirstResponse, 2m);

        var a = Assert.Single(report["rows"]!.AsArray(), r => (string?)r!["key"] == world.CustomerA)!;
        Assert.Equal(("Cliente A", 3, 1, 0, 1, 1), ((string?)a["name"], (int)a["tickets"]!, (int)a["met"]!, (int)a["breached"]!, (int)a["pending"]!, (int)a["cancelled"]!));
        Assert.Equal(1.0000m, (decimal)a["metShare"]!);
        var b = Assert.Single(report["rows"]!.AsArray(), r => (string?)r!["key"] == world.CustomerB)!;
        Assert.Equal((1, 1, 0.0000m), ((int)b["tickets"]!, (int)b["breached"]!, (decimal)b["metShare"]!));
        Assert.Null(b["meanFirstResponseMinutes"]);

        var byTechnician = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, $"/reports/sla?{range}&by=technician"));
        var l1 = Assert.Single(byTechnician["rows"]!.AsArray(), r => (string?)r!["key"] == world.L1.Id)!;
        Assert.Equal((1, 1), ((int)l1["tickets"]!, (int)l1["met"]!));

        var byType = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, $"/reports/sla?{range}&by=type"));
        Assert.Equal((4, 1), ((int)Assert.Single(byType["rows"]!.AsArray())!["tickets"]!, (int)byType["rows"]![0]!["breached"]!));

        using var csv = await world.AlphaAdmin.Client.GetAsync(new Uri(world.Api(world.Alpha, $"/reports/sla?{range}&by=customer&format=csv"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync())[3..]);
        Assert.StartsWith("row;key;name;tickets;met;breached;pending;cancelled;first_response_breached;resolution_breached;met_share;breached_share;mean_first_response_minutes;mean_resolution_minutes\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"group;{world.CustomerB};Cliente B;1;0;1;0;0;1;0;0,0000;1,0000;;\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\ntotal;;;4;1;1;1;1;1;0;0,5000;0,5000;", text, StringComparison.Ordinal);
    }

    /// <summary>Reads the report until the condition holds (the breach arrives with the clock, a few seconds in).</summary>
    private async Task<JsonNode> WaitForReportAsync(string query, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var report = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/reports/" + query));
            if (condition(report))
            {
                return report;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The report never matched: {report.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
