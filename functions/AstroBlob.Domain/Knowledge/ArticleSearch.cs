using System.Text;

namespace AstroBlob.Domain.Knowledge;

/// <summary>Where in an article a term occurs. The values are stored in search rows: do not renumber.</summary>
[Flags]
public enum TermPlaces
{
    None = 0,
    Body = 1,
    /// <summary>A tag or the telescope model.</summary>
    Tag = 2,
    Title = 4,
}

/// <summary>The search terms of an article and where each occurs.</summary>
public static class ArticleIndex
{
    /// <summary>
    /// At most this many distinct terms are indexed per article: all of the title, tags and
    /// model, then the body's in order of first appearance. A typical article has a few
    /// hundred; only very long bodies lose their last new words.
    /// </summary>
    public const int MaxTerms = 2000;

    public static IReadOnlyDictionary<string, TermPlaces> Terms(ArticleState article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var terms = new Dictionary<string, TermPlaces>(StringComparer.Ordinal);
        void Add(string text, TermPlaces place)
        {
            foreach (var term in SearchText.Terms(text))
            {
                if (terms.TryGetValue(term, out var places))
                {
                    terms[term] = places | place;
                }
                else if (terms.Count < MaxTerms || place != TermPlaces.Body)
                {
                    terms[term] = place;
                }
            }
        }

        Add(article.Title, TermPlaces.Title);
        foreach (var tag in article.Tags)
        {
            Add(tag, TermPlaces.Tag);
        }

        Add(article.TelescopeModel ?? string.Empty, TermPlaces.Tag);
        Add(Markdown.ToPlainText(article.Body), TermPlaces.Body);
        return terms;
    }
}

/// <summary>
/// What someone asked, as terms. When they are still typing, the last word is a prefix
/// ("colim" finds "colimación"). Stop words are dropped, except a last word being typed
/// ("de" may be the start of "desmontaje").
/// </summary>
public sealed record SearchQuery(IReadOnlyList<string> Terms, bool LastIsPrefix)
{
    public const int MaxTerms = 8;

    public bool IsEmpty => Terms.Count == 0;

    public static SearchQuery Parse(string? text, bool typing)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SearchQuery([], false);
        }

        var words = SearchText.Tokenize(text).Select(t => t.Word).ToList();
        var endsInWord = char.IsLetterOrDigit(text[^1]) || char.GetUnicodeCategory(text[^1]) is System.Globalization.UnicodeCategory.NonSpacingMark;
        var prefix = typing && endsInWord && words.Count > 0 && words[^1].Length >= 2 ? SearchText.Stem(words[^1]) : null;
        var terms = new List<string>();
        foreach (var word in prefix is null ? words : words.Take(words.Count - 1))
        {
            var term = SearchText.Stem(word);
            if (SearchText.IsSearchable(word) && !terms.Contains(term) && terms.Count < MaxTerms)
            {
                terms.Add(term);
            }
        }

        if (prefix is null)
        {
            return new SearchQuery(terms, false);
        }

        // A whole earlier word already asks for what the prefix would.
        terms.Remove(prefix);
        if (terms.Count == MaxTerms)
        {
            terms.RemoveAt(MaxTerms - 1);
        }

        terms.Add(prefix);
        return new SearchQuery(terms, true);
    }

    /// <summary>Whether the query's term number <paramref name="index"/> matches an indexed term.</summary>
    public bool Matches(int index, string indexedTerm)
    {
        ArgumentNullException.ThrowIfNull(indexedTerm);
        var term = Terms[index];
        return LastIsPrefix && index == Terms.Count - 1
            ? indexedTerm.StartsWith(term, StringComparison.Ordinal)
            : indexedTerm == term;
    }
}

/// <summary>How well an article answers a query: first how many of its terms it has, then where.</summary>
public readonly record struct SearchScore(int Coverage, int Points) : IComparable<SearchScore>
{
    public int CompareTo(SearchScore other) =>
        Coverage != other.Coverage ? Coverage.CompareTo(other.Coverage) : Points.CompareTo(other.Points);

    public static bool operator <(SearchScore a, SearchScore b) => a.CompareTo(b) < 0;
    public static bool operator >(SearchScore a, SearchScore b) => a.CompareTo(b) > 0;
    public static bool operator <=(SearchScore a, SearchScore b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SearchScore a, SearchScore b) => a.CompareTo(b) >= 0;
}

/// <summary>Ranks articles: a term in the title outweighs one in the tags, which outweighs one in the body.</summary>
public static class SearchRanking
{
    public static int Weight(TermPlaces places) =>
        (places.HasFlag(TermPlaces.Title) ? 4 : 0) + (places.HasFlag(TermPlaces.Tag) ? 2 : 0) + (places.HasFlag(TermPlaces.Body) ? 1 : 0);

    /// <summary>The score from where each query term was found (index = query term), or null if none was.</summary>
    public static SearchScore? Score(IReadOnlyList<TermPlaces> placesPerQueryTerm)
    {
        ArgumentNullException.ThrowIfNull(placesPerQueryTerm);
        var coverage = placesPerQueryTerm.Count(p => p != TermPlaces.None);
        return coverage == 0 ? null : new SearchScore(coverage, placesPerQueryTerm.Sum(Weight));
    }

    /// <summary>Scores an article's own terms against a query (the truth that search rows are checked against).</summary>
    public static SearchScore? Score(SearchQuery query, IReadOnlyDictionary<string, TermPlaces> articleTerms)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(articleTerms);
        var places = new TermPlaces[query.Terms.Count];
        for (var i = 0; i < places.Length; i++)
        {
            if (query.LastIsPrefix && i == places.Length - 1)
            {
                foreach (var (term, where) in articleTerms)
                {
                    if (query.Matches(i, term))
                    {
                        places[i] |= where;
                    }
                }
            }
            else if (articleTerms.TryGetValue(query.Terms[i], out var where))
            {
                places[i] = where;
            }
        }

        return Score(places);
    }
}

/// <summary>A short excerpt of an article's text around the first word that matched the query.</summary>
public static class Snippet
{
    public const int Length = 200;
    private const int Lead = 60;

    public static string For(string plainText, SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(plainText);
        ArgumentNullException.ThrowIfNull(query);
        var hit = SearchText.Tokenize(plainText)
            .Select(t => (Token: t, Term: SearchText.Stem(t.Word)))
            .FirstOrDefault(t => Enumerable.Range(0, query.Terms.Count).Any(i => query.Matches(i, t.Term)));
        var start = hit.Term is null ? 0 : Math.Max(0, hit.Token.Start - Lead);
        if (start > 0)
        {
            // Begin at a word, not in the middle of one.
            var space = plainText.IndexOfAny([' ', '\n', '\t'], start);
            start = space >= 0 && space < hit.Token.Start ? space + 1 : hit.Token.Start;
        }

        var end = Math.Min(plainText.Length, start + Length);
        if (end < plainText.Length)
        {
            var space = plainText.LastIndexOfAny([' ', '\n', '\t'], end - 1, end - start);
            end = space > start ? space : end;
        }

        var sb = new StringBuilder(Length + 2);
        if (start > 0)
        {
            sb.Append('…');
        }

        var lastWasSpace = false;
        foreach (var c in plainText.AsSpan(start, end - start))
        {
            var space = char.IsWhiteSpace(c);
            if (!space || !lastWasSpace)
            {
                sb.Append(space ? ' ' : c);
            }

            lastWasSpace = space;
        }

        var text = sb.ToString().Trim();
        return end < plainText.Length ? text + "…" : text;
    }
}
