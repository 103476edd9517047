using AstroBlob.Domain.Knowledge;

namespace AstroBlob.Domain.Tests.Knowledge;

public class SearchTextTests
{
    [Theory]
    [InlineData("CÚPULA", "cupula")]
    [InlineData("Colimación", "colimacion")]
    [InlineData("cu\u0301pula", "cupula")]
    [InlineData("Ñandú pingüino", "nandu pinguino")]
    [InlineData("Straße Æther Øresund", "strasse aether oresund")]
    [InlineData("ＭＯＵＮＴ ﬁlter", "mount filter")]
    [InlineData("İSTANBUL", "istanbul")]
    public void FoldingRemovesAccentsAndCaseTheSameWayForEveryone(string text, string folded)
    {
        Assert.Equal(folded, SearchText.Fold(text));
    }

    [Fact]
    public void TokensAreRunsOfLettersAndDigitsWithTheirPlaceInTheOriginal()
    {
        const string text = "¿La cúpula (M-42) no cierra?";

        var tokens = SearchText.Tokenize(text).ToList();

        Assert.Equal(["la", "cupula", "m", "42", "no", "cierra"], tokens.Select(t => t.Word));
        var cupula = tokens[1];
        Assert.Equal("cúpula", text.Substring(cupula.Start, cupula.Length));
    }

    [Fact]
    public void ACombiningAccentStaysInsideItsWord()
    {
        const string text = "la cu\u0301pula";

        var token = SearchText.Tokenize(text).Last();

        Assert.Equal("cupula", token.Word);
        Assert.Equal("cu\u0301pula", text.Substring(token.Start, token.Length));
    }

    [Fact]
    public void TermsDropSpanishAndEnglishStopWordsAndLoneLetters()
    {
        Assert.Equal(["cupula", "cierra"], SearchText.Terms("La cúpula no cierra y"));
        Assert.Equal(["dom", "clos"], SearchText.Terms("The dome does not close"));
        Assert.Equal(["7", "m42"], SearchText.Terms("a 7 M42"));
    }

    [Fact]
    public void VeryLongWordsAreCut()
    {
        Assert.Equal(SearchText.MaxTermLength, SearchText.Tokenize(new string('a', 500)).Single().Word.Length);
    }

    [Theory]
    [InlineData("motor", "motores")]
    [InlineData("luz", "luces")]
    [InlineData("lápiz", "lápices")]
    [InlineData("lente", "lentes")]
    [InlineData("cúpula", "cúpulas")]
    [InlineData("colimación", "colimaciones")]
    [InlineData("día", "días")]
    [InlineData("mes", "meses")]
    [InlineData("device", "devices")]
    [InlineData("mirror", "mirrors")]
    [InlineData("battery", "batteries")]
    [InlineData("lens", "lenses")]
    [InlineData("glass", "glasses")]
    [InlineData("focus", "focuses")]
    [InlineData("key", "keys")]
    public void SingularAndPluralShareTheirStem(string singular, string plural)
    {
        Assert.Equal(Stem(singular), Stem(plural));
    }

    [Theory]
    [InlineData("análisis", "analisis")]
    [InlineData("status", "status")]
    [InlineData("glass", "glass")]
    [InlineData("m42", "m42")]
    [InlineData("cdk20s", "cdk20s")]
    public void WordsThatOnlyLookPluralKeepTheirS(string word, string stem)
    {
        Assert.Equal(stem, Stem(word));
    }

    [Fact]
    public void AQueryBeingTypedMatchesItsLastWordAsAPrefix()
    {
        var query = SearchQuery.Parse("la cúpula no cierra colim", typing: true);

        Assert.Equal(["cupula", "cierra", "colim"], query.Terms);
        Assert.True(query.LastIsPrefix);
        Assert.True(query.Matches(2, "colimacion"));
        Assert.False(query.Matches(0, "cupulas"));
    }

    [Fact]
    public void AFinishedWordOrASubmittedQueryIsMatchedWhole()
    {
        Assert.False(SearchQuery.Parse("colim ", typing: true).LastIsPrefix);
        Assert.False(SearchQuery.Parse("colim", typing: false).LastIsPrefix);
        Assert.False(SearchQuery.Parse("colim", typing: false).Matches(0, "colimacion"));
    }

    [Fact]
    public void AStopWordBeingTypedIsKeptAsAPrefixBecauseItMayBeginAWord()
    {
        var query = SearchQuery.Parse("cúpula de", typing: true);

        Assert.Equal(["cupula", "de"], query.Terms);
        Assert.True(query.Matches(1, "desmontaje"));
    }

    [Fact]
    public void AQueryKeepsAtMostEightTermsAndNeverTheSameTwice()
    {
        var query = SearchQuery.Parse("uno dos tres cuatro cinco seis siete ocho nueve diez cúpula Cúpulas", typing: false);

        Assert.Equal(SearchQuery.MaxTerms, query.Terms.Count);
        Assert.Equal(query.Terms.Distinct().Count(), query.Terms.Count);
        Assert.True(SearchQuery.Parse("   ", typing: true).IsEmpty);
    }

    private static string Stem(string word) => SearchText.Stem(SearchText.Fold(word));
}
