using System.Net;
using System.Net.Http.Headers;
using AstroBlob.Functions.Tests.Attachments;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Host;

/// <summary>
/// A host behind Azure Container Apps' ingress, as infra/ deploys it: the setting
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> makes it read the client's address and scheme
/// from the last X-Forwarded-For / X-Forwarded-Proto entry, which the ingress appends.
/// </summary>
public sealed class BehindIngressWorld : World
{
    public const int LoginsPerMinute = 25;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["FORWARDEDHEADERS_ENABLED"] = "true",
        ["Auth:LoginRequestsPerMinute"] = LoginsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class ForwardedHeadersTests(BehindIngressWorld world) : IClassFixture<BehindIngressWorld>
{
    private Task<HttpStatusCode> LoginFromAsync(string forwardedFor) => ForwardedLogin.FailAsync(world, forwardedFor);

    [Fact]
    public async Task TheSignInLimitIsPerClientAddressAndAForgedLeftEntryDoesNotEscapeIt()
    {
        // Behind the ingress every request comes from the same proxy: without forwarded headers
        // all clients would share one limit, so one noisy client would lock everybody out.
        var noisy = $"203.0.113.{Random.Shared.Next(1, 250)}";
        for (var i = 0; i < BehindIngressWorld.LoginsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync(noisy));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginFromAsync(noisy));

        // Another client behind the same ingress still signs in.
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync($"198.51.100.{Random.Shared.Next(1, 250)}"));

        // The client may send its own X-Forwarded-For; the ingress appends the real address, and
        // only that last entry counts.
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginFromAsync($"192.0.2.77, {noisy}"));
    }

    [Fact]
    public async Task LinksTheHostBuildsUseTheSchemeTheClientUsed()
    {
        var content = new ByteArrayContent(SampleFiles.Png(64, 64));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Put, world.Api(world.Alpha, "/settings/logo")) { Content = content };
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var put = await world.AlphaAdmin.Client.SendAsync(request);
        var logoUrl = (string)(await put.JsonAsync(HttpStatusCode.OK))["logoUrl"]!;
        Assert.StartsWith("https://", logoUrl, StringComparison.Ordinal);
    }
}

/// <summary>A host reached directly (the default): a client cannot choose its address by sending X-Forwarded-For.</summary>
public sealed class DirectHostWorld : World
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:LoginRequestsPerMinute"] = "25",
    };
}

public sealed class DirectHostTests(DirectHostWorld world) : IClassFixture<DirectHostWorld>
{
    [Fact]
    public async Task WithoutTheSettingForwardedHeadersAreIgnored()
    {
        HttpStatusCode last = HttpStatusCode.OK;
        for (var i = 0; i < 30 && last != HttpStatusCode.TooManyRequests; i++)
        {
            // A new made-up address each time would escape any per-address limit if it were believed.
            last = await ForwardedLogin.FailAsync(world, $"192.0.2.{i + 1}", proto: "https");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }
}

/// <summary>A failed sign-in to alpha sent with forwarded headers, as if through a proxy.</summary>
internal static class ForwardedLogin
{
    /// <summary>
    /// Each time for another account, so no account lock gets in the way; a 429 must be the
    /// address limit's <c>too_many_requests</c>.
    /// </summary>
    public static async Task<HttpStatusCode> FailAsync(World world, string forwardedFor, string? proto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, world.Api(world.Alpha, "/auth/login"))
        {
            Content = Requests.Json(new { email = $"nadie.{Guid.NewGuid():N}@alpha.example", password = "mal" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (proto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", proto);
        }

        using var response = await world.Anonymous.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            await response.ProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        }

        return response.StatusCode;
    }
}
