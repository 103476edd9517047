using System.Diagnostics;
using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

using AstroBlob.Functions.Observability;

namespace AstroBlob.Functions.Triggers;

/// <summary>
/// Consumes one queue: adaptive polling, at most <see cref="QueueRegistration.MaxConcurrency"/>
/// handlers at once, visibility renewal while a handler runs, retry with backoff, poison queue,
/// graceful stop, and storage outages waited out without ever ending the loop.
/// </summary>
internal sealed class QueueListener : ITriggerLoop
{
    /// <summary>The service returns at most 32 messages per receive.</summary>
    private const int MaxBatch = 32;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    private readonly QueueRegistration _registration;
    private readonly TriggerStorage _storage;
    private readonly TriggerOptions _options;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly TriggerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly QueueClient _queue;
    private readonly Signal _signal;
    // Not disposed with the listener: a handler that ignored cancellation past the host's
    // deadline still releases its slot when it ends.
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<InFlightMessage, byte> _inFlight = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task _loop = Task.CompletedTask;

    public QueueListener(
        QueueRegistration registration,
        TriggerStorage storage,
        TriggerOptions options,
        QueueSignals signals,
        IServiceScopeFactory scopes,
        TimeProvider clock,
        TriggerMetrics metrics,
        ILogger logger)
    {
        _registration = registration;
        _storage = storage;
        _options = options;
        _scopes = scopes;
        _clock = clock;
        _metrics = metrics;
        _logger = logger;
        _queue = storage.Queue(registration.Queue);
        _signal = signals.For(_queue.Name);
        _slots = new SemaphoreSlim(registration.MaxConcurrency, registration.MaxConcurrency);
    }

    private string Queue => _queue.Name;

    private string Function => _registration.FunctionName;

