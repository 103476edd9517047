using System.Diagnostics;
using System.Text.RegularExpressions;
using AstroBlob.Domain.Knowledge;

namespace AstroBlob.Domain.Tests.Knowledge;

public partial class MarkdownTests
{
    private const string Rel = "rel=\"noopener noreferrer nofollow\"";

    [Fact]
    public void HeadingsParagraphsAndEmphasisBecomeTheirElements()
    {
        var html = Markdown.ToHtml("# Colimación\n\nAjuste el **tornillo** y *luego* el _otro_.\n\n### Paso 2 ###");

        Assert.Equal(
            "<h1>Colimación</h1>\n<p>Ajuste el <strong>tornillo</strong> y <em>luego</em> el <em>otro</em>.</p>\n<h3>Paso 2</h3>",
            html);
    }

    [Fact]
    public void LinesOfAParagraphStayOneParagraphAndTwoTrailingSpacesBreakTheLine()
    {
        Assert.Equal("<p>uno\ndos<br>\ntres</p>", Markdown.ToHtml("uno\ndos  \ntres"));
    }

    [Fact]
    public void BulletAndNumberedListsNestAndKeepTheirStart()
    {
        var html = Markdown.ToHtml("- Abrir la cúpula\n- Encender:\n  - la montura\n  - la cámara\n\n3. tres\n4. cuatro");

        Assert.Equal(
            "<ul>\n<li>Abrir la cúpula</li>\n<li>Encender:\n<ul>\n<li>la montura</li>\n<li>la cámara</li>\n</ul></li>\n</ul>\n" +
            "<ol start=\"3\">\n<li>tres</li>\n<li>cuatro</li>\n</ol>",
            html);
    }

    [Fact]
    public void ListItemsSeparatedByBlankLinesAreParagraphs()
    {
        Assert.Equal("<ul>\n<li><p>uno</p></li>\n<li><p>dos</p></li>\n</ul>", Markdown.ToHtml("* uno\n\n* dos"));
    }

    [Fact]
    public void CodeSpansAndFencedBlocksKeepTheirTextEscapedAndUnformatted()
    {
        var html = Markdown.ToHtml("Run `focus --auto *now*` then:\n\n```bash\nif [ $a < 3 ]; then echo \"**x**\"; fi\n```");

        Assert.Equal(
            "<p>Run <code>focus --auto *now*</code> then:</p>\n" +
            "<pre><code class=\"language-bash\">if [ $a &lt; 3 ]; then echo &quot;**x**&quot;; fi\n</code></pre>",
            html);
    }

    [Fact]
    public void AnUnclosedFenceRunsToTheEndAndAHostileInfoStringIsNoClass()
    {
        Assert.Equal("<pre><code>x &lt;b&gt;\n</code></pre>", Markdown.ToHtml("~~~ \"><script>\nx <b>"));
    }

    [Fact]
    public void QuotesRulesAndHeadingsAreBlocks()
    {
        Assert.Equal("<blockquote>\n<p>Nota: <em>frágil</em></p>\n</blockquote>\n<hr>", Markdown.ToHtml("> Nota: *frágil*\n\n---"));
    }

    [Fact]
    public void LinksGetTheirUrlInCanonicalFormAndTheSafeRel()
    {
        var html = Markdown.ToHtml("See [the manual](https://example.org/cdk20 \"CDK20 manual\"), <https://example.org/a?b=1&c=2> or [mail us](mailto:help@example.org).");

        Assert.Equal(
            $"<p>See <a href=\"https://example.org/cdk20\" {Rel} title=\"CDK20 manual\">the manual</a>, " +
            $"<a href=\"https://example.org/a?b=1&amp;c=2\" {Rel}>https://example.org/a?b=1&amp;c=2</a> or " +
            $"<a href=\"mailto:help@example.org\" {Rel}>mail us</a>.</p>",
            html);
    }

    [Fact]
    public void BareWebAddressesAndEmailAutolinksBecomeLinksWithoutTheirTrailingPunctuation()
    {
        var html = Markdown.ToHtml("Ver https://example.org/guia. O <soporte@example.org>");

        Assert.Equal(
            $"<p>Ver <a href=\"https://example.org/guia\" {Rel}>https://example.org/guia</a>. O <a href=\"mailto:soporte@example.org\" {Rel}>soporte@example.org</a></p>",
            html);
    }

