using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AstroBlob.Functions.Tests.Security;

/// <summary>
/// Every endpoint of an observatory's API, found in the host's own route table (so a new one is
/// covered the day it is added), against every caller who must be refused: nobody, a customer
/// and an admin of another observatory, a customer on staff endpoints, a technician on admin
/// endpoints; and against a malformed body. Refusals are problem+json and nothing answers 5xx.
/// </summary>
public sealed class EndpointMatrixTests(World world) : IClassFixture<World>
{
    private const string UnknownId = "0123456789abcdef01234567";

    /// <summary>A 3 MB JSON document: bigger than any body the API takes.</summary>
    private static readonly string Oversized = "{\"title\":\"" + new string('a', 3 * 1024 * 1024) + "\"}";

    [Fact]
    public async Task NobodyAndTheOtherObservatorysPeopleAreRefusedEverywhereThatNeedsASession()
    {
        var code = await TicketAsync();
        var carla = await world.LoginAsync(world.Beta, "carla@c.example");
        var betaAdmin = world.BetaAdmin;
        var checkedEndpoints = 0;
        foreach (var endpoint in ObservatoryEndpoints().Where(e => e.Policy is not null))
        {
            var url = endpoint.Url(world.Alpha, code, world.Ana.Id);
            await ExpectRefusedAsync(world.Anonymous, endpoint, url, HttpStatusCode.Unauthorized);
            // A session is valid only under its own observatory's routes.
            await ExpectRefusedAsync(carla.Client, endpoint, url, HttpStatusCode.Unauthorized);
            await ExpectRefusedAsync(betaAdmin.Client, endpoint, url, HttpStatusCode.Unauthorized);
            checkedEndpoints++;
        }

        Assert.True(checkedEndpoints > 60, $"only {checkedEndpoints} endpoints found: is the route table read right?");
    }

    [Fact]
    public async Task CustomersAreRefusedStaffEndpointsAndTechniciansAdminEndpoints()
    {
        var code = await TicketAsync();
        var staffOnly = 0;
        var adminOnly = 0;
        foreach (var endpoint in ObservatoryEndpoints())
        {
            var url = endpoint.Url(world.Alpha, code, world.Ana.Id);
            if (endpoint.Policy is Policies.Staff or Policies.Admin)
            {
                await ExpectRefusedAsync(world.Ana.Client, endpoint, url, HttpStatusCode.Forbidden);
                staffOnly++;
            }

            if (endpoint.Policy is Policies.Admin)
            {
                await ExpectRefusedAsync(world.L1.Client, endpoint, url, HttpStatusCode.Forbidden);
                adminOnly++;
            }
        }

        Assert.True(staffOnly > 30 && adminOnly > 10, $"staff-only {staffOnly}, admin-only {adminOnly}");
    }

    [Fact]
    public async Task AMalformedWronglyTypedOrOversizedBodyIsAProblemNeverAServerError()
    {
        var code = await TicketAsync();
        var withBody = 0;
        // A session of its own: some endpoints (sign-out) end the session they are called with.
        foreach (var endpoint in ObservatoryEndpoints().Where(e => e.Method is "POST" or "PUT" or "PATCH"))
        {
            foreach (var body in new[] { "{\"title\":", "[1,2,3]", "{\"title\":{\"$ne\":null},\"priority\":42}", "\"\\u0000\"", Oversized })
            {
                var admin = await world.LoginAsync(world.Alpha, $"admin@{world.Alpha.Split('-')[0]}.example");
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url(world.Alpha, code, world.Ana.Id))
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
                using var response = await admin.Client.SendAsync(request);
                Assert.True((int)response.StatusCode < 500, $"{endpoint.Method} {endpoint.Pattern} with {body[..Math.Min(body.Length, 60)]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                if (ReferenceEquals(body, Oversized) && endpoint.TakesBody && endpoint.ContentType == "application/json")
                {
                    withBody++;
                    Assert.False(response.IsSuccessStatusCode, $"{endpoint.Method} {endpoint.Pattern} accepted a 3 MB body");
                }

                if ((int)response.StatusCode >= 400)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }

        Assert.True(withBody > 20, $"only {withBody} endpoints declare a JSON body: is the metadata read right?");
    }

    [Fact]
    public async Task ATokenIsWorthNothingAfterSignOut()
    {
        var ana = await world.LoginAsync(world.Alpha, "ana@a.example");
        using (var before = await ana.Client.GetAsync(new Uri(world.Api(world.Alpha, "/me"), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var logout = await ana.Client.PostAsync(new Uri(world.Api(world.Alpha, "/auth/logout"), UriKind.Relative), null))
        {
            Assert.True(logout.IsSuccessStatusCode);
        }

        using var replay = await ana.Client.GetAsync(new Uri(world.Api(world.Alpha, "/me"), UriKind.Relative));
        await replay.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    private async Task<string> TicketAsync() =>
        (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Matriz de seguridad", type = "question", priority = "low" }))["code"]!;

    private static async Task ExpectRefusedAsync(HttpClient client, ApiEndpoint endpoint, string url, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            // A body of a type the endpoint accepts: the refusal must be about the caller, not the body.
            request.Content = endpoint.ContentType == "application/json"
                ? new StringContent("{}", Encoding.UTF8, "application/json")
                : new ByteArrayContent([0x89, 0x50, 0x4E, 0x47]) { Headers = { ContentType = new MediaTypeHeaderValue(endpoint.ContentType) } };
        }

        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == expected, $"{endpoint.Method} {url}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private IEnumerable<ApiEndpoint> ObservatoryEndpoints()
    {
        var sources = world.Factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
            if (!pattern.StartsWith("/api/o/{observatory}", StringComparison.Ordinal))
            {
                continue;
            }

            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var policy = anonymous || authorize.Count == 0
                ? null
                : authorize.Select(a => a.Policy).FirstOrDefault(p => p is Policies.Admin) ?? authorize.Select(a => a.Policy).FirstOrDefault(p => p is Policies.Staff) ?? authorize.Select(a => a.Policy ?? "session").First();
            var accepts = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>();
            var contentType = accepts?.ContentTypes.FirstOrDefault() ?? "application/json";
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                yield return new ApiEndpoint(method, pattern, policy, contentType, accepts is not null);
            }
        }
    }

    /// <param name="TakesBody">The endpoint declares a request body (endpoints without one, like sign-out, ignore what is sent).</param>
    private sealed record ApiEndpoint(string Method, string Pattern, string? Policy, string ContentType, bool TakesBody)
    {
        public string Url(string observatory, string code, string userId) => Pattern
            .Replace("{observatory}", observatory, StringComparison.Ordinal)
            .Replace("{code}", code, StringComparison.Ordinal)
            .Replace("{userId}", userId, StringComparison.Ordinal)
            .Replace("{tag}", "etiqueta", StringComparison.Ordinal)
            .Replace("{externalId}", "ext-1", StringComparison.Ordinal)
            .Replace("{id}", UnknownId, StringComparison.Ordinal);
    }
}
