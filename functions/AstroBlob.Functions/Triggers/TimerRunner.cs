using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace AstroBlob.Functions.Triggers;

/// <summary>
/// Runs one timer function on its cron schedule, each occurrence once across all instances:
/// the instance that holds the lease on the timer's blob runs it, and records it in the blob's
/// metadata (under the lease) so that an instance getting the lease later skips it.
/// </summary>
internal sealed class TimerRunner : ITriggerLoop
{
    /// <summary>Blob metadata key holding the last occurrence run (round-trip "O" format, UTC).</summary>
    public const string LastOccurrenceKey = "lastoccurrence";

    /// <summary>Short, so that an instance that dies mid-run frees the timer quickly; renewed while running.</summary>
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(5);

    /// <summary>Task.Delay takes at most ~49 days; longer waits are done in steps.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly TimerRegistration _registration;
    private readonly TriggerStorage _storage;
    private readonly TriggerOptions _options;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly TriggerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly BlobClient _blob;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task _loop = Task.CompletedTask;
    private bool _blobReady;

    public TimerRunner(
        TimerRegistration registration,
        TriggerStorage storage,
        TriggerOptions options,
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
        _blob = storage.LeaseContainer.GetBlobClient(BlobName(registration.Name));
    }

    private enum Outcome
    {
        Succeeded,
        Failed,

        /// <summary>Cancelled by shutdown, or the lease was lost mid-run: not recorded as run.</summary>
        Cancelled,
    }

    private string Name => _registration.Name;

    /// <summary>The lease blob of a timer, inside the (prefixed) lease container.</summary>
    public static string BlobName(string timerName) => "timers/" + timerName;

    public void Start()
    {
        _logger.TimerStarted(Name, _registration.Cron, _registration.FunctionType.Name);
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>Stops scheduling; a run in progress may finish within the shutdown timeout, then it is cancelled.</summary>
    public async Task StopAsync(CancellationToken hostToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(_options.ShutdownTimeout, _clock, hostToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_loop.IsCompleted)
        {
            await _abort.CancelAsync();
            await _loop.WaitAsync(hostToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var outage = new OutageTracker(_clock, _logger, "timer " + Name, _options.MaxOutageBackoff);
        var startupChecked = false;
        DateTimeOffset? due = null;
        var pastDue = false;
        var last = DateTimeOffset.MinValue;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!startupChecked)
                {
                    due = await MissedOccurrenceAsync();
                    pastDue = due is not null;
                    startupChecked = true;
                }

                if (due is null)
                {
                    var from = Max(_clock.GetUtcNow(), last);
                    if (_registration.Schedule.GetNextOccurrence(from, TimeZoneInfo.Utc) is not { } next)
                    {
                        _logger.TimerExhausted(Name);
                        return;
                    }

                    await WaitUntilAsync(next, stopping);
                    (due, pastDue) = (next, false);
                }

                await RunOccurrenceAsync(due.Value, pastDue, stopping);
                outage.Succeeded();
                last = due.Value;
                due = null;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (TriggerFailures.IsTransient(e, stopping) || !stopping.IsCancellationRequested)
            {
                // Storage away (or, past the supervisor boundary, anything else): wait with backoff.
                // The occurrence stays due; occurrences missed meanwhile collapse into one past-due run.
                await outage.WaitAsync(e, TriggerFailures.IsTransient(e, stopping), stopping);
                if (due is { } pending)
                {
                    due = _registration.Schedule.LatestBetween(pending.AddTicks(-1), _clock.GetUtcNow()) ?? pending;
                    pastDue = true;
                }
            }
        }
    }

    /// <summary>After downtime: the latest occurrence since the last one any instance ran, if any was missed.</summary>
    private async Task<DateTimeOffset?> MissedOccurrenceAsync()
    {
        BlobProperties properties;
        try
        {
            properties = await _blob.GetPropertiesAsync();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // never ran anywhere: nothing to catch up on
        }

        return LastOccurrence(properties) is { } last
            ? _registration.Schedule.LatestBetween(last, _clock.GetUtcNow())
            : null;
    }

    private async Task WaitUntilAsync(DateTimeOffset due, CancellationToken stopping)
    {
        for (var wait = due - _clock.GetUtcNow(); wait > TimeSpan.Zero; wait = due - _clock.GetUtcNow())
        {
            await Task.Delay(wait < LongestWait ? wait : LongestWait, _clock, stopping);
        }
    }

    private async Task RunOccurrenceAsync(DateTimeOffset due, bool pastDue, CancellationToken stopping)
    {
        var lease = await TryAcquireLeaseAsync();
        if (lease is null)
        {
            _logger.TimerHeldElsewhere(Name, due);
            return;
        }

        try
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            var properties = (await _blob.GetPropertiesAsync()).Value;
            if (LastOccurrence(properties) is { } last && last >= due)
            {
                _logger.TimerAlreadyRan(Name, due, last);
                return;
            }

            var outcome = await InvokeWithRenewalAsync(lease, due, pastDue);
            if (outcome == Outcome.Cancelled)
            {
                return;
            }

            await RecordAsync(lease, due);
        }
        finally
        {
            await ReleaseAsync(lease);
        }
    }

