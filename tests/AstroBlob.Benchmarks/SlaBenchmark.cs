using System.Diagnostics;
using System.Globalization;
using System.Net;
using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Notifications;
using AstroBlob.Functions.Sla;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Triggers;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AstroBlob.Benchmarks;

/// <summary>
/// The SLA timer benchmark (<c>--sla</c>): how late the host processes SLA transitions when many
/// tickets fall due, whether each is reported exactly once, and what one sweep run costs.
/// </summary>
internal static class SlaBenchmark
{
    public const string Slug = "bench";
    public const string WarmUpSlug = "warmup";
    public const string SpreadSlug = "spread";
    public const string TablePrefix = BenchStack.TablePrefix;
    public const int WarningPercent = 50;

    /// <summary>First-response target of the spread-out scenario: yellow 15 s and red 30 s after each create.</summary>
    public static readonly TimeSpan SpreadFirstResponse = TimeSpan.FromSeconds(30);

    /// <summary>The spread-out scenario's pause before each create is drawn from this range (seeded, so every run has the same).</summary>
    public static readonly (TimeSpan Min, TimeSpan Max) SpreadGap = (TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(5.5));

    private static readonly string Description = string.Concat(Enumerable.Repeat(
        "The dome shutter stops half-way when it closes at dawn and the controller reports a motor over-current fault. ", 3)).Trim();

