using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace AstroBlob.Functions.Triggers;

/// <summary>
/// A received message while we hold it. Every update changes the pop receipt, so renewal,
/// delete and release go through one gate and always use the latest receipt.
/// </summary>
/// <remarks>
/// Storage calls here are never cancelled half-way: a cancelled update may still have been
/// applied, and then the receipt we keep would be stale and the message could not be deleted.
/// The clients' network timeout bounds them instead.
/// </remarks>
internal sealed class InFlightMessage
{
    private readonly QueueClient _queue;

    // Not disposed: the shutdown path and the handler's own path may both still be settling the
    // message; a SemaphoreSlim holds nothing to free unless its wait handle is used.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _popReceipt;
    private State _state = State.Held;

    public InFlightMessage(QueueClient queue, QueueMessage message)
    {
        _queue = queue;
        _popReceipt = message.PopReceipt;
        MessageId = message.MessageId;
        Body = message.Body;
        DequeueCount = message.DequeueCount;
        InsertedOn = message.InsertedOn;
    }

    private enum State
    {
        /// <summary>Invisible to others and renewed by us.</summary>
        Held,

        /// <summary>Given back (visible now or after a backoff); we may still delete it if its handler succeeds.</summary>
        Released,

        /// <summary>Deleted, or lost to another consumer.</summary>
        Done,
    }

    public string MessageId { get; }

    public BinaryData Body { get; }

    public long DequeueCount { get; }

    public DateTimeOffset? InsertedOn { get; }

    /// <summary>The task processing this message, set once right after it starts.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Keeps the message invisible for <paramref name="visibility"/> more. False when it is no longer held.</summary>
    public Task<Settlement> ExtendAsync(TimeSpan visibility) =>
        UnderGateAsync(State.Held, State.Held, async receipt => await _queue.UpdateMessageAsync(MessageId, receipt, (string?)null, visibility, CancellationToken.None));

    /// <summary>Makes the message visible again after <paramref name="delay"/> (zero: at once).</summary>
    public Task<Settlement> ReleaseAsync(TimeSpan delay) =>
        UnderGateAsync(State.Held, State.Released, async receipt => await _queue.UpdateMessageAsync(MessageId, receipt, (string?)null, delay, CancellationToken.None));

    public Task<Settlement> DeleteAsync() =>
        UnderGateAsync(State.Released, State.Done, async receipt =>
        {
            await _queue.DeleteMessageAsync(MessageId, receipt, CancellationToken.None);
            return null;
        });

    /// <summary>Runs <paramref name="operation"/> if the message is in <paramref name="allowedUpTo"/> or an earlier state.</summary>
    private async Task<Settlement> UnderGateAsync(State allowedUpTo, State next, Func<string, Task<Response<UpdateReceipt>?>> operation)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (_state > allowedUpTo)
            {
                return _state == State.Done ? Settlement.NotHeld : Settlement.AlreadyReleased;
            }

            try
            {
                var receipt = await operation(_popReceipt);
                if (receipt is not null)
                {
                    _popReceipt = receipt.Value.PopReceipt;
                }

                _state = next;
                return Settlement.Done;
            }
            catch (RequestFailedException e) when (TriggerFailures.IsLostMessage(e))
            {
                _state = State.Done;
                return Settlement.Lost;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}

internal enum Settlement
{
    Done,

    /// <summary>Deleted by someone else, or its visibility lapsed and another receive took it.</summary>
    Lost,

    /// <summary>Already given back to the queue (only deleting is still possible).</summary>
    AlreadyReleased,

    /// <summary>Already deleted or lost.</summary>
    NotHeld,
}
