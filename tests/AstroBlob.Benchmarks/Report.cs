using System.Text;
using static AstroBlob.Benchmarks.ReportText;

namespace AstroBlob.Benchmarks;

/// <summary>The Markdown section of the ticket create and list benchmark (issue 2).</summary>
internal static class Report
{
    public const string Heading = "## Ticket create and list (issue 2)";

    public static string Markdown(BenchmarkRun run)
    {
        var s = new StringBuilder();
        var o = run.Options;
        var command = "dotnet run -c Release --project tests/AstroBlob.Benchmarks" + (run.Args.Count > 0 ? " -- " + string.Join(' ', run.Args) : string.Empty);
        Opening(s, Heading, run.StartedAt, run.Duration);
        SetupTable(s, run.HostCode, run.OthersCpuShare, "while the levels ran", run.AzuriteVersion);
        Line(s);
        Line(s, $"Command: `{command}`");
        Line(s);
        Line(s, $"Method: the real host (its Program, middleware and stores, Production environment, logging at Warning and above) " +
            $"served by Kestrel on a loopback port inside the benchmark process, called over real HTTP. Per level, each phase is " +
            $"{o.Operations} operations spread over N concurrent clients (loops sharing one `HttpClient`), after a warm-up of at " +
            $"least {o.WarmUpTime.TotalSeconds:F0} s (rounds of {o.WarmUpRound} operations of each kind with 4 clients, each round followed by a {o.WarmUpPause.TotalSeconds.ToString("0.#", Inv)} s pause) so that tiered JIT has settled. Latency is measured by the client, from sending to the full response; throughput " +
            $"is successful operations over the phase's wall time. Tickets are created by a customer contact " +
            $"(`POST /api/o/bench/tickets`, type repair, {Benchmark.DescriptionLength} characters of description); the baseline inserts " +
            $"entities straight into one partition of another table with `TableClient.AddEntityAsync`. Requests to storage are " +
            $"counted from the runtime's HTTP client metrics, by Azurite port; CPU per operation is the CPU time of this " +
            "process (host and load generator together) and of the Azurite process during the phase, divided by its operations.");
        Line(s);
        Line(s, $"Stored sizes (keys and values, UTF-8): ticket row {Bytes(run.Sizes.TicketRowBytes)}, each index row {Bytes(run.Sizes.IndexRowBytes)}, " +
            $"raw baseline entity {Bytes(run.Sizes.RawEntityBytes)}; {run.Sizes.RowsPerTicket.ToString("F1", Inv)} rows per ticket " +
            $"({run.Sizes.Tickets} tickets, {run.Sizes.TicketRows} rows in the partition at the end).");
        Line(s);
        Line(s, "### Ticket create: host API vs raw Table Storage insert");
        Line(s);
        Line(s, "| Clients | Host creates/s | Host p50 ms | Host p95 ms | Host p99 ms | Raw inserts/s | Raw p50 ms | Raw p95 ms | Raw p99 ms | Raw/host | Table requests per create | Counter conflicts (409/412) | CPU ms per create (.NET/Azurite) | CPU ms per raw insert (.NET/Azurite) | Errors host/raw |");
        Line(s, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var l in run.Levels)
        {
            var h = l.HostCreate;
            var r = l.RawInsert;
            Line(s, $"| {l.Clients} | {F1(h.OpsPerSecond)} | {F1(h.Percentile(50))} | {F1(h.Percentile(95))} | {F1(h.Percentile(99))} " +
                $"| {F1(r.OpsPerSecond)} | {F1(r.Percentile(50))} | {F1(r.Percentile(95))} | {F1(r.Percentile(99))} " +
                $"| {F1(Ratio(r, h))}x | {F1(h.StorageRequestsPerOp)} | {h.Storage.Conflicts} | {Cpu(h)} | {Cpu(r)} | {h.Errors}/{r.Errors} |");
        }

        Line(s);
        Line(s, "### Ticket list (`limit=25`, newest first)");
        Line(s);
        Line(s, "| Clients | Tickets stored | Customer lists/s | Customer p50 ms | p95 ms | p99 ms | Admin `status=open` lists/s | Admin p50 ms | p95 ms | p99 ms | Table requests per list | CPU ms per customer list (.NET/Azurite) | Errors customer/admin |");
        Line(s, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (label, l) in run.Levels.Select(l => (l.Clients.ToString(Inv), l.Lists)).Append(("1, after all levels", run.FinalLists)))
        {
            var c = l.Customer;
            var a = l.Admin;
            Line(s, $"| {label} | {l.TicketsStored} | {F1(c.OpsPerSecond)} | {F1(c.Percentile(50))} | {F1(c.Percentile(95))} | {F1(c.Percentile(99))} " +
                $"| {F1(a.OpsPerSecond)} | {F1(a.Percentile(50))} | {F1(a.Percentile(95))} | {F1(a.Percentile(99))} " +
                $"| {F1(c.StorageRequestsPerOp)} | {Cpu(c)} | {c.Errors}/{a.Errors} |");
        }

        Line(s);
        Bullets(s, "Reading", Interpretation(run));
        return s.ToString();
    }

