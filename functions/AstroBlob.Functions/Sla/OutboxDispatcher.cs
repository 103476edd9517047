using System.Text.Json;
using AstroBlob.Functions.Email;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Notifications;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;

namespace AstroBlob.Functions.Sla;

/// <summary>
/// Carries out what a committed ticket change asked for: outbox rows (notifications, stored
/// once by id, then the row is deleted) and the SLA timer message. A failed outbox row stays
/// for the sweep; a timer that is never sent is fired by the sweep from the due index. Doing
/// either twice is harmless (a notification id exists once; a duplicate timer meets the
/// generation check).
/// </summary>
public sealed partial class OutboxDispatcher(
    TicketStore tickets, NotificationStore notifications, IQueueSender queues, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    /// <summary>One notification (rows written before notifications were batched).</summary>
    public const string NotifyKind = "notify";

    /// <summary>Several notifications of one change, in one row.</summary>
    public const string NotifyBatchKind = "notify-batch";

    /// <summary>Sends the timer of a committed change; if storage fails, the sweep fires it from the due index.</summary>
    public async Task SendTimerAsync(SlaTimerMessage? timer, CancellationToken ct)
    {
        if (timer is null)
        {
            return;
        }

        try
        {
            var delay = timer.DueAt - clock.GetUtcNow();
            await queues.SendAsync(SlaEngine.TimerQueue, timer, delay > TimeSpan.Zero ? delay : null, ct);
        }
        catch (Exception e) when (StorageMonitor.IsStorageFailure(e))
        {
            LogDeferred(logger, "timer", timer.Code, timer.Observatory, e.Message);
        }
    }

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
                LogDeferred(logger, "outbox " + item.Kind, item.Id, observatory, e.Message);
            }
        }
    }

    private async Task CarryOutAsync(string observatory, OutboxItem item, CancellationToken ct)
    {
        switch (item.Kind)
        {
            case NotifyKind:
                await NotifyAsync(observatory, JsonSerializer.Deserialize<Notification>(item.Payload, Json.Options)!, ct);
                break;
            case NotifyBatchKind:
                foreach (var notification in JsonSerializer.Deserialize<Notification[]>(item.Payload, Json.Options)!)
                {
                    // Carried out again after a failure part-way: each notification exists once, and a mail job sent twice is sent once.
                    await NotifyAsync(observatory, notification, ct);
                }

                break;
            case MailJob.OutboxKind:
                await queues.SendAsync(EmailSendFunction.Queue, MailJob.FromOutbox(item), ct: ct);
                break;
            case Desk.MergeJob.OutboxKind:
                await queues.SendAsync(Desk.MergeService.Queue, Desk.MergeJob.FromOutbox(item), ct: ct);
                break;
            default:
                throw new InvalidDataException($"Unknown outbox kind '{item.Kind}'.");
        }
    }

    private async Task NotifyAsync(string observatory, Notification notification, CancellationToken ct)
    {
        await notifications.AddOnceAsync(observatory, notification, ct);
        if (MailJob.ForNotification(observatory, notification) is { } mail)
        {
            await queues.SendAsync(EmailSendFunction.Queue, mail, ct: ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} {Id} of {Observatory} deferred to the sweep: {Reason}")]
    private static partial void LogDeferred(ILogger logger, string kind, string id, string observatory, string reason);
}
