using AstroBlob.Functions.Http;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;

namespace AstroBlob.Functions.Sla;

/// <summary>
/// The safety net of the SLA monitor, on a schedule: fires every ticket whose timer is due
/// (a lost or never-sent message, a crash between commit and send) through the due index, so
/// its cost grows with what is due, and carries out outbox rows left behind by a failure.
/// </summary>
public sealed partial class SlaSweepFunction(
    ObservatoryStore observatories, TicketStore store, TicketService tickets, OutboxDispatcher outbox, TimeProvider clock, ILogger<SlaSweepFunction> logger) : ITimerFunction
{
    private const int MaxPerObservatory = 500;

    /// <summary>Timers due this recently are most likely being fired by their queue message right now.</summary>
    private static readonly TimeSpan DueGrace = TimeSpan.FromSeconds(2);

    public async Task RunAsync(TimerContext timer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await foreach (var slug in observatories.ListSlugsAsync(ct))
        {
            var observatory = await observatories.GetAsync(slug, ct);
            if (observatory is null)
            {
                continue;
            }

            var tenant = new Tenant(observatory);
            var due = await store.ListDueAsync(slug, now - DueGrace, MaxPerObservatory, ct);
            foreach (var ticket in due)
            {
                try
                {
                    await tickets.FireSlaTimerAsync(tenant, ticket.Code, ticket.Sla!.Generation, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException && !StorageMonitor.IsStorageFailure(e))
                {
                    // One ticket that cannot be processed (a bug, a corrupt row) must not stop the
                    // sweep for every other ticket and observatory; it is logged and retried next run.
                    LogTicketFailed(logger, e, ticket.Code, slug);
                }
            }

            var leftovers = await store.ListOutboxAsync(slug, MaxPerObservatory, ct);
            await outbox.DispatchAsync(slug, leftovers, ct);
            if (due.Count > 0 || leftovers.Count > 0)
            {
                LogSwept(logger, slug, due.Count, leftovers.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SLA sweep could not fire the timer of {TicketCode} in {Observatory}")]
    private static partial void LogTicketFailed(ILogger logger, Exception exception, string ticketCode, string observatory);

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA sweep of {Observatory}: fired {Due} due timers, carried out {Outbox} outbox rows")]
    private static partial void LogSwept(ILogger logger, string observatory, int due, int outbox);
}
