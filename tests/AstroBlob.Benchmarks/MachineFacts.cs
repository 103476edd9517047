using System.ComponentModel;
using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace AstroBlob.Benchmarks;

/// <summary>
/// The machine a report describes: CPU model and cores, OS, .NET and GC, Node.js (for the setup
/// table of every section, <see cref="ReportText.SetupTable"/>).
/// </summary>
internal static class MachineFacts
{
    public static string Cpu => $"{CpuModel()}, {Environment.ProcessorCount} logical cores";

    public static string Os => $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})";

    public static string Dotnet => $"{RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC";

    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? "unknown CPU";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown CPU";
        }
    }

    public static string NodeVersion()
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (node is null)
            {
                return "unknown";
            }

            var version = node.StandardOutput.ReadToEnd().Trim();
            node.WaitForExit(5000);
            return version.Length == 0 ? "unknown" : version;
        }
        catch (Win32Exception)
        {
            return "unknown";
        }
    }
}
