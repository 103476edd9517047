using Azure;
using AstroBlob.Functions.Storage;

namespace AstroBlob.Functions.Triggers;

internal static class TriggerFailures
{
    public const string PopReceiptMismatch = "PopReceiptMismatch";
    public const string QueueBeingDeleted = "QueueBeingDeleted";

    /// <summary>
    /// Storage not answering (refused, 5xx, throttled, timed out) rather than a bug: wait it out.
    /// A cancellation we did not ask for is the SDK's network timeout.
    /// </summary>
    public static bool IsTransient(Exception e, CancellationToken ours) =>
        StorageMonitor.IsStorageFailure(e)
        || e is RequestFailedException { Status: 408 or 429 }
        // Azure refuses to re-create a queue for about 30 s after it was deleted.
        || e is RequestFailedException { Status: 409, ErrorCode: QueueBeingDeleted }
        || (e is OperationCanceledException && !ours.IsCancellationRequested);

    /// <summary>The message is no longer ours: deleted, or received again by someone else after its visibility lapsed.</summary>
    public static bool IsLostMessage(RequestFailedException e) =>
        e.Status == 404 || (e.Status == 400 && e.ErrorCode == PopReceiptMismatch);
}

/// <summary>
/// Waits out a storage outage with exponential backoff, logging once when it starts and once
/// when it ends, however long it lasts.
/// </summary>
internal sealed class OutageTracker(TimeProvider clock, ILogger logger, string trigger, TimeSpan maxBackoff)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    private TimeSpan _delay = FirstBackoff;
    private long? _downSince;

    public async Task WaitAsync(Exception e, bool transient, CancellationToken ct)
    {
        if (_downSince is null)
        {
            _downSince = clock.GetTimestamp();
            if (transient)
            {
                logger.StorageUnreachable(trigger, e.Message);
            }
            else
            {
                logger.LoopFailed(e, trigger);
            }
        }

        await Task.Delay(_delay, clock, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, maxBackoff.Ticks));
    }

    public void Succeeded()
    {
        if (_downSince is { } since)
        {
            logger.StorageBack(trigger, clock.GetElapsedTime(since));
            _downSince = null;
        }

        _delay = FirstBackoff;
    }
}