    public static async Task<int> RunAsync(SlaOptions options, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var outages = new StorageOutageCounter();
        var sweepClock = new SweepClock();
        var settings = new Dictionary<string, string?>();
        if (options.MaxPollMs is { } maxPoll)
        {
            settings["Triggers:MaxPollInterval"] = TimeSpan.FromMilliseconds(maxPoll).ToString("c", CultureInfo.InvariantCulture);
        }

        await using var stack = await BenchStack.StartAsync(settings, SlaHost.SweepClockFor(sweepClock), [outages], ct);
        var (azurite, storage, probes, api) = (stack.Azurite, stack.Storage, stack.Probes, stack.Api);
        using var triggers = new SlaProbes(azurite.QueuePort);
        var pollSettings = stack.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TriggerOptions>>().Value;
        await Console.Error.WriteLineAsync($"Trigger settings: MinPollInterval {pollSettings.MinPollInterval.TotalMilliseconds:F0} ms, MaxPollInterval {pollSettings.MaxPollInterval.TotalMilliseconds:F0} ms");

        // Warm-up in an observatory of its own with short targets: JIT settles (the fire path
        // included), and the create rate measured here sizes the targets of the measured tickets.
        var notificationsTable = TablePrefix + "Notifications";
        var warm = await BenchWorld.ProvisionAsync(api, stack.PlatformKey, WarmUpSlug, ct);
        var warmFirstResponse = TimeSpan.FromSeconds(options.Quick ? 30 : 40);
        await SetPolicyAsync(api, warm, (warmFirstResponse, TimeSpan.FromHours(2)), (warmFirstResponse, TimeSpan.FromHours(2)), ct);
        var warmNumber = 0;
        Operation warmCreate = (_, token) => CreateTicketAsync(api, warm, Interlocked.Increment(ref warmNumber), "critical", token);
        await Console.Error.WriteLineAsync($"Warm-up: {options.WarmUpTickets} tickets in observatory '{WarmUpSlug}' with {options.Clients} clients, first response {warmFirstResponse.TotalSeconds:F0} s ...");
        var warmStart = DateTimeOffset.UtcNow;
        RequireNoErrors(await LoadPhase.RunAsync("warm-up create", options.Clients, options.WarmUpTickets / 2, warmCreate, probes, ct));
        var warmRate = RequireNoErrors(await LoadPhase.RunAsync("warm-up create", options.Clients, options.WarmUpTickets - options.WarmUpTickets / 2, warmCreate, probes, ct));
        var warmWatcher = new NotificationWatcher(azurite.ConnectionString, notificationsTable, $"{WarmUpSlug}|{warm.AdminId}", started - TimeSpan.FromMinutes(1));
        await WatchAsync(warmWatcher, options.WarmUpTickets, warmStart + warmFirstResponse / 2, DateTimeOffset.UtcNow + warmFirstResponse, triggers, null, ct);
        var warmFires = (Yellow: warmWatcher.Rate("sla_warning"), Red: warmWatcher.Rate("sla_breach"));

        // The spread-out scenario runs in its own observatory while the main timers wait.
        var spread = await BenchWorld.ProvisionAsync(api, stack.PlatformKey, SpreadSlug, ct);
        await SetPolicyAsync(api, spread, (SpreadFirstResponse, TimeSpan.FromHours(2)), (SpreadFirstResponse, TimeSpan.FromHours(2)), ct);
        var gaps = SpreadGaps(options.SpreadTickets);
        var spreadTime = TimeSpan.FromSeconds(gaps.Sum(g => g.TotalSeconds)) + SpreadFirstResponse + TimeSpan.FromSeconds(10);

        // Sizing. Every ticket exists before the first turns yellow (creates slow down as the
        // emulator's tables grow: assume 70% of the warm-up's rate), the sweep measurement and
        // the spread-out scenario fit in between, and the yellow wave is processed before the
        // first red is due, so the waves do not mix. Azurite's queue scans every message on each
        // receive and delete, so its processing rate falls with the live timers: assume
        // 17,000 / live timers per second (measured: 1.7/s with 10,300), at most 60.
        var liveTimers = options.Tickets + options.WarmUpTickets + gaps.Count;
        var expectedCreate = TimeSpan.FromSeconds(options.Tickets / Math.Max(1, 0.7 * warmRate.OpsPerSecond));
        var expectedRate = Math.Min(60, 17_000.0 / liveTimers);
        var expectedYellowWave = TimeSpan.FromSeconds(options.DueTickets / expectedRate);
        var yellowAfter = Max(
            expectedCreate * 1.3 + TimeSpan.FromSeconds(25),
            expectedCreate + TimeSpan.FromSeconds(20) + spreadTime + TimeSpan.FromSeconds(10),
            Max(expectedCreate, expectedYellowWave) * 1.3 + TimeSpan.FromSeconds(10));
        var firstResponse = TimeSpan.FromSeconds(Math.Max(60, Math.Ceiling(2 * yellowAfter.TotalSeconds / 30) * 30));
        var resolution = firstResponse * 4 > TimeSpan.FromHours(2) ? firstResponse * 4 : TimeSpan.FromHours(2);
        var world = await BenchWorld.ProvisionAsync(api, stack.PlatformKey, Slug, ct);
        await SetPolicyAsync(api, world, (firstResponse, resolution), (TimeSpan.FromHours(8), TimeSpan.FromHours(24)), ct);
        await Console.Error.WriteLineAsync(
            $"Warm-up: {warmRate.OpsPerSecond:F1} creates/s, transitions processed at {warmFires.Yellow:F1}/s (yellow) and {warmFires.Red:F1}/s (red). " +
            $"Expecting {expectedCreate.TotalSeconds:F0} s for {options.Tickets} creates and {expectedYellowWave.TotalSeconds:F0} s for the yellow wave of the {options.DueTickets} that fall due. " +
            $"Policy of '{Slug}': 24x7; critical: first response {firstResponse:c} (yellow at {WarningPercent}% = {firstResponse / 2:c}), resolution {resolution:c}; other priorities 8 h / 24 h.");

        var ticketsTable = new TableClient(azurite.ConnectionString, TablePrefix + "Tickets");
        var number = 0;
        Operation create = (_, token) =>
        {
            var n = Interlocked.Increment(ref number);
            return CreateTicketAsync(api, world, n, options.FallsDue(n) ? "critical" : "low", token);
        };
        var loadBefore = MachineLoad.Now(Probes.DotnetCpu() + azurite.CpuTime);
        var creationStart = DateTimeOffset.UtcNow;
        var firstYellow = creationStart + firstResponse / 2;
        var createPhases = new List<PhaseResult>();
        var sweeps = new List<SweepMeasurement>();
        var created = 0;
        var otherTickets = options.WarmUpTickets;
        foreach (var checkpoint in options.SweepCheckpoints)
        {
            await Console.Error.WriteLineAsync($"Creating tickets {created + 1} to {checkpoint} with {options.Clients} clients ...");
            createPhases.Add(RequireNoErrors(await LoadPhase.RunAsync("create with SLA", options.Clients, checkpoint - created, create, probes, ct)));
            created = checkpoint;
            if (await MeasureSweepAsync(stack.Host, storage, azurite, ticketsTable, created, otherTickets + created, options.SweepRuns, firstYellow, ct) is { } sweep)
            {
                sweeps.Add(sweep);
            }
        }

        var creationEnd = DateTimeOffset.UtcNow;
        await Console.Error.WriteLineAsync($"All {created} tickets created in {(creationEnd - creationStart).TotalSeconds:F0} s; the first turns yellow in {(firstYellow - creationEnd).TotalSeconds:F0} s.");

        // Spread out: one ticket every few seconds, so each timer falls due alone (the listener idles in between).
        SpreadResult? spreadResult = null;
        if (firstYellow - DateTimeOffset.UtcNow > spreadTime)
        {
            spreadResult = await RunSpreadAsync(api, spread, gaps, azurite.ConnectionString, notificationsTable, ticketsTable, triggers, sweepClock, started, ct);
            otherTickets += gaps.Count;
        }
        else
        {
            await Console.Error.WriteLineAsync("WARNING: no time left for the spread-out scenario before the first yellow; skipped.");
        }

        var left = firstYellow - DateTimeOffset.UtcNow;
        if (left < TimeSpan.Zero)
        {
            await Console.Error.WriteLineAsync("WARNING: the burst's first yellow came before the benchmark was ready to watch it; the lateness includes other load.");
        }

        // Watch the admin's notifications until every ticket has turned yellow and red.
        var watchBefore = triggers.Snapshot();
        var storageBefore = storage.Snapshot();
        var watchStart = DateTimeOffset.UtcNow;
        var watchCpu = (Dotnet: Probes.DotnetCpu(), Azurite: azurite.CpuTime);
        var cpuTimeline = new List<CpuSample>();
        var queueLength = await StorageReads.QueueLengthAsync(azurite.ConnectionString, pollSettings.QueuePrefix + SlaEngine.TimerQueue, ct);
        var watcher = new NotificationWatcher(azurite.ConnectionString, notificationsTable, $"{Slug}|{world.AdminId}", started - TimeSpan.FromMinutes(1));
        var expectedLastRed = creationEnd + firstResponse;
        await WatchAsync(watcher, options.DueTickets, firstYellow, expectedLastRed, triggers, () => cpuTimeline.Add(new CpuSample(DateTimeOffset.UtcNow, azurite.CpuTime, Probes.DotnetCpu())), ct);
        var watchEnd = DateTimeOffset.UtcNow;
        var watchCounts = triggers.Snapshot().Minus(watchBefore);
        var watchStorage = storage.Snapshot().Minus(storageBefore);
        var watchDotnetCpu = Probes.DotnetCpu() - watchCpu.Dotnet;
        var watchAzuriteCpu = azurite.CpuTime - watchCpu.Azurite;
        var othersShare = MachineLoad.OthersShare(loadBefore, MachineLoad.Now(Probes.DotnetCpu() + azurite.CpuTime));

        // Everything stored, read once at the end.
        var notifications = await watcher.ReadAllAsync(ct);
        var tickets = await ReadTicketsAsync(ticketsTable, Slug, ct);
        var leftoverOutbox = 0L;
        foreach (var slug in new[] { Slug, SpreadSlug, WarmUpSlug })
        {
            leftoverOutbox += await StorageReads.CountRowsAsync(ticketsTable, JsonRows.PrefixFilter(slug, "ob|"), ct);
        }

        var poison = await StorageReads.QueueLengthAsync(azurite.ConnectionString, pollSettings.QueuePrefix + SlaEngine.TimerQueue + "-poison", ct);

        if (!sweeps.Any(s => s.OpenTickets == created))
        {
            // Measured before the first yellow if there was time; else now, with the next timers far away.
            if (await MeasureSweepAsync(stack.Host, storage, azurite, ticketsTable, created, otherTickets + created, options.SweepRuns, null, ct) is { } late)
            {
                sweeps.Add(late with { AfterTransitions = true });
            }
        }

        clock.Stop();
        var outcome = Analyse(tickets.Where(t => t.Sla?.Priority == TicketPriority.Critical).ToList(), notifications, sweepClock, firstResponse);
        var hostSweeps = triggers.SweepRuns.Where(r => r.Start >= watchStart && r.End <= watchEnd).ToList();
        var yellowWave = Wave(outcome.YellowTransitions, cpuTimeline);
        var redWave = Wave(outcome.RedTransitions, cpuTimeline);
        var run = new SlaRun(
            options,
            started,
            clock.Elapsed,
            stack.HostCode,
            azurite.Version,
            pollSettings.MinPollInterval,
            pollSettings.MaxPollInterval,
            warmRate.OpsPerSecond,
            warmFires.Yellow,
            warmFires.Red,
            createPhases,
            firstResponse,
            resolution,
            creationEnd - creationStart,
            firstYellow - creationEnd,
            outcome,
            yellowWave,
            redWave,
            watchEnd - watchStart,
            watchCounts,
            watchStorage,
            watchDotnetCpu,
            watchAzuriteCpu,
            watcher.LongestPoll,
            watcher.SlowPolls,
            HostSweeps(hostSweeps, outcome.SweepFiredAt),
            queueLength,
            spreadResult,
            leftoverOutbox,
            poison,
            sweeps,
            othersShare,
            stack.HostLog.Warnings,
            stack.HostLog.Errors,
            outages.Downs,
            stack.HostLog.Samples.ToList());
        var markdown = SlaReport.Markdown(run, SlaReport.ReadKeptRows(ResultsFile.PathIn(stack.Root), run));
        await ResultsFile.RecordAsync(stack.Root, SlaReport.Heading, markdown, options.WriteResults, options.Quick);

        await Console.Error.WriteLineAsync($"Done in {clock.Elapsed.TotalMinutes:F1} min.");
        var problems = outcome.Yellow.Missing + outcome.Red.Missing + outcome.Yellow.Duplicates + outcome.Red.Duplicates + leftoverOutbox + poison;
        if (problems > 0)
        {
            await Console.Error.WriteLineAsync("Missing or duplicate notifications, leftover outbox rows or poison messages: see the report.");
            return 1;
        }

        return 0;
    }

