using System.Globalization;
using System.Text;
using static AstroBlob.Benchmarks.ReportText;

namespace AstroBlob.Benchmarks;

/// <summary>A row of the lateness table (this run's, or one kept from an earlier run of another configuration).</summary>
internal sealed record LatenessRow(string Line, int Tickets, int DuePercent, int PollMs, string Scenario, string Transition, double P50, double P99, double Max, string RunAt)
{
    public string Key => $"{Tickets}|{DuePercent}|{PollMs}";

    public bool IsMain => !Scenario.StartsWith("spread", StringComparison.Ordinal);
}

/// <summary>The Markdown section of the SLA benchmark, and its place in RESULTS.md.</summary>
internal static class SlaReport
{
    public const string Heading = "## SLA timers (issue 3)";
    private const string LatenessHeading = "### Lateness: notification `at` minus the instant the transition was due";
    private const string BaseCommand = "dotnet run -c Release --project tests/AstroBlob.Benchmarks -- ";

    /// <summary>The host's default concurrency for the timer queue.</summary>
    private const int TriggerHandlers = 8;

    public static string Markdown(SlaRun run, IReadOnlyList<LatenessRow> kept)
    {
        var s = new StringBuilder();
        var o = run.Options;
        var rows = CurrentRows(run).Concat(kept)
            .OrderByDescending(r => r.Tickets).ThenByDescending(r => r.DuePercent).ThenByDescending(r => r.PollMs)
            .ThenBy(r => r.IsMain ? 0 : 1).ThenBy(r => r.Transition == "yellow" ? 0 : 1)
            .ToList();
        Line(s, Heading);
        Line(s);
        Line(s, $"Last run on {run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Inv)} UTC ({Configuration(o.Tickets, o.DuePercent, PollMs(run))}); the command took {F1(run.Duration.TotalMinutes)} min.");
        Line(s);
        SetupTable(s, run.HostCode, run.OthersCpuShare, "from the first create to the last transition", run.AzuriteVersion,
            $"| Triggers | MinPollInterval {Ms(run.MinPollInterval)}, MaxPollInterval {Ms(run.MaxPollInterval)}{(o.MaxPollMs is null ? " (the host's defaults)" : string.Empty)}; `sla-timers` handled {TriggerHandlers} at a time (the default); sweep every minute (`0 * * * * *`, the default) |");
        Line(s);
        var commands = rows.Select(r => (r.Tickets, r.DuePercent, r.PollMs)).Distinct()
            .Select(c => $"`{BaseCommand}{Args(c.Tickets, c.DuePercent, c.PollMs)}` ({Configuration(c.Tickets, c.DuePercent, c.PollMs)})");
        Line(s, "Commands, one per configuration (each rewrites this section and keeps the other configurations' rows of the lateness table): " + string.Join("; ", commands) + ".");
        Line(s);
        Line(s, "Method: the real host (Production environment, logging at Warning and above) served by Kestrel on a loopback port inside the benchmark process, against Azurite. " +
            $"Observatory `{SlaBenchmark.Slug}` gets a 24x7 policy (UTC, always open), yellow at {SlaBenchmark.WarningPercent}% of the target and one escalation rung (level 2). " +
            $"A customer contact creates {o.Tickets} tickets through `POST /api/o/{SlaBenchmark.Slug}/tickets` with {o.Clients} concurrent clients, so {o.Tickets} SLA timers are live at once (each a delayed message on the timer queue). " +
            $"Every {Ordinal(100 / Math.Max(1, o.DuePercent))} ticket ({o.DuePercent}%, {o.DueTickets} in all) is critical, with a first-response target just long enough that every ticket exists before the first turns yellow and the yellow wave is processed before the first red; " +
            "the others are low priority, with targets hours away, so they only weigh on the queue and the tables. " +
            $"The tickets stay unassigned, so the observatory's only admin receives the warnings and breaches. The benchmark reads that admin's notification partition straight from Table Storage " +
            "(once a second, rows newer than the last seen) until every critical ticket has one `sla_warning` and one `sla_breach`, then reads every ticket row and computes the lateness `at - due`: " +
            $"yellow is due at `createdAt` + {SlaBenchmark.WarningPercent}% of the target, red at `createdAt` + the target (`at` is when the host began processing the transition; the row is stored a few ms later). " +
            "Which transitions the sweep fired is exact: the sweep's `TicketService` gets a clock that returns the system time and remembers each instant it returned; a notification whose `at` is one of them came from the sweep. " +
            $"The spread-out scenario uses a third observatory whose tickets (first response {SlaBenchmark.SpreadFirstResponse.TotalSeconds.ToString("0", Inv)} s) are created one every " +
            $"{SlaBenchmark.SpreadGap.Min.TotalSeconds.ToString("0.#", Inv)} to {SlaBenchmark.SpreadGap.Max.TotalSeconds.ToString("0.#", Inv)} s while the main timers wait, so each of its timers falls due alone. " +
            $"Before, {o.WarmUpTickets} tickets in a fourth observatory warm the host up (creates and transitions). Queue activity comes from the trigger runtime's own metrics (meter `AstroBlob.Triggers`) and the HTTP client's requests to the queue port. " +
            $"The sweep's cost is measured by resolving `SlaSweepFunction` from a DI scope of the running host and calling `RunAsync` {o.SweepRuns} times (after one untimed run) with no timer due, away from the host's own runs at second 0; " +
            "table requests are counted from the runtime's HTTP client metrics for the table port.");
        Line(s);

        Line(s, LatenessHeading);
        Line(s);
        Line(s, "| Tickets | MaxPollInterval | Run (UTC) | Scenario | Transition | p50 ms | p90 ms | p99 ms | max ms | Later than 1 s | Fired by queue timer / sweep | Missing / duplicates |");
        Line(s, "| ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            Line(s, row.Line);
        }

        Line(s);
        Bullets(s, "This run in detail", Details(run));
        Line(s);
        Line(s, "### Sweep cost per run (in-process, no timer due)");
        Line(s);
        Line(s, $"| Open tickets in `{SlaBenchmark.Slug}` | Tickets in the table (all observatories) | Rows in the Tickets table | Measured | Runs | Median ms | Min ms | Max ms | Table requests per run | Azurite CPU ms per run |");
        Line(s, "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var w in run.Sweeps)
        {
            Line(s, $"| {w.OpenTickets} | {w.AllTickets} | {(w.TableRows is { } r ? r.ToString(Inv) : "not counted")} | {(w.AfterTransitions ? "after all transitions" : "before any was due")} | {w.Runs} " +
                $"| {F1(w.MedianMs)} | {F1(w.MinMs)} | {F1(w.MaxMs)} | {F1(w.TableRequestsPerRun)} ({w.MethodsPerRun}) | {F1(w.AzuriteCpuMsPerRun)} |");
        }

        Line(s);
        Bullets(s, "Reading", Reading(run, rows));
        return s.ToString();
    }

    /// <summary>Rows of the existing section's lateness table that belong to other configurations.</summary>
    public static IReadOnlyList<LatenessRow> ReadKeptRows(string path, SlaRun run)
    {
        var section = ResultsFile.ReadSection(path, Heading).ToArray();
        var table = Array.FindIndex(section, l => l.TrimEnd() == LatenessHeading);
        if (table < 0)
        {
            return [];
        }

        var current = CurrentRows(run).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var kept = new List<LatenessRow>();
        foreach (var line in section.Skip(table + 1).SkipWhile(l => l.Length == 0).Skip(2).TakeWhile(l => l.StartsWith('|')))
        {
            if (Parse(line) is { } row && !current.Contains(row.Key))
            {
                kept.Add(row);
            }
        }

        return kept;
    }

    private static IReadOnlyList<LatenessRow> CurrentRows(SlaRun run)
    {
        var o = run.Options;
        var f = run.Outcome;
        var poll = PollMs(run);
        var at = run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Inv);
        LatenessRow Row(string scenario, string transition, LatenessStats l) => new(
            $"| {o.Tickets}, {o.DuePercent}% due | {PollLabel(poll, o.MaxPollMs is null)} | {at} | {scenario} | {transition} " +
            $"| {F0(l.P50)} | {F0(l.P90)} | {F0(l.P99)} | {F0(l.Max)} | {Percent(l.OverOneSecond)} | {l.Count - l.BySweep} / {l.BySweep} | {l.Missing} / {l.Duplicates} |",
            o.Tickets, o.DuePercent, poll, scenario, transition, l.P50, l.P99, l.Max, at);
        var main = $"{o.Tickets} live timers; {o.DueTickets} fall due over {F0((run.YellowWave.LastDue - run.YellowWave.FirstDue).TotalSeconds)} s";
        var rows = new List<LatenessRow> { Row(main, "yellow", f.Yellow), Row(main, "red", f.Red) };
        if (run.Spread is { } spread)
        {
            rows.Add(Row(
                $"spread out: {spread.Tickets} tickets, one every {SlaBenchmark.SpreadGap.Min.TotalSeconds.ToString("0.#", Inv)}-{SlaBenchmark.SpreadGap.Max.TotalSeconds.ToString("0.#", Inv)} s",
                "yellow + red",
                spread.Findings.Both));
        }

        return rows;
    }

    private static LatenessRow? Parse(string line)
    {
        var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        if (cells.Length < 12)
        {
            return null;
        }

        var config = cells[0].Split([',', ' ', '%'], StringSplitOptions.RemoveEmptyEntries);
        var pollText = cells[1].Split(' ');
        if (config.Length < 2
            || !int.TryParse(config[0], NumberStyles.None, Inv, out var tickets)
            || !int.TryParse(config[1], NumberStyles.None, Inv, out var due)
            || pollText.Length < 2
            || !double.TryParse(pollText[0], NumberStyles.Float, Inv, out var poll))
        {
            return null;
        }

        var pollMs = (int)Math.Round(pollText[1] == "s" ? poll * 1000 : poll);
        return new LatenessRow(line.TrimEnd(), tickets, due, pollMs, cells[3], cells[4], Number(cells[5]), Number(cells[7]), Number(cells[8]), cells[2]);
    }

    private static double Number(string cell) =>
        double.TryParse(cell, NumberStyles.Float, Inv, out var value) ? value : double.NaN;

    private static IEnumerable<string> Details(SlaRun run)
    {
        var o = run.Options;
        var f = run.Outcome;
        var creates = run.CreatePhases;
        yield return $"Warm-up: {F1(run.WarmUpCreatesPerSecond)} creates/s, its transitions processed at {F1(run.WarmUpYellowPerSecond)}/s (yellow) and {F1(run.WarmUpRedPerSecond)}/s (red) with few timers live. " +
            $"Critical targets sized from it: first response {Duration(run.FirstResponse)} (yellow after {Duration(run.FirstResponse / 2)}), resolution {Duration(run.Resolution)}. " +
            $"{o.Tickets} tickets were created in {F0(run.CreationTime.TotalSeconds)} s ({F1(run.CreatesPerSecond)}/s; create p50 {F1(Percentile(creates, 50))} ms, p99 {F1(Percentile(creates, 99))} ms; " +
            $"the sweep was measured at {string.Join(" and ", run.Sweeps.Where(w => !w.AfterTransitions).Select(w => w.OpenTickets.ToString(Inv)))} open tickets in between); " +
            $"the first turned yellow {F0(run.FirstYellowAfterLastCreate.TotalSeconds)} s after the last was created. The timer queue held {run.TimerQueueLength} messages when the watch began.";
        foreach (var (name, wave, l) in new[] { ("Yellow", run.YellowWave, f.Yellow), ("Red", run.RedWave, f.Red) })
        {
            yield return $"{name} wave: {l.Count} transitions due over {F0((wave.LastDue - wave.FirstDue).TotalSeconds)} s ({F1(l.DuePerSecond)}/s), processed over {F0((wave.LastAt - wave.FirstAt).TotalSeconds)} s ({F1(l.ProcessedPerSecond)}/s); " +
                $"Azurite used {Percent(wave.AzuriteCoreShare)} of a core and this process {Percent(wave.DotnetMachineShare)} of the machine meanwhile; the longest pause between two transitions while others were overdue was {F1(wave.LongestGap.TotalSeconds)} s. " +
                $"Median lateness {F0(l.FirstTenthP50)} ms for the first tenth by due time, {F0(l.LastTenthP50)} ms for the last tenth; earliest {F0(l.Min)} ms. " +
                $"Until the notification row was stored (its Timestamp minus due): p50 {F0(l.StoredP50)} ms, p99 {F0(l.StoredP99)} ms.";
        }

        var gap = run.RedWave.FirstDue - run.YellowWave.LastAt;
        yield return gap >= TimeSpan.Zero
            ? $"The yellow wave was fully processed {F0(gap.TotalSeconds)} s before the first red was due, so the two waves did not mix."
            : $"The yellow wave was still being processed {F0(-gap.TotalSeconds)} s after the first red was due, so early reds waited behind it.";
        var t = run.WatchTriggers;
        var transitions = Math.Max(1, f.Yellow.Count + f.Red.Count);
        yield return $"Timer queue from the end of the spread-out scenario to the last transition ({F0(run.WatchTime.TotalSeconds)} s): {t.Processed} messages handled by `SlaTimerFunction` " +
            $"({F2(t.Processed / (double)transitions)} per transition), {t.QueueSends} sent ({F2(t.QueueSends / (double)transitions)} per transition: the host sends one per transition for the next timer right after the commit, any more are re-arms of messages that arrived early), " +
            $"{t.PollsWithMessages} receives with messages and {t.PollsEmpty} empty, {t.Failed} failed attempts, {t.Poisoned} poisoned. Mean request time to Azurite's queue: receive {F1(t.ReceiveMs)} ms, delete {F1(t.DeleteMs)} ms, send {F1(t.SendMs)} ms. " +
            $"{F1(run.WatchStorage.Total / (double)transitions)} table requests per transition ({run.WatchStorage.MethodsPerOperation(transitions)}).";
        if (run.Spread is { } spread)
        {
            var c = spread.Counts;
            var b = spread.Findings.Both;
            var st = Math.Max(1, b.Count);
            yield return $"Spread out ({spread.Tickets} tickets, created after the main creates, before the first main yellow): " +
                $"lateness p50 {F0(b.P50)} ms, p90 {F0(b.P90)} ms, max {F0(b.Max)} ms, earliest {F0(b.Min)} ms; {F2(c.Processed / (double)st)} messages handled and {F2(c.QueueSends / (double)st)} sent per transition, " +
                $"{c.PollsWithMessages} receives with messages and {c.PollsEmpty} empty (mean receive {F1(c.ReceiveMs)} ms, delete {F1(c.DeleteMs)} ms); {spread.Findings.ExtraGenerations} extra timer generations; missing {b.Missing}, duplicates {b.Duplicates}.";
        }

        var kinds = string.Join(", ", f.NotificationsByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Value} `{k.Key}`"));
        yield return $"Exactly once: the admin of `{SlaBenchmark.Slug}` holds {(kinds.Length == 0 ? "no notifications" : kinds)}, {f.NotificationsOfOtherTickets} of them for tickets that were not due; " +
            $"missing {f.Yellow.Missing} warnings and {f.Red.Missing} breaches, duplicates {f.Yellow.Duplicates} and {f.Red.Duplicates}; " +
            $"{f.EscalatedToLevel2} of {f.Tickets} critical tickets escalated to level 2 (no `sla_escalated` notification is expected: the tickets have no assignees and the rung notifies nobody); " +
            $"{run.LeftoverOutbox} outbox rows left in all observatories, {run.PoisonMessages} poison messages; " +
            $"{f.TicketsWithExtraGenerations} tickets used {f.ExtraGenerations} extra timer generations (a timer fired up to 50 ms before its instant found nothing due and was re-armed).";
        var h = run.HostSweeps;
        yield return h.Runs == 0
            ? "The host's scheduled sweep did not run while the main transitions happened."
            : $"The host's scheduled sweep ran {h.Runs} times meanwhile (median {F0(h.MedianMs)} ms, longest {F0(h.MaxMs)} ms) and fired {f.Yellow.BySweep + f.Red.BySweep} transitions, at most {h.MostFiredByOneRun} in one run ({F0(h.MostFiredRunMs)} ms).";
        yield return run.HostErrors + run.HostWarnings == 0
            ? "The host logged no warnings or errors."
            : $"The host logged {run.HostErrors} errors and {run.HostWarnings} warnings; the first: " + string.Join(" / ", run.HostLogSamples.Take(3).Select(x => $"`{Truncate(x)}`")) + ".";
    }

    private static IEnumerable<string> Reading(SlaRun run, IReadOnlyList<LatenessRow> rows)
    {
        var o = run.Options;
        var f = run.Outcome;
        var t = run.WatchTriggers;
        var transitions = Math.Max(1, f.Yellow.Count + f.Red.Count);
        var mainRearms = Math.Max(0, t.QueueSends - transitions - f.ExtraGenerations) / (double)transitions;
        var spread = run.Spread;
        var spreadRearms = spread is null ? double.NaN
            : Math.Max(0, spread.Counts.QueueSends - spread.Findings.Both.Count - spread.Findings.ExtraGenerations) / (double)Math.Max(1, spread.Findings.Both.Count);
        yield return "Queue visibility granularity: the queue takes visibility delays in whole seconds and the SDK truncates, so a timer message becomes visible up to 1 s before its instant. " +
            "`SlaTimerFunction` then sends it again for the rest, which truncates to 0 s: visible at once, it is taken by the listener's next poll, and so on until it arrives within 50 ms of due. " +
            (spread is null ? string.Empty : $"A timer falling due alone was re-sent {F1(spreadRearms)} times on average; ") +
            $"in the main scenario {F2(mainRearms)} times per transition. Each re-send is a send, a receive, a delete and a handler run: the truncation costs queue traffic rather than lateness, as a timer fires on the first poll after its instant.";

        var sameConfig = rows.Where(r => r.Tickets == o.Tickets && r.DuePercent == o.DuePercent && r.PollMs != PollMs(run)).ToList();
        var here = spread?.Findings.Both;
        var polling = $"Adaptive polling: an idle listener doubles its pause up to MaxPollInterval ({Ms(run.MaxPollInterval)}); a receiving one polls again after MinPollInterval ({Ms(run.MinPollInterval)}) or at once. ";
        polling += here is null
            ? "The spread-out scenario did not run, so the polling share is not measured here. "
            : $"Timers falling due alone every few seconds were {F0(here.P50)} ms late at the median, {F0(here.P90)} ms at p90 and {F0(here.Max)} ms at most: the polling share, plus one handler run. ";
        if (sameConfig.FirstOrDefault(r => !r.IsMain) is { } otherSpread && here is not null)
        {
            polling += $"With MaxPollInterval {PollLabel(otherSpread.PollMs, otherSpread.PollMs == 2000)} (run of {otherSpread.RunAt}) the same scenario gave p50 {F0(otherSpread.P50)} ms, max {F0(otherSpread.Max)} ms. ";
        }

        var otherMain = sameConfig.Where(r => r.IsMain).ToList();
        if (otherMain.Count > 0)
        {
            polling += $"Main scenario with {PollLabel(otherMain[0].PollMs, otherMain[0].PollMs == 2000)}: {string.Join(", ", otherMain.Select(r => $"{r.Transition} p50 {F0(r.P50)} ms, p99 {F0(r.P99)} ms"))}, " +
                $"against yellow p50 {F0(f.Yellow.P50)} ms, p99 {F0(f.Yellow.P99)} ms and red p50 {F0(f.Red.P50)} ms, p99 {F0(f.Red.P99)} ms here.";
        }

        yield return polling.TrimEnd();

        var backlog = f.Yellow.LastTenthP50 > Math.Max(1000, f.Yellow.FirstTenthP50 * 3) || f.Yellow.ProcessedPerSecond < f.Yellow.DuePerSecond * 0.8;
        var depth = backlog
            ? $"Processing queue depth: transitions fell due at {F1(f.Yellow.DuePerSecond)}/s (yellow) but were processed at {F1(f.Yellow.ProcessedPerSecond)}/s, so a backlog built up along the wave: " +
              $"median lateness grew from {F0(f.Yellow.FirstTenthP50)} ms for the first tenth to {F0(f.Yellow.LastTenthP50)} ms for the last (max {F0(f.Yellow.Max)} ms; red at {F1(f.Red.ProcessedPerSecond)}/s, max {F0(f.Red.Max)} ms). " +
              $"The sweep, once a minute, fired {f.Yellow.BySweep + f.Red.BySweep} transitions that were more than 2 s late by then, one after another next to the {TriggerHandlers} queue handlers."
            : $"Processing queue depth: the handlers kept up ({F1(f.Yellow.DuePerSecond)}/s due, {F1(f.Yellow.ProcessedPerSecond)}/s processed); median lateness was {F0(f.Yellow.FirstTenthP50)} ms for the first tenth and {F0(f.Yellow.LastTenthP50)} ms for the last, max {F0(f.Yellow.Max)} ms.";
        if (o.DuePercent < 100 && backlog && f.Yellow.ProcessedPerSecond > 0)
        {
            // Why not every ticket: at the rate the host reached here, a full burst would take this long.
            var burst = TimeSpan.FromSeconds(2 * o.Tickets / f.Yellow.ProcessedPerSecond);
            depth += $" At that rate the yellow and red transitions of all {o.Tickets} tickets would take about {F0(burst.TotalMinutes)} min, which is why only {o.DuePercent}% fall due here (`--due-percent 100` runs the full burst).";
        }

        yield return depth;

        yield return $"Azurite speed: with {run.TimerQueueLength} messages in the timer queue a receive took {F1(t.ReceiveMs)} ms, a delete {F1(t.DeleteMs)} ms and a send {F1(t.SendMs)} ms on average, waiting included: " +
            "Azurite's queue filters and sorts every message of the queue, invisible ones included, for each receive, and scans them again on each delete, all on its one JavaScript thread, so the cost grows with the number of live timers " +
            $"and every other request (tables too) waits behind it. Azurite used {Percent(run.YellowWave.AzuriteCoreShare)} of a core while the yellow wave was processed; a transition itself makes {F1(run.WatchStorage.Total / (double)transitions)} table requests. " +
            $"The benchmark's own one-partition notification query, once a second, took up to {F1(run.LongestWatchPoll.TotalSeconds)} s ({run.SlowWatchPolls} times over 3 s). " +
            (run.StorageDowns > 0 ? $"The host's storage probe (3 s timeout) timed out {run.StorageDowns} time(s) meanwhile; each time the host declared storage down and would have answered API requests with 503 until the next probe succeeded. " : string.Empty) +
            "Azure Storage Queues serve a receive or a delete in about the same time whatever the queue length, so in Azure the rate is set by the handlers and the round trips instead.";

        var sweeps = run.Sweeps.OrderBy(w => w.OpenTickets).ToList();
        if (sweeps.Count >= 2)
        {
            var (small, large) = (sweeps[0], sweeps[^1]);
            var flat = large.MedianMs < small.MedianMs * 1.5 + 2;
            yield return $"Sweep cost: {F1(small.TableRequestsPerRun)} table requests per run with {small.OpenTickets} open tickets and {F1(large.TableRequestsPerRun)} with {large.OpenTickets} " +
                "(one listing of the observatories, then per observatory one range read of the due index up to now and one of the outbox): it does not depend on the number of tickets. " +
                $"Its median duration went from {F1(small.MedianMs)} to {F1(large.MedianMs)} ms" +
                (flat
                    ? ", flat as well."
                    : $" as the Tickets table grew from {small.TableRows?.ToString(Inv) ?? "?"} to {large.TableRows?.ToString(Inv) ?? "?"} rows: Azurite filters every row of the table in memory for a range query, while Azure Table Storage reads only the keys in range, so there it should stay flat.");
        }
    }

    private static int PollMs(SlaRun run) => (int)Math.Round(run.MaxPollInterval.TotalMilliseconds);

    private static string PollLabel(int ms, bool isDefault) =>
        (ms % 1000 == 0 ? (ms / 1000).ToString(Inv) + " s" : ms.ToString(Inv) + " ms") + (isDefault ? " (default)" : string.Empty);

    private static string Configuration(int tickets, int duePercent, int pollMs) =>
        $"{tickets} tickets, {duePercent}% falling due, MaxPollInterval {PollLabel(pollMs, false)}";

    private static string Args(int tickets, int duePercent, int pollMs) =>
        new SlaOptions { Tickets = tickets, DuePercent = duePercent, MaxPollMs = pollMs == 2000 ? null : pollMs }.CommandArgs;

    private static string Ordinal(int n) => n switch
    {
        1 => "single",
        2 => "second",
        3 => "third",
        _ => n.ToString(Inv) + "th",
    };

    private static double Percentile(IReadOnlyList<PhaseResult> phases, double p) =>
        Stats.Percentile(phases.SelectMany(x => x.SortedLatenciesMs).Order().ToArray(), p);

    private static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 && t.TotalMinutes % 60 == 0 ? $"{t.TotalHours.ToString("0.#", Inv)} h"
        : t.TotalSeconds % 60 == 0 ? $"{t.TotalMinutes.ToString("0", Inv)} min"
        : $"{t.TotalMinutes.ToString("0.#", Inv)} min";

    private static string Truncate(string text) => (text.Length <= 200 ? text : text[..200] + "...").Replace('`', '\'').Replace('|', '/');
}
