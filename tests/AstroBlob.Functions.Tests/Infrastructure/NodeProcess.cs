using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace AstroBlob.Functions.Tests.Infrastructure;

/// <summary>
/// The <c>node</c> process behind a test fixture (<see cref="AzuriteInstance"/>,
/// <see cref="SmtpSinkInstance"/>): runs a script from the repo, keeps its recent output, and
/// can be stopped gracefully and started again, one run at a time.
/// </summary>
/// <remarks>
/// <see cref="StopAsync"/>, <see cref="RestartAsync"/> and <see cref="DisposeAsync"/> wait for
/// each other. The output of every run is kept together, later runs after a
/// <c>--- restart ---</c> line, so an error after a restart still shows why the run before it ended.
/// </remarks>
/// <param name="name">What the script is, for messages ("Azurite", "the SMTP sink").</param>
/// <param name="workingDirectory">The folder node runs in.</param>
/// <param name="gracePeriod">How long a stop waits after SIGTERM before it kills the process tree.</param>
internal sealed class NodeProcess(string name, string workingDirectory, TimeSpan gracePeriod) : IAsyncDisposable
{
    /// <summary>What to tell someone whose <c>node_modules</c> lacks a package a fixture needs.</summary>
    public const string NpmHint = "run npm ci in the repo root (./test.sh does it)";

    private const int SigTerm = 15;
    private const int KeptLines = 100;
    private const string RestartMarker = "--- restart ---";

    // When the test process dies without running ProcessExit (killed, crashed), the pipe to
    // node's stdin closes and this makes the script exit instead of lingering as an orphan. The
    // handle is unref'd, so it never keeps a stopping script alive.
    private const string ExitWhenParentGoes =
        "data:text/javascript,process.stdin.on('end',()=>process.exit(0)).on('error',()=>process.exit(0)).resume().unref()";

    private static readonly TimeSpan PortReleaseTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly Lazy<string> RepoRootValue = new(FindRepoRoot, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly ConcurrentQueue<string> _stdout = new();
    private Process? _process;

    /// <summary>The folder that holds <c>AstroBlob.sln</c>, found upwards from the test binaries.</summary>
    public static string RepoRoot => RepoRootValue.Value;

    /// <summary>The repo's <c>node_modules</c> folder (it may not exist: see <see cref="NpmHint"/>).</summary>
    public static string NodeModules => Path.Combine(RepoRoot, "node_modules");

    /// <summary>Whether the current run has ended.</summary>
    public bool HasExited => Current.HasExited;

    /// <summary>The exit code of the current run, once it has ended.</summary>
    public int ExitCode => Current.ExitCode;

    private Process Current => _process ?? throw new InvalidOperationException($"The node process for {name} is not running.");

    /// <summary>
    /// Starts a run of <c>node <paramref name="script"/> <paramref name="arguments"/></c>: the first
    /// run, or the next one from the launch <see cref="RestartAsync"/> calls.
    /// <paramref name="onStdoutLine"/> sees every line the script prints to stdout, from the first.
    /// </summary>
    public void Start(string script, IEnumerable<string> arguments, Action<string>? onStdoutLine = null)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"The node process for {name} is running already: stop it before starting it again.");
        }

        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in new[] { "--import", ExitWhenParentGoes, script }.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run 'node' ({e.Message}): install Node.js 20 or later and put it on PATH.", e);
        }

        process.OutputDataReceived += (_, e) =>
        {
            Keep(_stdout, e.Data);
            if (e.Data is not null)
            {
                onStdoutLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => Keep(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Waits until the current run ends and its output has been read to the end.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) =>
        Current.WaitForExitAsync(cancellationToken);

    /// <summary>
    /// Ends the current run, if one is going on: SIGTERM (so the script can shut down cleanly),
    /// then kills the process tree if it has not exited within the grace period. Then waits until
    /// <paramref name="ports"/> refuse connections (10 s at most).
    /// </summary>
    public async Task StopAsync(params int[] ports)
    {
        await _gate.WaitAsync();
        try
        {
            await StopAndReleaseAsync(ports);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops the current run as <see cref="StopAsync"/> does, then calls <paramref name="launch"/>
    /// to <see cref="Start"/> the next run and wait until it is ready.
    /// </summary>
    public async Task RestartAsync(Func<Task> launch, params int[] ports)
    {
        ArgumentNullException.ThrowIfNull(launch);
        await _gate.WaitAsync();
        try
        {
            await StopAndReleaseAsync(ports);
            _stdout.Enqueue(RestartMarker);
            _stderr.Enqueue(RestartMarker);
            await launch();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the process tree of the current run and waits until it has gone.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await EndAsync(graceful: false);
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    /// <summary>
    /// Kills the current run without awaiting anything (waits at most 5 s), for
    /// <see cref="AppDomain.ProcessExit"/> handlers and clean-up after a failed start.
    /// </summary>
    public void Kill()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Gone already.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>The recent output of every run (the last 100 lines of each stream), for diagnostics.</summary>
    public string RecentOutput() =>
        $"stderr:\n{string.Join('\n', _stderr)}\nstdout:\n{string.Join('\n', _stdout)}";

    /// <summary>Whether something accepts a TCP connection on the loopback <paramref name="port"/> within 1 s.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task StopAndReleaseAsync(int[] ports)
    {
        await EndAsync(graceful: true);
        var clock = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (await AcceptsAsync(port))
            {
                if (clock.Elapsed > PortReleaseTimeout)
                {
                    throw new TimeoutException(
                        $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)} still accepts connections {PortReleaseTimeout.TotalSeconds:F0} s after {name} stopped.");
                }

                await Task.Delay(PollInterval);
            }
        }
    }

    private async Task EndAsync(bool graceful)
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                if (graceful && !OperatingSystem.IsWindows() && NativeMethods.Kill(process.Id, SigTerm) == 0)
                {
                    using var wait = new CancellationTokenSource(gracePeriod);
                    try
                    {
                        await process.WaitForExitAsync(wait.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // It did not stop by itself: kill it below.
                    }
                }

                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // It was never started or has gone already.
        }
        catch (Win32Exception)
        {
            // Gone already.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AstroBlob.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No AstroBlob.sln in {AppContext.BaseDirectory} or any folder above it.");
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > KeptLines && lines.TryDequeue(out _))
        {
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int pid, int signal);
    }
}