    private static PhaseResult RequireNoErrors(PhaseResult phase) =>
        phase.Errors == 0
            ? phase
            : throw new BenchmarkException($"{phase.Name}: {phase.Errors} of {phase.Operations} operations failed, e.g. {phase.ErrorSamples[0]}");

    private static Task<string?> CreateTicketAsync(HostApi api, BenchWorld world, int n, string priority, CancellationToken ct)
    {
        var body = HostApi.Encode(new { title = $"SLA ticket {n}", description = Description, type = "repair", priority });
        return api.TrySendAsync(HttpMethod.Post, $"/api/o/{world.Slug}/tickets", world.CustomerToken, body, HttpStatusCode.Created, ct);
    }

    /// <summary>Watches until every ticket has one warning and one breach, progress stalls, or time runs out.</summary>
    private static async Task WatchAsync(
        NotificationWatcher watcher, int tickets, DateTimeOffset firstYellow, DateTimeOffset expectedLastRed, SlaProbes triggers, Action? onPoll, CancellationToken ct)
    {
        var deadline = expectedLastRed + TimeSpan.FromMinutes(5);
        var lastProgress = DateTimeOffset.UtcNow;
        var lastCount = -1;
        var lastPrint = DateTimeOffset.MinValue;
        var before = triggers.Snapshot();
        await Console.Error.WriteLineAsync($"Waiting for {tickets} warnings and {tickets} breaches (the last breach is due about {expectedLastRed:HH:mm:ss} UTC) ...");
        while (true)
        {
            await watcher.PollAsync(ct);
            onPoll?.Invoke();
            var now = DateTimeOffset.UtcNow;
            var (yellow, red) = (watcher.Tickets("sla_warning"), watcher.Tickets("sla_breach"));
            if (yellow + red != lastCount)
            {
                lastCount = yellow + red;
                lastProgress = now;
            }

            if (now - lastPrint >= TimeSpan.FromSeconds(10) || (yellow >= tickets && red >= tickets))
            {
                lastPrint = now;
                var c = triggers.Snapshot().Minus(before);
                var phase = now < firstYellow ? $"first yellow in {(firstYellow - now).TotalSeconds:F0} s" : $"{(now - firstYellow).TotalSeconds:F0} s after the first yellow";
                await Console.Error.WriteLineAsync($"  {phase}: yellow {yellow}/{tickets}, red {red}/{tickets}; timer messages handled {c.Processed}, sent {c.QueueSends}, receives {c.PollsWithMessages} with messages / {c.PollsEmpty} empty");
            }

            if (yellow >= tickets && red >= tickets)
            {
                return;
            }

            if (now > deadline || (now > expectedLastRed + TimeSpan.FromSeconds(30) && now - lastProgress > TimeSpan.FromSeconds(90)))
            {
                await Console.Error.WriteLineAsync($"WARNING: stopped waiting with yellow {yellow}/{tickets} and red {red}/{tickets}.");
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>
    /// Runs the host's <see cref="SlaSweepFunction"/> in-process, resolved from a DI scope as the
    /// trigger runtime does, once untimed and then <paramref name="runs"/> times timed; keeps away
    /// from the host's own scheduled runs (second 0 of each minute) and stops before <paramref name="mustEndBy"/>.
    /// </summary>
    private static async Task<SweepMeasurement?> MeasureSweepAsync(
        BenchHost host, StorageTraffic storage, AzuriteProcess azurite, TableClient ticketsTable, int openTickets, int allTickets, int runs, DateTimeOffset? mustEndBy, CancellationToken ct)
    {
        var durations = new List<double>();
        var requests = new List<StorageCounts>();
        var cpu = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            await AvoidScheduledSweepAsync(ct);
            if (mustEndBy is { } end && end - DateTimeOffset.UtcNow < TimeSpan.FromSeconds(8))
            {
                break;
            }

            var before = storage.Snapshot();
            var cpuBefore = azurite.CpuTime;
            var watch = Stopwatch.StartNew();
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var sweep = scope.ServiceProvider.GetRequiredService<SlaSweepFunction>();
                var now = DateTimeOffset.UtcNow;
                await sweep.RunAsync(new TimerContext("bench", now, now, false), ct);
            }

            watch.Stop();
            if (i > 0)
            {
                durations.Add(watch.Elapsed.TotalMilliseconds);
                requests.Add(storage.Snapshot().Minus(before));
                cpu.Add((azurite.CpuTime - cpuBefore).TotalMilliseconds);
            }
        }

        if (durations.Count == 0)
        {
            await Console.Error.WriteLineAsync($"  sweep with {openTickets} open tickets: no time left before the first yellow; measured after the run instead.");
            return null;
        }

        long? rows = null;
        if (mustEndBy is not { } limit || limit - DateTimeOffset.UtcNow > TimeSpan.FromSeconds(25))
        {
            rows = await StorageReads.CountRowsAsync(ticketsTable, null, ct);
        }

        var total = requests.Aggregate((a, b) => Sum(a, b));
        var result = new SweepMeasurement(
            openTickets,
            allTickets,
            rows,
            durations.Count,
            Stats.Median(durations),
            durations.Min(),
            durations.Max(),
            total.Total / (double)durations.Count,
            total.MethodsPerOperation(durations.Count),
            Stats.Median(cpu),
            AfterTransitions: false);
        await Console.Error.WriteLineAsync(
            $"  sweep with {openTickets} open tickets ({rows?.ToString(CultureInfo.InvariantCulture) ?? "?"} rows in the table): median {result.MedianMs:F1} ms " +
            $"(min {result.MinMs:F1}, max {result.MaxMs:F1}) over {result.Runs} runs, {result.TableRequestsPerRun:F1} table requests per run ({result.MethodsPerRun}), Azurite CPU {result.AzuriteCpuMsPerRun:F1} ms per run");
        return result;
    }

    private static StorageCounts Sum(StorageCounts a, StorageCounts b)
    {
        // StorageCounts only subtracts; a - (0 - b) adds.
        var zero = b.Minus(b);
        return a.Minus(zero.Minus(b));
    }

    /// <summary>The host's sweep runs at second 0 of every minute: stay clear of 58 s to 3 s.</summary>
    private static async Task AvoidScheduledSweepAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var intoMinute = TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerMinute);
        if (intoMinute >= TimeSpan.FromSeconds(58))
        {
            await Task.Delay(TimeSpan.FromMinutes(1) - intoMinute + TimeSpan.FromSeconds(3), ct);
        }
        else if (intoMinute < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(TimeSpan.FromSeconds(3) - intoMinute, ct);
        }
    }

    private static async Task<IReadOnlyList<TicketState>> ReadTicketsAsync(TableClient table, string slug, CancellationToken ct)
    {
        var result = new List<TicketState>();
        await foreach (var row in table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(slug, "t|"), maxPerPage: 1000, cancellationToken: ct))
        {
            result.Add(JsonRows.Read<TicketState>(row));
        }

        return result;
    }

    /// <summary>Pairs each ticket's due instants with its notifications.</summary>
    private static SlaFindings Analyse(IReadOnlyList<TicketState> tickets, IReadOnlyList<StoredNotification> notifications, SweepClock sweepClock, TimeSpan firstResponse)
    {
        var byTicket = notifications.ToLookup(n => (n.Notification.TicketCode, n.Notification.Kind));
        var warnAfter = WarningPoint.AtPercent(WarningPercent).ElapsedAtWarning(firstResponse);
        var yellow = new List<Transition>();
        var red = new List<Transition>();
        int yellowMissing = 0, redMissing = 0, yellowDuplicates = 0, redDuplicates = 0;
        int escalated = 0, createdAtMismatch = 0, extraGenerations = 0, ticketsWithExtra = 0;
        foreach (var t in tickets)
        {
            if (t.Sla?.FirstResponse.ResumedAt is { } resumed && resumed != t.CreatedAt)
            {
                createdAtMismatch++;
            }

            if (t.Sla is { EscalationLevel: >= 2 })
            {
                escalated++;
            }

            if (t.Sla is { Generation: > 3 } sla)
            {
                extraGenerations += (int)(sla.Generation - 3);
                ticketsWithExtra++;
            }

            Pair(byTicket[(t.Code, "sla_warning")].ToList(), t.CreatedAt + warnAfter, yellow, ref yellowMissing, ref yellowDuplicates);
            Pair(byTicket[(t.Code, "sla_breach")].ToList(), t.CreatedAt + firstResponse, red, ref redMissing, ref redDuplicates);
        }

        void Pair(List<StoredNotification> found, DateTimeOffset due, List<Transition> into, ref int missing, ref int duplicates)
        {
            if (found.Count == 0)
            {
                missing++;
                return;
            }

            duplicates += found.Count - 1;
            var first = found.MinBy(n => n.Notification.At)!;
            into.Add(new Transition(due, first.Notification.At, first.StoredAt, sweepClock.Issued(first.Notification.At)));
        }

        var codes = tickets.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var strangers = notifications.Count(n => !codes.Contains(n.Notification.TicketCode));
        var kinds = notifications.GroupBy(n => n.Notification.Kind).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new SlaFindings(
            tickets.Count,
            LatenessStats.Of(yellow, yellowMissing, yellowDuplicates),
            LatenessStats.Of(red, redMissing, redDuplicates),
            kinds,
            strangers,
            escalated,
            createdAtMismatch,
            extraGenerations,
            ticketsWithExtra,
            yellow.Concat(red).Where(x => x.BySweep).Select(x => x.At).ToList(),
            yellow,
            red);
    }

    private static HostSweepSummary HostSweeps(IReadOnlyList<SweepRun> runs, IReadOnlyList<DateTimeOffset> sweepFired)
    {
        if (runs.Count == 0)
        {
            return new HostSweepSummary(0, double.NaN, double.NaN, 0, double.NaN);
        }

        var fired = runs.Select(r => (Run: r, Fired: sweepFired.Count(at => at >= r.Start && at <= r.End))).ToList();
        var busiest = fired.MaxBy(f => (f.Fired, f.Run.Duration))!;
        return new HostSweepSummary(
            runs.Count,
            Stats.Median(runs.Select(r => r.Duration.TotalMilliseconds).ToList()),
            runs.Max(r => r.Duration.TotalMilliseconds),
            busiest.Fired,
            busiest.Run.Duration.TotalMilliseconds);
    }

    private static TimeSpan Max(params TimeSpan[] values) => values.Max();

    /// <summary>Pauses before each create of the spread-out scenario (none before the first).</summary>
    private static IReadOnlyList<TimeSpan> SpreadGaps(int tickets)
    {
        var random = new Random(20261123);
        var range = SpreadGap.Max - SpreadGap.Min;
        return Enumerable.Range(0, tickets).Select(i => i == 0 ? TimeSpan.Zero : SpreadGap.Min + range * random.NextDouble()).ToList();
    }

    /// <summary>
    /// Creates one ticket after each pause, as a trickle rather than a burst, and waits for their
    /// yellow and red transitions: each timer falls due alone, with the listener idle before it.
    /// </summary>
    private static async Task<SpreadResult> RunSpreadAsync(
        HostApi api, BenchWorld world, IReadOnlyList<TimeSpan> gaps, string connectionString, string notificationsTable, TableClient ticketsTable,
        SlaProbes triggers, SweepClock sweepClock, DateTimeOffset since, CancellationToken ct)
    {
        await Console.Error.WriteLineAsync($"Spread out: {gaps.Count} tickets in '{world.Slug}', one every {SpreadGap.Min.TotalSeconds:0.#} to {SpreadGap.Max.TotalSeconds:0.#} s, first response {SpreadFirstResponse.TotalSeconds:F0} s ...");
        var before = triggers.Snapshot();
        var start = DateTimeOffset.UtcNow;
        var at = start;
        for (var i = 0; i < gaps.Count; i++)
        {
            at += gaps[i];
            var wait = at - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            if (await CreateTicketAsync(api, world, i + 1, "critical", ct) is { } error)
            {
                throw new BenchmarkException("Spread-out create failed: " + error);
            }
        }

        var watcher = new NotificationWatcher(connectionString, notificationsTable, $"{world.Slug}|{world.AdminId}", since);
        await WatchAsync(watcher, gaps.Count, start + SpreadFirstResponse / 2, DateTimeOffset.UtcNow + SpreadFirstResponse, triggers, null, ct);
        var counts = triggers.Snapshot().Minus(before);
        var findings = Analyse(await ReadTicketsAsync(ticketsTable, world.Slug, ct), await watcher.ReadAllAsync(ct), sweepClock, SpreadFirstResponse);
        return new SpreadResult(gaps.Count, findings, counts);
    }

    /// <summary>When a wave of transitions fell due and was processed, and how busy the CPUs were meanwhile.</summary>
    private static WaveFacts Wave(IReadOnlyList<Transition> transitions, IReadOnlyList<CpuSample> timeline)
    {
        if (transitions.Count == 0)
        {
            return new WaveFacts(default, default, default, default, double.NaN, double.NaN, TimeSpan.Zero);
        }

        var firstAt = transitions.Min(t => t.At);
        var lastAt = transitions.Max(t => t.At);
        var inside = timeline.Where(x => x.At >= firstAt && x.At <= lastAt).ToList();
        var seconds = inside.Count >= 2 ? (inside[^1].At - inside[0].At).TotalSeconds : double.NaN;
        return new WaveFacts(
            transitions.Min(t => t.Due),
            transitions.Max(t => t.Due),
            firstAt,
            lastAt,
            inside.Count >= 2 ? (inside[^1].Azurite - inside[0].Azurite).TotalSeconds / seconds : double.NaN,
            inside.Count >= 2 ? (inside[^1].Dotnet - inside[0].Dotnet).TotalSeconds / seconds / Environment.ProcessorCount : double.NaN,
            LongestGap(transitions));
    }

    /// <summary>The longest time between two consecutive transitions being processed, while later ones were already due.</summary>
    private static TimeSpan LongestGap(IReadOnlyList<Transition> transitions)
    {
        var byAt = transitions.OrderBy(t => t.At).ToList();
        var earliestDueFrom = new DateTimeOffset[byAt.Count + 1];
        earliestDueFrom[byAt.Count] = DateTimeOffset.MaxValue;
        for (var i = byAt.Count - 1; i >= 0; i--)
        {
            earliestDueFrom[i] = byAt[i].Due < earliestDueFrom[i + 1] ? byAt[i].Due : earliestDueFrom[i + 1];
        }

        var longest = TimeSpan.Zero;
        for (var i = 1; i < byAt.Count; i++)
        {
            var overdue = earliestDueFrom[i] < byAt[i - 1].At;
            if (overdue && byAt[i].At - byAt[i - 1].At > longest)
            {
                longest = byAt[i].At - byAt[i - 1].At;
            }
        }

        return longest;
    }

    /// <summary>Critical tickets get the first targets, the other priorities the second; yellow at <see cref="WarningPercent"/>%, one rung (level 2), around the clock.</summary>
    private static async Task SetPolicyAsync(
        HostApi api, BenchWorld world, (TimeSpan FirstResponse, TimeSpan Resolution) critical, (TimeSpan FirstResponse, TimeSpan Resolution) others, CancellationToken ct)
    {
        static string Text(TimeSpan t) => t.ToString("c", CultureInfo.InvariantCulture);
        await api.SendAsync(HttpMethod.Put, $"/api/o/{world.Slug}/settings/sla", world.AdminToken, new
        {
            targets = new[] { "low", "medium", "high", "critical" }
                .Select(p => p == "critical" ? (p, critical) : (p, others))
                .Select(x => new { priority = x.p, firstResponse = Text(x.Item2.FirstResponse), resolution = Text(x.Item2.Resolution) })
                .ToArray(),
            warning = new { percent = WarningPercent },
            ladder = new[] { new { level = 2, timeAtLevel = "01:00:00", reassignToLevel = false, notifyUserIds = Array.Empty<string>() } },
            reopen = "restart_resolution",
            calendar = new { timeZone = "UTC", alwaysOpen = true },
        }, HttpStatusCode.OK, ct);
    }
}

