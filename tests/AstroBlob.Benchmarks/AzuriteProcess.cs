using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AstroBlob.Benchmarks;

/// <summary>
/// A real Azurite (blob, queue and table) on free loopback ports with its data in a fresh
/// temporary directory. Disposing it kills the process tree and removes the directory.
/// </summary>
internal sealed class AzuriteProcess : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _location;
    private readonly ConcurrentQueue<string> _output = new();
    private int _disposed;

    private AzuriteProcess(Process process, string location, int blobPort, int queuePort, int tablePort, string version)
    {
        _process = process;
        _location = location;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        Version = version;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string Version { get; }

    /// <summary>CPU time the emulator has used so far (user and system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static async Task<AzuriteProcess> StartAsync(string repoRoot, CancellationToken ct)
    {
        var script = Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            await NpmCiAsync(repoRoot, ct);
            if (!File.Exists(script))
            {
                throw new BenchmarkException($"'npm ci' ran but {script} is still missing; check package.json in {repoRoot}.");
            }
        }

        var version = ReadVersion(Path.Combine(repoRoot, "node_modules", "azurite", "package.json"));
        var ports = FreePorts(3);
        var location = Directory.CreateTempSubdirectory("astroblob-bench-azurite-").FullName;
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repoRoot,
        };
        foreach (var arg in new[]
        {
            script, "--silent", "--location", location,
            "--blobHost", "127.0.0.1", "--blobPort", Port(ports[0]),
            "--queueHost", "127.0.0.1", "--queuePort", Port(ports[1]),
            "--tableHost", "127.0.0.1", "--tablePort", Port(ports[2]),
            "--skipApiVersionCheck", "--loose",
        })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BenchmarkException("Could not start node.");
        }
        catch (Win32Exception e)
        {
            TryDelete(location);
            throw new BenchmarkException($"Could not run 'node' ({e.Message}); install Node.js 20 or later and put it on PATH.");
        }

        var azurite = new AzuriteProcess(process, location, ports[0], ports[1], ports[2], version);
        process.OutputDataReceived += (_, e) => azurite.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await azurite.WaitForTablePortAsync(ct);
            return azurite;
        }
        catch
        {
            azurite.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
        catch (Win32Exception)
        {
            // Already gone.
        }

        _process.Dispose();
        TryDelete(_location);
    }

    private async Task WaitForTablePortAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new BenchmarkException($"Azurite exited with code {_process.ExitCode} before listening. Its output:\n{string.Join('\n', _output)}");
            }

            using var client = new TcpClient();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, TablePort, attempt.Token);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // This attempt timed out.
            }

            await Task.Delay(100, ct);
        }

        throw new BenchmarkException($"Azurite's table port {TablePort} did not accept connections within {StartTimeout.TotalSeconds:F0} s. Its output:\n{string.Join('\n', _output)}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 50 && _output.TryDequeue(out _))
        {
        }
    }

    private static async Task NpmCiAsync(string repoRoot, CancellationToken ct)
    {
        await Console.Error.WriteLineAsync($"node_modules/azurite is missing: running 'npm ci' in {repoRoot} ...");
        var start = new ProcessStartInfo("npm") { WorkingDirectory = repoRoot, UseShellExecute = false };
        start.ArgumentList.Add("ci");
        try
        {
            using var npm = Process.Start(start) ?? throw new BenchmarkException("Could not start npm.");
            await npm.WaitForExitAsync(ct);
            if (npm.ExitCode != 0)
            {
                throw new BenchmarkException($"'npm ci' failed with exit code {npm.ExitCode}; run it yourself in {repoRoot} and try again.");
            }
        }
        catch (Win32Exception e)
        {
            throw new BenchmarkException($"Azurite is not installed and npm could not be run ({e.Message}); run 'npm ci' in {repoRoot} first.");
        }
    }

    private static string ReadVersion(string packageJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(packageJson));
            return doc.RootElement.GetProperty("version").GetString() ?? "unknown";
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return "unknown";
        }
    }

    /// <summary>Distinct free loopback ports: all listeners stay open until every port is taken.</summary>
    internal static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners)
            {
                l.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var l in listeners)
            {
                l.Stop();
                l.Dispose();
            }
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}
