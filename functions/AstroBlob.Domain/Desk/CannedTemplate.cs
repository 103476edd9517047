using System.Text;
using AstroBlob.Domain.Common;

namespace AstroBlob.Domain.Desk;

/// <summary>What a placeholder of a canned reply stands for.</summary>
public enum Placeholder
{
    /// <summary>The ticket's customer account, by name.</summary>
    Customer,
    /// <summary>The ticket's code.</summary>
    Ticket,
    /// <summary>The ticket's telescope, by name.</summary>
    Telescope,
    /// <summary>The member of staff who uses the reply.</summary>
    Agent,
}

/// <summary>The values a canned reply is filled with; null where the ticket has none (e.g. no telescope).</summary>
public sealed record PlaceholderValues(string? Customer, string Ticket, string? Telescope, string Agent);

/// <summary>A filled-in reply and the placeholders that had no value for this ticket (left empty).</summary>
public sealed record RenderedReply(string Text, IReadOnlyList<Placeholder> Missing);

/// <summary>
/// The placeholder syntax of canned replies: <c>{{name}}</c>, spaces inside the braces and
/// letter case ignored, in Spanish or English: <c>{{cliente}}</c>/<c>{{customer}}</c>,
/// <c>{{código}}</c>/<c>{{ticket}}</c>, <c>{{telescopio}}</c>/<c>{{telescope}}</c>,
/// <c>{{técnico}}</c>/<c>{{agent}}</c> (the Spanish names also without their accent).
/// <c>{{</c> always opens a placeholder, so an unknown or unclosed one is refused when the reply
/// is saved rather than sent to a customer as typed. Single braces are plain text.
/// </summary>
public static class CannedTemplate
{
    public const int BodyMax = 10_000;

    /// <summary>Bounds the filled text: 50 names of at most 200 characters keep it well under a message's limit.</summary>
    public const int MaxPlaceholders = 50;

    private static readonly Dictionary<string, Placeholder> Names = new(StringComparer.Ordinal)
    {
        ["cliente"] = Placeholder.Customer,
        ["customer"] = Placeholder.Customer,
        ["código"] = Placeholder.Ticket,
        ["codigo"] = Placeholder.Ticket,
        ["ticket"] = Placeholder.Ticket,
        ["telescopio"] = Placeholder.Telescope,
        ["telescope"] = Placeholder.Telescope,
        ["técnico"] = Placeholder.Agent,
        ["tecnico"] = Placeholder.Agent,
        ["agent"] = Placeholder.Agent,
    };

    public const string Help = "{{cliente}}, {{código}}, {{telescopio}}, {{técnico}} (or {{customer}}, {{ticket}}, {{telescope}}, {{agent}})";

    /// <summary>Checks a reply's title and body and returns them trimmed; refuses unknown or unclosed placeholders.</summary>
    public static (string Title, string Body) Validated(string? title, string? body)
    {
        Validate.Required("title", title?.Trim(), Limits.TitleMax);
        Validate.Required("body", body?.Trim(), BodyMax);
        var trimmed = body!.Trim();
        var count = Placeholders(trimmed).Count();
        if (count > MaxPlaceholders)
        {
            throw DomainException.Invalid("too_many_placeholders", $"'body' may use at most {MaxPlaceholders} placeholders.").WithField("body");
        }

        return (title!.Trim(), trimmed);
    }

    /// <summary>The distinct placeholders a (valid) body uses, in order of first use.</summary>
    public static IReadOnlyList<Placeholder> Used(string body) => [.. Placeholders(body).Select(p => p.Placeholder).Distinct()];

    /// <summary>Fills a (valid) body in. A placeholder without a value is left empty and reported.</summary>
    public static RenderedReply Render(string body, PlaceholderValues values)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(values);
        var text = new StringBuilder(body.Length);
        var missing = new List<Placeholder>();
        var at = 0;
        foreach (var (start, end, placeholder) in Placeholders(body))
        {
            text.Append(body, at, start - at);
            var value = placeholder switch
            {
                Placeholder.Customer => values.Customer,
                Placeholder.Ticket => values.Ticket,
                Placeholder.Telescope => values.Telescope,
                _ => values.Agent,
            };
            if (string.IsNullOrEmpty(value))
            {
                if (!missing.Contains(placeholder))
                {
                    missing.Add(placeholder);
                }
            }
            else
            {
                text.Append(value);
            }

            at = end;
        }

        text.Append(body, at, body.Length - at);
        return new RenderedReply(text.ToString(), missing);
    }

    public static string Name(Placeholder placeholder) => EnumText.ToWire(placeholder);

    private static IEnumerable<(int Start, int End, Placeholder Placeholder)> Placeholders(string body)
    {
        var from = 0;
        int start;
        while ((start = body.IndexOf("{{", from, StringComparison.Ordinal)) >= 0)
        {
            var close = body.IndexOf("}}", start + 2, StringComparison.Ordinal);
            var newline = body.IndexOfAny(['\r', '\n'], start + 2);
            if (close < 0 || (newline >= 0 && newline < close))
            {
                throw DomainException.Invalid("unclosed_placeholder", $"'body' opens a placeholder with '{{{{' that is not closed with '}}}}' on the same line; placeholders are {Help}.").WithField("body");
            }

            var raw = body[(start + 2)..close];
            var name = raw.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
            if (!Names.TryGetValue(name, out var placeholder))
            {
                var shown = raw.Length > 40 ? raw[..40] + "…" : raw;
                throw DomainException.Invalid("unknown_placeholder", $"'body' uses the unknown placeholder '{{{{{shown}}}}}'; placeholders are {Help}.").WithField("body");
            }

            yield return (start, close + 2, placeholder);
            from = close + 2;
        }
    }
}