/// <summary>A notification row as stored, with the time the table service stored it.</summary>
internal sealed record StoredNotification(string RowKey, Notification Notification, DateTimeOffset StoredAt);

/// <summary>
/// Reads one person's notifications straight from Table Storage. Polls ask only for rows stored
/// since shortly before the newest one seen (by the service's Timestamp), so watching costs the
/// emulator little while it is being measured.
/// </summary>
internal sealed class NotificationWatcher(string connectionString, string table, string partition, DateTimeOffset since)
{
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(3);
    private readonly TableClient _table = new(connectionString, table);
    private readonly Dictionary<string, StoredNotification> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ticketsByKind = new(StringComparer.Ordinal);
    private DateTimeOffset _watermark = since;

    /// <summary>Notifications of <paramref name="kind"/> per second between the first and the last one's <c>at</c>.</summary>
    public double Rate(string kind)
    {
        var at = _seen.Values.Where(n => n.Notification.Kind == kind).Select(n => n.Notification.At).ToList();
        return at.Count < 2 ? double.NaN : (at.Count - 1) / (at.Max() - at.Min()).TotalSeconds;
    }

    /// <summary>Tickets with at least one notification of <paramref name="kind"/> seen so far.</summary>
    public int Tickets(string kind) => _ticketsByKind.TryGetValue(kind, out var codes) ? codes.Count : 0;

