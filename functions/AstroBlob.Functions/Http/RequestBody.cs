using System.Text.Json;

namespace AstroBlob.Functions.Http;

/// <summary>
/// Reads a JSON body strictly: JSON content type, bounded size, no unknown fields, right
/// types. Failures become 400/413/415 problems naming the field, before anything is written.
/// </summary>
public static class RequestBody
{
    /// <summary>Large enough for a 64,000-character message fully \u-escaped, small enough to refuse abuse.</summary>
    public const int MaxBytes = 512 * 1024;

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken ct)
    {
        var (value, _) = await ReadWithShapeAsync<T>(request, ct);
        return value;
    }

    /// <summary>Also returns the parsed document, so PATCH handlers can tell an absent field from an explicit null.</summary>
    public static async Task<(T Value, JsonElement Raw)> ReadWithShapeAsync<T>(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is null || !IsJson(request.ContentType))
        {
            throw new ApiException(415, "unsupported_media_type", "Send the body as application/json.");
        }

        if (request.ContentLength > MaxBytes)
        {
            throw new ApiException(413, "payload_too_large", $"The body must be at most {MaxBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new ApiException(413, "payload_too_large", $"The body must be at most {MaxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest("invalid_json", $"The body is not valid JSON: {e.Message}");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest("invalid_json", "The body must be a JSON object.");
            }

            try
            {
                var value = doc.RootElement.Deserialize<T>(Json.Options)
                    ?? throw ApiException.BadRequest("invalid_json", "The body must be a JSON object.");
                return (value, doc.RootElement.Clone());
            }
            catch (JsonException e)
            {
                if (e.Message.Contains("missing required", StringComparison.OrdinalIgnoreCase))
                {
                    var missing = RequiredMembers(e.Message);
                    throw ApiException.BadRequest("invalid_field", $"Required fields are missing: {string.Join(", ", missing)}.", missing.FirstOrDefault() ?? "body");
                }

                if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
                {
                    var unknown = QuotedName(e.Message) ?? FieldOf(e.Path);
                    throw ApiException.BadRequest("invalid_field", $"Unknown field: {unknown}.", unknown);
                }

                var field = FieldOf(e.Path);
                throw ApiException.BadRequest("invalid_field", $"'{field}' has a missing, null or wrongly typed value.", field);
            }
        }
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private static string? QuotedName(string message)
    {
        // STJ: "The JSON property 'x' could not be mapped to any .NET member contained in type ..."
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return start >= 0 && end > start ? message[(start + 1)..end] : null;
    }

    private static List<string> RequiredMembers(string message)
    {
        // STJ: "... was missing required properties including: 'title', 'type'."
        var i = message.IndexOf("including:", StringComparison.Ordinal);
        return i < 0
            ? []
            : message[(i + 10)..].Split(',').Select(p => p.Trim().TrimEnd('.').Trim('\'')).Where(p => p.Length > 0).ToList();
    }
}
