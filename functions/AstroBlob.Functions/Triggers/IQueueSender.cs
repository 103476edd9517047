namespace AstroBlob.Functions.Triggers;

/// <summary>Enqueues messages for queue functions (in this host or any other).</summary>
public interface IQueueSender
{
    /// <summary>
    /// Sends <paramref name="body"/> serialised as JSON (web defaults; a string becomes a JSON
    /// string) to <paramref name="queue"/> (the configured prefix is added), creating the queue
    /// when it is missing. The message never expires.
    /// </summary>
    /// <param name="visibilityDelay">
    /// Keeps the message invisible for this long (a durable timer). Azure Storage allows at most
    /// <see cref="MaxVisibilityDelay"/> (7 days); a longer delay is capped to it, so a caller that
    /// needs a later time must re-arm: carry the real due time in the body and, when the message
    /// arrives early, send it again with the remaining delay.
    /// </param>
    /// <exception cref="ArgumentException">The queue name is not a valid queue name.</exception>
    Task SendAsync(string queue, object body, TimeSpan? visibilityDelay = null, CancellationToken ct = default);

    /// <summary>The longest visibility delay Azure Storage accepts.</summary>
    static TimeSpan MaxVisibilityDelay => TimeSpan.FromDays(7);
}
