using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace AstroBlob.Benchmarks;

/// <summary>One operation of a phase: null on success, else what went wrong.</summary>
internal delegate Task<string?> Operation(int index, CancellationToken ct);

/// <summary>What one phase measured: a fixed number of operations spread over N concurrent clients.</summary>
internal sealed record PhaseResult(
    string Name,
    int Clients,
    int Operations,
    double[] SortedLatenciesMs,
    int Errors,
    IReadOnlyList<string> ErrorSamples,
    double WallSeconds,
    StorageCounts Storage,
    TimeSpan DotnetCpu,
    TimeSpan AzuriteCpu)
{
    public int Succeeded => SortedLatenciesMs.Length;

    public double OpsPerSecond => Succeeded / WallSeconds;

    /// <summary>CPU of this process (host and load generator) per operation, in ms.</summary>
    public double DotnetCpuMsPerOp => DotnetCpu.TotalMilliseconds / Math.Max(1, Operations);

    /// <summary>CPU of the Azurite process per operation, in ms.</summary>
    public double AzuriteCpuMsPerOp => AzuriteCpu.TotalMilliseconds / Math.Max(1, Operations);

    public double StorageRequestsPerOp => Succeeded == 0 ? 0 : (double)Storage.Total / Operations;

    /// <summary>Nearest-rank percentile of the successful operations' latencies.</summary>
    public double Percentile(double p) => Stats.Percentile(SortedLatenciesMs, p);
}

/// <summary>What is watched during a phase besides latency: storage requests and CPU time.</summary>
internal sealed record Probes(StorageTraffic Storage, Func<TimeSpan> AzuriteCpu)
{
    public static TimeSpan DotnetCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>
    /// CPU of this process's child processes that have ended and been waited for (ffmpeg and
    /// ffprobe runs; not Azurite, which runs until the end), from /proc/self/stat; zero elsewhere.
    /// </summary>
    public static TimeSpan EndedChildrenCpu()
    {
        try
        {
            // The fields after the command name (which may hold spaces) in parentheses: state is
            // field 3, cutime and cstime are fields 16 and 17, in clock ticks of 10 ms.
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return TimeSpan.Zero;
        }
    }
}

internal static class Workers
{
    /// <summary>
    /// Runs items 0 to <paramref name="count"/> - 1 on <paramref name="workers"/> concurrent loops,
    /// each taking the next index until none is left or <paramref name="stop"/> says so.
    /// </summary>
    public static Task RunAsync(int workers, int count, Func<int, Task> item, Func<bool>? stop, CancellationToken ct)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count && stop?.Invoke() != true; i = Interlocked.Increment(ref next))
            {
                await item(i);
            }
        }, ct)));
    }
}

internal static class LoadPhase
{
    private const int KeptErrors = 5;

    /// <summary>
    /// Runs <paramref name="operations"/> operations with <paramref name="clients"/> concurrent
    /// loops that take the next operation index until none is left; each operation is timed.
    /// </summary>
    public static async Task<PhaseResult> RunAsync(string name, int clients, int operations, Operation operation, Probes probes, CancellationToken ct)
    {
        var latencies = new double[operations];
        var succeeded = new bool[operations];
        var errorSamples = new ConcurrentQueue<string>();
        var errors = 0;
        // A flood of failures means the system under test is broken, not slow: stop early.
        var errorLimit = Math.Max(20, operations / 5);
        var before = probes.Storage.Snapshot();
        var dotnetBefore = Probes.DotnetCpu();
        var azuriteBefore = probes.AzuriteCpu();
        var wall = Stopwatch.StartNew();
        await Workers.RunAsync(clients, operations, async i =>
        {
            var started = Stopwatch.GetTimestamp();
            string? error;
            try
            {
                error = await operation(i, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                error = $"{e.GetType().Name}: {e.Message}";
            }

            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (error is null)
            {
                succeeded[i] = true;
            }
            else
            {
                Interlocked.Increment(ref errors);
                if (errorSamples.Count < KeptErrors)
                {
                    errorSamples.Enqueue(error);
                }
            }
        }, () => Volatile.Read(ref errors) >= errorLimit, ct);
        wall.Stop();
        if (errors >= errorLimit)
        {
            throw new BenchmarkException($"{name} with {clients} clients: stopped after {errors} failed operations. The first ones:\n  " + string.Join("\n  ", errorSamples));
        }

        var traffic = probes.Storage.Snapshot().Minus(before);
        var dotnetCpu = Probes.DotnetCpu() - dotnetBefore;
        var azuriteCpu = probes.AzuriteCpu() - azuriteBefore;

        var ok = latencies.Where((_, i) => succeeded[i]).ToArray();
        Array.Sort(ok);
        var result = new PhaseResult(name, clients, operations, ok, errors, errorSamples.ToList(), wall.Elapsed.TotalSeconds, traffic, dotnetCpu, azuriteCpu);
        await Console.Error.WriteLineAsync(
            $"  {name,-22} {clients,3} clients: {result.OpsPerSecond,8:F1} ops/s  p50 {result.Percentile(50),7:F1} ms  p95 {result.Percentile(95),7:F1} ms  p99 {result.Percentile(99),7:F1} ms" +
            $"  storage {result.StorageRequestsPerOp:F2} req/op  cpu {result.DotnetCpuMsPerOp:F2}/{result.AzuriteCpuMsPerOp:F2} ms/op" + (traffic.Conflicts > 0 ? $", {traffic.Conflicts} conflicts" : string.Empty) +
            (errors > 0 ? $"  ERRORS {errors}" : string.Empty));
        foreach (var sample in errorSamples)
        {
            await Console.Error.WriteLineAsync("    error: " + sample);
        }

        return result;
    }
}
