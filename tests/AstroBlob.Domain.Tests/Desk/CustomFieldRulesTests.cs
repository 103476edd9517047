using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Desk;

public class CustomFieldRulesTests
{
    private static CustomFieldDefinition Field(CustomFieldKind kind, string key = "f", params string[] options) =>
        new() { Key = key, Label = "Campo", Kind = kind, Options = options };

    [Theory]
    [InlineData("12", "12")]
    [InlineData("12.500", "12.5")]
    [InlineData("-0.25", "-0.25")]
    [InlineData(" 7 ", "7")]
    [InlineData("999999999999.99", "999999999999.99")]
    public void NumbersAreStoredWithoutTrailingZeros(string raw, string stored) =>
        Assert.Equal(stored, CustomFieldRules.Canonical(Field(CustomFieldKind.Number), raw));

    [Theory]
    [InlineData("12,5")]
    [InlineData("1e3")]
    [InlineData("doce")]
    [InlineData("1000000000000")]
    [InlineData("0x10")]
    public void NumbersMustBePlainDecimalsOfSaneSize(string raw) =>
        AssertRefused(DomainErrorKind.Invalid, "invalid_field_value", () => CustomFieldRules.Canonical(Field(CustomFieldKind.Number), raw));

    [Fact]
    public void DatesAreIsoCalendarDates()
    {
        Assert.Equal("2026-02-28", CustomFieldRules.Canonical(Field(CustomFieldKind.Date), "2026-02-28"));
        AssertRefused(DomainErrorKind.Invalid, "invalid_field_value", () => CustomFieldRules.Canonical(Field(CustomFieldKind.Date), "2026-02-30"));
        AssertRefused(DomainErrorKind.Invalid, "invalid_field_value", () => CustomFieldRules.Canonical(Field(CustomFieldKind.Date), "28/02/2026"));
    }

    [Fact]
    public void AChoiceTakesTheOptionsOwnSpellingAndNothingElse()
    {
        var field = Field(CustomFieldKind.Choice, "montura", "Ecuatorial", "Altazimutal");
        Assert.Equal("Altazimutal", CustomFieldRules.Canonical(field, "altazimutal"));
        AssertRefused(DomainErrorKind.Invalid, "invalid_field_value", () => CustomFieldRules.Canonical(field, "Dobson"));
    }

    [Fact]
    public void AnEmptyValueClearsAndTextIsBounded()
    {
        Assert.Null(CustomFieldRules.Canonical(Field(CustomFieldKind.Text), "   "));
        AssertRefused(DomainErrorKind.Invalid, "too_long", () => CustomFieldRules.Canonical(Field(CustomFieldKind.Text), new string('x', CustomFieldRules.TextMax + 1)));
        AssertRefused(DomainErrorKind.Invalid, "control_characters", () => CustomFieldRules.Canonical(Field(CustomFieldKind.Text), "a\u0000b"));
    }

    [Theory]
    [InlineData("Serial")]
    [InlineData("1serial")]
    [InlineData("serial-no")]
    [InlineData("")]
    [InlineData("a_key_that_is_much_longer_than_forty_chars")]
    public void KeysAreShortLowerCaseIdentifiers(string key) =>
        AssertRefused(DomainErrorKind.Invalid, "invalid_field_key", () => CustomFieldRules.Define([Field(CustomFieldKind.Text, key)], CustomFieldSet.Empty));

    [Fact]
    public void DefinitionsAreCheckedAsAWhole()
    {
        AssertRefused(DomainErrorKind.Invalid, "duplicate_field_key", () => CustomFieldRules.Define([Field(CustomFieldKind.Text, "a"), Field(CustomFieldKind.Date, "a")], CustomFieldSet.Empty));
        AssertRefused(DomainErrorKind.Invalid, "invalid_options", () => CustomFieldRules.Define([Field(CustomFieldKind.Choice, "c")], CustomFieldSet.Empty));
        AssertRefused(DomainErrorKind.Invalid, "invalid_options", () => CustomFieldRules.Define([Field(CustomFieldKind.Choice, "c", "Sí", "sí")], CustomFieldSet.Empty));
        AssertRefused(DomainErrorKind.Invalid, "invalid_options", () => CustomFieldRules.Define([Field(CustomFieldKind.Text, "t", "x")], CustomFieldSet.Empty));
        AssertRefused(DomainErrorKind.Invalid, "required", () => CustomFieldRules.Define([Field(CustomFieldKind.Text) with { Label = " " }], CustomFieldSet.Empty));
        AssertRefused(DomainErrorKind.Invalid, "too_many_fields", () => CustomFieldRules.Define(
            [.. Enumerable.Range(0, CustomFieldRules.MaxFields + 1).Select(i => Field(CustomFieldKind.Text, "f" + i))], CustomFieldSet.Empty));
    }

    [Fact]
    public void AKeyKeepsItsKindButMayBeRelabelledOrRemoved()
    {
        var before = new CustomFieldSet(CustomFieldRules.Define([Field(CustomFieldKind.Number, "hours")], CustomFieldSet.Empty));
        AssertRefused(DomainErrorKind.Conflict, "field_kind_changed", () => CustomFieldRules.Define([Field(CustomFieldKind.Text, "hours")], before));
        var relabelled = CustomFieldRules.Define([Field(CustomFieldKind.Number, "hours") with { Label = " Horas ", LabelEn = "Hours" }], before);
        Assert.Equal(("Horas", "Hours"), (relabelled[0].Label, relabelled[0].LabelEn));
        Assert.Empty(CustomFieldRules.Define([], before));
    }
}
