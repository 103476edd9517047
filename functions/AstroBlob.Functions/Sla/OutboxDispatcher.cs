using System.Text.Json;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Notifications;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;

namespace AstroBlob.Functions.Sla;

/// <summary>
/// Carries out outbox rows after the change that wrote them has committed: stores
/// notifications (once, by id) and sends timer messages, then deletes the row. A failure
/// leaves the row for the sweep, so nothing is lost; doing one twice is harmless (a
/// notification id exists once; a duplicate timer meets a stale or re-checked generation).
/// </summary>
public sealed partial class OutboxDispatcher(
    TicketStore tickets, NotificationStore notifications, IQueueSender queues, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    public const string NotifyKind = "notify";
    public const string TimerKind = "timer";

    public async Task DispatchAsync(string observatory, IReadOnlyList<OutboxItem> items, CancellationToken ct)
    {
        foreach (var item in items)
        {
            try
            {
                await CarryOutAsync(observatory, item, ct);
                await tickets.DeleteOutboxAsync(observatory, item.Id, ct);
            }
            catch (Exception e) when (StorageMonitor.IsStorageFailure(e))
            {
                LogDeferred(logger, item.Kind, item.Id, observatory, e.Message);
            }
        }
    }

    private async Task CarryOutAsync(string observatory, OutboxItem item, CancellationToken ct)
    {
        switch (item.Kind)
        {
            case NotifyKind:
                await notifications.AddOnceAsync(observatory, JsonSerializer.Deserialize<Notification>(item.Payload, Json.Options)!, ct);
                break;
            case TimerKind:
                var timer = JsonSerializer.Deserialize<SlaTimerMessage>(item.Payload, Json.Options)!;
                var delay = timer.DueAt - clock.GetUtcNow();
                await queues.SendAsync(SlaEngine.TimerQueue, timer, delay > TimeSpan.Zero ? delay : null, ct);
                break;
            default:
                throw new InvalidDataException($"Unknown outbox kind '{item.Kind}'.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {Kind} {OutboxId} of {Observatory} deferred to the sweep: {Reason}")]
    private static partial void LogDeferred(ILogger logger, string kind, string outboxId, string observatory, string reason);
}