    private static IEnumerable<string> Interpretation(BenchmarkRun run)
    {
        var calm = run.Levels.MinBy(l => (l.HostCreate.Storage.Conflicts, l.Clients))!;
        var last = run.Levels[^1];
        var best = run.Levels.MaxBy(l => l.HostCreate.OpsPerSecond)!;
        var h = calm.HostCreate;
        yield return $"With {Clients(calm.Clients)} and {h.Storage.Conflicts} counter conflicts, a ticket create made {F1(h.StorageRequestsPerOp)} table " +
            $"requests one after another ({h.Storage.MethodsPerOperation(h.Operations)}; among them the bearer session and its user, the ticket counter's read " +
            $"and conditional update, and one entity-group transaction writing the ticket with its index and activity rows; " +
            $"{F1(run.Sizes.RowsPerTicket)} rows stay stored per ticket) against 1 for a raw insert, so raw/host is {F1(Ratio(calm.RawInsert, h))}x there. " +
            $"A list made {F1(run.FinalLists.Customer.StorageRequestsPerOp)} ({run.FinalLists.Customer.Storage.MethodsPerOperation(run.FinalLists.Customer.Operations)}: " +
            "session, user, one range query over index rows).";

        var conflicts = run.Levels.Sum(l => l.HostCreate.Storage.Conflicts);
        var errors = run.Levels.Sum(l => l.HostCreate.Errors);
        var trend = last.HostCreate.OpsPerSecond < best.HostCreate.OpsPerSecond * 0.9
            ? $"host creates/s peak at {F1(best.HostCreate.OpsPerSecond)} with {Clients(best.Clients)} and fall to {F1(last.HostCreate.OpsPerSecond)} with {Clients(last.Clients)}"
            : $"host creates/s go from {F1(run.Levels[0].HostCreate.OpsPerSecond)} with {Clients(run.Levels[0].Clients)} to {F1(last.HostCreate.OpsPerSecond)} with {Clients(last.Clients)}";
        var outcome = $"{trend}, while raw inserts reach {F1(last.RawInsert.OpsPerSecond)}/s; raw/host is {F1(Ratio(last.RawInsert, last.HostCreate))}x " +
            $"and the create p99 {F1(last.HostCreate.Percentile(99))} ms at {Clients(last.Clients)}.";
        if (conflicts == 0)
        {
            yield return $"The ticket counter saw no ETag conflicts at any level; {outcome}";
        }
        else
        {
            var perLevel = string.Join(", ", run.Levels.Select(l => $"{F1(l.HostCreate.Storage.Conflicts / (double)l.HostCreate.Operations)} at {l.Clients}"));
            yield return $"The single ticket counter per observatory is the bottleneck under concurrency: ETag conflicts (409/412) per create were {perLevel} clients. " +
                $"Each one costs a re-read, another conditional update and a jittered back-off, retried silently " +
                $"({(errors == 0 ? "no request failed because of it" : $"{errors} create requests failed, see the Errors column")}), so {outcome}";
        }

        var c = last.HostCreate;
        var calmCpu = calm.HostCreate.DotnetCpuMsPerOp + calm.HostCreate.AzuriteCpuMsPerOp;
        var lastCpu = c.DotnetCpuMsPerOp + c.AzuriteCpuMsPerOp;
        var azuriteOnCreates = c.AzuriteCpu.TotalSeconds / c.WallSeconds;
        var verdict = azuriteOnCreates >= 0.85
            ? $": Azurite used {Percent(azuriteOnCreates)} of a core (its JavaScript runs on one thread), so the emulator caps creates here."
            : Busy(c) >= 0.8
                ? c.Storage.Conflicts > 0 && lastCpu > calmCpu * 1.2
                    ? ": the machine is CPU-bound and the conflicts' re-reads and retried updates are real work, so they take throughput away."
                    : ": the machine's CPU is the limit."
                : ": much of the create latency is waiting (queueing for the counter row, back-off) rather than work.";
        yield return $"Where the time goes, with {Clients(last.Clients)}: during creates the two processes kept the CPU {Percent(Busy(c))} busy, " +
            $"{F2(c.DotnetCpuMsPerOp)} ms of .NET and {F2(c.AzuriteCpuMsPerOp)} ms of Azurite CPU per create ({Side(c)}), against " +
            $"{F2(calmCpu)} ms in all with {Clients(calm.Clients)}{verdict}" +
            $" Raw inserts kept it {Percent(Busy(last.RawInsert))} busy at {F2(last.RawInsert.DotnetCpuMsPerOp + last.RawInsert.AzuriteCpuMsPerOp)} ms per insert.";

        var list = last.Lists.Customer;
        var azuriteCore = list.AzuriteCpu.TotalSeconds / list.WallSeconds;
        var lists = $"Lists: with {Clients(last.Clients)}, Azurite (JavaScript on one thread) used {Percent(azuriteCore)} of a core, " +
            $"{F2(list.AzuriteCpuMsPerOp)} ms of its CPU per customer list against {F2(list.DotnetCpuMsPerOp)} ms of .NET" +
            (azuriteCore >= 0.85 ? ", so the emulator is what caps list throughput here" : string.Empty) + ".";
        var early = run.Levels.Where(l => l.Clients == 1).Select(l => l.Lists).FirstOrDefault();
        if (early is not null)
        {
            var before = early.Customer.AzuriteCpuMsPerOp;
            var after = run.FinalLists.Customer.AzuriteCpuMsPerOp;
            lists += $" Azurite answers a range query by filtering and sorting every row of the table in memory; its CPU per 1-client list was " +
                $"{F2(before)} ms with {early.TicketsStored} tickets stored and {F2(after)} ms with {run.FinalLists.TicketsStored}" +
                (after > before * 1.15 ? ", growing with the table" : string.Empty) +
                ". Azure Table Storage serves the same query from the partition's key order and reads only the 25 index rows, so there its cost should not grow with the table.";
        }

        yield return lists;

        var phases = run.Levels.SelectMany(l => new[] { l.HostCreate, l.RawInsert, l.Lists.Customer, l.Lists.Admin })
            .Append(run.FinalLists.Customer).Append(run.FinalLists.Admin).ToList();
        var background = phases.Sum(p => p.Storage.OtherServices);
        var seconds = phases.Sum(p => p.WallSeconds);
        if (background > 0)
        {
            yield return $"In the background the host sent {background} requests to the blob and queue services while the levels ran " +
                $"({F1(background / seconds)}/s: its trigger runtime polling queues and holding leases); they share Azurite's thread with the table work.";
        }

        yield return $"Azurite, the host and the load generator share the same {Environment.ProcessorCount} cores, so the absolute figures describe this " +
            "machine and the emulator rather than Azure; the storage requests per operation, the conflict counts and the ratios are the useful part.";
        if (run.HostWarnings + run.HostErrors > 0)
        {
            yield return $"The host logged {run.HostErrors} errors and {run.HostWarnings} warnings during the run (the benchmark prints the first ones).";
        }
    }

    private static string Cpu(PhaseResult p) => $"{F2(p.DotnetCpuMsPerOp)}/{F2(p.AzuriteCpuMsPerOp)}";

    /// <summary>Share of the machine's CPU the .NET process and Azurite used together during a phase.</summary>
    private static double Busy(PhaseResult p) => Math.Min(1, (p.DotnetCpu + p.AzuriteCpu).TotalSeconds / (p.WallSeconds * Environment.ProcessorCount));

    private static string Side(PhaseResult p) =>
        p.DotnetCpuMsPerOp > p.AzuriteCpuMsPerOp * 1.2 ? "mostly the .NET side: host and client"
        : p.AzuriteCpuMsPerOp > p.DotnetCpuMsPerOp * 1.2 ? "mostly Azurite"
        : "about evenly split";

    private static string Clients(int n) => n == 1 ? "1 client" : $"{n} clients";

    private static double Ratio(PhaseResult raw, PhaseResult host) => host.OpsPerSecond == 0 ? double.NaN : raw.OpsPerSecond / host.OpsPerSecond;

    private static string Bytes(int bytes) => bytes >= 1024 ? (bytes / 1024.0).ToString("F1", Inv) + " KB" : bytes.ToString(Inv) + " B";
}
