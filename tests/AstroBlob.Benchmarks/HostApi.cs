using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AstroBlob.Benchmarks;

/// <summary>Calls the host's public API over real HTTP, as a browser or an integrator would.</summary>
internal sealed class HostApi(HttpClient http)
{
    /// <summary>Sends one request; null when the status is the expected one, else a description with the body.</summary>
    public async Task<string?> TrySendAsync(HttpMethod method, string path, string? token, byte[]? jsonBody, HttpStatusCode expected, CancellationToken ct)
    {
        using var request = Request(method, path, token, jsonBody);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        if (response.StatusCode == expected)
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        return Describe(method, path, response.StatusCode, body);
    }

    /// <summary>Sends one request and returns its JSON body; throws with status and body on any other status.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body, HttpStatusCode expected, CancellationToken ct, params (string Name, string Value)[] headers)
    {
        using var request = Request(method, path, token, body is null ? null : Encode(body));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected)
        {
            throw new BenchmarkException(Describe(method, path, response.StatusCode, text) + $" (expected {(int)expected})");
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new BenchmarkException($"{method} {path}: the body is not JSON ({e.Message}): {Truncate(text)}");
        }
    }

    public static byte[] Encode(object body) => JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);

    private static HttpRequestMessage Request(HttpMethod method, string path, string? token, byte[]? jsonBody)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        }

        return request;
    }

    private static string Describe(HttpMethod method, string path, HttpStatusCode status, string body) =>
        $"{method} {path} answered {(int)status} {status}: {Truncate(body)}";

    private static string Truncate(string text) => text.Length <= 600 ? text : text[..600] + "...";
}