    /// <summary>The longest poll so far: a small query, so a long one means the emulator stalled.</summary>
    public TimeSpan LongestPoll { get; private set; }

    /// <summary>Polls that took longer than 3 s.</summary>
    public int SlowPolls { get; private set; }

    public async Task PollAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Timestamp ge {_watermark - Overlap}");
        var newest = _watermark;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            var stored = Keep(row);
            if (stored.StoredAt > newest)
            {
                newest = stored.StoredAt;
            }
        }

        _watermark = newest;
        var took = Stopwatch.GetElapsedTime(started);
        LongestPoll = took > LongestPoll ? took : LongestPoll;
        SlowPolls += took > TimeSpan.FromSeconds(3) ? 1 : 0;
    }

    /// <summary>Every row of the partition, read afresh.</summary>
    public async Task<IReadOnlyList<StoredNotification>> ReadAllAsync(CancellationToken ct)
    {
        var all = new List<StoredNotification>();
        await foreach (var row in _table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(partition, "n|"), maxPerPage: 1000, cancellationToken: ct))
        {
            all.Add(Keep(row));
        }

        return all;
    }

    private StoredNotification Keep(TableEntity row)
    {
        if (_seen.TryGetValue(row.RowKey, out var known))
        {
            return known;
        }

        var n = JsonRows.Read<Notification>(row);
        var stored = new StoredNotification(row.RowKey, n, row.Timestamp ?? DateTimeOffset.MinValue);
        _seen[row.RowKey] = stored;
        if (!_ticketsByKind.TryGetValue(n.Kind, out var codes))
        {
            codes = new HashSet<string>(StringComparer.Ordinal);
            _ticketsByKind[n.Kind] = codes;
        }

        codes.Add(n.TicketCode);
        return stored;
    }
}

