using System.Globalization;
using System.Text;

namespace AstroBlob.Functions.Storage;

/// <summary>
/// Builds Table keys from parts. Any part that may come from a user is escaped so it cannot
/// contain the characters Table Storage forbids in keys (/ \ # ? and controls), our separator
/// '|', or anything above '~' (range scans use '~' as the upper bound).
/// </summary>
public static class Keys
{
    public const char Separator = '|';

    /// <summary>Upper bound for a prefix range scan: every escaped key part sorts below it.</summary>
    public const string RangeEnd = "~";

    public static string Escape(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var sb = new StringBuilder(part.Length);
        foreach (var b in Encoding.UTF8.GetBytes(part))
        {
            var c = (char)b;
            var safe = b is >= 0x20 and < 0x7E && c is not '/' and not '\\' and not '#' and not '?' and not '|' and not '%' and not '~';
            if (safe)
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>The text <see cref="Escape"/> was given.</summary>
    public static string Unescape(string escaped) => Uri.UnescapeDataString(escaped);

    public static string Join(params string[] parts) => string.Join(Separator, parts);

    /// <summary>Sorts newest first: ticks counted down from the end of time, zero-padded.</summary>
    public static string Descending(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Sorts oldest first, zero-padded so that string order is time order.</summary>
    public static string Ascending(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>A new random id: 16 bytes as lower-case hex, safe in keys and URLs.</summary>
    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    public static bool IsId(string? value) =>
        value is { Length: 24 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
