using System.Diagnostics;
using System.Net;
using System.Text;
using Azure.Core;
using Azure.Data.Tables;

namespace AstroBlob.Benchmarks;

/// <summary>Both list phases at one number of clients, with how many tickets were stored then.</summary>
internal sealed record ListResult(int Clients, int TicketsStored, PhaseResult Customer, PhaseResult Admin);

/// <summary>Clients per level, with the phases measured at that level.</summary>
internal sealed record LevelResult(int Clients, PhaseResult HostCreate, PhaseResult RawInsert, ListResult Lists);

/// <summary>Sizes of what was stored, measured after the run.</summary>
internal sealed record StoredSizes(int TicketRowBytes, int IndexRowBytes, int RawEntityBytes, double RowsPerTicket, int TicketRows, int Tickets);

/// <summary>Everything the report needs.</summary>
internal sealed record BenchmarkRun(
    BenchmarkOptions Options,
    IReadOnlyList<string> Args,
    DateTimeOffset StartedAt,
    string HostCode,
    TimeSpan Duration,
    string AzuriteVersion,
    IReadOnlyList<LevelResult> Levels,
    ListResult FinalLists,
    StoredSizes Sizes,
    double? OthersCpuShare,
    int HostWarnings,
    int HostErrors);

internal static class Benchmark
{
    public const string Slug = "bench";
    private const string TablePrefix = BenchStack.TablePrefix;
    private const string RawTable = "benchRaw";
    private const int RawPayloadChars = 1500;

    /// <summary>About 650 characters of a realistic problem report: the ticket row comes to about 1.3 KB.</summary>
    private static readonly string Description = string.Concat(Enumerable.Repeat(
        "The dome shutter stops half-way when it closes at dawn and the controller reports a motor over-current fault. ", 6)).Trim();

    private static readonly string RawPayload = string.Concat(Enumerable.Repeat("0123456789abcdefghijklmnopqrstuvwxyz", RawPayloadChars / 36 + 1))[..RawPayloadChars];

    public static int DescriptionLength => Description.Length;

    public static async Task<int> RunAsync(BenchmarkOptions options, IReadOnlyList<string> args, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await using var stack = await BenchStack.StartAsync(new Dictionary<string, string?>(), services: null, moreLogs: [], ct);
        var (azurite, probes, api) = (stack.Azurite, stack.Probes, stack.Api);
        var world = await BenchWorld.ProvisionAsync(api, stack.PlatformKey, Slug, ct);
        await Console.Error.WriteLineAsync($"Provisioned observatory '{Slug}', its admin, a customer and a contact; both signed in.");

        var raw = new TableClient(azurite.ConnectionString, RawTable, HostLikeOptions());
        await raw.CreateIfNotExistsAsync(ct);

        var ticketNumber = 0;
        var rawNumber = 0;
        Operation create = (_, token) =>
        {
            var n = Interlocked.Increment(ref ticketNumber);
            var body = HostApi.Encode(new { title = $"Bench ticket {n}", description = Description, type = "repair", priority = "medium" });
            return api.TrySendAsync(HttpMethod.Post, $"/api/o/{Slug}/tickets", world.CustomerToken, body, HttpStatusCode.Created, token);
        };
        Operation insert = async (_, token) =>
        {
            var n = Interlocked.Increment(ref rawNumber);
            var entity = new TableEntity("raw", n.ToString("D8", System.Globalization.CultureInfo.InvariantCulture))
            {
                ["Title"] = $"Bench entity {n}",
                ["Status"] = "open",
                ["Data"] = RawPayload,
            };
            await raw.AddEntityAsync(entity, token);
            return null;
        };
        Operation customerList = (_, token) =>
            api.TrySendAsync(HttpMethod.Get, $"/api/o/{Slug}/tickets?limit=25", world.CustomerToken, null, HttpStatusCode.OK, token);
        Operation adminList = (_, token) =>
            api.TrySendAsync(HttpMethod.Get, $"/api/o/{Slug}/tickets?limit=25&status=open", world.AdminToken, null, HttpStatusCode.OK, token);

        await Console.Error.WriteLineAsync($"Warm-up: rounds of {options.WarmUpRound} operations of each kind with pauses, for at least {options.WarmUpTime.TotalSeconds:F0} s ...");
        var warmClients = Math.Min(4, options.Levels.Max());
        var warmUp = Stopwatch.StartNew();
        do
        {
            foreach (var (name, op) in new[] { ("warm-up create", create), ("warm-up raw insert", insert), ("warm-up customer list", customerList), ("warm-up admin list", adminList) })
            {
                var warm = await LoadPhase.RunAsync(name, warmClients, options.WarmUpRound, op, probes, ct);
                if (warm.Errors > 0)
                {
                    throw new BenchmarkException($"{name}: {warm.Errors} of {warm.Operations} operations failed, e.g. {warm.ErrorSamples[0]}");
                }
            }

            await Task.Delay(options.WarmUpPause, ct);
        }
        while (warmUp.Elapsed < options.WarmUpTime);

        var loadBefore = MachineLoad.Now(Probes.DotnetCpu() + azurite.CpuTime);
        var levels = new List<LevelResult>();
        foreach (var clients in options.Levels)
        {
            await Console.Error.WriteLineAsync($"Level: {clients} concurrent clients, {options.Operations} operations per phase");
            var hostCreate = await LoadPhase.RunAsync("host ticket create", clients, options.Operations, create, probes, ct);
            var rawInsert = await LoadPhase.RunAsync("raw table insert", clients, options.Operations, insert, probes, ct);
            var tickets = Volatile.Read(ref ticketNumber);
            var listCustomer = await LoadPhase.RunAsync("host list (customer)", clients, options.Operations, customerList, probes, ct);
            var listAdmin = await LoadPhase.RunAsync("host list (admin, open)", clients, options.Operations, adminList, probes, ct);
            levels.Add(new LevelResult(clients, hostCreate, rawInsert, new ListResult(clients, tickets, listCustomer, listAdmin)));
        }

        // Lists once more with one client and everything stored: list cost against data size, without queueing.
        await Console.Error.WriteLineAsync($"Lists again with 1 client and {Volatile.Read(ref ticketNumber)} tickets stored");
        var finalCustomer = await LoadPhase.RunAsync("host list (customer)", 1, options.Operations, customerList, probes, ct);
        var finalAdmin = await LoadPhase.RunAsync("host list (admin, open)", 1, options.Operations, adminList, probes, ct);
        var finalLists = new ListResult(1, Volatile.Read(ref ticketNumber), finalCustomer, finalAdmin);

        var othersShare = MachineLoad.OthersShare(loadBefore, MachineLoad.Now(Probes.DotnetCpu() + azurite.CpuTime));
        if (othersShare > 0.1)
        {
            await Console.Error.WriteLineAsync($"WARNING: other processes used {othersShare:P0} of the machine's CPU while the benchmark measured; the figures are noisy. Run it again on a quiet machine.");
        }

        var sizes = await MeasureSizesAsync(azurite.ConnectionString, ct);
        clock.Stop();
        var run = new BenchmarkRun(options, args, started, stack.HostCode, clock.Elapsed, azurite.Version, levels, finalLists, sizes, othersShare, stack.HostLog.Warnings, stack.HostLog.Errors);
        await ResultsFile.RecordAsync(stack.Root, Report.Heading, Report.Markdown(run), options.WriteResults, options.Quick);

        var failed = finalCustomer.Errors + finalAdmin.Errors + levels.Sum(l => l.HostCreate.Errors + l.RawInsert.Errors + l.Lists.Customer.Errors + l.Lists.Admin.Errors);
        await Console.Error.WriteLineAsync($"Done in {clock.Elapsed.TotalMinutes:F1} min.");
        if (failed > 0)
        {
            await Console.Error.WriteLineAsync($"{failed} operations failed; see the errors above and the Errors columns.");
            return 1;
        }

        return 0;
    }

