using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Work;

/// <summary>The Work API calls the tests make, so that each test reads as what a technician or admin does.</summary>
internal static class WorkCalls
{
    public static string Alpha(this World world, string path) => world.Api(world.Alpha, path);

    public static Uri Url(this World world, string path) => new(world.Alpha(path), UriKind.Relative);

    /// <summary>A ticket opened by a customer contact in alpha; returns its code.</summary>
    public static async Task<string> TicketAsync(this World world, Person customer, string title, string? telescopeId = null, string type = "repair") =>
        (string)(await world.CreateTicketAsync(customer, world.Alpha, new { title, type, telescopeId }))["code"]!;

    /// <summary>Logs time by hand and asserts it was created.</summary>
    public static async Task<JsonNode> LogAsync(this World world, Person who, string code, object entry)
    {
        using var response = await who.Client.PostAsync(world.Alpha($"/tickets/{code}/time"), entry);
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonNode> AddCostAsync(this World world, Person who, string code, object cost)
    {
        using var response = await who.Client.PostAsync(world.Alpha($"/tickets/{code}/costs"), cost);
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    public static Task<JsonNode> TimeAsync(this World world, Person who, string code, string query = "") =>
        who.Client.GetJsonAsync(world.Alpha($"/tickets/{code}/time{query}"));

    public static async Task<HttpResponseMessage> PostEmptyAsync(this HttpClient client, string url) =>
        await client.PostAsync(new Uri(url, UriKind.Relative), content: null);

    public static async Task<HttpResponseMessage> SendDeleteAsync(this HttpClient client, string url, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Actions in the ticket's trail as the person sees it, in order.</summary>
    public static async Task<List<string>> TrailAsync(this World world, Person who, string code) =>
        [.. (await who.Client.GetJsonAsync(world.Alpha($"/tickets/{code}/activity"))).AsArray().Select(a => (string)a!["action"]!)];

    /// <summary>Stops whatever timer the person has, so each test starts from none.</summary>
    public static async Task NoTimerAsync(this World world, Person who)
    {
        using var response = await who.Client.DeleteAsync(world.Alpha("/timer"));
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"Discarding the timer gave {(int)response.StatusCode}.");
    }
}
