using System.Globalization;
using System.Text;

namespace AstroBlob.Domain.Knowledge;

/// <summary>
/// A small, safe Markdown renderer for knowledge-base articles. It knows ATX headings,
/// paragraphs, emphasis, bullet and numbered lists (nested), block quotes, rules, code spans,
/// fenced code blocks, links and images. Safety comes from its shape, not from cleaning up
/// afterwards: every character of the source reaches the output HTML-escaped, and the only
/// tags in the output are the ones this class writes. Raw HTML in the source is therefore
/// shown as text, and character references are not decoded (<c>&amp;copy;</c> stays as typed).
/// Links keep only absolute http, https and mailto URLs (images: http and https); any other
/// destination (<c>javascript:</c>, <c>data:</c>, relative paths) is dropped and its text kept.
/// Not supported (shown as text): setext headings, indented code blocks, tables, reference links.
/// </summary>
public static class Markdown
{
    /// <summary>The rel of every link: no access to this page, no referrer, no endorsement.</summary>
    public const string LinkRel = "noopener noreferrer nofollow";

    public static string ToHtml(string markdown) => Render(markdown, html: true);

    /// <summary>The text a reader sees, without markup: what search indexes and snippets quote.</summary>
    public static string ToPlainText(string markdown) => Render(markdown, html: false);

