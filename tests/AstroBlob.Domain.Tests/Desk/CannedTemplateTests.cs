using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Desk;

public class CannedTemplateTests
{
    private static readonly PlaceholderValues Values = new("Observatorio Acme", "DEMO-000042", "Newton 10\"", "Tomás Técnico");

    [Fact]
    public void SpanishAndEnglishPlaceholdersFillTheSameValues()
    {
        var spanish = CannedTemplate.Render("Hola {{cliente}}: {{código}} ({{telescopio}}). {{técnico}}", Values);
        var english = CannedTemplate.Render("Hola {{customer}}: {{ticket}} ({{telescope}}). {{agent}}", Values);

        Assert.Equal("Hola Observatorio Acme: DEMO-000042 (Newton 10\"). Tomás Técnico", spanish.Text);
        Assert.Equal(spanish.Text, english.Text);
        Assert.Empty(spanish.Missing);
    }

    [Theory]
    [InlineData("{{ Cliente }}")]
    [InlineData("{{CUSTOMER}}")]
    [InlineData("{{ codigo}}")]
    [InlineData("{{Código}}")]
    public void PlaceholdersIgnoreCaseSpacesAndTheMissingAccent(string body)
    {
        CannedTemplate.Validated("t", body);
        Assert.DoesNotContain("{{", CannedTemplate.Render(body, Values).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ADecomposedAccentIsTheSamePlaceholder()
    {
        var decomposed = "{{te\u0301cnico}}";
        Assert.Equal("Tomás Técnico", CannedTemplate.Render(decomposed, Values).Text);
    }

    [Theory]
    [InlineData("Hola {{nombre}}", "unknown_placeholder")]
    [InlineData("Hola {{cliente}", "unclosed_placeholder")]
    [InlineData("Hola {{cliente\n}}", "unclosed_placeholder")]
    [InlineData("Hola {{{cliente}}}", "unknown_placeholder")]
    [InlineData("Hola {{}}", "unknown_placeholder")]
    public void AnUnknownOrUnclosedPlaceholderIsRefusedAtSaveTime(string body, string code)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, code, () => CannedTemplate.Validated("Saludo", body));
        Assert.Equal("body", e.Data["field"]);
    }

    [Fact]
    public void TheRefusalNamesTheUnknownPlaceholderAndTheValidOnes()
    {
        var e = Assert.Throws<DomainException>(() => CannedTemplate.Validated("Saludo", "Hola {{nombre}}"));
        Assert.Contains("{{nombre}}", e.Message, StringComparison.Ordinal);
        Assert.Contains("{{cliente}}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SingleBracesArePlainText()
    {
        var (_, body) = CannedTemplate.Validated("JSON", "Envíe {\"a\": 1} y }} suelto");
        Assert.Equal(body, CannedTemplate.Render(body, Values).Text);
        Assert.Empty(CannedTemplate.Used(body));
    }

    [Fact]
    public void APlaceholderWithoutAValueIsLeftEmptyAndReported()
    {
        var rendered = CannedTemplate.Render("Su {{telescopio}} y {{telescope}} de {{cliente}}", Values with { Telescope = null });

        Assert.Equal("Su  y  de Observatorio Acme", rendered.Text);
        Assert.Equal([Placeholder.Telescope], rendered.Missing);
    }

    [Fact]
    public void TitleAndBodyAreRequiredAndTrimmed()
    {
        Assert.Equal(("Saludo", "Hola"), CannedTemplate.Validated("  Saludo ", "\n Hola \n"));
        AssertRefused(DomainErrorKind.Invalid, "required", () => CannedTemplate.Validated(" ", "Hola"));
        AssertRefused(DomainErrorKind.Invalid, "required", () => CannedTemplate.Validated("Saludo", null));
        AssertRefused(DomainErrorKind.Invalid, "too_long", () => CannedTemplate.Validated("Saludo", new string('x', CannedTemplate.BodyMax + 1)));
    }

    [Fact]
    public void TooManyPlaceholdersAreRefusedSoTheFilledTextStaysBounded()
    {
        var body = string.Concat(Enumerable.Repeat("{{agent}}", CannedTemplate.MaxPlaceholders + 1));
        AssertRefused(DomainErrorKind.Invalid, "too_many_placeholders", () => CannedTemplate.Validated("Muchos", body));
    }

    [Fact]
    public void UsedListsEachPlaceholderOnceInOrderOfFirstUse()
    {
        Assert.Equal([Placeholder.Agent, Placeholder.Ticket], CannedTemplate.Used("{{técnico}} {{ticket}} {{agent}}"));
    }
}
