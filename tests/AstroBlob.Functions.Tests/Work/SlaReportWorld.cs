using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Work;

/// <summary>
/// A world whose 24x7 SLA gives critical tickets one second to a first response and everything
/// else a minute: a critical ticket breaches within the test, and the others are met or left
/// pending with time to spare even on a busy machine.
/// </summary>
public sealed class SlaReportWorld : World
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var targets = new[] { "low", "medium", "high", "critical" }.Select(p => new
        {
            priority = p,
            firstResponse = p == "critical" ? "00:00:01" : "00:01:00",
            resolution = "00:02:00",
        });
        using var response = await AlphaAdmin.Client.PutAsync(new Uri(Api(Alpha, "/settings/sla"), UriKind.Relative), Requests.Json(new
        {
            targets,
            warning = new { percent = 50 },
            ladder = Array.Empty<object>(),
            reopen = "restart_resolution",
            calendar = new { timeZone = "Atlantic/Canary", alwaysOpen = true },
        }));
        await response.JsonAsync(HttpStatusCode.OK);
    }
}
