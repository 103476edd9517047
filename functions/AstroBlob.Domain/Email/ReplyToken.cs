using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Email;

/// <summary>
/// The signed token in a ticket mail's Reply-To address (<c>reply+demo.demo-000012.k3…@…</c>): it
/// names the observatory and the ticket, and only we can make one, so a reply to it can be filed
/// on that ticket without trusting the headers the sender controls. Lower-case letters, digits,
/// '.' and '-' only, so it is a valid local part and survives servers that change its case.
/// </summary>
public static class ReplyToken
{
    /// <summary>Keys shorter than this are configuration mistakes, not secrets.</summary>
    public const int MinKeyLength = 16;

    // 10 bytes of HMAC-SHA256 (80 bits) are 16 base32 characters: enough against guessing, short enough for a local part.
    private const int SignatureBytes = 10;
    private const int SignatureChars = SignatureBytes * 8 / 5;

    // Slug (40) + '.' + code (10 + 1 + 12) + '.' + signature.
    private const int MaxTokenLength = 40 + 1 + 23 + 1 + SignatureChars;

    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The token for a ticket: <c>{observatory}.{code lower-case}.{signature}</c>.</summary>
    public static string Create(string observatory, string code, ReadOnlySpan<byte> key)
    {
        if (!ObservatorySlug.IsValid(observatory))
        {
            throw new ArgumentException("Not an observatory slug.", nameof(observatory));
        }

        if (!TicketCode.TryNormalize(code, out var normalized))
        {
            throw new ArgumentException("Not a ticket code.", nameof(code));
        }

        var signature = Sign(observatory, normalized, key);
        return $"{observatory}.{normalized.ToLowerInvariant()}.{ToBase32(signature)}";
    }

    /// <summary>
    /// Reads a token in any letter case; false unless it has exactly the shape <see cref="Create"/>
    /// gives and its signature was made with <paramref name="key"/>. The code comes back upper-case.
    /// </summary>
    public static bool TryRead(string token, ReadOnlySpan<byte> key, out string observatory, out string code)
    {
        observatory = string.Empty;
        code = string.Empty;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return false;
        }

        var parts = token.ToLowerInvariant().Split('.');
        if (parts.Length != 3
            || !ObservatorySlug.IsValid(parts[0])
            || !TicketCode.TryNormalize(parts[1], out var normalized)
            || !TryFromBase32(parts[2], out var given))
        {
            return false;
        }

        var expected = Sign(parts[0], normalized, key);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return false;
        }

        observatory = parts[0];
        code = normalized;
        return true;
    }

    /// <summary>The Reply-To address carrying a token: <c>{localPrefix}+{token}@{replyDomain}</c>.</summary>
    public static string Address(string token, string replyDomain, string localPrefix = "reply")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentException.ThrowIfNullOrWhiteSpace(replyDomain);
        ArgumentException.ThrowIfNullOrWhiteSpace(localPrefix);
        if (!IsAtomText(token) || token.Contains('+', StringComparison.Ordinal))
        {
            throw new ArgumentException("Not a token.", nameof(token));
        }

        if (!IsAtomText(localPrefix) || localPrefix.Contains('+', StringComparison.Ordinal))
        {
            throw new ArgumentException("The prefix must be plain local-part text without '+'.", nameof(localPrefix));
        }

        if (replyDomain.Any(c => c is '@' or '<' or '>' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException("Not a domain.", nameof(replyDomain));
        }

        return $"{localPrefix}+{token}@{replyDomain}";
    }

    /// <summary>
    /// The token in a bare address such as <c>REPLY+demo.demo-12.abc@any.domain</c> (prefix in any
    /// case, any domain), or null when the address is not one of ours. The token is not checked:
    /// pass it to <see cref="TryRead"/>.
    /// </summary>
    public static string? TokenFromAddress(string address, string localPrefix = "reply")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPrefix);
        if (string.IsNullOrEmpty(address) || address.Length > Common.Limits.EmailMax)
        {
            return null;
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@', at + 1) >= 0)
        {
            return null;
        }

        var local = address.AsSpan(0, at);
        var prefixLength = localPrefix.Length + 1;
        if (local.Length <= prefixLength
            || !local.StartsWith(localPrefix, StringComparison.OrdinalIgnoreCase)
            || local[localPrefix.Length] != '+')
        {
            return null;
        }

        var token = local[prefixLength..].ToString();
        return IsAtomText(token) && !token.Contains('+', StringComparison.Ordinal) ? token : null;
    }

    private static byte[] Sign(string observatory, string code, ReadOnlySpan<byte> key)
    {
        if (key.Length < MinKeyLength)
        {
            throw new ArgumentException($"The reply key must be at least {MinKeyLength} bytes.", nameof(key));
        }

        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"v1|{observatory}|{code}"));
        return mac[..SignatureBytes];
    }

    private static string ToBase32(byte[] bytes)
    {
        var text = new StringBuilder(SignatureChars);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Base32[(buffer >> bits) & 31]);
                buffer &= (1 << bits) - 1;
            }
        }

        // 80 bits are exactly 16 characters: no partial group, no padding.
        return text.ToString();
    }

    private static bool TryFromBase32(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != SignatureChars)
        {
            return false;
        }

        var result = new byte[SignatureBytes];
        int buffer = 0, bits = 0, written = 0;
        foreach (var c in text)
        {
            var value = Base32.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                result[written++] = (byte)(buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }

        bytes = result;
        return true;
    }

    /// <summary>Letters, digits and the few symbols every mail server takes in a local part.</summary>
    private static bool IsAtomText(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+')
        && !text.StartsWith('.') && !text.EndsWith('.') && !text.Contains("..", StringComparison.Ordinal);
}

/// <summary>Observatory slugs as the rest of the system writes them: lower-case, digits, inner hyphens.</summary>
internal static partial class ObservatorySlug
{
    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug);

    // \z, not $: "$" also matches before a final newline.
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?\\z")]
    private static partial Regex Pattern();
}
