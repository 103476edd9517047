using System.Diagnostics;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Benchmarks;

/// <summary>The kinds of fault the soak injects, in the order it cycles through them.</summary>
internal enum FaultKind
{
    /// <summary>SIGKILL to the host, then a new host process.</summary>
    HostKilled,

    /// <summary>Azurite stopped (all three services away), then started again on the same data.</summary>
    StorageStopped,

    /// <summary>Both: storage stopped and the host killed while it is away; storage back first.</summary>
    Both,
}

/// <summary>One injected fault: when (since the traffic began, and the wall-clock instant), how long the part was away, and how long until the host was ready again.</summary>
internal sealed record FaultRecord(FaultKind Kind, TimeSpan At, DateTimeOffset Instant, TimeSpan Away, TimeSpan BackToReady)
{
    public bool KilledHost => Kind is FaultKind.HostKilled or FaultKind.Both;
}

/// <summary>
/// Kills the host and stops Azurite every so often while the traffic runs, and brings them back.
/// Azurite is stopped with SIGTERM: its LokiJS store writes to disk every 5 s and on shutdown,
/// so a SIGKILL would lose writes it had already acknowledged. Azure Storage does not lose
/// acknowledged writes, so that would test the emulator, not AstroBlob. From the host's side
/// the two are the same outage: connections refused, in-flight requests cut.
/// </summary>
internal sealed class SoakFaults(HostProcess host, AzuriteInstance azurite, SoakCounters counters, TimeSpan every)
{
    private static readonly FaultKind[] Cycle = [FaultKind.HostKilled, FaultKind.StorageStopped, FaultKind.HostKilled, FaultKind.Both];

    private static readonly TimeSpan WriteWait = TimeSpan.FromSeconds(3);

    public List<FaultRecord> Injected { get; } = [];

    /// <summary>Injects faults until <paramref name="stop"/>; a fault under way is always finished, so both parts are up when this returns.</summary>
    public async Task RunAsync(Stopwatch clock, CancellationToken stop, CancellationToken ct)
    {
        var random = new Random(20261204);
        for (var n = 0; ; n++)
        {
            var wait = every * (0.67 + (random.NextDouble() * 0.66));
            try
            {
                // Faults are spread over the run at random intervals: time is the point here.
                await Task.Delay(wait, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                return;
            }

            var kind = Cycle[n % Cycle.Length];
            var at = clock.Elapsed;
            var instant = DateTimeOffset.UtcNow;
            var away = TimeSpan.FromSeconds(kind == FaultKind.HostKilled ? 1 + (random.NextDouble() * 3) : 3 + (random.NextDouble() * 5));
            await Console.Error.WriteLineAsync($"  [{at:mm\\:ss}] fault {n + 1}: {kind}, away {away.TotalSeconds:F1} s");
            var backToReady = await InjectAsync(kind, away, random, ct);
            Injected.Add(new FaultRecord(kind, at, instant, away, backToReady));
        }
    }

    private async Task<TimeSpan> InjectAsync(FaultKind kind, TimeSpan away, Random random, CancellationToken ct)
    {
        if (kind is FaultKind.StorageStopped or FaultKind.Both)
        {
            await azurite.StopAsync();
        }

        if (kind is FaultKind.HostKilled or FaultKind.Both)
        {
            // Kill it in the middle of a write when there is one, so some answers are lost after
            // the write was (or was not) applied: the case the clients' retries must get right.
            var watch = Stopwatch.StartNew();
            while (Interlocked.Read(ref counters.WritesInFlight) == 0 && watch.Elapsed < WriteWait)
            {
                await Task.Delay(1, ct);
            }

            // A write takes a few storage calls: land anywhere in it, before or after its commit.
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 40)), ct);

            await host.KillAsync();
        }

        // The outage lasts this long: nothing to await but time.
        await Task.Delay(away, ct);
        var back = Stopwatch.StartNew();
        if (kind is FaultKind.StorageStopped or FaultKind.Both)
        {
            await azurite.RestartAsync();
        }

        if (kind is FaultKind.HostKilled or FaultKind.Both)
        {
            await host.StartAsync(ct);
        }
        else
        {
            await host.WaitReadyAsync(ct);
        }

        return back.Elapsed;
    }
}
