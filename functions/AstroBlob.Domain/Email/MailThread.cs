using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Email;

/// <summary>
/// Message-IDs that make mail clients thread every mail about a ticket together, and the ways back
/// from a reply's headers to its ticket. A Message-ID or subject is written by the sender's client
/// and proves nothing: use what is found here to pick the ticket, never to authorise the sender
/// (the signed <see cref="ReplyToken"/> does that).
/// </summary>
public static class MailThread
{
    private const int MaxMailIdLength = 64;

    // RFC 5322 caps a header line at 998 characters; nothing we make comes near.
    private const int MaxMessageIdLength = 998;

    /// <summary>The ticket's own Message-ID, every mail's References root: <c>ticket.{code}.{observatory}@{domain}</c>.</summary>
    public static string TicketRoot(string observatory, string code, string domain)
    {
        var (slug, normalized, host) = Check(observatory, code, domain);
        return $"ticket.{normalized.ToLowerInvariant()}.{slug}@{host}";
    }

    /// <summary>One mail's Message-ID: <c>mail.{mailId}.{code}.{observatory}@{domain}</c>.</summary>
    /// <param name="mailId">Our id of the mail (letters, digits, '-', '_'), kept as written.</param>
    public static string ForMail(string observatory, string code, string mailId, string domain)
    {
        var (slug, normalized, host) = Check(observatory, code, domain);
        if (!IsMailId(mailId))
        {
            throw new ArgumentException($"A mail id is 1 to {MaxMailIdLength} letters, digits, '-' or '_'.", nameof(mailId));
        }

        return $"mail.{mailId}.{normalized.ToLowerInvariant()}.{slug}@{host}";
    }

    /// <summary>
    /// The ticket named by one of our Message-IDs (either form, with or without angle brackets,
    /// any letter case); false for anyone else's or for another <paramref name="domain"/>.
    /// </summary>
    public static bool TryFindTicket(string messageId, string domain, out string observatory, out string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        observatory = string.Empty;
        code = string.Empty;
        if (string.IsNullOrWhiteSpace(messageId) || messageId.Length > MaxMessageIdLength)
        {
            return false;
        }

        var id = messageId.Trim();
        if (id.StartsWith('<') && id.EndsWith('>'))
        {
            id = id[1..^1];
        }

        var at = id.LastIndexOf('@');
        if (at <= 0 || !id.AsSpan(at + 1).Equals(domain, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = id[..at].ToLowerInvariant().Split('.');
        var shaped = parts switch
        {
            ["ticket", _, _] => true,
            ["mail", var mailId, _, _] => IsMailId(mailId),
            _ => false,
        };
        if (!shaped || !ObservatorySlug.IsValid(parts[^1]) || !TicketCode.TryNormalize(parts[^2], out var normalized))
        {
            return false;
        }

        observatory = parts[^1];
        code = normalized;
        return true;
    }

    /// <summary>
    /// The first ticket code with this observatory's prefix in a subject ("Re: [DEMO-000012] La
    /// cúpula…", "RE: RE: demo-12 …"), upper-case with its digits as written; null when there is none.
    /// </summary>
    public static string? CodeInSubject(string subject, string ticketPrefix)
    {
        ArgumentNullException.ThrowIfNull(ticketPrefix);
        var prefix = ticketPrefix.ToUpperInvariant();
        if (!TicketCode.IsValidPrefix(prefix))
        {
            throw new ArgumentException("Not a ticket prefix.", nameof(ticketPrefix));
        }

        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        for (var at = subject.IndexOf(prefix, StringComparison.OrdinalIgnoreCase); at >= 0; at = subject.IndexOf(prefix, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var dash = at + prefix.Length;
            if ((at > 0 && IsWordChar(subject[at - 1])) || dash >= subject.Length || subject[dash] != '-')
            {
                continue;
            }

            var end = dash + 1;
            while (end < subject.Length && char.IsAsciiDigit(subject[end]))
            {
                end++;
            }

            var digits = end - dash - 1;
            if (digits is >= 1 and <= 12 && (end == subject.Length || !IsWordChar(subject[end])))
            {
                return string.Concat(prefix, subject.AsSpan(dash, end - dash));
            }
        }

        return null;
    }

    private static (string Slug, string Code, string Domain) Check(string observatory, string code, string domain)
    {
        if (!ObservatorySlug.IsValid(observatory))
        {
            throw new ArgumentException("Not an observatory slug.", nameof(observatory));
        }

        if (!TicketCode.TryNormalize(code, out var normalized))
        {
            throw new ArgumentException("Not a ticket code.", nameof(code));
        }

        if (!IsDomain(domain))
        {
            throw new ArgumentException("Not a domain name.", nameof(domain));
        }

        return (observatory, normalized, domain.ToLowerInvariant());
    }

    private static bool IsMailId(string? mailId) =>
        !string.IsNullOrEmpty(mailId) && mailId.Length <= MaxMailIdLength
        && mailId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool IsDomain(string? domain) =>
        !string.IsNullOrEmpty(domain) && domain.Length <= 253
        && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
        && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal);

    // As \b sees it, so "XDEMO-1" and "DEMO-1a" are not codes, but "[DEMO-1]" and "(demo-1)" are.
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
