using AstroBlob.Domain.Knowledge;

namespace AstroBlob.Domain.Tests.Knowledge;

public class ArticleSearchTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private static ArticleState ArticleOf(string title, string body, string[]? tags = null, string? model = null) => new()
    {
        Id = "a1",
        Title = title,
        Body = body,
        Tags = tags ?? [],
        TelescopeModel = model,
        Visibility = ArticleVisibility.CustomerFacing,
        AuthorId = "u1",
        AuthorName = "Tomás",
        CreatedAt = At,
        UpdatedAt = At,
        UpdatedById = "u1",
        UpdatedByName = "Tomás",
    };

    private static string Term(string word) => SearchText.Stem(SearchText.Fold(word));

    [Fact]
    public void AnArticleIsIndexedByWhereEachTermOccurs()
    {
        var terms = ArticleIndex.Terms(ArticleOf("Colimación del secundario", "Afloje el **secundario** y mire [la guía](https://example.org/colimacion-avanzada).", ["Óptica"], "PlaneWave CDK20"));

        Assert.Equal(TermPlaces.Title, terms["colimacion"]);
        Assert.Equal(TermPlaces.Title | TermPlaces.Body, terms["secundario"]);
        Assert.Equal(TermPlaces.Tag, terms[Term("Óptica")]);
        Assert.Equal(TermPlaces.Tag, terms["cdk20"]);
        Assert.Equal(TermPlaces.Body, terms[Term("afloje")]);
        Assert.False(terms.ContainsKey("avanzada"), "addresses of links are not text");
        Assert.False(terms.ContainsKey("del"), "stop words are not indexed");
    }

    [Fact]
    public void AHugeBodyIndexesAtMostTheCapButAlwaysItsTitle()
    {
        var body = string.Join(' ', Enumerable.Range(0, ArticleIndex.MaxTerms + 500).Select(i => "w" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)));

        var terms = ArticleIndex.Terms(ArticleOf("Montura", body));

        Assert.Equal(ArticleIndex.MaxTerms, terms.Count);
        Assert.Equal(TermPlaces.Title, terms["montura"]);
    }

    [Fact]
    public void ATitleHitRanksAboveATagHitAboveABodyHit()
    {
        var query = SearchQuery.Parse("colimacion", typing: false);
        var inTitle = SearchRanking.Score(query, ArticleIndex.Terms(ArticleOf("Colimación", "Texto.")));
        var inTag = SearchRanking.Score(query, ArticleIndex.Terms(ArticleOf("Óptica", "Texto.", ["colimación"])));
        var inBody = SearchRanking.Score(query, ArticleIndex.Terms(ArticleOf("Óptica", "Sobre la colimación.")));

        Assert.NotNull(inTitle);
        Assert.True(inTitle > inTag);
        Assert.True(inTag > inBody);
    }

    [Fact]
    public void MatchingMoreOfTheQueryRanksAboveMatchingOneWordWell()
    {
        var query = SearchQuery.Parse("cúpula motor", typing: false);
        var both = SearchRanking.Score(query, ArticleIndex.Terms(ArticleOf("Avería", "La cúpula y su motor.")));
        var oneInTitle = SearchRanking.Score(query, ArticleIndex.Terms(ArticleOf("Cúpula", "Nada más.")));

        Assert.True(both > oneInTitle);
        Assert.Null(SearchRanking.Score(query, ArticleIndex.Terms(ArticleOf("Filtros", "Rueda de filtros."))));
    }

    [Fact]
    public void APrefixMatchesEveryTermThatStartsWithIt()
    {
        var query = SearchQuery.Parse("colim", typing: true);

        var score = SearchRanking.Score(query, ArticleIndex.Terms(ArticleOf("Guía", "Colimación y colimador.")));

        Assert.Equal(new SearchScore(1, 1), score);
    }

    [Fact]
    public void ASnippetQuotesTheTextAroundTheFirstHitWhateverItsAccents()
    {
        var text = string.Concat(Enumerable.Repeat("Texto de relleno sin interés. ", 10)) + "Para la COLIMACIÓN use el láser. " + string.Concat(Enumerable.Repeat("Más relleno. ", 30));

        var snippet = Snippet.For(text, SearchQuery.Parse("colimacion", typing: false));

        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet, StringComparison.Ordinal);
        Assert.Contains("Para la COLIMACIÓN use el láser.", snippet, StringComparison.Ordinal);
        Assert.True(snippet.Length <= Snippet.Length + 2);
        Assert.DoesNotContain("  ", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutABodyHitTheSnippetIsTheBeginning()
    {
        Assert.Equal("Pasos: 1. abrir", Snippet.For("Pasos:\n\n1. abrir", SearchQuery.Parse("cupula", typing: false)));
    }
}