    private async Task<BlobLeaseClient?> TryAcquireLeaseAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            if (!_blobReady)
            {
                await EnsureBlobAsync();
            }

            var lease = _blob.GetBlobLeaseClient();
            try
            {
                await lease.AcquireAsync(LeaseDuration);
                return lease;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return null; // another instance holds it: it runs this occurrence
            }
            catch (RequestFailedException e) when (e.Status == 404 && attempt == 0)
            {
                _blobReady = false; // container or blob gone (e.g. storage reset): create them again
            }
        }
    }

    private async Task EnsureBlobAsync()
    {
        await _storage.LeaseContainer.CreateIfNotExistsAsync();
        try
        {
            await _blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // It exists already (and may be leased): that is all we need.
        }

        _blobReady = true;
    }

    private async Task<Outcome> InvokeWithRenewalAsync(BlobLeaseClient lease, DateTimeOffset due, bool pastDue)
    {
        using var leaseLost = new CancellationTokenSource();
        using var token = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, leaseLost.Token);
        using var stopRenewal = new CancellationTokenSource();
        var renewal = RenewLeaseAsync(lease, leaseLost, stopRenewal.Token);
        var started = _clock.GetTimestamp();
        var context = new TimerContext(Name, due, _clock.GetUtcNow(), pastDue);
        _logger.TimerRunning(Name, due, pastDue);
        Outcome outcome;
        Exception? failure = null;
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var function = (ITimerFunction)scope.ServiceProvider.GetRequiredService(_registration.FunctionType);
            await function.RunAsync(context, token.Token);
            outcome = Outcome.Succeeded;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            outcome = Outcome.Cancelled;
        }
        catch (Exception e)
        {
            // A failing run is the function's failure, never the runner's. Timers are not retried
            // (the next occurrence is the retry), so the occurrence still counts as run.
            failure = e;
            outcome = Outcome.Failed;
        }
        finally
        {
            await stopRenewal.CancelAsync();
            await renewal;
        }

        var elapsed = _clock.GetElapsedTime(started);
        _metrics.TimerRan(Name, outcome.ToString().ToLowerInvariant(), elapsed);
        switch (outcome)
        {
            case Outcome.Succeeded:
                _logger.TimerCompleted(Name, due, elapsed.TotalMilliseconds);
                break;
            case Outcome.Failed:
                _logger.TimerFailed(failure!, Name, due, elapsed.TotalMilliseconds);
                break;
            default:
                _logger.TimerCancelled(Name, due, leaseLost.IsCancellationRequested ? "its lease was lost" : "the host is stopping");
                break;
        }

        return outcome;
    }

    private async Task RenewLeaseAsync(BlobLeaseClient lease, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        while (true)
        {
            await Task.Delay(LeaseRenewal, _clock, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await lease.RenewAsync();
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Someone else holds it now: stop, or both would run this occurrence.
                await leaseLost.CancelAsync();
                return;
            }
            catch (Exception e) when (TriggerFailures.IsTransient(e, CancellationToken.None))
            {
                _logger.LeaseRenewalFailed(Name, e.Message); // the lease still has time; try again next period
            }
        }
    }

    private async Task RecordAsync(BlobLeaseClient lease, DateTimeOffset due)
    {
        var metadata = new Dictionary<string, string> { [LastOccurrenceKey] = due.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) };
        try
        {
            await _blob.SetMetadataAsync(metadata, new BlobRequestConditions { LeaseId = lease.LeaseId });
        }
        catch (Exception e) when (TriggerFailures.IsTransient(e, CancellationToken.None) || e is RequestFailedException { Status: 409 or 412 })
        {
            // It ran; retrying the occurrence would run it twice. Another instance could still
            // run it after a takeover at start-up: the rare duplicate at-least-once allows.
            _logger.TimerNotRecorded(Name, due, e.Message);
        }
    }

    private async Task ReleaseAsync(BlobLeaseClient lease)
    {
        try
        {
            await lease.ReleaseAsync();
        }
        catch (Exception e) when (TriggerFailures.IsTransient(e, CancellationToken.None) || e is RequestFailedException { Status: 409 })
        {
            // Lost or unreachable: it expires by itself within the lease duration.
            _logger.LeaseReleaseFailed(Name, e.Message);
        }
    }

    private static DateTimeOffset? LastOccurrence(BlobProperties properties) =>
        properties.Metadata.TryGetValue(LastOccurrenceKey, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var last)
            ? last
            : null;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
