using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Sla;

/// <summary>
/// A world whose observatory runs a seconds-long, 24x7 SLA policy and whose host polls its
/// queues and sweeps often, so that whole SLA lifecycles happen within a test.
/// </summary>
public sealed class SlaWorld : World
{
    /// <summary>First response is due 3 s after opening (yellow at 1.5 s); resolution after 8 s.</summary>
    public static readonly TimeSpan FirstResponse = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan Resolution = TimeSpan.FromSeconds(8);

    /// <summary>Queues polled every 50-200 ms and the SLA sweep every second: whole lifecycles within a test.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastSla = new Dictionary<string, string?>
    {
        ["Triggers:MinPollInterval"] = "00:00:00.050",
        ["Triggers:MaxPollInterval"] = "00:00:00.200",
        ["Sla:SweepCron"] = "* * * * * *",
    };

    protected override IReadOnlyDictionary<string, string?> Settings => FastSla;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        string Span(TimeSpan t) => t.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        var targets = new[] { "low", "medium", "high", "critical" }.Select(p => new
        {
            priority = p,
            firstResponse = Span(p == "critical" ? TimeSpan.FromSeconds(1) : FirstResponse),
            resolution = Span(Resolution),
        });
        using var response = await AlphaAdmin.Client.PutAsync(new Uri(Api(Alpha, "/settings/sla"), UriKind.Relative), Requests.Json(new
        {
            targets,
            warning = new { percent = 50 },
            ladder = new[] { new { level = 2, timeAtLevel = "00:01:00", reassignToLevel = true, notifyUserIds = new[] { AlphaAdmin.Id } } },
            reopen = "restart_resolution",
            calendar = new { timeZone = "Atlantic/Canary", alwaysOpen = true },
        }));
        await response.JsonAsync(HttpStatusCode.OK);
    }
}