/// <summary>One transition: when it was due, the notification's <c>at</c>, when its row was stored, and whether the sweep fired it.</summary>
internal sealed record Transition(DateTimeOffset Due, DateTimeOffset At, DateTimeOffset StoredAt, bool BySweep)
{
    public double LateMs => (At - Due).TotalMilliseconds;

    public double StoredLateMs => (StoredAt - Due).TotalMilliseconds;
}

/// <summary>Lateness of one kind of transition over all tickets.</summary>
internal sealed record LatenessStats(
    int Count,
    int Missing,
    int Duplicates,
    int BySweep,
    double P50,
    double P90,
    double P99,
    double Max,
    double Min,
    double StoredP50,
    double StoredP99,
    double OverOneSecond,
    double FirstTenthP50,
    double LastTenthP50,
    double ProcessedPerSecond,
    double DuePerSecond)
{
    public static LatenessStats Of(IReadOnlyList<Transition> transitions, int missing, int duplicates)
    {
        var late = transitions.Select(t => t.LateMs).Order().ToArray();
        var stored = transitions.Select(t => t.StoredLateMs).Order().ToArray();
        var byDue = transitions.OrderBy(t => t.Due).ToList();
        var tenth = Math.Max(1, byDue.Count / 10);
        var firstTenth = byDue.Take(tenth).Select(t => t.LateMs).ToList();
        var lastTenth = byDue.Skip(byDue.Count - tenth).Select(t => t.LateMs).ToList();
        var atSpan = transitions.Count > 1 ? (transitions.Max(t => t.At) - transitions.Min(t => t.At)).TotalSeconds : double.NaN;
        var dueSpan = transitions.Count > 1 ? (transitions.Max(t => t.Due) - transitions.Min(t => t.Due)).TotalSeconds : double.NaN;
        return new LatenessStats(
            transitions.Count,
            missing,
            duplicates,
            transitions.Count(t => t.BySweep),
            Stats.Percentile(late, 50),
            Stats.Percentile(late, 90),
            Stats.Percentile(late, 99),
            late.Length == 0 ? double.NaN : late[^1],
            late.Length == 0 ? double.NaN : late[0],
            Stats.Percentile(stored, 50),
            Stats.Percentile(stored, 99),
            late.Length == 0 ? double.NaN : late.Count(ms => ms > 1000) / (double)late.Length,
            Stats.Median(firstTenth),
            Stats.Median(lastTenth),
            transitions.Count / atSpan,
            transitions.Count / dueSpan);
    }
}

