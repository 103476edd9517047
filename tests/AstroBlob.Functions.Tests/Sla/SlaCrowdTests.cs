using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Notifications;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tests.Triggers;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Tests.Sla;

/// <summary>
/// A policy whose escalation step tells 50 people, the most it may, and a fast first-response
/// target, so a breach and its escalation happen within a test; 60 technicians in all.
/// </summary>
public sealed class SlaCrowdWorld : World
{
    public const int Notified = 50;

    public static readonly TimeSpan FirstResponse = TimeSpan.FromSeconds(6);

    public List<string> Technicians { get; } = [];

    protected override IReadOnlyDictionary<string, string?> Settings => SlaWorld.FastSla;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < Notified + 10; i++)
        {
            using var created = await AlphaAdmin.Client.PostAsync(Api(Alpha, "/staff"), new { name = $"Técnico {i}", email = $"crowd{i}@alpha.example", role = "technician", level = 1 });
            Technicians.Add((string)(await created.JsonAsync(HttpStatusCode.Created))["id"]!);
        }

        string Span(TimeSpan t) => t.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        using var response = await AlphaAdmin.Client.PutAsync(new Uri(Api(Alpha, "/settings/sla"), UriKind.Relative), Requests.Json(new
        {
            targets = new[] { "low", "medium", "high", "critical" }.Select(p => new { priority = p, firstResponse = Span(FirstResponse), resolution = "08:00:00" }),
            warning = new { percent = 50 },
            ladder = new[] { new { level = 2, timeAtLevel = "01:00:00", reassignToLevel = false, notifyUserIds = Technicians.Take(Notified).ToArray() } },
            reopen = "restart_resolution",
            calendar = new { timeZone = "UTC", alwaysOpen = true },
        }));
        await response.JsonAsync(HttpStatusCode.OK);
    }
}

public sealed class SlaCrowdTests(SlaCrowdWorld world) : IClassFixture<SlaCrowdWorld>
{
    [Fact]
    public async Task ABreachThatTellsSeventyPeopleOnATicketWithEveryTagStillEscalatesOnce()
    {
        // Ten assignees (told of the breach) besides the fifty on the ladder (told of the
        // escalation), and the most tags a ticket may carry: one outbox row per notification
        // would take the transition's transaction past Table Storage's 100 actions.
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Muchos avisos", type = "repair", priority = "low" }))["code"]!;
        var assignees = world.Technicians.Skip(SlaCrowdWorld.Notified).ToArray();
        await world.PatchTicketAsync(world.AlphaAdmin, world.Alpha, code, new { assignees });
        for (var i = 0; i < Domain.Desk.TagRules.MaxPerTicket; i++)
        {
            using var tagged = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/tags"), new { tag = $"etiqueta-{i}" });
            await tagged.JsonAsync(HttpStatusCode.OK);
        }

        var created = DateTimeOffset.Parse((string)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(DateTimeOffset.UtcNow < created + SlaCrowdWorld.FirstResponse, "The ticket was set up after its breach; the test would prove nothing.");

        await TriggerTestKit.WaitUntilAsync(async () => (await ActivityAsync(code)).Any(a => (string?)a!["action"] == "escalated"), "the ticket escalated", TimeSpan.FromSeconds(40));
        var trail = await ActivityAsync(code);
        Assert.Single(trail, a => (string?)a!["action"] == "escalated");
        Assert.Single(trail, a => (string?)a!["action"] == "sla_breached");

        await TriggerTestKit.WaitUntilAsync(async () => (await NotificationsAsync(code, "sla_escalated")).Count >= assignees.Length + SlaCrowdWorld.Notified, "everyone was told of the escalation");
        var escalated = await NotificationsAsync(code, "sla_escalated");
        Assert.Equal(assignees.Length + SlaCrowdWorld.Notified, escalated.Count);
        Assert.Equal(escalated.Count, escalated.Select(n => n.UserId).Distinct().Count());
        Assert.Equal(assignees.Order(), (await NotificationsAsync(code, "sla_breach")).Select(n => n.UserId).Order());
    }

    private async Task<JsonArray> ActivityAsync(string code) =>
        (await world.L1.Client.GetJsonAsync(world.Api(world.Alpha, $"/tickets/{code}/activity"))).AsArray();

    /// <summary>Everybody's notifications about the ticket, straight from the table.</summary>
    private async Task<List<Notification>> NotificationsAsync(string code, string kind)
    {
        var table = new TableClient(world.Azurite.ConnectionString, world.Factory.TablePrefix + "Notifications");
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {world.Alpha + "|"} and PartitionKey lt {world.Alpha + "|~"} and RowKey ge {"n|"} and RowKey lt {"n|~"}");
        var all = new List<Notification>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            all.Add(JsonRows.Read<Notification>(row));
        }

        return [.. all.Where(n => n.TicketCode == code && n.Kind == kind)];
    }
}
