using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Host;

/// <summary>Storage going away must not take the host down; it comes back by itself.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task TheHostKeepsAnsweringHealthWhileStorageIsDownAndRecovers()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        await using var factory = new ApiFactory(azurite.ConnectionString);
        await factory.WaitReadyAsync();
        using var client = factory.CreateClient();

        await azurite.StopAsync();
        var down = await factory.WaitForHealthAsync(h => h.GetProperty("storage").GetString() == "down");
        Assert.Equal("degraded", down.GetProperty("status").GetString());
        using (var portal = await client.GetAsync(new Uri("/api/o/demo/portal", UriKind.Relative)))
        {
            await portal.ProblemAsync(HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        }

        // Storage down, host up: alive (do not restart it) but not ready (send it no traffic).
        await AssertProbesAsync(client, live: HttpStatusCode.OK, ready: HttpStatusCode.ServiceUnavailable);

        await azurite.RestartAsync();
        var up = await factory.WaitForHealthAsync(h => h.GetProperty("storage").GetString() == "up");
        Assert.Equal("ok", up.GetProperty("status").GetString());
        await AssertProbesAsync(client, live: HttpStatusCode.OK, ready: HttpStatusCode.OK);
        using var again = await client.GetAsync(new Uri("/api/o/nowhere/portal", UriKind.Relative));
        await again.ProblemAsync(HttpStatusCode.NotFound, "observatory_not_found");
    }

    [Fact]
    public async Task AHostStartedWithoutStorageServesHealthThenBecomesReady()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        await azurite.StopAsync();
        await using var factory = new ApiFactory(azurite.ConnectionString);
        using var client = factory.CreateClient();
        var down = await factory.WaitForHealthAsync(h => !h.GetProperty("ready").GetBoolean());
        Assert.Equal("down", down.GetProperty("storage").GetString());
        using (var early = await client.GetAsync(new Uri("/api/o/demo/portal", UriKind.Relative)))
        {
            await early.ProblemAsync(HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        }

        await AssertProbesAsync(client, live: HttpStatusCode.OK, ready: HttpStatusCode.ServiceUnavailable);

        await azurite.RestartAsync();
        await factory.WaitReadyAsync();
        await AssertProbesAsync(client, live: HttpStatusCode.OK, ready: HttpStatusCode.OK);
    }

    private static async Task AssertProbesAsync(HttpClient client, HttpStatusCode live, HttpStatusCode ready)
    {
        using (var response = await client.GetAsync(new Uri("/api/health/live", UriKind.Relative)))
        {
            Assert.Equal(live, response.StatusCode);
        }

        using var readiness = await client.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
        if (ready == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, readiness.StatusCode);
        }
        else
        {
            await readiness.ProblemAsync(ready, "storage_unavailable");
        }
    }
}
