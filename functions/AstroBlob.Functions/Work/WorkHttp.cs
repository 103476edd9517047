using System.Text.Json;
using AstroBlob.Functions.Http;
using Azure;

namespace AstroBlob.Functions.Work;

/// <summary>Small HTTP pieces the Work routes share.</summary>
internal static class WorkHttp
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>A body that may be left out altogether (start or stop a timer with the defaults).</summary>
    public static async Task<(T Value, JsonElement Raw)> OptionalBodyAsync<T>(HttpRequest request, T empty, CancellationToken ct)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null))
        {
            return (empty, EmptyObject);
        }

        return await RequestBody.ReadWithShapeAsync<T>(request, ct);
    }

    /// <summary>If-Match is optional on entries: sent, it must match (412); absent, the server re-reads on a race.</summary>
    public static ETag? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString();
        return value.Length == 0 ? null : new ETag(value);
    }

    public static void SetETag(this HttpResponse response, ETag etag) => response.Headers.ETag = etag.ToString();
}