/// <summary>What the stored tickets and notifications say after the run.</summary>
internal sealed record SlaFindings(
    int Tickets,
    LatenessStats Yellow,
    LatenessStats Red,
    IReadOnlyDictionary<string, int> NotificationsByKind,
    int NotificationsOfOtherTickets,
    int EscalatedToLevel2,
    int CreatedAtMismatches,
    int ExtraGenerations,
    int TicketsWithExtraGenerations,
    IReadOnlyList<DateTimeOffset> SweepFiredAt,
    IReadOnlyList<Transition> YellowTransitions,
    IReadOnlyList<Transition> RedTransitions)
{
    public LatenessStats Both => LatenessStats.Of(
        [.. YellowTransitions, .. RedTransitions], Yellow.Missing + Red.Missing, Yellow.Duplicates + Red.Duplicates);
}

/// <summary>The spread-out scenario: its tickets' findings and the timer queue's activity meanwhile.</summary>
internal sealed record SpreadResult(int Tickets, SlaFindings Findings, TriggerCounts Counts);

/// <summary>CPU used so far by Azurite and by this process, at one instant.</summary>
internal sealed record CpuSample(DateTimeOffset At, TimeSpan Azurite, TimeSpan Dotnet);

/// <summary>
/// One wave of transitions: due from/to, processed from/to, and the CPU meanwhile (Azurite as a
/// share of one core, this process as a share of the machine).
/// </summary>
internal sealed record WaveFacts(
    DateTimeOffset FirstDue, DateTimeOffset LastDue, DateTimeOffset FirstAt, DateTimeOffset LastAt, double AzuriteCoreShare, double DotnetMachineShare, TimeSpan LongestGap);

