namespace AstroBlob.Benchmarks;

/// <summary>Command-line options of the benchmark.</summary>
internal sealed record BenchmarkOptions : IModeOptions<BenchmarkOptions>
{
    public static string Usage => """
        Usage: dotnet run -c Release --project tests/AstroBlob.Benchmarks -- [options]

        Starts Azurite and the AstroBlob host on loopback ports, measures ticket create and list
        through the HTTP API and raw Azure.Data.Tables inserts, prints a Markdown table and
        records it in tests/AstroBlob.Benchmarks/RESULTS.md.

          --quick           60 operations per phase and level instead of 400 (a smoke run;
                            RESULTS.md is left alone unless --write is given)
          --ops N           operations per phase and level
          --levels A,B,...  concurrent clients per level (default 1,8,32)
          --write           write RESULTS.md even for a --quick run
          --no-write        do not touch RESULTS.md
          --help            this text
        """;

    public bool Quick { get; init; }

    public int Operations { get; init; } = 400;

    public IReadOnlyList<int> Levels { get; init; } = [1, 8, 32];

    public bool WriteResults { get; init; } = true;

    public bool Help { get; init; }

    /// <summary>Unmeasured operations of each kind in one warm-up round.</summary>
    public int WarmUpRound => Quick ? 30 : 50;

    /// <summary>
    /// Warm-up rounds, each followed by a pause, repeat until this much time has passed: tiered
    /// JIT with dynamic PGO compiles its final code on a background thread, which a saturated
    /// 2-core machine starves (after 200 back-to-back operations of each kind the 1-client level
    /// still paid two to three times the .NET CPU per operation of a later pass). The pauses let
    /// it catch up without storing thousands of warm-up tickets, which would slow Azurite's lists.
    /// </summary>
    public TimeSpan WarmUpTime => TimeSpan.FromSeconds(Quick ? 3 : 20);

    /// <summary>Idle time after each warm-up round.</summary>
    public TimeSpan WarmUpPause => TimeSpan.FromSeconds(Quick ? 0.2 : 1);

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        int? ops = null;
        IReadOnlyList<int>? levels = null;
        var flags = CommandLine.Parse(args, modeSwitch: null, Usage, (option, arg) =>
        {
            switch (option)
            {
                case "--ops":
                    ops = arg.PositiveInt();
                    return true;
                case "--levels":
                    levels = arg.Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => CommandLine.PositiveInt("--levels", s)).Distinct().ToList();
                    if (levels.Count == 0)
                    {
                        throw new BenchmarkException("--levels needs at least one number, e.g. --levels 1,8,32.");
                    }

                    return true;
                default:
                    return false;
            }
        });
        if (flags.Help)
        {
            return new BenchmarkOptions { Help = true };
        }

        var defaults = new BenchmarkOptions();
        return new BenchmarkOptions
        {
            Quick = flags.Quick,
            Operations = ops ?? (flags.Quick ? 60 : defaults.Operations),
            Levels = levels ?? defaults.Levels,
            WriteResults = flags.WriteResults,
        };
    }
}
