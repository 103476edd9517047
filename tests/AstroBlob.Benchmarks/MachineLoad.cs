using System.Globalization;

namespace AstroBlob.Benchmarks;

/// <summary>
/// How busy the whole machine was (from /proc/stat), to tell how much of the CPU other
/// processes took while the benchmark measured: on a shared 2-core machine that is the main
/// source of noise.
/// </summary>
internal readonly record struct MachineLoad(long BusyTicks, long TotalTicks, TimeSpan Wall, TimeSpan Ours)
{
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

    public static MachineLoad Now(TimeSpan ours)
    {
        var (busy, total) = ReadProcStat();
        return new MachineLoad(busy, total, Clock.Elapsed, ours);
    }

    /// <summary>Share of the machine's CPU capacity used by processes other than the benchmark's own, between two readings; null if unknown.</summary>
    public static double? OthersShare(MachineLoad start, MachineLoad end)
    {
        var total = end.TotalTicks - start.TotalTicks;
        if (total <= 0 || start.TotalTicks == 0)
        {
            return null;
        }

        var machineBusy = (end.BusyTicks - start.BusyTicks) / (double)total;
        var capacity = (end.Wall - start.Wall).TotalSeconds * Environment.ProcessorCount;
        var ours = (end.Ours - start.Ours).TotalSeconds / capacity;
        return Math.Max(0, machineBusy - ours);
    }

    private static (long Busy, long Total) ReadProcStat()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            if (line is null)
            {
                return (0, 0);
            }

            // user nice system idle iowait irq softirq steal ...
            var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            var idle = v[3] + v[4];
            var total = v.Sum();
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (0, 0);
        }
    }
}