    public void Start()
    {
        _logger.ListenerStarted(Queue, Function, _registration.MaxConcurrency);
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>
    /// Stops receiving, lets running handlers finish within the shutdown timeout, then cancels the
    /// rest and returns their messages to the queue at once so that another instance takes them.
    /// </summary>
    public async Task StopAsync(CancellationToken hostToken)
    {
        await _stopping.CancelAsync();
        await Quietly(_loop.WaitAsync(hostToken));

        var running = _inFlight.Keys.ToList();
        if (running.Count == 0)
        {
            return;
        }

        _logger.Draining(Queue, running.Count, _options.ShutdownTimeout);
        var all = Task.WhenAll(running.Select(m => m.Completion));
        if (await Quietly(all.WaitAsync(_options.ShutdownTimeout, _clock, hostToken)))
        {
            return;
        }

        var unfinished = _inFlight.Keys.ToList();
        _logger.CancellingHandlers(Queue, unfinished.Count, _options.ShutdownTimeout);
        await _abort.CancelAsync();
        await Task.WhenAll(unfinished.Select(ReturnAtOnceAsync));

        // Handlers that honour cancellation end now; one that ignores it is not waited for past
        // the host's own shutdown deadline (its message is already back in the queue).
        await Quietly(all.WaitAsync(hostToken));
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _abort.Dispose();
    }

    private static async Task<bool> Quietly(Task task)
    {
        await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return task.IsCompletedSuccessfully;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var outage = new OutageTracker(_clock, _logger, "queue " + Queue, _options.MaxOutageBackoff);
        var idle = _options.MinPollInterval;
        var queueReady = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!queueReady)
                {
                    await _queue.CreateIfNotExistsAsync(cancellationToken: stopping);
                    queueReady = true;
                }

                var (received, asked) = await ReceiveAsync(stopping);
                outage.Succeeded();
                if (received.Length == 0)
                {
                    await IdleAsync(idle, stopping);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollInterval.Ticks));
                    continue;
                }

                idle = _options.MinPollInterval;
                if (stopping.IsCancellationRequested)
                {
                    // Received while stopping: these never started, so they go straight back.
                    await Task.WhenAll(received.Select(ReturnUnstartedAsync));
                    _slots.Release(received.Length);
                    break;
                }

                foreach (var message in received)
                {
                    var held = new InFlightMessage(_queue, message);
                    _inFlight.TryAdd(held, 0);
                    held.Completion = Task.Run(() => ProcessAsync(held));
                }

                // As many as asked for: more are probably waiting, so go again at once (as soon as a slot frees).
                if (received.Length < asked)
                {
                    await IdleAsync(_options.MinPollInterval, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (RequestFailedException e) when (e.ErrorCode == QueueErrorCode.QueueNotFound)
            {
                // Deleted under us, or storage came back empty: create it again on the next turn.
                _logger.QueueMissing(Queue);
                queueReady = false;
            }
            catch (Exception e) when (TriggerFailures.IsTransient(e, stopping))
            {
                await outage.WaitAsync(e, transient: true, stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The supervisor boundary: whatever else went wrong (refused credentials, a bug of
                // ours), the loop logs it and tries again with backoff rather than dying silently.
                await outage.WaitAsync(e, transient: false, stopping);
            }
        }
    }

    /// <summary>Takes at least one free slot (waiting for it), then as many more as are free, up to a batch.</summary>
    private async Task<(QueueMessage[] Received, int Asked)> ReceiveAsync(CancellationToken stopping)
    {
        await _slots.WaitAsync(stopping);
        var taken = 1;
        while (taken < MaxBatch && _slots.Wait(0))
        {
            taken++;
        }

        var received = Array.Empty<QueueMessage>();
        try
        {
            _signal.Reset();
            // Not cancelled by stopping: a receive cut off after the service answered would leave
            // its messages invisible for the whole visibility timeout; stopping handles them instead.
            received = (await _queue.ReceiveMessagesAsync(taken, _options.VisibilityTimeout, CancellationToken.None)).Value;
            _metrics.Polled(Queue, received.Length);
            return (received, taken);
        }
        finally
        {
            var unused = taken - received.Length;
            if (unused > 0)
            {
                _slots.Release(unused);
            }
        }
    }

    private async Task IdleAsync(TimeSpan delay, CancellationToken stopping) =>
        await Task.WhenAny(Task.Delay(delay, _clock, stopping), _signal.WaitAsync());

    private async Task ProcessAsync(InFlightMessage message)
    {
        try
        {
            if (message.DequeueCount > _options.MaxDequeueCount)
            {
                // Delivered more often than allowed without a recorded failure (e.g. a host died mid-way).
                await MoveToPoisonAsync(message);
                return;
            }

            // Log lines and the span of this job carry its observatory and ticket when the message names them.
            var (observatory, code) = MessageSubject.Of(message.Body.ToString());
            using var scope = _logger.BeginScope(LogScopes.For(observatory, code));
            using var activity = AstroBlobTelemetry.Source.StartActivity($"{Queue} process", ActivityKind.Consumer);
            activity?.SetTag("messaging.system", "azure_queues");
            activity?.SetTag("messaging.destination.name", Queue);
            activity?.SetTag("messaging.message.id", message.MessageId);
            activity?.SetTag("astroblob.observatory", observatory);
            activity?.SetTag("astroblob.ticket", code);
            var started = _clock.GetTimestamp();
            var outcome = await InvokeWithRenewalAsync(message);
            var elapsed = _clock.GetElapsedTime(started);
            switch (outcome)
            {
                case { Cancelled: true }:
                    _logger.HandlerCancelled(Function, message.MessageId, Queue);
                    await ReturnAtOnceAsync(message);
                    break;
                case { Failure: null }:
                    _metrics.Processed(Queue, Function, elapsed);
                    _logger.Executed(Function, message.MessageId, Queue, message.DequeueCount, elapsed.TotalMilliseconds);
                    Report(message, await message.DeleteAsync());
                    break;
                case { Failure: { } failure } when message.DequeueCount >= _options.MaxDequeueCount:
                    activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
                    _metrics.Failed(Queue, Function, elapsed);
                    _logger.FailedFinally(failure, Function, message.MessageId, Queue, message.DequeueCount, elapsed.TotalMilliseconds);
                    await MoveToPoisonAsync(message);
                    break;
                case { Failure: { } failure }:
                    var retryIn = RetryDelay(message.DequeueCount);
                    _metrics.Failed(Queue, Function, elapsed);
                    _logger.Failed(failure, Function, message.MessageId, Queue, message.DequeueCount, elapsed.TotalMilliseconds, retryIn);
                    Report(message, await message.ReleaseAsync(retryIn));
                    break;
            }
        }
        catch (Exception e) when (TriggerFailures.IsTransient(e, CancellationToken.None) || e is RequestFailedException)
        {
            // Settling failed (storage away, or refused): the message reappears after its visibility timeout.
            _logger.SettleFailed(message.MessageId, Queue, e.Message);
        }
        finally
        {
            _inFlight.TryRemove(message, out _);
            _slots.Release();
        }
    }

    private async Task<Invocation> InvokeWithRenewalAsync(InFlightMessage message)
    {
        using var stopRenewal = new CancellationTokenSource();
        var renewal = RenewAsync(message, stopRenewal.Token);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var function = (IQueueFunction)scope.ServiceProvider.GetRequiredService(_registration.FunctionType);
            var context = new QueueMessageContext(_registration.Queue, message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn);
            await function.RunAsync(context, _abort.Token);
            return new Invocation(null, Cancelled: false);
        }
        catch (Exception) when (_abort.IsCancellationRequested)
        {
            // Cut off by shutdown, however the handler reports it (a wrapped cancellation must not
            // count as a failed attempt, let alone send the message to poison): another instance retries it.
            return new Invocation(null, Cancelled: true);
        }
        catch (Exception e)
        {
            // A function failing in any way is that message's failure (retry, then poison), never the listener's.
            return new Invocation(e, Cancelled: false);
        }
        finally
        {
            await stopRenewal.CancelAsync();
            await renewal;
        }
    }

    /// <summary>Every half visibility timeout, pushes the message's visibility out again while its handler runs.</summary>
    private async Task RenewAsync(InFlightMessage message, CancellationToken stop)
    {
        var period = _options.VisibilityTimeout / 2;
        while (true)
        {
            await Task.Delay(period, _clock, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var result = await message.ExtendAsync(_options.VisibilityTimeout);
                if (result != Settlement.Done)
                {
                    Report(message, result);
                    return;
                }
            }
            catch (Exception e) when (TriggerFailures.IsTransient(e, CancellationToken.None) || e is RequestFailedException)
            {
                // Try again next period; the message stays invisible for the other half meanwhile.
                _logger.RenewalFailed(message.MessageId, Queue, e.Message);
            }
        }
    }

    private async Task MoveToPoisonAsync(InFlightMessage message)
    {
        var poison = _storage.PoisonQueue(_registration.Queue);
        try
        {
            await poison.SendMessageAsync(message.Body, null, QueueSender.NeverExpires, CancellationToken.None);
        }
        catch (RequestFailedException e) when (e.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await poison.CreateIfNotExistsAsync();
            await poison.SendMessageAsync(message.Body, null, QueueSender.NeverExpires, CancellationToken.None);
        }

        _metrics.Poisoned(Queue, Function);
        _logger.Poisoned(message.MessageId, Queue, message.DequeueCount, poison.Name);
        Report(message, await message.DeleteAsync());
    }

    private async Task ReturnAtOnceAsync(InFlightMessage message)
    {
        try
        {
            var result = await message.ReleaseAsync(TimeSpan.Zero);
            if (result == Settlement.Done)
            {
                _logger.Returned(message.MessageId, Queue);
            }
        }
        catch (Exception e) when (TriggerFailures.IsTransient(e, CancellationToken.None) || e is RequestFailedException)
        {
            _logger.SettleFailed(message.MessageId, Queue, e.Message);
        }
    }

    private Task ReturnUnstartedAsync(QueueMessage received) => ReturnAtOnceAsync(new InFlightMessage(_queue, received));

    private void Report(InFlightMessage message, Settlement result)
    {
        if (result == Settlement.Lost)
        {
            _logger.MessageLost(message.MessageId, Queue);
        }
    }

    private TimeSpan RetryDelay(long dequeueCount)
    {
        var factor = Math.Pow(2, Math.Min(dequeueCount - 1, 20));
        var ticks = Math.Min(_options.RetryDelay.Ticks * factor, MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private readonly record struct Invocation(Exception? Failure, bool Cancelled);
}
