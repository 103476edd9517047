using System.Globalization;
using System.Text;

namespace AstroBlob.Domain.Knowledge;

/// <summary>A word of a text as search sees it (folded), with where it stands in the original.</summary>
public readonly record struct TextToken(string Word, int Start, int Length);

/// <summary>
/// How Spanish and English text is reduced to search terms: letters and digits only, accents
/// and case folded away (Unicode decomposition without its combining marks, lower-case
/// invariant), common words dropped, and a light plural stemmer, applied identically to what
/// is indexed and to what is asked, so that "Cúpulas", "cupula" and "CÚPULA" meet.
/// </summary>
public static class SearchText
{
    /// <summary>Longer words are cut here: they stay searchable and keep storage keys short.</summary>
    public const int MaxTermLength = 40;

    // Folded forms. Short, frequent, and never what someone searches a knowledge base for.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // Spanish
        "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "a", "y", "e", "o", "u", "ni",
        "en", "con", "por", "para", "sin", "sobre", "que", "se", "su", "sus", "lo", "le", "les", "mi", "mis",
        "tu", "tus", "es", "son", "esta", "este", "esto", "estos", "estas", "ese", "esa", "eso", "como", "mas",
        "pero", "si", "no", "ya", "muy", "hay", "me", "te", "nos",
        // English
        "the", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "is", "are", "was",
        "be", "it", "its", "this", "that", "these", "those", "my", "your", "our", "as", "into", "not", "do",
        "does", "how", "what", "when", "why", "i", "we", "you", "can",
    };

    // Letters that carry no combining mark to remove but that people type without their stroke.
    private static readonly Dictionary<char, string> Ligatures = new()
    {
        ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe", ['ø'] = "o", ['ł'] = "l", ['đ'] = "d", ['ı'] = "i", ['ð'] = "d", ['þ'] = "th",
    };

    /// <summary>The whole text folded: decomposed (compatibility), combining marks removed, lower-case invariant.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            AppendFolded(sb, rune);
        }

        return sb.ToString();
    }

    /// <summary>The words of a text (runs of letters and digits; marks stay inside their word), folded, with their places.</summary>
    public static IEnumerable<TextToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TokenizeIterator(text);
    }

    private static IEnumerable<TextToken> TokenizeIterator(string text)
    {
        var word = new StringBuilder();
        var start = -1;
        var i = 0;
        while (i < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = 1;
            }

            if (Rune.IsLetterOrDigit(rune))
            {
                if (start < 0)
                {
                    start = i;
                }

                AppendFolded(word, rune);
            }
            else if (start >= 0 && IsMark(rune))
            {
                // A combining accent typed separately belongs to the letter before it.
            }
            else if (start >= 0)
            {
                yield return new TextToken(Cut(word.ToString()), start, i - start);
                word.Clear();
                start = -1;
            }

            i += consumed;
        }

        if (start >= 0)
        {
            yield return new TextToken(Cut(word.ToString()), start, text.Length - start);
        }
    }

    /// <summary>The search terms of a text, in order of appearance (repeats kept): stemmed, without stop words or lone letters.</summary>
    public static IEnumerable<string> Terms(string text) =>
        Tokenize(text).Select(t => t.Word).Where(IsSearchable).Select(Stem);

    /// <summary>Whether a folded word is worth indexing: not a stop word, and more than one letter (a lone digit counts).</summary>
    public static bool IsSearchable(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return (word.Length > 1 || (word.Length == 1 && char.IsDigit(word[0]))) && !StopWords.Contains(word);
    }

    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>
    /// A light plural stemmer for Spanish and English, on a folded word: drops a plural "s"
    /// (not after s, u or i: "glass", "focus", "análisis" stay), then a final "e", and writes a
    /// final "z" as "c" and "y" as "i", so that motor/motores, luz/luces, lente/lentes,
    /// device/devices and battery/batteries meet. Words with digits are kept as they are.
    /// </summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < 3 || word.Any(char.IsDigit))
        {
            return word;
        }

        if (Irregular.TryGetValue(word, out var irregular))
        {
            return irregular;
        }

        var s = word;
        if (s.Length > 3 && s[^1] == 's' && s[^2] is not 's' and not 'u' and not 'i')
        {
            s = s[..^1];
        }

        if (s.Length > 3 && s[^1] == 'e')
        {
            s = s[..^1];
        }

        if (s[^1] == 'z')
        {
            s = s[..^1] + "c";
        }
        else if (s.Length > 3 && s[^1] == 'y')
        {
            s = s[..^1] + "i";
        }

        return s;
    }

    // Plurals the rules above would take apart wrongly and that an observatory writes about.
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["lens"] = "lens", ["lenses"] = "lens", ["foci"] = "focus", ["indices"] = "index", ["indexes"] = "index",
    };

    private static string Cut(string word) => word.Length > MaxTermLength ? word[..MaxTermLength] : word;

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static void AppendFolded(StringBuilder sb, Rune rune)
    {
        if (rune.IsAscii)
        {
            sb.Append(char.ToLowerInvariant((char)rune.Value));
            return;
        }

        if (IsMark(rune))
        {
            return;
        }

        var lower = Rune.ToLowerInvariant(rune);
        if (lower.IsBmp && Ligatures.TryGetValue((char)lower.Value, out var spelled))
        {
            sb.Append(spelled);
            return;
        }

        // Compatibility decomposition also spells ligatures and full-width letters plainly (ﬁ, Ｍ).
        var decomposed = lower.ToString().Normalize(NormalizationForm.FormKD);
        foreach (var part in decomposed.EnumerateRunes())
        {
            if (!IsMark(part))
            {
                sb.Append(Rune.ToLowerInvariant(part).ToString());
            }
        }
    }
}
