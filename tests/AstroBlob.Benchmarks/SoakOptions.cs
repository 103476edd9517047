using System.Globalization;

namespace AstroBlob.Benchmarks;

/// <summary>Command-line options of the soak run (<c>--soak</c>).</summary>
internal sealed record SoakOptions : IModeOptions<SoakOptions>
{
    public static string Usage => """
        Usage: dotnet run -c Release --project tests/AstroBlob.Benchmarks -- --soak [options]

        A bounded soak run on loopback: Azurite, the SMTP sink and the AstroBlob host as separate
        processes. Customers open tickets (some with a picture), reply in the portal and by
        e-mail; technicians reply, write internal notes and change statuses; critical tickets
        run a 40-second first-response SLA, so warnings, breaches and escalations fall due all
        the time. Meanwhile the host is killed (SIGKILL) and Azurite stopped, again and again,
        and both are started again. Every request is retried until it has a definite answer,
        with the same Idempotency-Key (or Message-ID) as a real client would.

        When the traffic stops the run waits until the host has caught up, then checks that
        nothing was lost or duplicated: every accepted ticket, message and e-mail reply exists
        exactly once, every file was processed, every due SLA warning, breach and escalation
        happened exactly once, and every mail was delivered to the sink exactly once.
        Prints a Markdown section and records it in tests/AstroBlob.Benchmarks/RESULTS.md under
        "## Soak under faults (issue 9)". Exit code 0 only when the checks found nothing.

          --minutes N         minutes of traffic (default 4; the checks add up to 4 more)
          --quick             1 minute of traffic (a smoke run; RESULTS.md is left alone unless
                              --write is given)
          --customers N       customers, each with one contact (default 6)
          --technicians N     technicians answering (default 2)
          --fault-every S     seconds between faults, give or take a third (default 25)
          --write             write RESULTS.md even for a --quick run
          --no-write          do not touch RESULTS.md
          --help              this text
        """;

    public const int DefaultMinutes = 4;

    public int Minutes { get; init; } = DefaultMinutes;

    public bool Quick { get; init; }

    public int Customers { get; init; } = 6;

    public int Technicians { get; init; } = 2;

    public int FaultEverySeconds { get; init; } = 25;

    public bool WriteResults { get; init; } = true;

    public bool Help { get; init; }

    public TimeSpan Traffic => TimeSpan.FromMinutes(Quick ? 1 : Minutes);

    /// <summary>The arguments that reproduce this configuration (for the report).</summary>
    public string CommandArgs =>
        "--soak"
        + (Quick ? " --quick" : Minutes == DefaultMinutes ? string.Empty : " --minutes " + Minutes.ToString(CultureInfo.InvariantCulture))
        + (Customers == 6 ? string.Empty : " --customers " + Customers.ToString(CultureInfo.InvariantCulture))
        + (Technicians == 2 ? string.Empty : " --technicians " + Technicians.ToString(CultureInfo.InvariantCulture))
        + (FaultEverySeconds == 25 ? string.Empty : " --fault-every " + FaultEverySeconds.ToString(CultureInfo.InvariantCulture));

    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        int? minutes = null, customers = null, technicians = null, faultEvery = null;
        var flags = CommandLine.Parse(args, "--soak", Usage, (option, arg) =>
        {
            switch (option)
            {
                case "--minutes":
                    minutes = arg.PositiveInt();
                    return true;
                case "--customers":
                    customers = arg.PositiveInt();
                    return true;
                case "--technicians":
                    technicians = arg.PositiveInt();
                    return true;
                case "--fault-every":
                    faultEvery = arg.PositiveInt();
                    return true;
                default:
                    return false;
            }
        });
        if (flags.Help)
        {
            return new SoakOptions { Help = true };
        }

        if (minutes > 60)
        {
            throw new BenchmarkException("--minutes must be at most 60: a soak here is minutes, not hours.");
        }

        if (faultEvery < 5)
        {
            throw new BenchmarkException("--fault-every must be at least 5 seconds: the host needs a few seconds to start again.");
        }

        return new SoakOptions
        {
            Quick = flags.Quick,
            Minutes = minutes ?? DefaultMinutes,
            Customers = customers ?? 6,
            Technicians = technicians ?? 2,
            FaultEverySeconds = faultEvery ?? 25,
            WriteResults = flags.WriteResults,
        };
    }
}
