using System.Net;
using System.Text;

namespace AstroBlob.Domain.Email;

/// <summary>
/// What a person actually wrote in an e-mail reply, without the quoted history, signature and
/// mobile footer their mail client added. Heuristics only: every rule here is a line pattern that
/// real clients (Gmail, Outlook, Apple Mail, Thunderbird, phones) produce in English or Spanish.
/// </summary>
public static class ReplyText
{
    /// <summary>The line our outgoing mails put above their content; a reply is cut where it reappears.</summary>
    public const string Marker = "##- Escribe tu respuesta encima de esta línea / Reply above this line -##";

    /// <summary>
    /// Only this many characters are read (1 MiB of text). A reply's own text comes first, so what is
    /// left out of a larger body is quoted history or attachments pasted inline.
    /// </summary>
    public const int MaxInputLength = 1 << 20;

    // Either half of the marker is enough: clients re-wrap long quoted lines.
    private const string MarkerSpanish = "Escribe tu respuesta encima de esta l";
    private const string MarkerEnglish = "Reply above this line";

    // A real attribution is one line, or two when Gmail wraps it at 78 columns; a longer "line" is prose.
    private const int AttributionMax = 300;

    // Mobile and webmail footers, compared with the start of a short line.
    private static readonly string[] Footers =
    [
        "Sent from my ",
        "Sent from Outlook",
        "Sent from Mail for Windows",
        "Sent from Yahoo Mail",
        "Sent from Samsung",
        "Get Outlook for ",
        "Enviado desde mi ",
        "Enviado desde Outlook",
        "Enviado desde Correo para Windows",
        "Enviado desde Yahoo Mail",
        "Enviado desde Samsung",
        "Obtener Outlook para ",
        "Obtén Outlook para ",
    ];

    private const int FooterMax = 80;

    /// <summary>The text the sender wrote in this reply; "" when everything is quoted history.</summary>
    public static string NewText(string plainText)
    {
        ArgumentNullException.ThrowIfNull(plainText);
        var lines = SplitLines(plainText.Length > MaxInputLength ? plainText[..MaxInputLength] : plainText);

        var end = MarkerLine(lines);
        end = FirstCut(lines, end);

        // Drop the trailing quoted block (and the blank lines around it); quotes between new text stay.
        while (end > 0 && (IsBlank(lines[end - 1]) || IsQuoted(lines[end - 1])))
        {
            end--;
        }

        var start = 0;
        while (start < end && IsBlank(lines[start]))
        {
            start++;
        }

        var text = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            text.Append(lines[i].TrimEnd()).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// A plain-text rendering of an HTML mail body, for mails without a text part, with the quoted
    /// history dropped where the client marks it (blockquote, Gmail/Yahoo quote classes, Outlook's
    /// reply header). Pass the result through <see cref="NewText"/> as well: Apple Mail and Outlook
    /// desktop leave an attribution line or header block in the markup that only the text rules catch.
    /// </summary>
    public static string FromHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return HtmlText.Render(html.Length > MaxInputLength ? html[..MaxInputLength] : html);
    }

    private static string[] SplitLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');

    /// <summary>The index of the first line of our marker, or the line count when it is absent.</summary>
    private static int MarkerLine(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var content = Unquoted(lines[i]);
            if (content.Contains(MarkerSpanish, StringComparison.OrdinalIgnoreCase)
                || content.Contains(MarkerEnglish, StringComparison.OrdinalIgnoreCase))
            {
                // Wrapped right after its opening "##-": the fragment above belongs to the marker.
                return i > 0 && Unquoted(lines[i - 1]).StartsWith("##-", StringComparison.Ordinal) ? i - 1 : i;
            }
        }