    [Fact]
    public void ImagesNeedAWebAddress()
    {
        Assert.Equal(
            "<p><img src=\"https://example.org/pier.jpg\" alt=\"El pilar\" loading=\"lazy\" referrerpolicy=\"no-referrer\"></p>",
            Markdown.ToHtml("![El *pilar*](https://example.org/pier.jpg)"));
        Assert.Equal("<p>El pilar</p>", Markdown.ToHtml("![El pilar](mailto:a@example.org)"));
        Assert.Equal("<p>x</p>", Markdown.ToHtml("![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)"));
    }

    [Fact]
    public void UnderscoresInsideWordsAndUnmatchedStarsAreText()
    {
        Assert.Equal("<p>set mount_park_position to 2 * 3</p>", Markdown.ToHtml("set mount_park_position to 2 * 3"));
    }

    [Fact]
    public void BackslashEscapesAndCharacterReferencesAreShownAsTyped()
    {
        Assert.Equal("<p>*not em* &amp;copy; &amp;#60;b&amp;#62;</p>", Markdown.ToHtml("\\*not em\\* &copy; &#60;b&#62;"));
    }

    public static TheoryData<string, string> RawHtml => new()
    {
        { "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" },
        { "<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>" },
        { "<a href=\"javascript:alert(1)\">x</a>", "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>" },
        { "<div>\n<iframe src=//evil></iframe>\n</div>", "<p>&lt;div&gt;\n&lt;iframe src=//evil&gt;&lt;/iframe&gt;\n&lt;/div&gt;</p>" },
        { "# <svg onload=alert(1)>", "<h1>&lt;svg onload=alert(1)&gt;</h1>" },
        { "- <style>body{display:none}</style>", "<ul>\n<li>&lt;style&gt;body{display:none}&lt;/style&gt;</li>\n</ul>" },
        { "<!-- hidden --> <?php ?> <![CDATA[x]]>", "<p>&lt;!-- hidden --&gt; &lt;?php ?&gt; &lt;![CDATA[x]]&gt;</p>" },
    };

    [Theory]
    [MemberData(nameof(RawHtml))]
    public void RawHtmlInTheSourceIsShownAsText(string markdown, string expected)
    {
        Assert.Equal(expected, Markdown.ToHtml(markdown));
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](<javascript:alert(1)>)")]
    [InlineData("[click](javascript&#58;alert(1))")]
    [InlineData("[click](&#106;avascript:alert(1))")]
    [InlineData("[click](java\\script:alert(1))")]
    [InlineData("[click](vbscript:msgbox(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[click](file:///etc/passwd)")]
    [InlineData("[click](/relative/path)")]
    [InlineData("[click](//evil.example/x)")]
    [InlineData("[click](https:///no-host)")]
    public void LinksToAnythingButWebAndMailAddressesAreDroppedKeepingTheirText(string markdown)
    {
        Assert.Equal("<p>click</p>", Markdown.ToHtml(markdown));
    }

    [Theory]
    [InlineData("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>")]
    [InlineData("<JAVASCRIPT:alert(1)>", "<p>&lt;JAVASCRIPT:alert(1)&gt;</p>")]
    [InlineData("<data:text/html,<script>>", "<p>&lt;data:text/html,&lt;script&gt;&gt;</p>")]
    public void AutolinksWithAForbiddenSchemeStayText(string markdown, string expected)
    {
        Assert.Equal(expected, Markdown.ToHtml(markdown));
    }

    [Fact]
    public void QuotesInTitlesAndAddressesCannotLeaveTheirAttribute()
    {
        var html = Markdown.ToHtml("[x](https://example.org/\"onmouseover=\"alert(1) \"t\\\" onclick=\\\"alert(2)\") ![y](https://example.org/'onerror='alert(3))");

        Assert.DoesNotContain("\"onmouseover", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\" onclick", html, StringComparison.Ordinal);
        Assert.DoesNotContain("'onerror", html, StringComparison.Ordinal);
        AssertOnlySafeMarkup(html);
    }

    [Fact]
    public void LinksDoNotNestAndTheirTextIsEscaped()
    {
        Assert.Equal(
            $"<p><a href=\"https://a.example/\" {Rel}>[b](https://b.example) &lt;i&gt;</a></p>",
            Markdown.ToHtml("[[b](https://b.example) <i>](https://a.example)"));
    }

    [Fact]
    public void PlainTextKeepsWordsAndDropsMarkupAndAddresses()
    {
        var text = Markdown.ToPlainText("# Título\n\nTexto **fuerte** con [enlace](https://example.org/secreto) y `código`.\n\n- uno\n- dos");

        Assert.Equal("Título\n\nTexto fuerte con enlace y código.\n\nuno\ndos", text);
    }

