using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;

namespace AstroBlob.Benchmarks;

/// <summary>
/// The AstroBlob host as a separate operating-system process (<c>dotnet AstroBlob.Functions.dll</c>,
/// built with this benchmark), so it can be killed the hard way (SIGKILL: no shutdown, no flush,
/// requests cut mid-way) and started again on the same port. Its JSON log goes to one file per run;
/// warnings and errors are counted.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly string _dll;
    private readonly string _contentRoot;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _logFolder;
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly ConcurrentQueue<string> _samples = new();
    private Process? _process;
    private StreamWriter? _log;
    private int _runs;
    private int _warnings;
    private int _errors;

    public HostProcess(string repoRoot, int port, IReadOnlyDictionary<string, string> environment, string logFolder)
    {
        _contentRoot = Path.Combine(repoRoot, "functions", "AstroBlob.Functions");
        _dll = FindHostDll(_contentRoot);
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _environment = environment;
        _logFolder = logFolder;
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int Warnings => Volatile.Read(ref _warnings);

    public int Errors => Volatile.Read(ref _errors);

    /// <summary>The first few warning and error lines of all runs.</summary>
    public IReadOnlyCollection<string> Samples => _samples;

    /// <summary>Starts the host and waits until <c>/api/health/ready</c> answers 200; returns how long that took.</summary>
    public async Task<TimeSpan> StartAsync(CancellationToken ct)
    {
        var run = Interlocked.Increment(ref _runs);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _contentRoot,
        };
        start.ArgumentList.Add(_dll);
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _log = new StreamWriter(Path.Combine(_logFolder, $"host-{run:D2}.log")) { AutoFlush = true };
        var started = Stopwatch.StartNew();
        try
        {
            _process = Process.Start(start) ?? throw new BenchmarkException("Could not start dotnet.");
        }
        catch (Win32Exception e)
        {
            throw new BenchmarkException($"Could not run 'dotnet {_dll}': {e.Message}");
        }

        var log = _log;
        _process.OutputDataReceived += (_, e) => Keep(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync(_process, ct);
        return started.Elapsed;
    }

    /// <summary>Waits until the running host answers <c>/api/health/ready</c> with 200 (after its storage came back).</summary>
    public Task WaitReadyAsync(CancellationToken ct) =>
        WaitReadyAsync(_process ?? throw new InvalidOperationException("The host is not running."), ct);

    /// <summary>SIGKILL to the host: it gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
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

    /// <summary>Whether the current run has exited by itself (it should never).</summary>
    public bool Crashed => _process is { HasExited: true };

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _probe.Dispose();
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }
    }

    private async Task WaitReadyAsync(Process process, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        var last = "no answer yet";
        while (waited.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                throw new BenchmarkException($"The host exited with code {process.ExitCode} while starting; see its log in {_logFolder}.");
            }

            try
            {
                using var response = await _probe.GetAsync(new Uri(BaseAddress, "api/health/ready"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                last = e.Message;
            }

            // Readiness is only visible through the endpoint: poll it.
            await Task.Delay(100, ct);
        }

        throw new BenchmarkException($"The host was not ready within {ReadyTimeout.TotalSeconds:F0} s; last answer: {last}; log in {_logFolder}.");
    }

    private void Keep(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }

        var error = line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal);
        var warning = line.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal);
        if (error)
        {
            Interlocked.Increment(ref _errors);
        }
        else if (warning)
        {
            Interlocked.Increment(ref _warnings);
        }

        if ((error || warning) && _samples.Count < 12)
        {
            _samples.Enqueue(line.Length <= 400 ? line : line[..400] + "...");
        }
    }

    /// <summary>The host assembly built beside this benchmark (same configuration).</summary>
    private static string FindHostDll(string contentRoot)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var bin = Path.Combine(contentRoot, "bin", configuration);
        var dll = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, "AstroBlob.Functions.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return dll ?? throw new BenchmarkException($"No AstroBlob.Functions.dll under {bin}; build the solution in {configuration} first (dotnet run builds it).");
    }
}