        return lines.Length;
    }

    /// <summary>The first line (before <paramref name="end"/>) where the sender's own text certainly stops.</summary>
    private static int FirstCut(string[] lines, int end)
    {
        // Inline answers are recognised by new text after quoted text, so this is computed once.
        var lastUnquoted = -1;
        for (var i = end - 1; i >= 0; i--)
        {
            if (!IsBlank(lines[i]) && !IsQuoted(lines[i]))
            {
                lastUnquoted = i;
                break;
            }
        }

        for (var i = 0; i < end; i++)
        {
            var line = lines[i];
            if (IsQuoted(line))
            {
                continue;
            }

            if (line is "-- " or "--" || StartsHistory(lines, i, end) || (IsFooter(line) && EndsNewText(lines, i, end)))
            {
                return i;
            }

            var attributionEnd = AttributionEnd(lines, i, end);
            if (attributionEnd >= 0 && !IntroducesInlineAnswers(lines, attributionEnd, end, lastUnquoted))
            {
                return i;
            }
        }

        return end;
    }

    /// <summary>Outlook's markers of the original message, which it does not quote with "&gt;".</summary>
    private static bool StartsHistory(string[] lines, int i, int end) =>
        IsOriginalMessageRule(lines[i]) || IsOutlookSeparator(lines, i, end) || IsHeaderBlock(lines, i, end);

    /// <summary>
    /// Whether only history follows line <paramref name="i"/>: a footer such as "Enviado desde mi
    /// iPhone" is only one when nothing the sender wrote comes after it.
    /// </summary>
    private static bool EndsNewText(string[] lines, int i, int end)
    {
        var next = i + 1;
        while (next < end && IsBlank(lines[next]))
        {
            next++;
        }

        return next >= end || IsQuoted(lines[next]) || StartsHistory(lines, next, end) || AttributionEnd(lines, next, end) >= 0;
    }

    /// <summary>
    /// Whether the attribution ending at <paramref name="attributionEnd"/> heads a quoted text the
    /// sender answers between the quotes (keep it all) rather than the history below a top reply.
    /// </summary>
    private static bool IntroducesInlineAnswers(string[] lines, int attributionEnd, int end, int lastUnquoted)
    {
        var next = attributionEnd + 1;
        while (next < end && IsBlank(lines[next]))
        {
            next++;
        }

        return next < end && IsQuoted(lines[next]) && lastUnquoted > next;
    }

    /// <summary>
    /// The last line of an attribution ("On … wrote:", "El … escribió:") starting at
    /// <paramref name="i"/>, possibly wrapped over two lines; -1 when there is none.
    /// </summary>
    private static int AttributionEnd(string[] lines, int i, int end)
    {
        var first = lines[i].Trim();
        if (!first.StartsWith("On ", StringComparison.OrdinalIgnoreCase) && !first.StartsWith("El ", StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }

        if (IsAttribution(first))
        {
            return i;
        }

        if (i + 1 < end && !IsQuoted(lines[i + 1]) && IsAttribution(first + " " + lines[i + 1].Trim()))
        {
            return i + 1;
        }

        return -1;
    }

    // Every client writes a date or an address in its attribution: that tells it from a sentence.
    private static bool IsAttribution(string line) =>
        line.Length <= AttributionMax
        && (line.EndsWith("wrote:", StringComparison.OrdinalIgnoreCase) || line.EndsWith("escribió:", StringComparison.OrdinalIgnoreCase))
        && line.Any(c => char.IsAsciiDigit(c) || c == '@');

    private static bool IsFooter(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length <= FooterMax && Footers.Any(f => trimmed.StartsWith(f, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"-----Original Message-----", "-----Mensaje original-----" and their spacing variants.</summary>
    private static bool IsOriginalMessageRule(string line)
    {
        var trimmed = line.Trim();
        if (!trimmed.StartsWith("---", StringComparison.Ordinal))
        {
            return false;
        }

        var words = trimmed.Trim('-', ' ');
        return words.Equals("Original Message", StringComparison.OrdinalIgnoreCase)
            || words.Equals("Mensaje original", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Outlook's line of underscores followed by the original's "From:"/"De:" header.</summary>
    private static bool IsOutlookSeparator(string[] lines, int i, int end)
    {
        var trimmed = lines[i].Trim();
        if (trimmed.Length < 10 || trimmed.Any(c => c != '_'))
        {
            return false;
        }

        var next = i + 1;
        while (next < end && IsBlank(lines[next]))
        {
            next++;
        }

        return next < end && HeaderName(lines[next]) is "from" or "de";
    }

    /// <summary>
    /// Outlook's header block of the original ("From:", "Sent:"/"Date:", "To:", "Subject:", in
    /// English or Spanish, possibly bold as "*From:*"), starting at <paramref name="i"/>.
    /// </summary>
    private static bool IsHeaderBlock(string[] lines, int i, int end)
    {
        if (HeaderName(lines[i]) is not ("from" or "de"))
        {
            return false;
        }

        bool sent = false, to = false, subject = false;
        for (var j = i + 1; j < end && j <= i + 8; j++)
        {
            switch (HeaderName(lines[j]))
            {
                case "sent" or "enviado" or "enviado el" or "date" or "fecha":
                    sent = true;
                    break;
                case "to" or "para":
                    to = true;
                    break;
                case "subject" or "asunto":
                    subject = true;
                    break;
                case "cc" or "from" or "de":
                    break;
                default:
                    // A wrapped long "To:" list is the only other thing between the headers.
                    if (IsBlank(lines[j]))
                    {
                        return false;
                    }

                    break;
            }

            if (sent && to && subject)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The lower-case name of a "Name: value" header line (bold "*Name:*" too), or null.</summary>
    private static string? HeaderName(string line)
    {
        var trimmed = line.TrimStart().TrimStart('*');
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon is <= 0 or > 12)
        {
            return null;
        }

        var name = trimmed[..colon].TrimEnd('*').Trim();
        return name.All(c => char.IsLetter(c) || c == ' ') ? name.ToLowerInvariant() : null;
    }

    private static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    private static bool IsQuoted(string line) => line.TrimStart().StartsWith('>');

    /// <summary>The line without its "> > " quote prefix.</summary>
    private static string Unquoted(string line) => line.TrimStart(' ', '\t', '>');

    /// <summary>
    /// A single forward pass over the markup: linear in its length whatever its shape, with no
    /// regular expressions, so hostile or broken HTML cannot make it slow.
    /// </summary>
    private sealed class HtmlText
    {
        // Elements whose content is never text, skipped to their end tag.
        private static readonly string[] Hidden = ["style", "script", "title", "template", "noscript"];

        // Elements that start a new line before and after their content.
        private static readonly string[] Blocks =
        [
            "p", "div", "li", "tr", "hr", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
            "pre", "address", "article", "section", "header", "footer", "dl", "dt", "dd", "center",
        ];

        private static readonly string[] QuoteClasses = ["gmail_quote", "gmail_extra", "yahoo_quoted", "moz-cite-prefix"];

        private readonly string _html;
        private readonly StringBuilder _text = new();
        private int _pos;
        private bool _pendingSpace;
        private int _preDepth;

        // Inside <head>: until </head> or, when a broken document never closes it, <body>.
        private bool _inHead;

        // While a quoted element is being skipped: its name and how many of that name are open.
        private string? _skipName;
        private int _skipDepth;

        private HtmlText(string html) => _html = html;

        public static string Render(string html)
        {
            var renderer = new HtmlText(html);
            renderer.Run();
            return renderer.Finish();
        }

        private void Run()
        {
            while (_pos < _html.Length)
            {
                var lt = _html.IndexOf('<', _pos);
                if (lt < 0)
                {
                    Text(_pos, _html.Length);
                    return;
                }

                Text(_pos, lt);
                _pos = lt;
                if (!Markup())
                {
                    return;
                }
            }
        }

        /// <summary>Reads the markup at '&lt;'; false when the rest of the document is to be dropped.</summary>
        private bool Markup()
        {
            var next = _pos + 1 < _html.Length ? _html[_pos + 1] : '\0';
            if (next == '!')
            {
                var close = _html.AsSpan(_pos).StartsWith("<!--") ? _html.IndexOf("-->", _pos + 4, StringComparison.Ordinal) : _html.IndexOf('>', _pos);
                _pos = close < 0 ? _html.Length : close + (_html[close] == '>' ? 1 : 3);
                return true;
            }

            if (next == '?')
            {
                var close = _html.IndexOf('>', _pos);
                _pos = close < 0 ? _html.Length : close + 1;
                return true;
            }

            var closing = next == '/';
            var nameStart = _pos + (closing ? 2 : 1);
            if (nameStart >= _html.Length || !char.IsAsciiLetter(_html[nameStart]))
            {
                // Not a tag: a literal "<" as in "a < b".
                Text(_pos, _pos + 1);
                _pos++;
                return true;
            }

            var nameEnd = nameStart;
            while (nameEnd < _html.Length && (char.IsAsciiLetterOrDigit(_html[nameEnd]) || _html[nameEnd] is ':' or '-' or '_'))
            {
                nameEnd++;
            }

            var name = _html[nameStart..nameEnd].ToLowerInvariant();
            var tagEnd = TagEnd(nameEnd);
            var attributes = _html.AsSpan(nameEnd, tagEnd - nameEnd);
            _pos = Math.Min(tagEnd + 1, _html.Length);
            var selfClosing = attributes.TrimEnd().EndsWith("/");

            if (!closing && Hidden.Contains(name))
            {
                // Raw text (script, style) or never shown (head): skip to the matching end tag.
                var close = _html.IndexOf("</" + name, _pos, StringComparison.OrdinalIgnoreCase);
                var after = close < 0 ? -1 : _html.IndexOf('>', close);
                _pos = after < 0 ? _html.Length : after + 1;
                return true;
            }

            if (name == "head" || (name == "body" && !closing))
            {
                _inHead = name == "head" && !closing;
                return true;
            }

            if (_skipName is not null)
            {
                if (name == _skipName && !selfClosing)
                {
                    _skipDepth += closing ? -1 : 1;
                    if (_skipDepth == 0)
                    {
                        _skipName = null;
                        Break();
                    }
                }

                return true;
            }

            if (!closing)
            {
                var id = Attribute(attributes, "id");
                if (id is not null && (IsOutlookMarker(id, "divRplyFwdMsg") || IsOutlookMarker(id, "appendonsend")))
                {
                    // Outlook puts the history after these, outside any element: drop the rest.
                    return false;
                }

                if (name == "blockquote" || HasQuoteClass(Attribute(attributes, "class")))
                {
                    if (!selfClosing)
                    {
                        _skipName = name;
                        _skipDepth = 1;
                    }

                    return true;
                }
            }

            if (name == "br")
            {
                _text.Append('\n');
                _pendingSpace = false;
            }
            else if (name == "pre")
            {
                Break();
                _preDepth = Math.Max(0, _preDepth + (closing ? -1 : 1));
            }
            else if (name == "li" && !closing)
            {
                Break();
                _text.Append("- ");
            }
            else if (Blocks.Contains(name))
            {
                Break();
            }
            else if (name is "td" or "th" && !closing)
            {
                // Cells of a row stay on one line, a space apart.
                _pendingSpace = _text.Length > 0 && _text[^1] != '\n';
            }

            return true;
        }

        /// <summary>The index of the '&gt;' that ends the tag, skipping quoted attribute values; the end when unclosed.</summary>
        private int TagEnd(int from)
        {
            var quote = '\0';
            for (var i = from; i < _html.Length; i++)
            {
                var c = _html[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                }
                else if (c is '"' or '\'')
                {
                    quote = c;
                }
                else if (c == '>')
                {
                    return i;
                }
            }

            return _html.Length;
        }

        private static bool IsOutlookMarker(string id, string marker) =>
            id.Equals(marker, StringComparison.OrdinalIgnoreCase)
            || id.EndsWith("_" + marker, StringComparison.OrdinalIgnoreCase); // "x_divRplyFwdMsg" once forwarded by OWA

        private static bool HasQuoteClass(string? classes) =>
            classes is not null
            && classes.Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries)
                .Any(c => QuoteClasses.Contains(c, StringComparer.OrdinalIgnoreCase));

        /// <summary>The decoded value of one attribute in a tag's attribute text, or null.</summary>
        private static string? Attribute(ReadOnlySpan<char> attributes, string wanted)
        {
            var i = 0;
            while (i < attributes.Length)
            {
                while (i < attributes.Length && (char.IsWhiteSpace(attributes[i]) || attributes[i] == '/'))
                {
                    i++;
                }

                var nameStart = i;
                while (i < attributes.Length && !char.IsWhiteSpace(attributes[i]) && attributes[i] is not '=' and not '/')
                {
                    i++;
                }

                var name = attributes[nameStart..i];
                while (i < attributes.Length && char.IsWhiteSpace(attributes[i]))
                {
                    i++;
                }

                ReadOnlySpan<char> value = [];
                if (i < attributes.Length && attributes[i] == '=')
                {
                    i++;
                    while (i < attributes.Length && char.IsWhiteSpace(attributes[i]))
                    {
                        i++;
                    }

                    if (i < attributes.Length && attributes[i] is '"' or '\'')
                    {
                        var quote = attributes[i++];
                        var valueStart = i;
                        while (i < attributes.Length && attributes[i] != quote)
                        {
                            i++;
                        }

                        value = attributes[valueStart..i];
                        i++;
                    }
                    else
                    {
                        var valueStart = i;
                        while (i < attributes.Length && !char.IsWhiteSpace(attributes[i]))
                        {
                            i++;
                        }

                        value = attributes[valueStart..i];
                    }
                }

                if (name.Equals(wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return WebUtility.HtmlDecode(value.ToString());
                }

                if (name.IsEmpty && i < attributes.Length)
                {
                    i++; // a stray '=': step over it
                }
            }

            return null;
        }

        private void Text(int from, int to)
        {
            if (from >= to || _skipName is not null || _inHead)
            {
                return;
            }

            var raw = _html.AsSpan(from, to - from);
            var decoded = raw.Contains('&') ? WebUtility.HtmlDecode(raw.ToString()) : raw.ToString();
            foreach (var c in decoded)
            {
                if (_preDepth > 0)
                {
                    if (c != '\r')
                    {
                        _text.Append(c);
                    }

                    continue;
                }

                // A non-breaking space is content (Outlook's empty paragraphs are one), not collapsible.
                if (c != '\u00A0' && char.IsWhiteSpace(c))
                {
                    _pendingSpace = _text.Length > 0 && _text[^1] != '\n';
                    continue;
                }

                if (_pendingSpace)
                {
                    _text.Append(' ');
                    _pendingSpace = false;
                }

                _text.Append(c == '\u00A0' ? ' ' : c);
            }
        }

        /// <summary>Starts a new line unless one was just started.</summary>
        private void Break()
        {
            _pendingSpace = false;
            if (_text.Length > 0 && _text[^1] != '\n')
            {
                _text.Append('\n');
            }
        }

        /// <summary>Trims the end of every line and keeps at most one blank line between paragraphs.</summary>
        private string Finish()
        {
            var result = new StringBuilder(_text.Length);
            var blank = 0;
            foreach (var raw in _text.ToString().Split('\n'))
            {
                var line = raw.TrimEnd();
                if (string.IsNullOrWhiteSpace(line))
                {
                    blank++;
                    continue;
                }

                if (result.Length > 0)
                {
                    result.Append(blank > 0 ? "\n\n" : "\n");
                }

                result.Append(line);
                blank = 0;
            }

            return result.ToString();
        }
    }
}
