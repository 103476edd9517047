using System.ComponentModel;
using System.Diagnostics;

namespace AstroBlob.Benchmarks;

/// <summary>Where the repository is: the first directory upwards that holds AstroBlob.sln.</summary>
internal static class RepoPaths
{
    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AstroBlob.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new BenchmarkException("Could not find AstroBlob.sln above the current directory nor above the benchmark's binaries; run the benchmark from inside the repository.");
    }

    /// <summary>Which host code was measured: the commit, and whether functions/ had uncommitted changes.</summary>
    public static string DescribeHostCode(string root)
    {
        var commit = Git(root, "rev-parse", "--short", "HEAD");
        if (commit is null)
        {
            return "unknown (git not available)";
        }

        var dirty = Git(root, "status", "--porcelain", "--", "functions");
        return dirty is { Length: > 0 }
            ? $"commit {commit} plus uncommitted changes under functions/"
            : $"commit {commit}";
    }

    private static string? Git(string root, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(10_000);
            return git.ExitCode == 0 ? output : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
