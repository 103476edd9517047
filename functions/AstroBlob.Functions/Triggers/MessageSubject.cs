using System.Text.Json;

namespace AstroBlob.Functions.Triggers;

/// <summary>
/// The observatory and ticket a queue message is about, when it says: our jobs carry
/// <c>observatory</c> and <c>code</c> (mail jobs: <c>ticketCode</c>); Event Grid's blob events carry them in the blob's path
/// (<c>.../blobs/{observatory}/{code}/{file}</c>). Anything else is about nothing in particular.
/// </summary>
internal static class MessageSubject
{
    public static (string? Observatory, string? Code) Of(string body)
    {
        if (string.IsNullOrEmpty(body) || body[0] is not ('{' or '['))
        {
            return (null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement.ValueKind == JsonValueKind.Array && json.RootElement.GetArrayLength() > 0 ? json.RootElement[0] : json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var observatory = Text(root, "observatory");
            var code = Text(root, "code") ?? Text(root, "ticketCode");
            if (observatory is null && Text(root, "subject") is { } subject && subject.IndexOf("/blobs/", StringComparison.Ordinal) is var at and >= 0)
            {
                var parts = subject[(at + "/blobs/".Length)..].Split('/');
                return parts.Length >= 3 ? (parts[0], parts[1]) : (null, null);
            }

            return (observatory, code);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }
}