    /// <summary>The retry settings the host's own Tables client uses, so the baseline is measured alike.</summary>
    private static TableClientOptions HostLikeOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    /// <summary>Reads back what was stored: a ticket row, an index row, a raw entity, and rows per ticket.</summary>
    private static async Task<StoredSizes> MeasureSizesAsync(string connectionString, CancellationToken ct)
    {
        var tickets = new TableClient(connectionString, TablePrefix + "Tickets");
        var ticketRows = 0;
        var ticketCount = 0;
        var ticketBytes = 0;
        var indexBytes = 0;
        await foreach (var row in tickets.QueryAsync<TableEntity>(e => e.PartitionKey == Slug, cancellationToken: ct))
        {
            ticketRows++;
            if (row.RowKey.StartsWith("t|", StringComparison.Ordinal))
            {
                ticketCount++;
                ticketBytes = ticketBytes == 0 ? EntityBytes(row) : ticketBytes;
            }
            else if (row.RowKey.StartsWith("x|all|", StringComparison.Ordinal) && indexBytes == 0)
            {
                indexBytes = EntityBytes(row);
            }
        }

        var rawTable = new TableClient(connectionString, RawTable);
        var rawBytes = 0;
        await foreach (var row in rawTable.QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: ct))
        {
            rawBytes = EntityBytes(row);
            break;
        }

        // Besides its own rows each ticket shares the partition with the counter row only.
        var rowsPerTicket = ticketCount == 0 ? 0 : (ticketRows - 1) / (double)ticketCount;
        return new StoredSizes(ticketBytes, indexBytes, rawBytes, rowsPerTicket, ticketRows, ticketCount);
    }

    /// <summary>Approximate stored size: keys and string values in UTF-8, 8 bytes for other values.</summary>
    private static int EntityBytes(TableEntity entity) =>
        entity.Where(p => p.Key is not ("odata.etag" or "Timestamp"))
            .Sum(p => Encoding.UTF8.GetByteCount(p.Key) + (p.Value is string s ? Encoding.UTF8.GetByteCount(s) : 8));
}
