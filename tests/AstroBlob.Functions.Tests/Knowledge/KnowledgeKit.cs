using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Knowledge;

/// <summary>The knowledge-base conversation in a few helpers, so tests read as what people do.</summary>
internal static class KnowledgeKit
{
    public static string Kb(this World world, string path, string? observatory = null) =>
        world.Api(observatory ?? world.Alpha, "/knowledge" + path);

    /// <summary>Writes an article in alpha; asserts 201 and returns it with its ETag.</summary>
    public static async Task<(JsonNode Article, string ETag)> WriteArticleAsync(
        this World world, Person who, string title, string body, string visibility = "customer_facing", string[]? tags = null, string? telescopeModel = null)
    {
        using var response = await who.Client.PostAsync(world.Kb("/articles"), new { title, body, visibility, tags = tags ?? Array.Empty<string>(), telescopeModel });
        var article = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(world.Kb($"/articles/{(string)article["id"]!}"), response.Headers.Location?.ToString());
        return (article, response.ETag());
    }

    public static async Task<string> WriteArticleIdAsync(this World world, Person who, string title, string body, string visibility = "customer_facing", string[]? tags = null) =>
        (string)(await world.WriteArticleAsync(who, title, body, visibility, tags)).Article["id"]!;

    public static async Task<JsonArray> SearchAsync(this World world, Person who, string q, string? observatory = null) =>
        (await who.Client.GetJsonAsync(world.Kb($"/search?q={Uri.EscapeDataString(q)}", observatory)))["items"]!.AsArray();

    public static async Task<List<string>> SearchIdsAsync(this World world, Person who, string q) =>
        [.. (await world.SearchAsync(who, q)).Select(h => (string)h!["id"]!)];

    public static async Task<List<string>> SuggestIdsAsync(this World world, Person who, string title) =>
        [.. (await who.Client.GetJsonAsync(world.Kb($"/suggest?title={Uri.EscapeDataString(title)}")))["items"]!.AsArray().Select(h => (string)h!["id"]!)];

    public static async Task<List<string>> ListIdsAsync(this World world, Person who, string query = "") =>
        [.. (await who.Client.GetJsonAsync(world.Kb("/articles" + query)))["items"]!.AsArray().Select(a => (string)a!["id"]!)];

    public static async Task<HttpResponseMessage> GetArticleAsync(this World world, Person who, string id) =>
        await who.Client.GetAsync(new Uri(world.Kb($"/articles/{id}"), UriKind.Relative));

    public static async Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string url, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }
}
