using System.Text.RegularExpressions;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Host;

/// <summary>
/// Every error code the host can send (problem+json <c>code</c>) has words in both languages in
/// <c>static-portal/shared/errors.js</c>, so neither site ever falls back to the API's English
/// <c>detail</c>.
/// </summary>
/// <remarks>
/// How the codes are found: the codes live at their throw sites, so this scans the C# source of
/// <c>functions/</c> (host and domain) for the few shapes that make a problem, and takes the
/// snake_case string literals in the code argument:
/// <list type="bullet">
/// <item><c>ApiException.BadRequest/Forbidden/Conflict("code", …)</c>, <c>DomainException.Invalid/Forbidden/Conflict("code", …)</c>;</item>
/// <item><c>new ApiException(status, "code", …)</c> and <c>Problems.Create(status, "code", …)</c>;</item>
/// <item>factories written as <c>ApiException X(…) =&gt; new(status, "code", …)</c> (and the same for
///   <c>DomainException</c>; <c>MediaRejectedException X(…) =&gt; new("code", …)</c>, whose codes the logo upload passes on);</item>
/// <item><c>ApiException.NotFound("what")</c> and <c>.StaffOnly("what")</c>, which answer <c>what_not_found</c>;</item>
/// <item>the status → code defaults in <c>Problems.AddApiProblems</c> (<c>404 =&gt; "not_found"</c>);</item>
/// <item>codes passed through a helper's parameter: <c>FileSniffer.Reject("code", …)</c>,
///   <c>DirectoryStore.SubmitAsync(actions, "code", …)</c>, <c>WriteProblemAsync(401, "code", …)</c>, and
///   <c>const string Code = "code"</c>.</item>
/// </list>
/// A code argument without a literal must be one of <see cref="PassedThrough"/>, each covered by a
/// shape above; any other expression fails the test, so a new way of making codes cannot slip by
/// unseen (add a shape for it here). The dictionary side reads the <c>const es = {…}</c> and
/// <c>const en = {…}</c> blocks of errors.js for <c>'error.{code}'</c> keys.
/// </remarks>
public sealed partial class ErrorCodeWordsTests
{
    /// <summary>Codes the sites make themselves (no answer, an upload refused by storage, a reloaded 412, no code in the answer).</summary>
    private static readonly string[] SiteCodes = ["network", "upload_failed", "precondition_failed", "error", "generic"];

    /// <summary>Non-literal code arguments, and the shape above that finds the codes they carry.</summary>
    private static readonly HashSet<string> PassedThrough = new(StringComparer.Ordinal)
    {
        "code", // the factories' own parameter, and WriteProblemAsync's (its callers are scanned)
        "e.Code", // re-throwing an ApiException, DomainException or MediaRejectedException (all scanned)
        "Code", // const string Code = "…" (scanned)
        "conflictCode", // DirectoryStore.SubmitAsync's parameter (its callers are scanned)
        "what", // NotFound(what) inside StaffOnly (its callers are scanned)
        "$\"{what}_not_found\"", // ApiException.NotFound's body (its callers are scanned)
    };

    [GeneratedRegex("""\b(?:ApiException|DomainException)\s*\.\s*(?:BadRequest|Invalid|Forbidden|Conflict)\s*\(\s*(?<arg>[^,]+?)\s*,""")]
    private static partial Regex FactoryCall();

    [GeneratedRegex("""\bnew\s+ApiException\s*\(\s*[^,]+,\s*(?<arg>[^,]+?)\s*,""")]
    private static partial Regex Constructor();

    [GeneratedRegex("""\bProblems\s*\.\s*Create\s*\(\s*[^,]+,\s*(?<arg>[^,]+?)\s*,""")]
    private static partial Regex ProblemsCreate();

    [GeneratedRegex("""\b(?:ApiException|DomainException)\s+\w+\s*\([^)]*\)\s*=>\s*new\s*\(\s*[^,]+,\s*(?<arg>[^,]+?)\s*,""")]
    private static partial Regex TargetTypedFactory();

    [GeneratedRegex("""\bMediaRejectedException\s+\w+\s*\([^)]*\)\s*=>\s*new\s*\(\s*(?<arg>[^,]+?)\s*,""")]
    private static partial Regex MediaFactory();

    [GeneratedRegex("""\bApiException\s*\.\s*NotFound\s*\(\s*(?<arg>[^)]+?)\s*\)""")]
    private static partial Regex NotFound();

    [GeneratedRegex("""\.StaffOnly\s*\(\s*(?<arg>"[^"]*")\s*\)""")]
    private static partial Regex StaffOnly();

