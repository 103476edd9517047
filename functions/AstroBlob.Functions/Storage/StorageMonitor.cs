using Azure;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Storage;

/// <summary>
/// Creates the tables, runs start-up seeding, then keeps probing storage so that health can
/// report it. A storage outage is waited out with backoff: the host never stops for it.
/// </summary>
public sealed partial class StorageMonitor(
    Tables tables,
    StorageState state,
    IEnumerable<IStartupTask> startupTasks,
    TimeProvider clock,
    IOptions<StorageMonitorOptions> options,
    ILogger<StorageMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Leave the synchronous part of start-up at once: the HTTP server must come up even when storage is down.
        await Task.Yield();
        var delay = options.Value.MinBackoff;
        while (!stoppingToken.IsCancellationRequested && !state.Initialized)
        {
            try
            {
                foreach (var name in tables.Names)
                {
                    await tables.Service.CreateTableIfNotExistsAsync(name, stoppingToken);
                }

                foreach (var task in startupTasks)
                {
                    await task.RunAsync(stoppingToken);
                }

                state.Report(true, clock.GetUtcNow());
                state.MarkInitialized();
                LogReady(logger);
            }
            catch (Exception e) when (IsStorageFailure(e) && !stoppingToken.IsCancellationRequested)
            {
                state.Report(false, clock.GetUtcNow());
                LogWaiting(logger, delay, e.Message);
                await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = Next(delay);
            }
        }

        using var timer = new PeriodicTimer(options.Value.ProbeInterval, clock);
        while (!stoppingToken.IsCancellationRequested && await WaitTickAsync(timer, stoppingToken))
        {
            var was = state.Reachable;
            var now = await ProbeAsync(stoppingToken);
            if (was != now)
            {
                LogChanged(logger, now ? "up" : "down");
            }
        }
    }

    private static async Task<bool> WaitTickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task<bool> ProbeAsync(CancellationToken ct)
    {
        try
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
            probe.CancelAfter(options.Value.ProbeTimeout);
            await tables.Service.GetPropertiesAsync(probe.Token);
            state.Report(true, clock.GetUtcNow());
            return true;
        }
        catch (Exception e) when (IsStorageFailure(e) || e is OperationCanceledException)
        {
            state.Report(false, clock.GetUtcNow());
            return false;
        }
    }

    /// <summary>Errors that mean "storage is not answering" rather than a bug of ours.</summary>
    public static bool IsStorageFailure(Exception e) =>
        e is RequestFailedException { Status: 0 or >= 500 } or HttpRequestException or TimeoutException or AggregateException
        || (e is RequestFailedException r && r.InnerException is HttpRequestException);

    private TimeSpan Next(TimeSpan delay) =>
        TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxBackoff.Ticks));

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: tables created and start-up tasks done")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unreachable; retrying in {Delay}: {Reason}")]
    private static partial void LogWaiting(ILogger logger, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is now {State}")]
    private static partial void LogChanged(ILogger logger, string state);
}

public sealed class StorageMonitorOptions
{
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>Work that needs storage and must be done once before the API serves (e.g. demo seeding).</summary>
public interface IStartupTask
{
    Task RunAsync(CancellationToken ct);
}
