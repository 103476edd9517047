using System.Diagnostics;
using System.Text.Json.Nodes;
using AstroBlob.Domain.Sla;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.Sla;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace AstroBlob.Functions.Tests.Sla;

/// <summary>Duplicated, racing and interrupted timer work must never escalate twice nor lose an escalation.</summary>
public sealed class SlaExactlyOnceTests(SlaWorld world) : IClassFixture<SlaWorld>
{
    private string Alpha(string path) => world.Api(world.Alpha, path);

    private T Service<T>() where T : notnull => world.Factory.Services.GetRequiredService<T>();

    [Fact]
    public async Task DuplicatedAndRacingTimersEscalateExactlyOnce()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Carrera de temporizadores", type = "repair", priority = "critical" }))["code"]!;
        var tenant = new Tenant((await Service<ObservatoryStore>().GetAsync(world.Alpha, CancellationToken.None))!);
        var store = Service<TicketStore>();
        var service = Service<TicketService>();
        var queue = Service<IQueueSender>();

        // Four extra processors fire whatever generation is current, again and again, and
        // duplicate each timer message into the queue, while the real timer does its work.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        async Task HammerAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var (ticket, _) = (await store.GetAsync(world.Alpha, code, CancellationToken.None))!.Value;
                if (ticket.Sla!.EscalationLevel >= 2 && ticket.Sla.FirstResponse.Breached)
                {
                    return;
                }

                await service.FireSlaTimerAsync(tenant, code, ticket.Sla.Generation, CancellationToken.None);
                await queue.SendAsync(SlaEngine.TimerQueue, new SlaTimerMessage(world.Alpha, code, ticket.Sla.Generation, ticket.Sla.NextTimerAt ?? DateTimeOffset.UtcNow), null, CancellationToken.None);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(HammerAsync)));
        Assert.False(stop.IsCancellationRequested, "the ticket never escalated");

        // Let the duplicates drain: every one of them must be a no-op.
        await WaitUntilAsync(async () => (await NotificationsAsync(world.AlphaAdmin, code, "sla_escalated")).Count == 1);
        var trail = (await world.L1.Client.GetJsonAsync(Alpha($"/tickets/{code}/activity"))).AsArray();
        Assert.Single(trail, a => (string?)a!["action"] == "escalated");
        Assert.Single(trail, a => (string?)a!["action"] == "sla_breached" && (string?)a["changes"]![0]!["field"] == "sla.firstResponse");
        Assert.Single(await NotificationsAsync(world.AlphaAdmin, code, "sla_escalated"));
        Assert.Single(await NotificationsAsync(world.AlphaAdmin, code, "sla_breach"));
        Assert.Equal(2, (int)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["supportLevel"]!);
    }

    [Fact]
    public async Task ACrashBetweenCommitAndDispatchLosesNothingTheSweepCarriesItOut()
    {
        var code = (string)(await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = "Caída a mitad", type = "repair", priority = "low" }))["code"]!;
        var tenant = new Tenant((await Service<ObservatoryStore>().GetAsync(world.Alpha, CancellationToken.None))!);
        var store = Service<TicketStore>();

        // The first two steps of a save, as the host does them, then the process "dies"
        // before carrying out the outbox: the escalation is committed, its notification and
        // next timer exist only as outbox rows.
        var (before, etag) = (await store.GetAsync(world.Alpha, code, CancellationToken.None))!.Value;
        var outcome = await Service<SlaEngine>().AdvanceAsync(
            tenant, before, before, [new SlaEvent.EscalatedByHand(2)], new Domain.People.Actor(world.L1.Id, "L1", Domain.People.Role.Technician), DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Contains(outcome.Outbox, o => o.Kind == OutboxDispatcher.NotifyBatchKind);
        await store.UpdateAsync(world.Alpha, before, outcome.Ticket, etag, outcome.Activity, outcome.Outbox, CancellationToken.None);

        // The sweep finds the leftovers and carries them out, once.
        await WaitUntilAsync(async () => (await store.ListOutboxAsync(world.Alpha, 100, CancellationToken.None)).Count == 0);
        Assert.Single(await NotificationsAsync(world.AlphaAdmin, code, "sla_escalated"));
        Assert.Equal(2, (int)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["supportLevel"]!);
    }

    [Fact]
    public async Task ATimerThatWasNeverSentIsFiredByTheSweepFromTheDueIndex()
    {
        var code = (string)(await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = "Temporizador perdido", type = "question", priority = "low" }))["code"]!;
        var tenant = new Tenant((await Service<ObservatoryStore>().GetAsync(world.Alpha, CancellationToken.None))!);
        var store = Service<TicketStore>();

        // Raise the priority to critical (first response due 1 s after opening, so at once)
        // and commit, but "die" before sending the new timer: the old one is now stale.
        var (before, etag) = (await store.GetAsync(world.Alpha, code, CancellationToken.None))!.Value;
        var raised = before with { Priority = Domain.Tickets.TicketPriority.Critical };
        var outcome = await Service<SlaEngine>().AdvanceAsync(tenant, before, raised, [], SlaEngine.Monitor, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.NotNull(outcome.Timer);
        await store.UpdateAsync(world.Alpha, before, outcome.Ticket, etag, outcome.Activity, outcome.Outbox, CancellationToken.None);

        await WaitUntilAsync(async () => (await NotificationsAsync(world.AlphaAdmin, code, "sla_breach")).Count == 1);
        Assert.Equal("red", (string?)(await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket["sla"]!["light"]);
    }

    private async Task<List<JsonNode>> NotificationsAsync(Person who, string code, string kind) =>
        (await who.Client.GetJsonAsync(Alpha("/notifications?limit=200"))).AsArray()
            .Where(n => (string?)n!["ticketCode"] == code && (string?)n["kind"] == kind).Select(n => n!).ToList();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "condition not met in time");
            await Task.Delay(50);
        }
    }
}
