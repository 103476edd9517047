using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AstroBlob.Functions.Tests.Observability;

/// <summary>
/// A world whose host exports OpenTelemetry to a real OTLP/HTTP listener on loopback, samples
/// queue depths every half second, and whose log lines (with their scopes) are kept for the test.
/// </summary>
public sealed class ObservabilityWorld : World
{
    public OtlpListener Collector { get; } = new();

    public CapturedLogs Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["Triggers:DepthSampleInterval"] = "00:00:00.500",
        ["Triggers:MaxPollInterval"] = "00:00:00.200",
        // The endpoint middleware's "Executed endpoint" line is the request's own log line.
        ["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointMiddleware"] = "Information",
    };

    protected override Action<IServiceCollection>? Services => services => services.AddLogging(b => b.AddProvider(Logs));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Collector.Dispose();
    }
}

/// <summary>An OTLP/HTTP collector that accepts everything and remembers which signals arrived.</summary>
public sealed class OtlpListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, long Bytes)> _posts = new();

    public OtlpListener()
    {
        Endpoint = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _ = AcceptAsync();
    }

    public Uri Endpoint { get; }

    public IReadOnlyCollection<(string Path, long Bytes)> Posts => _posts.ToArray();

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _posts.Enqueue((context.Request.Url!.AbsolutePath, body.Length));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}

/// <summary>Every log line of the host with the values of the scopes it was written in.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogLine> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<LogLine> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record LogLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope);

    private sealed class Capturing(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner._scopes.ForEachScope(
                (value, into) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, item) in pairs)
                        {
                            into[key] = item;
                        }
                    }
                },
                scope);
            owner._lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), scope));
        }
    }
}
