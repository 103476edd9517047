using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AstroBlob.Benchmarks;

/// <summary>
/// What every mode measures against: a fresh Azurite, the real host (<see cref="BenchHost"/>)
/// on a loopback port, ready, and an HTTP client for its API; with the storage requests and the
/// CPU of both processes watched. Disposing it stops them in reverse order.
/// </summary>
internal sealed class BenchStack : IAsyncDisposable
{
    /// <summary>Table prefix of the host's tables, so the benchmark can read them straight.</summary>
    public const string TablePrefix = "bench";

    private readonly List<IAsyncDisposable> _owned = [];

    private BenchStack(string root, string hostCode, AzuriteProcess azurite, StorageTraffic storage)
    {
        Root = root;
        HostCode = hostCode;
        Azurite = azurite;
        Storage = storage;
        Probes = new Probes(storage, () => azurite.CpuTime);
        _owned.Add(new DisposeAction(azurite.Dispose));
        _owned.Add(new DisposeAction(storage.Dispose));
    }

    public string Root { get; }

    /// <summary>Which host code is measured (see <see cref="RepoPaths.DescribeHostCode"/>).</summary>
    public string HostCode { get; }

    public AzuriteProcess Azurite { get; }

    public StorageTraffic Storage { get; }

    public Probes Probes { get; }

    public HostLog HostLog { get; } = new();

    public string PlatformKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public BenchHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public HostApi Api { get; private set; } = null!;

    /// <summary>
    /// Starts Azurite and the host with the common settings plus <paramref name="settings"/>,
    /// and waits until the host reports ready.
    /// </summary>
    public static async Task<BenchStack> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services, ILoggerProvider[] moreLogs, CancellationToken ct)
    {
        var root = RepoPaths.FindRoot();
#if DEBUG
        await Console.Error.WriteLineAsync("WARNING: this is a Debug build; run with -c Release for figures worth recording.");
#endif
        var hostCode = RepoPaths.DescribeHostCode(root);
        await Console.Error.WriteLineAsync($"Repository: {root} ({hostCode})");
        await Console.Error.WriteLineAsync("Starting Azurite ...");
        var azurite = await AzuriteProcess.StartAsync(root, ct);
        // Also when the process ends some other way (a second Ctrl-C, an unhandled failure).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Dispose();
        await Console.Error.WriteLineAsync($"Azurite {azurite.Version}: blob port {azurite.BlobPort}, queue port {azurite.QueuePort}, table port {azurite.TablePort}");
        var stack = new BenchStack(root, hostCode, azurite, new StorageTraffic(azurite.TablePort, azurite.BlobPort, azurite.QueuePort));
        try
        {
            await stack.StartHostAsync(settings, services, moreLogs, ct);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
    }

    private async Task StartHostAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services, ILoggerProvider[] moreLogs, CancellationToken ct)
    {
        var hostPort = AzuriteProcess.FreePorts(1)[0];
        var all = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Storage:TablePrefix"] = TablePrefix,
            ["Platform:ApiKey"] = PlatformKey,
            ["Auth:LoginRequestsPerMinute"] = "100000",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        Host = new BenchHost(Path.Combine(Root, "functions", "AstroBlob.Functions"), all, HostLog, services, moreLogs);
        _owned.Add(Host);
        Host.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, hostPort));
        await Console.Error.WriteLineAsync($"Starting the host on http://127.0.0.1:{hostPort} ...");
        try
        {
            Host.StartServer();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            throw new BenchmarkException($"The host did not start: {e.GetType().Name}: {e.Message}");
        }

        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024,
            UseProxy = false,
            // Longer than any pause of a mode, so no phase pays for new connections.
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(15),
        };
        _owned.Add(new DisposeAction(handler.Dispose));
        Http = new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = new Uri($"http://127.0.0.1:{hostPort}/"),
            Timeout = TimeSpan.FromSeconds(100),
        };
        _owned.Add(new DisposeAction(Http.Dispose));
        Api = new HostApi(Http);
        await WaitReadyAsync(ct);
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        var last = "no answer yet";
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                var health = await Api.SendAsync(HttpMethod.Get, "/api/health", null, null, HttpStatusCode.OK, ct);
                last = health.ToString();
                if (health.TryGetProperty("ready", out var ready) && ready.ValueKind == System.Text.Json.JsonValueKind.True)
                {
                    await Console.Error.WriteLineAsync($"Host ready after {waited.Elapsed.TotalSeconds:F1} s: {last}");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or BenchmarkException)
            {
                last = e.Message;
            }

            // Readiness is only visible through the health endpoint: poll it.
            await Task.Delay(100, ct);
        }

        throw new BenchmarkException($"GET /api/health did not report \"ready\":true within 60 s; last answer: {last}");
    }

    private sealed class DisposeAction(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
