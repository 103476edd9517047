using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AstroBlob.Benchmarks;

/// <summary>
/// The real AstroBlob host (its own Program, middleware and stores) served by Kestrel on a
/// loopback port in this process, configured as in production except for its log sink; a mode
/// may add instrumentation (<paramref name="services"/>, registered after the host's own, and
/// more log sinks).
/// </summary>
internal sealed class BenchHost(
    string contentRoot, IReadOnlyDictionary<string, string?> settings, HostLog log, Action<IServiceCollection>? services = null, params ILoggerProvider[] moreLogs)
    : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Explicit: the factory's own guess (solution folder + assembly name) misses functions/.
        builder.UseContentRoot(contentRoot);
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // Signals belong to the benchmark, which stops the host when it is done: without this the
        // host's console lifetime would stop it on Ctrl-C or SIGTERM in the middle of a phase.
        builder.ConfigureServices(s =>
        {
            s.AddSingleton<IHostLifetime, BenchmarkOwnedLifetime>();
            services?.Invoke(s);
        });

        // The host has no appsettings.json: without this, console logging at Information would
        // write two lines per request and the benchmark would mostly measure the console.
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddProvider(log);
            foreach (var more in moreLogs)
            {
                logging.AddProvider(more);
            }
        });
    }
}

/// <summary>A host lifetime that starts and stops only when the benchmark says so.</summary>
internal sealed class BenchmarkOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Counts the host's warnings and errors and keeps the first few, to report them.</summary>
internal sealed class HostLog : ILoggerProvider
{
    private const int Kept = 10;
    private readonly ConcurrentQueue<string> _samples = new();
    private int _warnings;
    private int _errors;

    public int Warnings => Volatile.Read(ref _warnings);

    public int Errors => Volatile.Read(ref _errors);

    public IReadOnlyCollection<string> Samples => _samples;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        if (level >= LogLevel.Error)
        {
            Interlocked.Increment(ref _errors);
        }
        else
        {
            Interlocked.Increment(ref _warnings);
        }

        if (_samples.Count < Kept)
        {
            var text = $"{level} {category}: {message}" + (exception is null ? string.Empty : $" ({exception.GetType().Name}: {exception.Message})");
            _samples.Enqueue(text);
            Console.Error.WriteLine("  host log: " + text);
        }
    }

    private sealed class Logger(HostLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(category, logLevel, formatter(state, exception), exception);
            }
        }
    }
}
