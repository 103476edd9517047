using System.Diagnostics;
using System.Security.Cryptography;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Benchmarks;

/// <summary>
/// The soak (<c>--soak</c>): Azurite, the SMTP sink and the host as separate processes; the
/// <see cref="SoakTraffic"/> for the chosen minutes while <see cref="SoakFaults"/> kills the
/// host and stops Azurite; then <see cref="SoakAudit"/> once the host has caught up.
/// </summary>
internal static class SoakRun
{
    public const string Heading = "## Soak under faults (issue 9)";
    private const string TablePrefix = "soak";
    private static readonly TimeSpan SettleLimit = TimeSpan.FromMinutes(4);

    public static async Task<int> RunAsync(SoakOptions options, CancellationToken ct)
    {
        var root = RepoPaths.FindRoot();
#if DEBUG
        await Console.Error.WriteLineAsync("WARNING: this is a Debug build; run with -c Release for figures worth recording.");
#endif
        var hostCode = RepoPaths.DescribeHostCode(root);
        var logs = Directory.CreateTempSubdirectory("astroblob-soak-").FullName;
        await Console.Error.WriteLineAsync($"Repository: {root} ({hostCode}); host logs in {logs}");
        await using var azurite = await AzuriteInstance.StartAsync();
        await using var sink = await SmtpSinkInstance.StartAsync();
        var port = AzuriteProcess.FreePorts(1)[0];
        var platformKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var host = new HostProcess(root, port, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["Storage__TablePrefix"] = TablePrefix,
            ["Platform__ApiKey"] = platformKey,
            ["Auth__LoginRequestsPerMinute"] = "100000",
            ["Email__SmtpHost"] = sink.Host,
            ["Email__SmtpPort"] = sink.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email__PublicBaseUrl"] = $"http://127.0.0.1:{port}/",
            ["Email__TokenKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["DOTNET_gcServer"] = "0",
        }, logs);
        var firstStart = await host.StartAsync(ct);
        await Console.Error.WriteLineAsync($"Azurite on {azurite.TablePort}/{azurite.QueuePort}/{azurite.BlobPort}, SMTP sink on {sink.SmtpPort}, host on {port} (ready after {firstStart.TotalSeconds:F1} s)");

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) };
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = host.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var counters = new SoakCounters();
        var client = new SoakClient(http, counters);
        var world = await SoakWorld.ProvisionAsync(client, platformKey, options, ct);
        var ledger = new SoakLedger();
        var traffic = new SoakTraffic(world, client, ledger, counters, sink);
        var faults = new SoakFaults(host, azurite, counters, TimeSpan.FromSeconds(options.FaultEverySeconds));

        await Console.Error.WriteLineAsync($"Traffic for {options.Traffic.TotalMinutes:F0} min: {options.Customers} customers, {options.Technicians} technicians, a fault every ~{options.FaultEverySeconds} s ...");
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(options.Traffic);
        var people = traffic.RunAsync(stop.Token, ct);
        var injector = faults.RunAsync(clock, stop.Token, ct);
        await Task.WhenAll(people, injector);
        var trafficTook = clock.Elapsed;
        await Console.Error.WriteLineAsync($"Traffic stopped after {trafficTook.TotalSeconds:F0} s: {ledger.Tickets.Count} tickets, {ledger.Messages.Count} messages, {faults.Injected.Count} faults. Waiting for the host to catch up ...");
        if (host.Crashed)
        {
            throw new BenchmarkException("The host exited by itself during the run; see its log in " + logs);
        }

        var audit = new SoakAudit(world, client, ledger, sink, azurite.ConnectionString, TablePrefix);
        var (settled, backlog) = await audit.SettleAsync(SettleLimit, ct);
        await Console.Error.WriteLineAsync(settled is { } s ? $"Caught up {s.TotalSeconds:F0} s after the traffic. Auditing ..." : $"Still behind after {SettleLimit.TotalMinutes:F0} min ({backlog}); auditing anyway ...");
        var findings = await audit.RunAsync([.. faults.Injected.Where(f => f.KilledHost).Select(f => f.Instant)], ct);

        var report = SoakReport.Render(options, hostCode, ledger, counters, faults.Injected, trafficTook, settled, backlog, findings, host);
        await ResultsFile.RecordAsync(root, Heading, report, options.WriteResults, options.Quick);
        foreach (var problem in findings.Problems)
        {
            await Console.Error.WriteLineAsync("  PROBLEM: " + problem);
        }

        return findings.Clean && settled is not null ? 0 : 1;
    }
}
