using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Host;

public sealed class HostTests(World world) : IClassFixture<World>
{
    [Fact]
    public async Task TheOpenApiDescriptionCoversTheWholeApiAndTheReferencePageIsServed()
    {
        var doc = await world.Anonymous.GetJsonAsync("/openapi/v1.json");
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Contains("/api/o/{observatory}/tickets", paths);
        Assert.Contains("/api/o/{observatory}/tickets/{code}", paths);
        Assert.Contains("/api/o/{observatory}/tickets/{code}/messages", paths);
        Assert.Contains("/api/o/{observatory}/auth/login", paths);
        Assert.Contains("/api/o/{observatory}/telescopes/{id}", paths);
        using var reference = await world.Anonymous.GetAsync(new Uri("/scalar/v1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public async Task ThePortalEndpointShowsPublicBrandingOnly()
    {
        var portal = await world.Anonymous.GetJsonAsync(world.Api(world.Alpha, "/portal"));
        Assert.Equal($"Observatorio {world.Alpha}", (string?)portal["name"]);
        Assert.Null(portal["integrationKeyHash"]);
        Assert.Null(portal["ticketPrefix"]);
        using var unknown = await world.Anonymous.GetAsync(new Uri("/api/o/no-such-place/portal", UriKind.Relative));
        await unknown.ProblemAsync(HttpStatusCode.NotFound, "observatory_not_found");
    }

    [Fact]
    public async Task AdminsBrandThePortalAndOnlyDeclaredOriginsGetCors()
    {
        using (var patch = await world.BetaAdmin.Client.PatchAsync(world.Api(world.Beta, "/settings"), new { name = "Observatorio Beta", primaryColor = "#112233", embedOrigins = new[] { "https://beta.example" }, logoUrl = "https://beta.example/logo.png" }, ifMatch: null))
        {
            var settings = await patch.JsonAsync(HttpStatusCode.OK);
            Assert.Equal("#112233", (string?)settings["primaryColor"]);
        }

        var portal = await world.Anonymous.GetJsonAsync(world.Api(world.Beta, "/portal"));
        Assert.Equal("Observatorio Beta", (string?)portal["name"]);
        Assert.Equal("https://beta.example/logo.png", (string?)portal["logoUrl"]);

        Assert.Equal("https://beta.example", await PreflightAsync(world.Beta, "https://beta.example"));
        Assert.Null(await PreflightAsync(world.Beta, "https://evil.example"));
        Assert.Null(await PreflightAsync(world.Alpha, "https://beta.example"));

        using var bad = await world.BetaAdmin.Client.PatchAsync(world.Api(world.Beta, "/settings"), new { primaryColor = "red;background:url(x)" }, ifMatch: null);
        await bad.ProblemAsync(HttpStatusCode.BadRequest, "invalid_color");
    }

    [Fact]
    public async Task TheHostingPlatformUpsertsCustomersAndTelescopesWithItsKey()
    {
        using var rotate = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, "/settings/integration-key"), Requests.RawJson("{}"));
        var key = (string)(await rotate.JsonAsync(HttpStatusCode.OK))["key"]!;

        using var platform = world.Factory.CreateClient();
        platform.DefaultRequestHeaders.Add("X-Integration-Key", key);
        using (var c1 = await platform.PutAsync(new Uri(world.Api(world.Alpha, "/integration/customers/CRM-1"), UriKind.Relative), Requests.Json(new { name = "Integrado S.A." })))
        {
            await c1.JsonAsync(HttpStatusCode.OK);
        }

        using (var c2 = await platform.PutAsync(new Uri(world.Api(world.Alpha, "/integration/customers/CRM-1"), UriKind.Relative), Requests.Json(new { name = "Integrado S.A. (renombrado)" })))
        {
            await c2.JsonAsync(HttpStatusCode.OK);
        }

        JsonNode telescope;
        using (var t = await platform.PutAsync(new Uri(world.Api(world.Alpha, "/integration/telescopes/TEL-9"), UriKind.Relative), Requests.Json(new { name = "Planewave 20", customerExternalId = "CRM-1" })))
        {
            telescope = await t.JsonAsync(HttpStatusCode.OK);
        }

        var customers = (await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/customers"))).AsArray().Where(c => (string?)c!["externalId"] == "CRM-1").ToList();
        var customer = Assert.Single(customers);
        Assert.Equal("Integrado S.A. (renombrado)", (string?)customer!["name"]);
        Assert.Equal((string?)customer["id"], (string?)telescope["customerId"]);

        using var wrongKey = world.Factory.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-Integration-Key", key + "x");
        using var refused = await wrongKey.PutAsync(new Uri(world.Api(world.Alpha, "/integration/customers/CRM-2"), UriKind.Relative), Requests.Json(new { name = "No" }));
        await refused.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_integration_key");

        // A key is bound to its observatory.
        using var elsewhere = await platform.PutAsync(new Uri(world.Api(world.Beta, "/integration/customers/CRM-1"), UriKind.Relative), Requests.Json(new { name = "No" }));
        await elsewhere.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_integration_key");
    }

    [Theory]
    [InlineData("a/b#c?d")]
    [InlineData("pipe|tilde~percent%")]
    [InlineData("ünïcödé 名前")]
    public async Task ExternalIdsWithCharactersTableKeysForbidAreStoredAndFoundAgain(string externalId)
    {
        using var rotate = await world.AlphaAdmin.Client.PostAsync(world.Api(world.Alpha, "/settings/integration-key"), Requests.RawJson("{}"));
        var key = (string)(await rotate.JsonAsync(HttpStatusCode.OK))["key"]!;
        using var platform = world.Factory.CreateClient();
        platform.DefaultRequestHeaders.Add("X-Integration-Key", key);
        var url = new Uri(world.Api(world.Alpha, $"/integration/customers/{Uri.EscapeDataString(externalId)}"), UriKind.Relative);
        string first;
        using (var created = await platform.PutAsync(url, Requests.Json(new { name = "Raro" })))
        {
            first = (string)(await created.JsonAsync(HttpStatusCode.OK))["id"]!;
        }

        using var again = await platform.PutAsync(url, Requests.Json(new { name = "Raro 2" }));
        var second = await again.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(first, (string?)second["id"]);
        Assert.Equal(externalId, (string?)second["externalId"]);
    }

    [Fact]
    public async Task ProvisioningNeedsTheOperatorKeyAndRefusesADuplicateSlug()
    {
        var body = new { slug = world.Alpha, name = "X", ticketPrefix = "XX", timeZone = "UTC", adminName = "A", adminEmail = "a@x.example", adminPassword = World.Password };
        using (var noKey = await world.Anonymous.PostAsync("/api/platform/observatories", body))
        {
            await noKey.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_platform_key");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/platform/observatories") { Content = Requests.Json(body) };
        request.Headers.Add("X-Platform-Key", ApiFactory.PlatformKey);
        using var duplicate = await world.Anonymous.SendAsync(request);
        await duplicate.ProblemAsync(HttpStatusCode.Conflict, "observatory_exists");
    }

    private async Task<string?> PreflightAsync(string observatory, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, world.Api(observatory, "/tickets"));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var response = await world.Anonymous.SendAsync(request);
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
    }
}
