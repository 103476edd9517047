using System.Globalization;
using AstroBlob.Domain.Common;

namespace AstroBlob.Functions.Http;

/// <summary>Strict query-string parsing: a value that cannot be what it claims is a 400 naming the parameter.</summary>
public static class QueryParams
{
    public static string? Text(HttpRequest request, string name, int max = 200)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            throw ApiException.BadRequest("invalid_query", $"'{name}' may be given only once.", name);
        }

        var value = values[0]!;
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Length > max || value.Any(char.IsControl))
        {
            throw ApiException.BadRequest("invalid_query", $"'{name}' must be at most {max} printable characters.", name);
        }

        return value;
    }

    public static T? Enum<T>(HttpRequest request, string name) where T : struct, System.Enum
    {
        var text = Text(request, name);
        if (text is null)
        {
            return null;
        }

        return EnumText.TryParse<T>(text, out var value)
            ? value
            : throw ApiException.BadRequest("invalid_query", $"'{name}' must be one of: {string.Join(", ", System.Enum.GetValues<T>().Select(v => EnumText.ToWire(v)))}.", name);
    }

    /// <summary>A yes/no parameter: exactly <c>true</c> or <c>false</c>.</summary>
    public static bool? Bool(HttpRequest request, string name) =>
        Text(request, name, 10) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => throw ApiException.BadRequest("invalid_query", $"'{name}' must be true or false.", name),
        };

    public static DateTimeOffset? Instant(HttpRequest request, string name)
    {
        var text = Text(request, name, 40);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw ApiException.BadRequest("invalid_query", $"'{name}' must be an ISO 8601 date-time.", name);
    }

    public static int Int(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = Text(request, name, 10);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw ApiException.BadRequest("invalid_query", $"'{name}' must be a whole number from {min} to {max}.", name);
    }

    /// <summary>An id parameter: a malformed id cannot match anything, so it is refused rather than scanned for.</summary>
    public static string? Id(HttpRequest request, string name)
    {
        var text = Text(request, name, 40);
        return text is null || Storage.Keys.IsId(text)
            ? text
            : throw ApiException.BadRequest("invalid_query", $"'{name}' is not a valid id.", name);
    }
}