    private static string Render(string markdown, bool html)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var blocks = BlockParser.Parse(Lines(markdown), depth: 0);
        var sb = new StringBuilder(markdown.Length + (markdown.Length / 4));
        new BlockWriter(html, sb).Write(blocks, tight: false);
        return sb.ToString().TrimEnd('\n');
    }

    private static List<string> Lines(string markdown)
    {
        var text = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\0', '\uFFFD');
        var lines = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            lines.Add(ExpandLeadingTabs(line));
        }

        return lines;
    }

    // Indentation decides list nesting; a tab counts as four spaces there and nowhere else.
    private static string ExpandLeadingTabs(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        return i == 0 || !line.AsSpan(0, i).Contains('\t') ? line : line[..i].Replace("\t", "    ", StringComparison.Ordinal) + line[i..];
    }

    /// <summary>HTML-escapes text for element content and quoted attribute values alike.</summary>
    internal static void Escape(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }
    }

    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        Escape(sb, text);
        return sb.ToString();
    }

    /// <summary>
    /// The URL to write, or null to drop the link: absolute, no spaces or controls, an allowed
    /// scheme (http and https need a host). Written in its canonical form (percent-encoded).
    /// </summary>
    public static string? SafeUrl(string? url, bool image)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var web = uri.Scheme is "http" or "https";
        var allowed = web ? uri.Host.Length > 0 : !image && uri.Scheme == "mailto";
        return allowed ? uri.AbsoluteUri : null;
    }

    internal const int MaxUrlLength = 2048;

    // ----- blocks -----

    private abstract record Block;

    private sealed record Heading(int Level, string Text) : Block;

    private sealed record Paragraph(string Text) : Block;

    private sealed record CodeBlock(string? Language, string Code) : Block;

    private sealed record Quote(List<Block> Children) : Block;

    private sealed record ListBlock(bool Ordered, int Start, bool Tight, List<List<Block>> Items) : Block;

    private sealed record Rule : Block;

    private static class BlockParser
    {
        /// <summary>Quotes and lists nest at most this deep; deeper markers are plain text (and the stack stays small).</summary>
        private const int MaxDepth = 8;

        public static List<Block> Parse(List<string> lines, int depth)
        {
            var blocks = new List<Block>();
            var i = 0;
            while (i < lines.Count)
            {
                var line = lines[i];
                if (IsBlank(line))
                {
                    i++;
                    continue;
                }

                var indent = Indent(line);
                var t = line[indent..];
                if (indent <= 3)
                {
                    if (TryFence(t, out var fence, out var info))
                    {
                        i = ReadFence(lines, i + 1, indent, fence, info, blocks);
                        continue;
                    }

                    if (TryHeading(t, out var level, out var text))
                    {
                        blocks.Add(new Heading(level, text));
                        i++;
                        continue;
                    }

                    if (IsRule(t))
                    {
                        blocks.Add(new Rule());
                        i++;
                        continue;
                    }

                    if (depth < MaxDepth && t[0] == '>')
                    {
                        i = ReadQuote(lines, i, depth, blocks);
                        continue;
                    }

                    if (depth < MaxDepth && TryListMarker(t, out var marker))
                    {
                        i = ReadList(lines, i, depth, marker, blocks);
                        continue;
                    }
                }

                i = ReadParagraph(lines, i, blocks);
            }

            return blocks;
        }

        private static int ReadParagraph(List<string> lines, int i, List<Block> blocks)
        {
            var text = new StringBuilder(lines[i].TrimStart(' '));
            i++;
            while (i < lines.Count && !IsBlank(lines[i]) && !Interrupts(lines[i]))
            {
                text.Append('\n').Append(lines[i].TrimStart(' '));
                i++;
            }

            blocks.Add(new Paragraph(text.ToString().TrimEnd()));
            return i;
        }

        private static int ReadFence(List<string> lines, int i, int indent, string fence, string info, List<Block> blocks)
        {
            var code = new StringBuilder();
            for (; i < lines.Count; i++)
            {
                var line = lines[i];
                var lineIndent = Indent(line);
                var t = line[lineIndent..];
                if (lineIndent <= 3 && t.StartsWith(fence, StringComparison.Ordinal) && t.TrimEnd().All(c => c == fence[0]))
                {
                    i++;
                    break;
                }

                // Content loses the fence's own indentation, no more.
                code.Append(line[Math.Min(indent, lineIndent)..]).Append('\n');
            }

            blocks.Add(new CodeBlock(Language(info), code.ToString()));
            return i;
        }

        private static int ReadQuote(List<string> lines, int i, int depth, List<Block> blocks)
        {
            var inner = new List<string>();
            var lastBlank = false;
            while (i < lines.Count)
            {
                var line = lines[i];
                var indent = Indent(line);
                if (!IsBlank(line) && indent <= 3 && line[indent] == '>')
                {
                    var rest = line[(indent + 1)..];
                    inner.Add(rest.StartsWith(' ') ? rest[1..] : rest);
                    lastBlank = IsBlank(rest);
                }
                else if (!IsBlank(line) && !lastBlank && inner.Count > 0 && !Interrupts(line))
                {
                    // A lazy continuation line of the quoted paragraph.
                    inner.Add(line);
                }
                else
                {
                    break;
                }

                i++;
            }

            blocks.Add(new Quote(Parse(inner, depth + 1)));
            return i;
        }

        private static int ReadList(List<string> lines, int i, int depth, ListMarker first, List<Block> blocks)
        {
            var items = new List<List<Block>>();
            var tight = true;
            var marker = first;
            while (true)
            {
                var indent = Indent(lines[i]);
                var contentIndent = indent + marker.ContentOffset;
                var itemLines = new List<string> { lines[i][(indent + marker.ContentOffset)..] };
                i++;
                var blanks = 0;
                while (i < lines.Count)
                {
                    var line = lines[i];
                    if (IsBlank(line))
                    {
                        blanks++;
                        i++;
                        continue;
                    }

                    var lineIndent = Indent(line);
                    if (lineIndent >= contentIndent)
                    {
                        if (blanks > 0)
                        {
                            tight = false;
                            itemLines.AddRange(Enumerable.Repeat(string.Empty, blanks));
                            blanks = 0;
                        }

                        itemLines.Add(line[contentIndent..]);
                        i++;
                        continue;
                    }

                    if (blanks == 0 && !Interrupts(line) && !TryListMarker(line[lineIndent..], out _))
                    {
                        itemLines.Add(line[lineIndent..]);
                        i++;
                        continue;
                    }

                    break;
                }

                items.Add(Parse(itemLines, depth + 1));
                if (i < lines.Count && Indent(lines[i]) <= 3
                    && TryListMarker(lines[i][Indent(lines[i])..], out var next) && next.Ordered == first.Ordered && next.Symbol == first.Symbol)
                {
                    tight &= blanks == 0;
                    marker = next;
                    continue;
                }

                // Blank lines after the last item were consumed: they separate the list from what follows.
                break;
            }

            blocks.Add(new ListBlock(first.Ordered, first.Number, tight, items));
            return i;
        }

        private readonly record struct ListMarker(bool Ordered, char Symbol, int Number, int ContentOffset);

        private static bool TryListMarker(string t, out ListMarker marker)
        {
            marker = default;
            if (t.Length == 0)
            {
                return false;
            }

            int width;
            bool ordered;
            char symbol;
            var number = 1;
            if (t[0] is '-' or '*' or '+')
            {
                width = 1;
                ordered = false;
                symbol = t[0];
            }
            else
            {
                var digits = 0;
                while (digits < t.Length && digits < 10 && char.IsAsciiDigit(t[digits]))
                {
                    digits++;
                }

                if (digits is 0 or > 9 || digits >= t.Length || t[digits] is not '.' and not ')')
                {
                    return false;
                }

                number = int.Parse(t.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture);
                width = digits + 1;
                ordered = true;
                symbol = t[digits];
            }

            if (width < t.Length && t[width] != ' ')
            {
                return false;
            }

            var spaces = 0;
            while (width + spaces < t.Length && t[width + spaces] == ' ')
            {
                spaces++;
            }

            // One to four spaces after the marker set the content column; more means the content is indented code-like text.
            var offset = width + (spaces is >= 1 and <= 4 && width + spaces < t.Length ? spaces : 1);
            marker = new ListMarker(ordered, symbol, number, Math.Min(offset, t.Length));
            return true;
        }

        /// <summary>Whether a line starts a block that ends a paragraph (an empty or numbered-from-2 item does not).</summary>
        private static bool Interrupts(string line)
        {
            var indent = Indent(line);
            if (indent > 3)
            {
                return false;
            }

            var t = line[indent..];
            if (TryFence(t, out _, out _) || TryHeading(t, out _, out _) || IsRule(t) || t[0] == '>')
            {
                return true;
            }

            return TryListMarker(t, out var m) && m.ContentOffset < t.Length && !IsBlank(t[m.ContentOffset..]) && (!m.Ordered || m.Number == 1);
        }

        private static bool TryFence(string t, out string fence, out string info)
        {
            fence = string.Empty;
            info = string.Empty;
            if (t.Length < 3 || t[0] is not '`' and not '~')
            {
                return false;
            }

            var n = 0;
            while (n < t.Length && t[n] == t[0])
            {
                n++;
            }

            if (n < 3)
            {
                return false;
            }

            info = t[n..].Trim();
            if (t[0] == '`' && info.Contains('`', StringComparison.Ordinal))
            {
                return false;
            }

            fence = t[..n];
            return true;
        }

        private static string? Language(string info)
        {
            var word = info.Split(' ', 2)[0];
            return word.Length is > 0 and <= 30 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '#' or '.')
                ? word.ToLowerInvariant()
                : null;
        }

        private static bool TryHeading(string t, out int level, out string text)
        {
            level = 0;
            text = string.Empty;
            while (level < t.Length && t[level] == '#')
            {
                level++;
            }

            if (level is 0 or > 6 || (level < t.Length && t[level] != ' '))
            {
                return false;
            }

            text = t[level..].Trim();
            // An optional closing run of #, preceded by a space (or the whole text).
            var end = text.Length;
            while (end > 0 && text[end - 1] == '#')
            {
                end--;
            }

            if (end < text.Length && (end == 0 || text[end - 1] == ' '))
            {
                text = text[..end].TrimEnd();
            }

            return true;
        }

        private static bool IsRule(string t)
        {
            var c = t[0];
            if (c is not '-' and not '*' and not '_')
            {
                return false;
            }

            var count = 0;
            foreach (var ch in t)
            {
                if (ch == c)
                {
                    count++;
                }
                else if (ch is not ' ' and not '\t')
                {
                    return false;
                }
            }

            return count >= 3;
        }

        private static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

        private static int Indent(string line)
        {
            var n = 0;
            while (n < line.Length && line[n] == ' ')
            {
                n++;
            }

            return n;
        }
    }

    private sealed class BlockWriter(bool html, StringBuilder sb)
    {
        private readonly InlineWriter _inline = new(html);

        public void Write(List<Block> blocks, bool tight)
        {
            foreach (var block in blocks)
            {
                switch (block)
                {
                    case Heading h:
                        Tag($"<h{h.Level}>");
                        _inline.Write(sb, h.Text);
                        Tag($"</h{h.Level}>");
                        Break();
                        break;
                    case Paragraph p when tight:
                        _inline.Write(sb, p.Text);
                        sb.Append('\n');
                        break;
                    case Paragraph p:
                        Tag("<p>");
                        _inline.Write(sb, p.Text);
                        Tag("</p>");
                        Break();
                        break;
                    case CodeBlock c:
                        Tag(c.Language is null ? "<pre><code>" : $"<pre><code class=\"language-{Escape(c.Language)}\">");
                        Text(c.Code);
                        Tag("</code></pre>");
                        Break();
                        break;
                    case Quote q:
                        Tag("<blockquote>\n");
                        Write(q.Children, tight: false);
                        Tag("</blockquote>");
                        Break();
                        break;
                    case ListBlock l:
                        Tag(l.Ordered ? l.Start == 1 ? "<ol>\n" : $"<ol start=\"{l.Start.ToString(CultureInfo.InvariantCulture)}\">\n" : "<ul>\n");
                        foreach (var item in l.Items)
                        {
                            Tag("<li>");
                            Write(item, l.Tight);
                            TrimNewline();
                            Tag("</li>\n");
                            if (!html)
                            {
                                sb.Append('\n');
                            }
                        }

                        Tag(l.Ordered ? "</ol>" : "</ul>");
                        Break();
                        break;
                    case Rule:
                        Tag("<hr>");
                        Break();
                        break;
                }
            }
        }

        private void Tag(string tag)
        {
            if (html)
            {
                sb.Append(tag);
            }
        }

        private void Text(string text)
        {
            if (html)
            {
                Escape(sb, text);
            }
            else
            {
                sb.Append(text);
            }
        }

        /// <summary>Between blocks: a line in HTML (for readability), a blank line in plain text (paragraphs stay apart).</summary>
        private void Break() => sb.Append(html ? "\n" : "\n\n");

        private void TrimNewline()
        {
            while (sb.Length > 0 && sb[^1] == '\n')
            {
                sb.Length--;
            }
        }
    }

    // ----- inlines -----

    private sealed class InlineWriter(bool html)
    {
        /// <summary>Images inside links inside ... are plain text beyond this depth.</summary>
        private const int MaxNesting = 4;

        private enum Kind { Text, Raw, Delimiter }

        private sealed class Node(Kind kind, string text)
        {
            public Kind Kind { get; } = kind;
            public string Text { get; } = text;
            public char Symbol { get; init; }
            public int Count { get; set; }
            public bool CanOpen { get; init; }
            public bool CanClose { get; init; }
            // Allocated only for the runs that match: a long text has many runs and few of them do.
            public List<string>? Opens { get; set; }
            public List<string>? Closes { get; set; }
        }

        public void Write(StringBuilder output, string text) => Write(output, text, inLink: false, nesting: 0, html);

        private static void Write(StringBuilder output, string text, bool inLink, int nesting, bool html)
        {
            var nodes = Parse(text, inLink, nesting, html);
            Emphasis(nodes);
            foreach (var node in nodes)
            {
                switch (node.Kind)
                {
                    case Kind.Text when html:
                        Escape(output, node.Text);
                        break;
                    case Kind.Text or Kind.Raw:
                        output.Append(node.Text);
                        break;
                    case Kind.Delimiter:
                        if (html)
                        {
                            node.Closes?.ForEach(t => output.Append(t));
                        }

                        output.Append(node.Symbol, node.Count);
                        if (html)
                        {
                            node.Opens?.ForEach(t => output.Append(t));
                        }

                        break;
                }
            }
        }

        private static List<Node> Parse(string text, bool inLink, int nesting, bool html)
        {
            var nodes = new List<Node>();
            var pending = new StringBuilder();
            void Flush()
            {
                if (pending.Length > 0)
                {
                    nodes.Add(new Node(Kind.Text, pending.ToString()));
                    pending.Clear();
                }
            }

            void Raw(string s)
            {
                Flush();
                nodes.Add(new Node(Kind.Raw, s));
            }

            var brackets = MatchBrackets(text);
            var backtickRunsWithoutCloser = new HashSet<int>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                switch (c)
                {
                    case '\\' when i + 1 < text.Length && text[i + 1] == '\n':
                        Raw(html ? "<br>\n" : "\n");
                        i += 2;
                        break;
                    case '\\' when i + 1 < text.Length && IsAsciiPunctuation(text[i + 1]):
                        pending.Append(text[i + 1]);
                        i += 2;
                        break;
                    case '\n':
                        var hard = pending.Length >= 2 && pending[^1] == ' ' && pending[^2] == ' ';
                        while (pending.Length > 0 && pending[^1] == ' ')
                        {
                            pending.Length--;
                        }

                        Raw(hard && html ? "<br>\n" : "\n");
                        i++;
                        while (i < text.Length && text[i] == ' ')
                        {
                            i++;
                        }

                        break;
                    case '`':
                        var run = RunLength(text, i, '`');
                        var close = backtickRunsWithoutCloser.Contains(run) ? -1 : FindBacktickCloser(text, i + run, run);
                        if (close < 0)
                        {
                            // No closer ahead for this length means none for any later run of it either.
                            backtickRunsWithoutCloser.Add(run);
                            pending.Append('`', run);
                            i += run;
                            break;
                        }

                        var code = CodeSpanContent(text[(i + run)..close]);
                        Raw(html ? "<code>" + Escape(code) + "</code>" : code);
                        i = close + run;
                        break;
                    case '!' when i + 1 < text.Length && text[i + 1] == '[' && nesting < MaxNesting
                        && TryLink(text, i + 1, brackets, out var image):
                        Raw(Image(image, nesting, html));
                        i = image.End;
                        break;
                    case '[' when !inLink && nesting < MaxNesting && TryLink(text, i, brackets, out var link):
                        Raw(Link(link, nesting, html));
                        i = link.End;
                        break;
                    case '<' when !inLink && TryAutolink(text, i, out var auto, out var autoEnd):
                        Raw(html ? Anchor(auto, Escape(text[(i + 1)..(autoEnd - 1)]), null) : text[(i + 1)..(autoEnd - 1)]);
                        i = autoEnd;
                        break;
                    case 'h' or 'H' when !inLink && (i == 0 || !char.IsLetterOrDigit(text[i - 1])) && TryBareUrl(text, i, out var bare, out var bareEnd):
                        Raw(html ? Anchor(bare, Escape(text[i..bareEnd]), null) : text[i..bareEnd]);
                        i = bareEnd;
                        break;
                    case '*' or '_':
                        var length = RunLength(text, i, c);
                        Flush();
                        nodes.Add(Delimiter(text, i, length, c));
                        i += length;
                        break;
                    default:
                        pending.Append(c);
                        i++;
                        break;
                }
            }

            Flush();
            return nodes;
        }

        private static Node Delimiter(string text, int i, int length, char c)
        {
            var before = i > 0 ? text[i - 1] : '\n';
            var after = i + length < text.Length ? text[i + length] : '\n';
            bool Space(char x) => char.IsWhiteSpace(x);
            bool Punct(char x) => char.IsPunctuation(x) || char.IsSymbol(x);
            var left = !Space(after) && (!Punct(after) || Space(before) || Punct(before));
            var right = !Space(before) && (!Punct(before) || Space(after) || Punct(after));
            // Underscores inside words (file_name_here) are never emphasis.
            var canOpen = c == '*' ? left : left && (!right || Punct(before));
            var canClose = c == '*' ? right : right && (!left || Punct(after));
            return new Node(Kind.Delimiter, string.Empty) { Symbol = c, Count = length, CanOpen = canOpen, CanClose = canClose };
        }

        /// <summary>CommonMark's delimiter-run matching (without the rule of three), linear in the number of runs.</summary>
        private static void Emphasis(List<Node> nodes)
        {
            var runs = nodes.Where(n => n.Kind == Kind.Delimiter).ToList();
            var count = runs.Count;
            if (count < 2)
            {
                return;
            }

            var prev = new int[count];
            var next = new int[count];
            for (var k = 0; k < count; k++)
            {
                prev[k] = k - 1;
                next[k] = k + 1 < count ? k + 1 : -1;
            }

            void Remove(int k)
            {
                if (prev[k] >= 0)
                {
                    next[prev[k]] = next[k];
                }

                if (next[k] >= 0)
                {
                    prev[next[k]] = prev[k];
                }
            }

            var bottom = new Dictionary<char, int> { ['*'] = -1, ['_'] = -1 };
            var closer = 0;
            while (closer >= 0)
            {
                var cl = runs[closer];
                if (!cl.CanClose || cl.Count == 0)
                {
                    closer = next[closer];
                    continue;
                }

                var opener = prev[closer];
                while (opener > bottom[cl.Symbol] && !(runs[opener].Symbol == cl.Symbol && runs[opener].CanOpen && runs[opener].Count > 0))
                {
                    opener = prev[opener];
                }

                if (opener > bottom[cl.Symbol])
                {
                    var op = runs[opener];
                    var use = op.Count >= 2 && cl.Count >= 2 ? 2 : 1;
                    op.Count -= use;
                    cl.Count -= use;
                    (op.Opens ??= []).Insert(0, use == 2 ? "<strong>" : "<em>");
                    (cl.Closes ??= []).Add(use == 2 ? "</strong>" : "</em>");
                    // Runs between a matched pair can no longer match anything: they stay as text.
                    next[opener] = closer;
                    prev[closer] = opener;
                    if (op.Count == 0)
                    {
                        Remove(opener);
                    }

                    if (cl.Count == 0)
                    {
                        var after = next[closer];
                        Remove(closer);
                        closer = after;
                    }

                    continue;
                }

                bottom[cl.Symbol] = prev[closer];
                var following = next[closer];
                if (!cl.CanOpen)
                {
                    Remove(closer);
                }

                closer = following;
            }
        }

        private static string Link(LinkParts link, int nesting, bool html)
        {
            var inner = new StringBuilder();
            Write(inner, link.Text, inLink: true, nesting + 1, html);
            var url = SafeUrl(link.Destination, image: false);
            return html && url is not null ? Anchor(url, inner.ToString(), link.Title) : inner.ToString();
        }

        private static string Image(LinkParts image, int nesting, bool html)
        {
            var altText = new StringBuilder();
            Write(altText, image.Text, inLink: true, nesting + 1, html: false);
            var alt = altText.ToString();
            var url = SafeUrl(image.Destination, image: true);
            if (!html)
            {
                return alt;
            }

            if (url is null)
            {
                return Escape(alt);
            }

            var title = image.Title is null ? string.Empty : $" title=\"{Escape(image.Title)}\"";
            return $"<img src=\"{Escape(url)}\" alt=\"{Escape(alt)}\"{title} loading=\"lazy\" referrerpolicy=\"no-referrer\">";
        }

        private static string Anchor(string url, string innerHtml, string? title)
        {
            var t = title is null ? string.Empty : $" title=\"{Escape(title)}\"";
            return $"<a href=\"{Escape(url)}\" rel=\"{LinkRel}\"{t}>{innerHtml}</a>";
        }

        private readonly record struct LinkParts(string Text, string Destination, string? Title, int End);

        /// <summary><c>[text](destination "title")</c> starting at the bracket.</summary>
        private static bool TryLink(string text, int open, Dictionary<int, int> brackets, out LinkParts link)
        {
            link = default;
            if (!brackets.TryGetValue(open, out var close) || close + 1 >= text.Length || text[close + 1] != '(')
            {
                return false;
            }

            var p = SkipSpace(text, close + 2);
            string destination;
            if (p < text.Length && text[p] == '<')
            {
                var q = p + 1;
                while (q < text.Length && q - p <= MaxUrlLength && text[q] is not '>' and not '<' and not '\n')
                {
                    q += text[q] == '\\' && q + 1 < text.Length ? 2 : 1;
                }

                if (q >= text.Length || text[q] != '>')
                {
                    return false;
                }

                destination = Unescape(text[(p + 1)..q]);
                p = q + 1;
            }
            else
            {
                var q = p;
                var depth = 0;
                while (q < text.Length && q - p <= MaxUrlLength)
                {
                    var ch = text[q];
                    if (ch == '\\' && q + 1 < text.Length && IsAsciiPunctuation(text[q + 1]))
                    {
                        q += 2;
                        continue;
                    }

                    if (ch == ' ' || char.IsControl(ch))
                    {
                        break;
                    }

                    if (ch == '(' && ++depth > 32)
                    {
                        return false;
                    }

                    if (ch == ')')
                    {
                        if (depth == 0)
                        {
                            break;
                        }

                        depth--;
                    }

                    q++;
                }

                if (depth != 0 || q - p > MaxUrlLength)
                {
                    return false;
                }

                destination = Unescape(text[p..q]);
                p = q;
            }

            var afterDestination = p;
            p = SkipSpace(text, p);
            string? title = null;
            if (p < text.Length && p > afterDestination && text[p] is '"' or '\'' or '(')
            {
                var closing = text[p] == '(' ? ')' : text[p];
                var q = p + 1;
                while (q < text.Length && q - p <= 1000 && text[q] != closing)
                {
                    q += text[q] == '\\' && q + 1 < text.Length ? 2 : 1;
                }

                if (q >= text.Length || text[q] != closing)
                {
                    return false;
                }

                title = Unescape(text[(p + 1)..q]);
                p = SkipSpace(text, q + 1);
            }

            if (p >= text.Length || text[p] != ')')
            {
                return false;
            }

            link = new LinkParts(text[(open + 1)..close], destination, title, p + 1);
            return true;
        }

        /// <summary><c>&lt;https://…&gt;</c> or <c>&lt;someone@example.org&gt;</c>.</summary>
        private static bool TryAutolink(string text, int open, out string url, out int end)
        {
            url = string.Empty;
            end = 0;
            var q = open + 1;
            while (q < text.Length && q - open <= MaxUrlLength && text[q] is not '>' and not '<' && !char.IsWhiteSpace(text[q]) && !char.IsControl(text[q]))
            {
                q++;
            }

            if (q >= text.Length || text[q] != '>' || q == open + 1)
            {
                return false;
            }

            var inner = text[(open + 1)..q];
            var colon = inner.IndexOf(':', StringComparison.Ordinal);
            var candidate = colon is >= 2 and <= 32 && inner[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-')
                ? inner
                : IsEmail(inner) ? "mailto:" + inner : null;
            var safe = SafeUrl(candidate, image: false);
            if (safe is null)
            {
                return false;
            }

            url = safe;
            end = q + 1;
            return true;
        }

        /// <summary>A bare http(s) URL in running text, without its trailing punctuation.</summary>
        private static bool TryBareUrl(string text, int start, out string url, out int end)
        {
            url = string.Empty;
            end = start;
            var rest = text.AsSpan(start);
            var scheme = rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
                : rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7 : 0;
            if (scheme == 0)
            {
                return false;
            }

            var q = start + scheme;
            while (q < text.Length && q - start <= MaxUrlLength && text[q] is not '<' and not '>' && !char.IsWhiteSpace(text[q]) && !char.IsControl(text[q]))
            {
                q++;
            }

            while (q > start + scheme && (text[q - 1] is '.' or ',' or ':' or ';' or '!' or '?' or '*' or '_' or '~' or '\'' or '"'
                || (text[q - 1] == ')' && text.AsSpan(start, q - start).Count('(') < text.AsSpan(start, q - start).Count(')'))))
            {
                q--;
            }

            if (q == start + scheme || SafeUrl(text[start..q], image: false) is not { } safe)
            {
                return false;
            }

            url = safe;
            end = q;
            return true;
        }

        private static bool IsEmail(string s)
        {
            var at = s.IndexOf('@', StringComparison.Ordinal);
            return at > 0 && at == s.LastIndexOf('@') && at < s.Length - 1
                && s[..at].All(c => char.IsAsciiLetterOrDigit(c) || ".!#$%&'*+/=?^_`{|}~-".Contains(c, StringComparison.Ordinal))
                && s[(at + 1)..].Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        }

        /// <summary>Matching [ ] pairs in one pass (escaped brackets do not count), so a link is found without rescanning.</summary>
        private static Dictionary<int, int> MatchBrackets(string text)
        {
            var pairs = new Dictionary<int, int>();
            var open = new Stack<int>();
            for (var i = 0; i < text.Length; i++)
            {
                switch (text[i])
                {
                    case '\\':
                        i++;
                        break;
                    case '[':
                        open.Push(i);
                        break;
                    case ']' when open.Count > 0:
                        pairs[open.Pop()] = i;
                        break;
                }
            }

            return pairs;
        }

        private static int FindBacktickCloser(string text, int from, int run)
        {
            var i = from;
            while (i < text.Length)
            {
                if (text[i] != '`')
                {
                    i++;
                    continue;
                }

                var length = RunLength(text, i, '`');
                if (length == run)
                {
                    return i;
                }

                i += length;
            }

            return -1;
        }

        private static string CodeSpanContent(string raw)
        {
            var s = raw.Replace('\n', ' ');
            return s.Length >= 2 && s[0] == ' ' && s[^1] == ' ' && s.Any(c => c != ' ') ? s[1..^1] : s;
        }

        private static bool IsAsciiPunctuation(char c) => c is > ' ' and <= '~' && !char.IsAsciiLetterOrDigit(c);

        private static int RunLength(string text, int i, char c)
        {
            var n = 0;
            while (i + n < text.Length && text[i + n] == c)
            {
                n++;
            }

            return n;
        }

        private static int SkipSpace(string text, int p)
        {
            var newlines = 0;
            while (p < text.Length && (text[p] is ' ' or '\t' || (text[p] == '\n' && ++newlines <= 1)))
            {
                p++;
            }

            return p;
        }

        private static string Unescape(string s)
        {
            if (!s.Contains('\\', StringComparison.Ordinal))
            {
                return s;
            }

            var sb = new StringBuilder(s.Length);
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] == '\\' && i + 1 < s.Length && IsAsciiPunctuation(s[i + 1]))
                {
                    i++;
                }

                sb.Append(s[i]);
            }

            return sb.ToString();
        }
    }
}
