using Azure;
using Azure.Core;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Tests.Infrastructure;

/// <summary>The test Azurite really stores data, really goes away, and comes back with its data.</summary>
public sealed class AzuriteInstanceTests
{
    private static TableServiceClient Service(AzuriteInstance azurite) =>
        new(azurite.ConnectionString, new TableClientOptions
        {
            // Fail at once while Azurite is down instead of retrying for seconds.
            Retry = { MaxRetries = 0, Mode = RetryMode.Fixed },
        });

    private static string TableName() => "t" + Guid.NewGuid().ToString("N")[..16];

    [Fact]
    public async Task StoresEntitiesAndKeepsThemAcrossAStopAndRestart()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        Assert.Equal(3, new[] { azurite.BlobPort, azurite.QueuePort, azurite.TablePort }.Distinct().Count());
        Assert.Contains($"TableEndpoint=http://127.0.0.1:{azurite.TablePort}/devstoreaccount1;", azurite.ConnectionString, StringComparison.Ordinal);

        var table = Service(azurite).GetTableClient(TableName());
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("pk", "rk") { ["Name"] = "Hale", ["Aperture"] = 5080 });
        var read = await table.GetEntityAsync<TableEntity>("pk", "rk");
        Assert.Equal("Hale", read.Value.GetString("Name"));
        Assert.Equal(5080, read.Value.GetInt32("Aperture"));

        await azurite.StopAsync();
        await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("pk", "rk"));

        await azurite.RestartAsync();
        var again = await table.GetEntityAsync<TableEntity>("pk", "rk");
        Assert.Equal("Hale", again.Value.GetString("Name"));
        await table.AddEntityAsync(new TableEntity("pk", "rk2"));
        Assert.Equal(2, await CountAsync(table));
    }

    [Fact]
    public async Task DisposingKillsItAndRemovesItsData()
    {
        var azurite = await AzuriteInstance.StartAsync();
        var folder = azurite.DataFolder;
        var table = Service(azurite).GetTableClient(TableName());
        await table.CreateAsync();
        Assert.True(Directory.Exists(folder));

        await azurite.DisposeAsync();

        Assert.False(Directory.Exists(folder));
        await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("pk", "rk"));
    }

    [Fact]
    public async Task TheSharedInstanceIsOneInstanceForTheWholeRun()
    {
        var tasks = Enumerable.Range(0, 4).Select(_ => Task.Run(() => AzuriteInstance.Shared)).ToArray();
        var instances = await Task.WhenAll(tasks);
        Assert.All(instances, i => Assert.Same(instances[0], i));

        var shared = instances[0];
        var table = Service(shared).GetTableClient(TableName());
        await table.CreateAsync();
        await table.UpsertEntityAsync(new TableEntity("pk", "rk"));
        Assert.Equal(1, await CountAsync(table));

        // Disposing the shared instance is a no-op: other test classes keep using it.
        await shared.DisposeAsync();
        Assert.Equal(1, await CountAsync(table));
        await table.DeleteAsync();
    }

    [Fact]
    public void TheRepoRootHoldsTheSolution() =>
        Assert.True(File.Exists(Path.Combine(AzuriteInstance.RepoRoot, "AstroBlob.sln")));

    private static async Task<int> CountAsync(TableClient table)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>())
        {
            count++;
        }

        return count;
    }
}