    /// <summary>Any mix of Markdown and HTML punctuation yields only our own tags, attributes and schemes.</summary>
    [Fact]
    public void RandomHostileInputOnlyEverProducesAllowedMarkup()
    {
        string[] pieces =
        [
            "<", ">", "\"", "'", "&", "[", "]", "(", ")", "!", "*", "_", "`", "```", "\\", "\n", "\n\n", "# ", "> ", "- ", "1. ", "  ",
            "javascript:", "JaVaScRiPt:", "http://", "https://x.example", "mailto:", "data:", "<script>", "onerror=", "alert(1)", "&#106;",
            "<a href=", "<img src=x ", "\t", "a", "é", "\u0000", "](", ")](", "<https://", "@x.example>",
        ];
        var random = new Random(20260601);
        for (var n = 0; n < 3000; n++)
        {
            var parts = Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]);
            var markdown = string.Concat(parts);
            AssertOnlySafeMarkup(Markdown.ToHtml(markdown), markdown);
        }
    }

    /// <summary>
    /// Bodies may be 100,000 characters: input built to make a naive parser rescan (quadratic:
    /// minutes at this size) must render in linear time. The bound is loose for busy machines.
    /// </summary>
    [Theory]
    [InlineData("[", 100_000)]
    [InlineData("*a", 50_000)]
    [InlineData("_a_ *", 20_000)]
    [InlineData("`", 100_000)]
    [InlineData("` `` ```", 12_000)]
    [InlineData("[a](", 25_000)]
    [InlineData("![", 50_000)]
    [InlineData(">", 100_000)]
    [InlineData("- ", 50_000)]
    [InlineData("  - x\n", 15_000)]
    [InlineData("<", 100_000)]
    [InlineData("https://x.example/(", 5_000)]
    public void PathologicalInputRendersQuicklyAndSafely(string piece, int times)
    {
        var markdown = string.Concat(Enumerable.Repeat(piece, times));
        var clock = Stopwatch.StartNew();

        var html = Markdown.ToHtml(markdown);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Rendering {markdown.Length} characters of '{piece}' took {clock.Elapsed}.");
        AssertOnlySafeMarkup(html);
    }

    private static readonly HashSet<string> AllowedTags =
        ["p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "hr", "br", "a", "img"];

    private static readonly HashSet<string> AllowedAttributes = ["href", "rel", "title", "src", "alt", "loading", "referrerpolicy", "class", "start"];

    private static void AssertOnlySafeMarkup(string html, string? source = null)
    {
        // Messages are built only on failure: outputs here can be large and have many tags.
        void Check(bool ok, Func<string> what)
        {
            if (!ok)
            {
                Assert.Fail($"{what()} in {html}" + (source is null ? string.Empty : $" (from {source})"));
            }
        }

        var outsideTags = Tag().Replace(html, string.Empty);
        Check(!outsideTags.Contains('<', StringComparison.Ordinal) && !outsideTags.Contains('>', StringComparison.Ordinal), () => "Unescaped angle bracket");
        foreach (Match tag in Tag().Matches(html))
        {
            var tagName = tag.Groups["name"].Value;
            Check(AllowedTags.Contains(tagName), () => $"Tag <{tagName}>");
            var attributes = tag.Groups["attrs"].Value;
            var rest = Attribute().Replace(attributes, string.Empty);
            Check(string.IsNullOrWhiteSpace(rest), () => $"Unquoted attribute text '{rest}' in {tag.Value}");
            foreach (Match attribute in Attribute().Matches(attributes))
            {
                var name = attribute.Groups["name"].Value;
                var value = attribute.Groups["value"].Value;
                Check(AllowedAttributes.Contains(name), () => $"Attribute {name} in {tag.Value}");
                Check(
                    name is not "href" and not "src"
                    || value.StartsWith("http://", StringComparison.Ordinal) || value.StartsWith("https://", StringComparison.Ordinal)
                    || (name == "href" && value.StartsWith("mailto:", StringComparison.Ordinal)),
                    () => $"{name}={value} in {tag.Value}");
                Check(name != "rel" || value == Markdown.LinkRel, () => $"rel={value}");
            }
        }
    }

    [GeneratedRegex("<(?<close>/?)(?<name>[a-z0-9]+)(?<attrs>[^<>]*)>")]
    private static partial Regex Tag();

    [GeneratedRegex("\\s+(?<name>[a-z]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex Attribute();
}
