using System.Globalization;

namespace AstroBlob.Benchmarks;

/// <summary>Command-line options of the SLA timer benchmark (<c>--sla</c>).</summary>
internal sealed record SlaOptions : IModeOptions<SlaOptions>
{
    public static string Usage => """
        Usage: dotnet run -c Release --project tests/AstroBlob.Benchmarks -- --sla [options]

        Starts Azurite and the AstroBlob host, creates tickets with live SLA timers through the
        HTTP API, waits until every ticket has turned yellow and red, and reports how late each
        transition was processed; measures the SLA sweep's cost per run with its timers not due.
        Prints a Markdown section and records it in tests/AstroBlob.Benchmarks/RESULTS.md under
        "## SLA timers (issue 3)".

          --quick             1,000 tickets instead of 10,000 (a smoke run; RESULTS.md is left
                              alone unless --write is given)
          --tickets N         open tickets, each with a live SLA timer
          --due-percent P     the share of them (evenly interleaved) whose first-response target
                              falls due during the run; the rest are hours away (default 2;
                              100 makes every ticket fall due in one burst)
          --max-poll-ms N     the host's Triggers:MaxPollInterval in ms (default: the host's
                              own default, 2 s); each setting keeps its own rows in RESULTS.md
          --write             write RESULTS.md even for a --quick run
          --no-write          do not touch RESULTS.md
          --help              this text
        """;

    public const int DefaultTickets = 10_000;
    public const int QuickTickets = 1_000;

    public bool Quick { get; init; }

    public int Tickets { get; init; } = DefaultTickets;

    public const int DefaultDuePercent = 2;

    /// <summary>Percentage of the tickets that fall due during the run (critical priority); the others (low priority) stay hours away.</summary>
    public int DuePercent { get; init; } = DefaultDuePercent;

    /// <summary>How many tickets fall due during the run.</summary>
    public int DueTickets => (int)((long)Tickets * DuePercent / 100);

    /// <summary>Whether ticket number <paramref name="n"/> (from 1) is one that falls due: evenly interleaved.</summary>
    public bool FallsDue(int n) => (long)n * DuePercent / 100 > (long)(n - 1) * DuePercent / 100;

    /// <summary>The host's <c>Triggers:MaxPollInterval</c>; null keeps the host's default.</summary>
    public int? MaxPollMs { get; init; }

    public bool WriteResults { get; init; } = true;

    public bool Help { get; init; }

    /// <summary>Concurrent clients creating tickets.</summary>
    public int Clients => 8;

    /// <summary>Tickets created in a separate observatory first: JIT warm-up and the create rate the SLA targets are sized from.</summary>
    public int WarmUpTickets => Quick ? 150 : 300;

    /// <summary>Tickets of the spread-out scenario (one every few seconds).</summary>
    public int SpreadTickets => Quick ? 6 : 10;

    /// <summary>Timed sweep runs per checkpoint (after one untimed run).</summary>
    public int SweepRuns => 7;

    /// <summary>Open tickets at which the sweep is measured: a tenth of the tickets and all of them.</summary>
    public IReadOnlyList<int> SweepCheckpoints => new[] { Math.Max(1, Tickets / 10), Tickets }.Distinct().ToList();

    /// <summary>The arguments that reproduce this configuration (for the report).</summary>
    public string CommandArgs =>
        "--sla"
        + (Tickets == QuickTickets ? " --quick" : Tickets == DefaultTickets ? string.Empty : " --tickets " + Tickets.ToString(CultureInfo.InvariantCulture))
        + (DuePercent == DefaultDuePercent ? string.Empty : " --due-percent " + DuePercent.ToString(CultureInfo.InvariantCulture))
        + (MaxPollMs is { } ms ? " --max-poll-ms " + ms.ToString(CultureInfo.InvariantCulture) : string.Empty);

    public static SlaOptions Parse(IReadOnlyList<string> args)
    {
        int? tickets = null;
        int? maxPoll = null;
        int? duePercent = null;
        var flags = CommandLine.Parse(args, "--sla", Usage, (option, arg) =>
        {
            switch (option)
            {
                case "--tickets":
                    tickets = arg.PositiveInt();
                    return true;
                case "--due-percent":
                    duePercent = arg.PositiveInt();
                    if (duePercent > 100)
                    {
                        throw new BenchmarkException("--due-percent must be from 1 to 100.");
                    }

                    return true;
                case "--max-poll-ms":
                    maxPoll = arg.PositiveInt();
                    return true;
                default:
                    return false;
            }
        });
        if (flags.Help)
        {
            return new SlaOptions { Help = true };
        }

        if (maxPoll is < 100)
        {
            throw new BenchmarkException("--max-poll-ms must be at least 100 (the host's MinPollInterval).");
        }

        return new SlaOptions
        {
            Quick = flags.Quick,
            Tickets = tickets ?? (flags.Quick ? QuickTickets : DefaultTickets),
            MaxPollMs = maxPoll,
            DuePercent = duePercent ?? DefaultDuePercent,
            WriteResults = flags.WriteResults,
        };
    }
}
