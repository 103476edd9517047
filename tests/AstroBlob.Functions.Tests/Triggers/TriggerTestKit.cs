using System.Collections.Concurrent;
using System.Diagnostics;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Triggers;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AstroBlob.Functions.Tests.Triggers;

/// <summary>
/// One queue prefix per test class on the shared Azurite, raw clients to look at what the
/// runtime left in storage, and clean-up of the class's queues and lease container.
/// </summary>
public sealed class TriggerStorageFixture : IAsyncLifetime
{
    public string Prefix { get; } = "tr" + Guid.NewGuid().ToString("N")[..10] + "-";

    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync() => ConnectionString = (await AzuriteInstance.Shared).ConnectionString;

    public QueueClient Queue(string name) => TriggerTestKit.RawQueue(ConnectionString, Prefix + name);

    public async Task DisposeAsync()
    {
        var queues = new QueueServiceClient(ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: Prefix))
        {
            await queues.DeleteQueueAsync(queue.Name);
        }

        await new BlobServiceClient(ConnectionString).GetBlobContainerClient(Prefix + "locks").DeleteIfExistsAsync();
    }
}

/// <summary>Which host a test function ran in.</summary>
public sealed record HostLabel(string Name);

/// <summary>One invocation of a test queue function.</summary>
public sealed record QueueCall(string Host, QueueMessageContext Message, bool Cancelled = false);

/// <summary>
/// What the test's queue functions do (<see cref="Handler"/>) and what they saw. One per test,
/// shared by the test's hosts.
/// </summary>
public sealed class QueueProbe
{
    public Func<string, QueueMessageContext, CancellationToken, Task> Handler { get; set; } = (_, _, _) => Task.CompletedTask;

    /// <summary>Calls in the order they started.</summary>
    public ConcurrentQueue<QueueCall> Started { get; } = new();

    /// <summary>Calls that returned normally.</summary>
    public ConcurrentQueue<QueueCall> Completed { get; } = new();
}

public sealed class ProbeQueueFunction(QueueProbe probe, HostLabel host) : IQueueFunction
{
    public async Task RunAsync(QueueMessageContext message, CancellationToken ct)
    {
        probe.Started.Enqueue(new QueueCall(host.Name, message));
        await probe.Handler(host.Name, message, ct);
        probe.Completed.Enqueue(new QueueCall(host.Name, message, ct.IsCancellationRequested));
    }
}

public sealed record TimerCall(string Host, TimerContext Timer);

public sealed class TimerProbe
{
    public Func<TimerContext, CancellationToken, Task> Handler { get; set; } = (_, _) => Task.CompletedTask;

    public ConcurrentQueue<TimerCall> Runs { get; } = new();
}

public sealed class ProbeTimerFunction(TimerProbe probe, HostLabel host) : ITimerFunction
{
    public async Task RunAsync(TimerContext timer, CancellationToken ct)
    {
        probe.Runs.Enqueue(new TimerCall(host.Name, timer));
        await probe.Handler(timer, ct);
    }
}

/// <summary>Keeps every log line of a host so tests can assert what was logged (and how often).</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public IEnumerable<string> With(int eventId) => Entries.Where(e => e.Id.Id == eventId).Select(e => e.Message);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((eventId, logLevel, formatter(state, exception)));
    }
}

/// <summary>
/// The trigger runtime in a plain generic host (no HTTP), as a second or third instance of the
/// app would run it. Short intervals keep the tests quick.
/// </summary>
public sealed class TriggerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TriggerHost(IHost host, LogSink logs)
    {
        _host = host;
        Logs = logs;
    }

    public IServiceProvider Services => _host.Services;

    public LogSink Logs { get; }

    public IQueueSender Sender => Services.GetRequiredService<IQueueSender>();

    public static async Task<TriggerHost> StartAsync(
        string connectionString,
        string prefix,
        string label,
        Action<TriggerBuilder> functions,
        Action<IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(TriggerTestKit.Settings(connectionString, prefix, settings));
        var logs = new LogSink();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(new HostLabel(label));
        services?.Invoke(builder.Services);
        functions(builder.Services.AddTriggers(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return new TriggerHost(host, logs);
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await _host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync();
        }

        _host.Dispose();
    }
}

public static class TriggerTestKit
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    /// <summary>Trigger settings for tests: fast polling and backoff; a test overrides what it is about.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string prefix, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Triggers:QueuePrefix"] = prefix,
            ["Triggers:MinPollInterval"] = "00:00:00.050",
            ["Triggers:MaxPollInterval"] = "00:00:00.300",
            ["Triggers:VisibilityTimeout"] = "00:00:10",
            ["Triggers:MaxDequeueCount"] = "3",
            ["Triggers:RetryDelay"] = "00:00:00.100",
            ["Triggers:ShutdownTimeout"] = "00:00:05",
            ["Triggers:MaxOutageBackoff"] = "00:00:00.500",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static QueueClient RawQueue(string connectionString, string fullName) =>
        new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }).GetQueueClient(fullName);

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="what"/> after the deadline.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (timeout ?? Deadline))
            {
                throw new TimeoutException($"Timed out after {clock.Elapsed.TotalSeconds:F1} s waiting until {what}.");
            }

            await Task.Delay(25);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Messages in the queue, visible or not (Azurite's approximate count includes invisible ones).</summary>
    public static async Task<int> CountAsync(QueueClient queue) =>
        (await queue.ExistsAsync()).Value ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;

    public static async Task WaitEmptyAsync(QueueClient queue) =>
        await WaitUntilAsync(async () => await CountAsync(queue) == 0, $"queue {queue.Name} is empty");
}
