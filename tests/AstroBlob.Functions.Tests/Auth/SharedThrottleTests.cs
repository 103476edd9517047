using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Auth;

/// <summary>
/// Two instances of the same deployment (one storage, one table prefix), as Container Apps runs
/// them when it scales out. Each test signs in to an observatory of its own.
/// </summary>
public sealed class ThrottleHosts : IAsyncLifetime
{
    public ApiFactory First { get; private set; } = null!;
    public ApiFactory Second { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = (await AzuriteInstance.Shared).ConnectionString;
        First = new ApiFactory(ConnectionString);
        Second = new ApiFactory(ConnectionString, tablePrefix: First.TablePrefix);
        await Task.WhenAll(First.WaitReadyAsync(), Second.WaitReadyAsync());
    }

    /// <summary>Another host of the same deployment, started and ready.</summary>
    public async Task<ApiFactory> StartAnotherAsync()
    {
        var host = new ApiFactory(ConnectionString, tablePrefix: First.TablePrefix);
        await host.WaitReadyAsync();
        return host;
    }

    /// <summary>A new observatory; returns its slug (its admin is <see cref="SharedThrottleTests.Admin"/>).</summary>
    public async Task<string> ProvisionAsync()
    {
        var slug = "thr-" + Guid.NewGuid().ToString("N")[..8];
        using var client = First.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/platform/observatories")
        {
            Content = Requests.Json(new { slug, name = "Limite", ticketPrefix = "THR", timeZone = "UTC", adminName = "A", adminEmail = SharedThrottleTests.Admin, adminPassword = World.Password }),
        };
        request.Headers.Add("X-Platform-Key", ApiFactory.PlatformKey);
        using var response = await client.SendAsync(request);
        await response.JsonAsync(HttpStatusCode.Created);
        return slug;
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}

/// <summary>The failed-login throttle counts per account across host instances and restarts (default limit: 5 in 15 minutes).</summary>
public sealed class SharedThrottleTests(ThrottleHosts hosts) : IClassFixture<ThrottleHosts>
{
    public const string Admin = "admin@thr.example";

    [Fact]
    public async Task FailuresSplitAcrossHostsLockTheAccountOnEveryHost()
    {
        var slug = await hosts.ProvisionAsync();
        using var first = hosts.First.CreateClient();
        using var second = hosts.Second.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await WrongAsync(first, slug, i);
        }

        for (var i = 3; i < 5; i++)
        {
            await WrongAsync(second, slug, i);
        }

        await LockedAsync(first, slug);
        await LockedAsync(second, slug);
    }

    [Fact]
    public async Task AHostStartedAfterTheFailuresStillRefusesTheLockedAccount()
    {
        var slug = await hosts.ProvisionAsync();
        await using (var doomed = await hosts.StartAnotherAsync())
        {
            using var client = doomed.CreateClient();
            for (var i = 0; i < 5; i++)
            {
                await WrongAsync(client, slug, i);
            }

            await LockedAsync(client, slug);
        }

        await using var restarted = await hosts.StartAnotherAsync();
        using var again = restarted.CreateClient();
        await LockedAsync(again, slug);
    }

    [Fact]
    public async Task ASuccessfulSignInOnOneHostClearsTheCountOnTheOther()
    {
        var slug = await hosts.ProvisionAsync();
        using var first = hosts.First.CreateClient();
        using var second = hosts.Second.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await WrongAsync(first, slug, i);
        }

        await RightAsync(second, slug);

        // Counted from zero again: one more failure is far from the limit on either host.
        await WrongAsync(first, slug, 4);
        await RightAsync(first, slug);
        await RightAsync(second, slug);
    }

    [Fact]
    public async Task ConcurrentFailuresOnTwoHostsAreAllCounted()
    {
        var slug = await hosts.ProvisionAsync();
        using var first = hosts.First.CreateClient();
        using var second = hosts.Second.CreateClient();

        // Exactly the limit, all at once: the account locks only if no failure was lost.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => WrongAsync(i % 2 == 0 ? first : second, slug, i)));

        await LockedAsync(first, slug);
        await LockedAsync(second, slug);
    }

    private static async Task WrongAsync(HttpClient client, string slug, int i)
    {
        using var response = await client.PostAsync($"/api/o/{slug}/auth/login", new { email = Admin, password = $"guess-{i}-guess" });
        await response.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    private static async Task RightAsync(HttpClient client, string slug)
    {
        using var response = await client.PostAsync($"/api/o/{slug}/auth/login", new { email = Admin, password = World.Password });
        await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The right password is refused with 429 and a Retry-After within the window.</summary>
    private static async Task LockedAsync(HttpClient client, string slug)
    {
        using var response = await client.PostAsync($"/api/o/{slug}/auth/login", new { email = Admin, password = World.Password });
        await response.ProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        var wait = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
    }
}
