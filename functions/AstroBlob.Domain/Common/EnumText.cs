using System.Text.Json;

namespace AstroBlob.Domain.Common;

/// <summary>Enum values as they appear on the wire and in the activity trail: snake_case, lower-case.</summary>
public static class EnumText
{
    public static string ToWire(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
    }

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(ToWire(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        return false;
    }
}
