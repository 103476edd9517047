namespace AstroBlob.Functions.Triggers;

/// <summary>The runtime's log lines, as message templates (category <c>AstroBlob.Functions.Triggers</c>).</summary>
internal static partial class TriggerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Listening to queue {Queue} for {Function} with up to {MaxConcurrency} concurrent invocations")]
    public static partial void ListenerStarted(this ILogger logger, string queue, string function, int maxConcurrency);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Executed {Function} for message {MessageId} from {Queue} (dequeue count {DequeueCount}) in {DurationMs} ms")]
    public static partial void Executed(this ILogger logger, string function, string messageId, string queue, long dequeueCount, double durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Function} failed for message {MessageId} from {Queue} (dequeue count {DequeueCount}) after {DurationMs} ms; retrying in {RetryDelay}")]
    public static partial void Failed(this ILogger logger, Exception exception, string function, string messageId, string queue, long dequeueCount, double durationMs, TimeSpan retryDelay);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Function} failed for message {MessageId} from {Queue} (dequeue count {DequeueCount}) after {DurationMs} ms; no attempts left")]
    public static partial void FailedFinally(this ILogger logger, Exception exception, string function, string messageId, string queue, long dequeueCount, double durationMs);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Message {MessageId} from {Queue} (dequeue count {DequeueCount}) moved to poison queue {PoisonQueue}")]
    public static partial void Poisoned(this ILogger logger, string messageId, string queue, long dequeueCount, string poisonQueue);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Storage unreachable for {Trigger}; waiting it out with backoff: {Reason}")]
    public static partial void StorageUnreachable(this ILogger logger, string trigger, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Storage reachable again for {Trigger} after {Downtime}")]
    public static partial void StorageBack(this ILogger logger, string trigger, TimeSpan downtime);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "The loop of {Trigger} failed; retrying with backoff")]
    public static partial void LoopFailed(this ILogger logger, Exception exception, string trigger);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Queue {Queue} does not exist; creating it")]
    public static partial void QueueMissing(this ILogger logger, string queue);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Could not extend the visibility of message {MessageId} in {Queue}; retrying next period: {Reason}")]
    public static partial void RenewalFailed(this ILogger logger, string messageId, string queue, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Message {MessageId} in {Queue} is no longer ours (deleted, or redelivered after its visibility lapsed)")]
    public static partial void MessageLost(this ILogger logger, string messageId, string queue);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Could not settle message {MessageId} in {Queue}; it reappears after its visibility timeout: {Reason}")]
    public static partial void SettleFailed(this ILogger logger, string messageId, string queue, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Stopping queue {Queue}: waiting up to {Timeout} for {Count} running handlers")]
    public static partial void Draining(this ILogger logger, string queue, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Stopping queue {Queue}: {Count} handlers still running after {Timeout}; cancelling them and returning their messages")]
    public static partial void CancellingHandlers(this ILogger logger, string queue, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "{Function} was cancelled for message {MessageId} from {Queue} by shutdown")]
    public static partial void HandlerCancelled(this ILogger logger, string function, string messageId, string queue);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "Message {MessageId} returned to {Queue} for another instance")]
    public static partial void Returned(this ILogger logger, string messageId, string queue);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Timer {Timer} scheduled by '{Cron}' (UTC) runs {Function}")]
    public static partial void TimerStarted(this ILogger logger, string timer, string cron, string function);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Running timer {Timer} for {ScheduledAt:O} (past due: {IsPastDue})")]
    public static partial void TimerRunning(this ILogger logger, string timer, DateTimeOffset scheduledAt, bool isPastDue);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Timer {Timer} completed for {ScheduledAt:O} in {DurationMs} ms")]
    public static partial void TimerCompleted(this ILogger logger, string timer, DateTimeOffset scheduledAt, double durationMs);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "Timer {Timer} failed for {ScheduledAt:O} after {DurationMs} ms")]
    public static partial void TimerFailed(this ILogger logger, Exception exception, string timer, DateTimeOffset scheduledAt, double durationMs);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Timer {Timer} was cancelled for {ScheduledAt:O}: {Reason}")]
    public static partial void TimerCancelled(this ILogger logger, string timer, DateTimeOffset scheduledAt, string reason);

    [LoggerMessage(EventId = 25, Level = LogLevel.Debug, Message = "Timer {Timer} skips {ScheduledAt:O}: another instance holds its lease")]
    public static partial void TimerHeldElsewhere(this ILogger logger, string timer, DateTimeOffset scheduledAt);

    [LoggerMessage(EventId = 26, Level = LogLevel.Debug, Message = "Timer {Timer} skips {ScheduledAt:O}: already run (last run {LastOccurrence:O})")]
    public static partial void TimerAlreadyRan(this ILogger logger, string timer, DateTimeOffset scheduledAt, DateTimeOffset lastOccurrence);

    [LoggerMessage(EventId = 27, Level = LogLevel.Warning, Message = "Timer {Timer} ran for {ScheduledAt:O} but could not record it: {Reason}")]
    public static partial void TimerNotRecorded(this ILogger logger, string timer, DateTimeOffset scheduledAt, string reason);

    [LoggerMessage(EventId = 28, Level = LogLevel.Warning, Message = "Could not renew the lease of timer {Timer}; retrying next period: {Reason}")]
    public static partial void LeaseRenewalFailed(this ILogger logger, string timer, string reason);

    [LoggerMessage(EventId = 29, Level = LogLevel.Debug, Message = "Could not release the lease of timer {Timer} (it expires by itself): {Reason}")]
    public static partial void LeaseReleaseFailed(this ILogger logger, string timer, string reason);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Timer {Timer} has no further occurrences; it stops")]
    public static partial void TimerExhausted(this ILogger logger, string timer);
}
