using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.Sla;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace AstroBlob.Functions.Tests.Sla;

public sealed class SlaTimerRearmTests(SlaWorld world) : IClassFixture<SlaWorld>
{
    [Fact]
    public async Task ATimerThatArrivesBeforeItsDueTimeIsReArmedForTheRestNotFired()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Plazo lejano", type = "question", priority = "low" }))["code"]!;
        var services = world.Factory.Services;
        var store = services.GetRequiredService<TicketStore>();
        var before = (await store.GetAsync(world.Alpha, code, CancellationToken.None))!.Value.Ticket.Sla!;

        // The queue caps a delay at 7 days, so a deadline 10 days away arrives early.
        var sent = new List<(string Queue, object Body, TimeSpan? Delay)>();
        var sender = new RecordingSender(services.GetRequiredService<IQueueSender>(), sent);
        var function = new SlaTimerFunction(services.GetRequiredService<ObservatoryStore>(), services.GetRequiredService<TicketService>(), sender, services.GetRequiredService<AstroBlob.Functions.Observability.AstroBlobTelemetry>(), TimeProvider.System);
        var due = DateTimeOffset.UtcNow.AddDays(10);
        var body = System.Text.Json.JsonSerializer.Serialize(new SlaTimerMessage(world.Alpha, code, before.Generation, due), System.Text.Json.JsonSerializerOptions.Web);
        await function.RunAsync(new QueueMessageContext(SlaEngine.TimerQueue, "m1", body, 1, DateTimeOffset.UtcNow), CancellationToken.None);

        var rearmed = Assert.Single(sent);
        Assert.Equal(SlaEngine.TimerQueue, rearmed.Queue);
        Assert.Equal(new SlaTimerMessage(world.Alpha, code, before.Generation, due), rearmed.Body);
        Assert.InRange(rearmed.Delay!.Value, TimeSpan.FromDays(10) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(10));
        var after = (await store.GetAsync(world.Alpha, code, CancellationToken.None))!.Value.Ticket.Sla!;
        Assert.Equal(before.Generation, after.Generation);
    }

    /// <summary>The real sender, with a record of what went through it.</summary>
    private sealed class RecordingSender(IQueueSender inner, List<(string, object, TimeSpan?)> sent) : IQueueSender
    {
        public async Task SendAsync(string queue, object body, TimeSpan? visibilityDelay = null, CancellationToken ct = default)
        {
            sent.Add((queue, body, visibilityDelay));
            await inner.SendAsync(queue, body, visibilityDelay, ct);
        }
    }
}