/// <summary>The host's own scheduled sweep runs while the transitions happened.</summary>
internal sealed record HostSweepSummary(int Runs, double MedianMs, double MaxMs, int MostFiredByOneRun, double MostFiredRunMs);

/// <summary>The sweep run in-process at one number of open tickets.</summary>
internal sealed record SweepMeasurement(
    int OpenTickets,
    int AllTickets,
    long? TableRows,
    int Runs,
    double MedianMs,
    double MinMs,
    double MaxMs,
    double TableRequestsPerRun,
    string MethodsPerRun,
    double AzuriteCpuMsPerRun,
    bool AfterTransitions);

/// <summary>Everything the SLA report needs.</summary>
internal sealed record SlaRun(
    SlaOptions Options,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string HostCode,
    string AzuriteVersion,
    TimeSpan MinPollInterval,
    TimeSpan MaxPollInterval,
    double WarmUpCreatesPerSecond,
    double WarmUpYellowPerSecond,
    double WarmUpRedPerSecond,
    IReadOnlyList<PhaseResult> CreatePhases,
    TimeSpan FirstResponse,
    TimeSpan Resolution,
    TimeSpan CreationTime,
    TimeSpan FirstYellowAfterLastCreate,
    SlaFindings Outcome,
    WaveFacts YellowWave,
    WaveFacts RedWave,
    TimeSpan WatchTime,
    TriggerCounts WatchTriggers,
    StorageCounts WatchStorage,
    TimeSpan WatchDotnetCpu,
    TimeSpan WatchAzuriteCpu,
    TimeSpan LongestWatchPoll,
    int SlowWatchPolls,
    HostSweepSummary HostSweeps,
    int TimerQueueLength,
    SpreadResult? Spread,
    long LeftoverOutbox,
    int PoisonMessages,
    IReadOnlyList<SweepMeasurement> Sweeps,
    double? OthersCpuShare,
    int HostWarnings,
    int HostErrors,
    int StorageDowns,
    IReadOnlyList<string> HostLogSamples)
{
    public double CreatesPerSecond => CreatePhases.Sum(p => p.Succeeded) / CreatePhases.Sum(p => p.WallSeconds);
}
