using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AstroBlob.Functions.Tests.Infrastructure;

/// <summary>
/// The real host, in-process, against a real Azurite, with its own table prefix so that test
/// classes never see each other's data.
/// </summary>
/// <remarks>
/// Pass the <see cref="TablePrefix"/> of another factory as <c>tablePrefix</c> to start a second
/// instance of the same deployment (same tables, queues and containers), or one that replaces a
/// disposed host.
/// </remarks>
public sealed class ApiFactory(
    string connectionString,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null,
    string? tablePrefix = null) : WebApplicationFactory<Program>
{
    public const string PlatformKey = "test-platform-key-not-secret";

    /// <summary>Prefix of this host's tables; its queues and containers use it too, followed by '-'.</summary>
    public string TablePrefix { get; } = tablePrefix ?? "t" + Guid.NewGuid().ToString("N")[..10];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:ConnectionString", connectionString);
        builder.UseSetting("Storage:TablePrefix", TablePrefix);
        builder.UseSetting("Triggers:QueuePrefix", TablePrefix + "-");
        builder.UseSetting("Storage:ContainerPrefix", TablePrefix + "-");
        builder.UseSetting("Platform:ApiKey", PlatformKey);
        // Fewer PBKDF2 rounds keep dozens of logins fast; the hashing code path is the same.
        builder.UseSetting("Auth:PasswordIterations", "1000");
        builder.UseSetting("Auth:LoginRequestsPerMinute", "100000");
        builder.UseSetting("StorageMonitor:ProbeInterval", "00:00:00.200");
        builder.UseSetting("StorageMonitor:MaxBackoff", "00:00:00.500");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    /// <summary>Waits (polling, bounded) until the host reports storage ready.</summary>
    public async Task WaitReadyAsync(TimeSpan? timeout = null) =>
        await WaitForHealthAsync(h => h.GetProperty("ready").GetBoolean() && h.GetProperty("storage").GetString() == "up", timeout);

    public async Task<JsonElement> WaitForHealthAsync(Func<JsonElement, bool> condition, TimeSpan? timeout = null)
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (condition(last))
                {
                    return last;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Health never matched; last: {last}");
    }
}
