using System.Collections.Concurrent;

namespace AstroBlob.Functions.Triggers;

/// <summary>
/// Lets a send from this process wake the listener of that queue, so a message enqueued here
/// is picked up at once instead of after the idle poll interval (other processes still rely on polling).
/// </summary>
internal sealed class QueueSignals
{
    private readonly ConcurrentDictionary<string, Signal> _signals = new(StringComparer.Ordinal);

    public Signal For(string fullQueueName) => _signals.GetOrAdd(fullQueueName, _ => new Signal());

    public void Notify(string fullQueueName)
    {
        if (_signals.TryGetValue(fullQueueName, out var signal))
        {
            signal.Set();
        }
    }
}

/// <summary>An auto-reset, await-able flag.</summary>
internal sealed class Signal
{
    private TaskCompletionSource _source = NewSource();

    /// <summary>Completes when <see cref="Set"/> is called after the last <see cref="Reset"/>.</summary>
    public Task WaitAsync() => Volatile.Read(ref _source).Task;

    public void Set() => Volatile.Read(ref _source).TrySetResult();

    public void Reset()
    {
        var current = Volatile.Read(ref _source);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _source, NewSource(), current);
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
