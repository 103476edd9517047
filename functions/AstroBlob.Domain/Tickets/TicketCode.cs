using System.Globalization;
using System.Text.RegularExpressions;

namespace AstroBlob.Domain.Tickets;

/// <summary>Human-friendly ticket codes: <c>{PREFIX}-{number}</c>, e.g. <c>DEMO-000123</c>.</summary>
public static partial class TicketCode
{
    public static string Format(string prefix, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{number:D6}");

    /// <summary>Normalises a code typed by a person (any case) or returns false if it cannot be one.</summary>
    public static bool TryNormalize(string? raw, out string code)
    {
        code = string.Empty;
        if (raw is null || raw.Length > 24 || !CodePattern().IsMatch(raw))
        {
            return false;
        }

        code = raw.ToUpperInvariant();
        return true;
    }

    public static bool IsValidPrefix(string? prefix) => prefix is not null && PrefixPattern().IsMatch(prefix);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{1,9}-[0-9]{1,12}\\z")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,9}\\z")]
    private static partial Regex PrefixPattern();
}
