using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AstroBlob.Functions.Tests.Infrastructure;

/// <summary>
/// A real Azurite (blob, queue and table) for tests: a <c>node</c> process from the repo's
/// <c>node_modules</c>, on three free loopback ports, with its data in a fresh temporary folder.
/// It can be stopped and restarted on the same ports and data, so a host under test sees its
/// storage go away and come back.
/// </summary>
/// <remarks>
/// Use <see cref="Shared"/> for ordinary tests (one instance for the whole run; give each test
/// class its own table prefix) and <see cref="StartAsync"/> for a private instance a test may
/// stop and restart.
/// </remarks>
public sealed class AzuriteInstance : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, documented, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int MaxStartAttempts = 3;

    // Generous: a loaded 2-core machine (a parallel build, browser tests) can take Node that long to start.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly Lazy<Task<AzuriteInstance>> SharedValue = new(StartSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly NodeProcess _node = new("Azurite", NodeProcess.RepoRoot, GracefulStopTimeout);
    private readonly string _location;
    private readonly bool _isShared;
    private int _disposed;

    private AzuriteInstance(string location, int blobPort, int queuePort, int tablePort, bool isShared)
    {
        _location = location;
        _isShared = isShared;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>
    /// One instance for the whole test run, started on first use and killed when the test
    /// process exits. Disposing it does nothing; do not stop it.
    /// </summary>
    public static Task<AzuriteInstance> Shared => SharedValue.Value;

    /// <summary>The folder that holds <c>AstroBlob.sln</c>, found upwards from the test binaries.</summary>
    public static string RepoRoot => NodeProcess.RepoRoot;

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The temporary folder Azurite keeps its data in.</summary>
    public string DataFolder => _location;

    /// <summary>A full connection string for the three services (works with the v12 SDKs).</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;" +
        $"AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{Port(BlobPort)}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{Port(QueuePort)}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{Port(TablePort)}/{AccountName};";

    /// <summary>Starts a private instance and waits until all three services accept connections.</summary>
    public static Task<AzuriteInstance> StartAsync() => StartAsync(isShared: false);

    /// <summary>
    /// Stops Azurite: asks it to shut down (SIGTERM, so it saves its data), kills the process tree
    /// if it has not exited within 10 s, then waits until the table port refuses connections.
    /// </summary>
    public async Task StopAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _node.StopAsync(TablePort);
    }

    /// <summary>Starts Azurite again on the same ports and data folder and waits until it is ready.</summary>
    public async Task RestartAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _node.RestartAsync(LaunchAndWaitReadyAsync, TablePort);
    }

    /// <summary>Kills Azurite and deletes its data folder. Does nothing for <see cref="Shared"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_isShared || Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _node.DisposeAsync();
        TryDeleteFolder(_location);
    }

    /// <summary>Azurite's recent output, for diagnostics.</summary>
    public string RecentOutput() => _node.RecentOutput();

    private static async Task<AzuriteInstance> StartSharedAsync()
    {
        var instance = await StartAsync(isShared: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => instance.KillOnExit();
        return instance;
    }

    private static async Task<AzuriteInstance> StartAsync(bool isShared)
    {
        _ = ScriptPath(); // fail fast with the npm hint before making folders
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts(3);
            var location = Directory.CreateTempSubdirectory("astroblob-azurite-").FullName;
            var instance = new AzuriteInstance(location, ports[0], ports[1], ports[2], isShared);
            try
            {
                await instance.LaunchAndWaitReadyAsync();
                return instance;
            }
            catch (PortTakenException) when (attempt < MaxStartAttempts)
            {
                // Another process took one of the free ports between our probe and Azurite's bind.
                instance.KillOnExit();
            }
            catch
            {
                instance.KillOnExit();
                throw;
            }
        }
    }

    private static string ScriptPath()
    {
        var package = Path.Combine(NodeProcess.NodeModules, "azurite");
        var script = Path.Combine(package, "dist", "src", "azurite.js");
        if (!Directory.Exists(package) || !File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} is missing): {NodeProcess.NpmHint}.");
        }

        return script;
    }

    private async Task LaunchAndWaitReadyAsync()
    {
        string[] arguments =
        [
            "--silent", "--location", _location,
            "--blobHost", "127.0.0.1", "--blobPort", Port(BlobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Port(QueuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Port(TablePort),
            "--skipApiVersionCheck", "--loose",
            // With telemetry on (the default) and no internet, Azurite closes its services on
            // SIGTERM but its process never exits.
            "--disableTelemetry",
        ];
        _node.Start(ScriptPath(), arguments);

        var clock = Stopwatch.StartNew();
        foreach (var port in new[] { TablePort, BlobPort, QueuePort })
        {
            while (!await NodeProcess.AcceptsAsync(port))
            {
                if (_node.HasExited)
                {
                    // Let the output readers drain before reporting.
                    await _node.WaitForExitAsync();
                    var output = RecentOutput();
                    if (output.Contains("EADDRINUSE", StringComparison.Ordinal))
                    {
                        throw new PortTakenException($"Azurite could not bind its ports.\n{output}");
                    }

                    throw new InvalidOperationException(
                        $"Azurite exited with code {_node.ExitCode} before it accepted connections on 127.0.0.1:{Port(port)}.\n{output}");
                }

                if (clock.Elapsed > StartTimeout)
                {
                    throw new TimeoutException(
                        $"Azurite did not accept connections on 127.0.0.1:{Port(port)} within {StartTimeout.TotalSeconds:F0} s.\n{RecentOutput()}");
                }

                await Task.Delay(PollInterval);
            }
        }
    }

    private void KillOnExit()
    {
        _node.Kill();
        TryDeleteFolder(_location);
    }

    /// <summary>Distinct free loopback ports: every listener stays open until all ports are picked.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
                listener.Dispose();
            }
        }
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private sealed class PortTakenException(string message) : Exception(message);
}
