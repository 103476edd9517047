using System.Text.Json;

namespace AstroBlob.Functions.Triggers;

/// <summary>
/// A queue-triggered function, registered with <see cref="TriggerBuilder.Queue{TFunction}"/>.
/// Resolved from a fresh DI scope for every message.
/// </summary>
/// <remarks>
/// Returning completes the message (it is deleted). Throwing fails it: it comes back after a
/// backoff and, after <see cref="TriggerOptions.MaxDequeueCount"/> attempts, moves to the
/// <c>-poison</c> queue. Delivery is at least once, so handlers must be idempotent.
/// </remarks>
public interface IQueueFunction
{
    Task RunAsync(QueueMessageContext message, CancellationToken ct);
}

/// <summary>One queue message as business code sees it: no storage SDK types.</summary>
/// <param name="QueueName">The queue's name as registered (without the configured prefix).</param>
/// <param name="MessageId">Stable across redeliveries of the same message.</param>
/// <param name="Body">The message text as sent (JSON when sent with <see cref="IQueueSender"/>).</param>
/// <param name="DequeueCount">1 on the first delivery, then one more for each redelivery.</param>
/// <param name="InsertedOn">When the message was enqueued, as storage reports it.</param>
public sealed record QueueMessageContext(
    string QueueName,
    string MessageId,
    string Body,
    long DequeueCount,
    DateTimeOffset? InsertedOn)
{
    /// <summary>The body read as JSON with the web defaults (camelCase, case-insensitive).</summary>
    /// <exception cref="JsonException">The body is not JSON of that shape, or is JSON <c>null</c>.</exception>
    public T Json<T>() =>
        JsonSerializer.Deserialize<T>(Body, JsonSerializerOptions.Web)
        ?? throw new JsonException($"Message {MessageId} from {QueueName} has a null body.");
}
