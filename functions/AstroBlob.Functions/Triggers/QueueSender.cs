using System.Text.Json;
using Azure;
using Azure.Storage.Queues.Models;

namespace AstroBlob.Functions.Triggers;

internal sealed partial class QueueSender(TriggerStorage storage, QueueSignals signals, ILogger<QueueSender> logger) : IQueueSender
{
    /// <summary>-1 s: the message never expires (the default, 7 days, would drop a week-long durable timer as it fires).</summary>
    internal static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    public async Task SendAsync(string queue, object body, TimeSpan? visibilityDelay = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(body);
        if (TriggerNames.QueueProblem(storage.Prefix + queue) is { } problem)
        {
            throw new ArgumentException($"'{storage.Prefix + queue}' is not a valid queue name: {problem}", nameof(queue));
        }

        var delay = visibilityDelay ?? TimeSpan.Zero;
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityDelay), visibilityDelay, "The visibility delay must not be negative.");
        }

        if (delay > IQueueSender.MaxVisibilityDelay)
        {
            LogDelayCapped(logger, queue, delay);
            delay = IQueueSender.MaxVisibilityDelay;
        }

        var text = JsonSerializer.Serialize(body, body.GetType(), JsonSerializerOptions.Web);
        var client = storage.Queue(queue);
        try
        {
            await client.SendMessageAsync(text, delay, NeverExpires, ct);
        }
        catch (RequestFailedException e) when (e.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await client.CreateIfNotExistsAsync(cancellationToken: ct);
            await client.SendMessageAsync(text, delay, NeverExpires, ct);
        }

        if (delay == TimeSpan.Zero)
        {
            signals.Notify(client.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Visibility delay {Delay} for queue {Queue} is beyond the 7-day maximum; capped (the receiver re-arms)")]
    private static partial void LogDelayCapped(ILogger logger, string queue, TimeSpan delay);
}
