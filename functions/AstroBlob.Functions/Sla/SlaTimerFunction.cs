using AstroBlob.Functions.Observability;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;

namespace AstroBlob.Functions.Sla;

/// <summary>
/// Queue trigger of the SLA's durable timers. A message that arrives before its due time
/// (the queue caps visibility delays at 7 days) is sent again for the rest of the wait.
/// </summary>
public sealed class SlaTimerFunction(
    ObservatoryStore observatories, TicketService tickets, IQueueSender queues, AstroBlobTelemetry telemetry, TimeProvider clock) : IQueueFunction
{
    /// <summary>A message this close to its due time is fired: re-arming for less would cost more than it saves.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(50);

    public async Task RunAsync(QueueMessageContext message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var timer = message.Json<SlaTimerMessage>();
        var early = timer.DueAt - clock.GetUtcNow();
        if (early > Tolerance)
        {
            await queues.SendAsync(SlaEngine.TimerQueue, timer, early, ct);
            return;
        }

        telemetry.TimerLateness(-early);
        var observatory = await observatories.GetAsync(timer.Observatory, ct);
        if (observatory is null)
        {
            return;
        }

        await tickets.FireSlaTimerAsync(new Tenant(observatory), timer.Code, timer.Generation, ct);
    }
}
