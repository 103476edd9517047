using AstroBlob.Functions.Triggers;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using static AstroBlob.Functions.Tests.Triggers.TriggerTestKit;

namespace AstroBlob.Functions.Tests.Triggers;

public sealed class TimerTriggerTests(TriggerStorageFixture storage) : IClassFixture<TriggerStorageFixture>
{
    [Fact]
    public async Task AnEverySecondTimerRunsOncePerWholeSecond()
    {
        var probe = new TimerProbe();
        await using (var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Timer<ProbeTimerFunction>("* * * * * *", "every-second"), s => s.AddSingleton(probe)))
        {
            await WaitUntilAsync(() => probe.Runs.Count >= 3, "three runs");
        }

        var runs = probe.Runs.Select(r => r.Timer).ToList();
        Assert.All(runs, r =>
        {
            Assert.Equal("every-second", r.FunctionName);
            Assert.Equal(0, r.ScheduledAt.Ticks % TimeSpan.TicksPerSecond);
            Assert.True(r.FiredAt >= r.ScheduledAt, $"Fired at {r.FiredAt:O} before {r.ScheduledAt:O}");
            Assert.False(r.IsPastDue);
        });
        Assert.Equal(runs.Select(r => r.ScheduledAt).Order(), runs.Select(r => r.ScheduledAt));
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledAt).Distinct().Count());
    }

    [Fact]
    public async Task TwoHostsRunningTheSameTimerRunEachOccurrenceOnce()
    {
        var probe = new TimerProbe { Handler = (_, ct) => Task.Delay(100, ct) };
        var skipped = 0;
        await using (var a = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Timer<ProbeTimerFunction>("* * * * * *", "shared"), s => s.AddSingleton(probe)))
        await using (var b = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "b",
            t => t.Timer<ProbeTimerFunction>("* * * * * *", "shared"), s => s.AddSingleton(probe)))
        {
            await WaitUntilAsync(() => probe.Runs.Select(r => r.Timer.ScheduledAt).Distinct().Count() >= 6, "six occurrences");
            // Skips because the other host held the lease (25) or had already run the occurrence (26).
            skipped = new[] { a, b }.Sum(h => h.Logs.With(25).Count() + h.Logs.With(26).Count());
        }

        var perOccurrence = probe.Runs.GroupBy(r => r.Timer.ScheduledAt).ToList();
        Assert.All(perOccurrence, g => Assert.True(g.Count() == 1, $"{g.Key:O} ran on {string.Join(", ", g.Select(r => r.Host))}"));
        Assert.True(skipped >= 3, $"The hosts hardly competed ({skipped} skips), so the test proves little.");
    }

    [Fact]
    public async Task AnOccurrenceAnotherInstanceAlreadyRecordedIsNotRunAgain()
    {
        // As if another instance had run every occurrence up to tomorrow and released the lease:
        // this host gets the lease for each occurrence, reads the record, and skips it.
        var container = new BlobServiceClient(storage.ConnectionString).GetBlobContainerClient(storage.Prefix + "locks");
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(TimerRunner.BlobName("recorded"));
        await blob.UploadAsync(BinaryData.Empty);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await blob.SetMetadataAsync(new Dictionary<string, string> { [TimerRunner.LastOccurrenceKey] = tomorrow });
        var probe = new TimerProbe();

        await using (var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Timer<ProbeTimerFunction>("* * * * * *", "recorded"), s => s.AddSingleton(probe)))
        {
            await WaitUntilAsync(() => host.Logs.With(26).Count() >= 2, "two occurrences are skipped as already run");
        }

        Assert.Empty(probe.Runs);
    }

    [Fact]
    public async Task AnOccurrenceMissedWhileNoHostRanRunsOnceAtStartUp()
    {
        // A yearly timer whose last run (recorded in its lease blob) was on 1 January 2020.
        var container = new BlobServiceClient(storage.ConnectionString).GetBlobContainerClient(storage.Prefix + "locks");
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(TimerRunner.BlobName("yearly"));
        await blob.UploadAsync(BinaryData.Empty);
        await blob.SetMetadataAsync(new Dictionary<string, string> { [TimerRunner.LastOccurrenceKey] = "2020-01-01T00:00:00.0000000Z" });
        var probe = new TimerProbe();

        await using (var host = await TriggerHost.StartAsync(storage.ConnectionString, storage.Prefix, "a",
            t => t.Timer<ProbeTimerFunction>("0 0 0 1 1 *", "yearly"), s => s.AddSingleton(probe)))
        {
            await WaitUntilAsync(() => !probe.Runs.IsEmpty, "the catch-up run");
            await WaitUntilAsync(
                async () => (await blob.GetPropertiesAsync()).Value.Metadata[TimerRunner.LastOccurrenceKey] != "2020-01-01T00:00:00.0000000Z",
                "the run is recorded");
        }

        // Six years were missed; one run stands for them, labelled with the latest.
        var run = Assert.Single(probe.Runs).Timer;
        var now = DateTimeOffset.UtcNow;
        var latest = new DateTimeOffset(now.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(latest, run.ScheduledAt);
        Assert.True(run.IsPastDue);
        var recorded = (await blob.GetPropertiesAsync()).Value.Metadata[TimerRunner.LastOccurrenceKey];
        Assert.Equal(latest, DateTimeOffset.Parse(recorded, System.Globalization.CultureInfo.InvariantCulture));
    }
}