    [GeneratedRegex("""\b\d{3}\s*=>\s*(?<arg>"[a-z][a-z0-9_]*")\s*,""")]
    private static partial Regex StatusDefault();

    [GeneratedRegex("""(?:\bReject|\bSubmitAsync\s*\(\s*\w+\s*,|\bWriteProblemAsync\s*\(\s*\d+\s*,)\s*\(?\s*(?<arg>"[a-z][a-z0-9_]*")""")]
    private static partial Regex HelperCall();

    [GeneratedRegex("""\bconst\s+string\s+Code\s*=\s*(?<arg>"[a-z][a-z0-9_]*")""")]
    private static partial Regex CodeConstant();

    [GeneratedRegex("(?<!\\$)\"(?<code>[a-z][a-z0-9_]*)\"")]
    private static partial Regex SnakeCaseLiteral();

    [GeneratedRegex("""'error\.(?<code>[a-z0-9_]+)'\s*:""")]
    private static partial Regex DictionaryKey();

    private static readonly (Func<Regex> Pattern, string Suffix)[] Shapes =
    [
        (FactoryCall, ""), (Constructor, ""), (ProblemsCreate, ""), (TargetTypedFactory, ""), (MediaFactory, ""),
        (NotFound, "_not_found"), (StaffOnly, "_not_found"), (StatusDefault, ""), (HelperCall, ""), (CodeConstant, ""),
    ];

    /// <summary>The codes the host's source can send, and the code arguments the scan could not read.</summary>
    private static (SortedSet<string> Codes, List<string> Unreadable) ScanHost()
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        var unreadable = new List<string>();
        var root = Path.Combine(NodeProcess.RepoRoot, "functions");
        var sources = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (var (pattern, suffix) in Shapes)
            {
                foreach (Match m in pattern().Matches(text))
                {
                    var arg = m.Groups["arg"].Value.Trim();
                    var literals = SnakeCaseLiteral().Matches(arg).Select(l => l.Groups["code"].Value + suffix).ToList();
                    if (literals.Count > 0)
                    {
                        codes.UnionWith(literals);
                    }
                    else if (!PassedThrough.Contains(arg))
                    {
                        unreadable.Add($"{Path.GetRelativePath(NodeProcess.RepoRoot, file)}: {arg}");
                    }
                }
            }
        }

        return (codes, unreadable);
    }

    /// <summary>The 'error.{code}' keys of one language's block in shared/errors.js.</summary>
    private static HashSet<string> Words(string language)
    {
        var text = File.ReadAllText(Path.Combine(NodeProcess.RepoRoot, "static-portal", "shared", "errors.js")).ReplaceLineEndings("\n");
        // A whole line: the file's header comment names the blocks too.
        var start = text.IndexOf($"\nconst {language} = {{\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"errors.js has no line 'const {language} = {{'.");
        var end = text.IndexOf("\n};", start, StringComparison.Ordinal);
        Assert.True(end > start, $"errors.js's '{language}' block does not end with a line '}};'.");
        return DictionaryKey().Matches(text[start..end]).Select(m => m.Groups["code"].Value).ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void TheScanFindsTheCodesItShould()
    {
        var (codes, unreadable) = ScanHost();
        Assert.Empty(unreadable);
        // One of each shape: a domain refusal, a 412 factory, a NotFound, a StaffOnly group, a status
        // default, the storage outage, a sniffer refusal, a directory conflict and the SLA constant.
        Assert.Superset(
            new SortedSet<string>(StringComparer.Ordinal)
            {
                "ticket_closed", "stale_entry", "ticket_not_found", "canned_reply_not_found", "method_not_allowed",
                "storage_unavailable", "name_mismatch", "email_taken", "invalid_sla_policy", "unauthenticated", "image_too_large",
            },
            codes);
        Assert.True(codes.Count > 150, $"Only {codes.Count} codes found: is the scan still reading functions/?");
    }

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    public void EveryCodeTheHostCanSendHasWordsInBothLanguages(string language)
    {
        var words = Words(language);
        var missing = ScanHost().Codes.Concat(SiteCodes).Where(c => !words.Contains(c)).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"static-portal/shared/errors.js has no '{language}' words for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void BothSitesLoadTheSharedErrorWords()
    {
        foreach (var site in new[] { "console", "portal" })
        {
            var i18n = File.ReadAllText(Path.Combine(NodeProcess.RepoRoot, "static-portal", site, "js", "i18n.js"));
            Assert.Contains("import '../shared/errors.js';", i18n, StringComparison.Ordinal);
        }
    }
}
