using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace AstroBlob.Functions.Tests.Auth;

/// <summary>Rules that depend on time, checked by moving the host's clock instead of waiting.</summary>
public sealed class ClockTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private ApiFactory _factory = null!;
    private HttpClient _anonymous = null!;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteInstance.Shared;
        _factory = new ApiFactory(
            azurite.ConnectionString,
            new Dictionary<string, string?> { ["Auth:SessionLifetime"] = "02:00:00" },
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        _anonymous = _factory.CreateClient();
        await _factory.WaitReadyAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/platform/observatories")
        {
            Content = Requests.Json(new { slug = "clock", name = "Reloj", ticketPrefix = "CLK", timeZone = "UTC", adminName = "A", adminEmail = "admin@clock.example", adminPassword = World.Password }),
        };
        request.Headers.Add("X-Platform-Key", ApiFactory.PlatformKey);
        using var response = await _anonymous.SendAsync(request);
        await response.JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ASessionStopsWorkingWhenItExpires()
    {
        using var login = await _anonymous.PostAsync("/api/o/clock/auth/login", new { email = "admin@clock.example", password = World.Password });
        var token = (string)(await login.JsonAsync(HttpStatusCode.OK))["token"]!;
        using var client = _factory.CreateClient().WithToken(token);

        _clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        await client.GetJsonAsync("/api/o/clock/me");

        _clock.Advance(TimeSpan.FromSeconds(2));
        using var expired = await client.GetAsync(new Uri("/api/o/clock/me", UriKind.Relative));
        await expired.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task ALockedAccountMayTryAgainOnceTheWindowHasPassed()
    {
        for (var i = 0; i < 5; i++)
        {
            using var failed = await _anonymous.PostAsync("/api/o/clock/auth/login", new { email = "admin@clock.example", password = $"wrong-{i}-wrong" });
            await failed.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using (var locked = await _anonymous.PostAsync("/api/o/clock/auth/login", new { email = "admin@clock.example", password = World.Password }))
        {
            await locked.ProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        }

        _clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var again = await _anonymous.PostAsync("/api/o/clock/auth/login", new { email = "admin@clock.example", password = World.Password });
        await again.JsonAsync(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        await _factory.DisposeAsync();
    }
}
