using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Desk;

public class TagRulesTests
{
    [Theory]
    [InlineData("  Óptica ", "óptica")]
    [InlineData("CÚPULA", "cúpula")]
    [InlineData("cable   de\tencoder", "cable de encoder")]
    [InlineData("o\u0301ptica", "óptica")]
    [InlineData("v2.1_beta-x", "v2.1_beta-x")]
    public void TagsAreTrimmedLowerCasedAndCollapsedWithTheirAccentsKept(string raw, string expected) =>
        Assert.Equal(expected, TagRules.Normalize(raw));

    [Fact]
    public void AnAccentMakesADifferentTag() =>
        Assert.NotEqual(TagRules.Normalize("óptica"), TagRules.Normalize("optica"));

    [Theory]
    [InlineData("a/b")]
    [InlineData("urgente!")]
    [InlineData("a|b")]
    [InlineData("🔭")]
    [InlineData("a\u0000b")]
    public void TagsWithOtherCharactersAreRefused(string raw) =>
        AssertRefused(DomainErrorKind.Invalid, "invalid_tag", () => TagRules.Normalize(raw));

    [Fact]
    public void ATagIsRequiredAndBounded()
    {
        AssertRefused(DomainErrorKind.Invalid, "required", () => TagRules.Normalize("   "));
        Assert.Equal(40, TagRules.Normalize(new string('a', TagRules.MaxLength) + "   ").Length);
        var e = AssertRefused(DomainErrorKind.Invalid, "too_long", () => TagRules.Normalize(new string('a', TagRules.MaxLength + 1)));
        Assert.Equal("tag", e.Data["field"]);
    }

    [Fact]
    public void AddingATagTheTicketHasChangesNothing()
    {
        var tags = new TicketTags(["óptica"]);
        Assert.False(tags.Add("óptica"));
        Assert.True(tags.Add("cúpula"));
        Assert.Equal(["cúpula", "óptica"], tags.Tags);
    }

    [Fact]
    public void ATicketHoldsABoundedNumberOfTags()
    {
        var tags = new TicketTags(Enumerable.Range(0, TagRules.MaxPerTicket).Select(i => $"t{i}"));
        AssertRefused(DomainErrorKind.Conflict, "too_many_tags", () => tags.Add("one-more"));
        Assert.False(tags.Add("t3"));
        Assert.Equal(TagRules.MaxPerTicket, tags.Tags.Count);
    }

    [Fact]
    public void RemovingTellsWhetherTheTicketHadTheTag()
    {
        var tags = new TicketTags(["óptica", "cúpula"]);
        Assert.True(tags.Remove("óptica"));
        Assert.False(tags.Remove("óptica"));
        Assert.Equal(["cúpula"], tags.Tags);
    }
}
