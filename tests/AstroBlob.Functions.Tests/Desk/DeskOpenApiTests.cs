using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Desk;

/// <summary>Integrators find the desk tools where they find the rest of the API.</summary>
public sealed class DeskOpenApiTests(DeskWorld world) : IClassFixture<DeskWorld>
{
    [Theory]
    [InlineData("/api/o/{observatory}/canned", "post")]
    [InlineData("/api/o/{observatory}/tickets/{code}/canned/{id}/render", "post")]
    [InlineData("/api/o/{observatory}/tickets/{code}/tags", "post")]
    [InlineData("/api/o/{observatory}/tags/{tag}/tickets", "get")]
    [InlineData("/api/o/{observatory}/tickets/{code}/rating", "post")]
    [InlineData("/api/o/{observatory}/tasks/{id}/complete", "post")]
    [InlineData("/api/o/{observatory}/flagged", "get")]
    public async Task EveryDeskRouteIsInTheOpenApiDocument(string path, string method)
    {
        using var response = await world.Anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = await response.JsonAsync(HttpStatusCode.OK);
        Assert.NotNull(document["paths"]?[path]?[method]);
    }
}
