using AstroBlob.Domain.Common;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests;

public class ValidationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void ATitleIsRequired(string? title)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "required", () => Validate.Title(title));

        Assert.Equal("title", e.Data["field"]);
    }

    [Fact]
    public void ATitleMayHaveTwoHundredCharactersButNotMore()
    {
        Validate.Title(new string('t', Limits.TitleMax));

        var e = AssertRefused(DomainErrorKind.Invalid, "too_long", () => Validate.Title(new string('t', Limits.TitleMax + 1)));
        Assert.Equal("title", e.Data["field"]);
    }

    [Fact]
    public void AMessageBodyMayHaveSixtyFourThousandCharactersButNotMore()
    {
        Validate.MessageBody(new string('m', 64_000));

        var e = AssertRefused(DomainErrorKind.Invalid, "too_long", () => Validate.MessageBody(new string('m', 64_001)));
        Assert.Equal("body", e.Data["field"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n ")]
    public void AMessageBodyIsRequired(string? body) =>
        AssertRefused(DomainErrorKind.Invalid, "required", () => Validate.MessageBody(body));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ADescriptionMayBeEmpty(string? description) => Validate.Description(description);

    [Fact]
    public void ADescriptionMayHaveTwentyThousandCharactersButNotMore()
    {
        Validate.Description(new string('d', Limits.DescriptionMax));

        AssertRefused(DomainErrorKind.Invalid, "too_long", () => Validate.Description(new string('d', Limits.DescriptionMax + 1)));
    }

    [Theory]
    [InlineData("Line one\nline two")]
    [InlineData("Windows\r\nline")]
    [InlineData("Column\tcolumn")]
    [InlineData("Ünïcödé ✓ 望遠鏡 🔭")]
    public void TabsAndLineBreaksAreNotControlCharacters(string text)
    {
        Validate.Title(text);
        Validate.Description(text);
        Validate.MessageBody(text);
    }

    [Theory]
    [InlineData("nul\0byte")]
    [InlineData("bell\u0007")]
    [InlineData("escape\u001b[31m")]
    [InlineData("backspace\b")]
    [InlineData("form\ffeed")]
    [InlineData("vertical\vtab")]
    [InlineData("delete\u007f")]
    [InlineData("next\u0085line")]
    public void ControlCharactersAreRefused(string text)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "control_characters", () => Validate.MessageBody(text));
        Assert.Equal("body", e.Data["field"]);

        AssertRefused(DomainErrorKind.Invalid, "control_characters", () => Validate.Title(text));
        AssertRefused(DomainErrorKind.Invalid, "control_characters", () => Validate.Description(text));
    }

    [Fact]
    public void LengthIsCheckedBeforeControlCharacters() =>
        AssertRefused(DomainErrorKind.Invalid, "too_long", () => Validate.Length("notes", new string('\0', Limits.NotesMax + 1), Limits.NotesMax));

    [Theory]
    [InlineData("ada@example.org", "ada@example.org")]
    [InlineData("Ada.Lovelace@Example.ORG", "ada.lovelace@example.org")]
    [InlineData("  ada@example.org \n", "ada@example.org")]
    [InlineData("ada+tickets@obs.example.co.uk", "ada+tickets@obs.example.co.uk")]
    public void AnEmailIsTrimmedAndLowerCased(string raw, string expected) =>
        Assert.Equal(expected, Validate.Email(raw));

    [Theory]
    [InlineData("a@")]
    [InlineData("@b.c")]
    [InlineData("a")]
    [InlineData("a b@c.d")]
    [InlineData("a@b c.d")]
    [InlineData("<a@b.c>")]
    [InlineData("Ada <a@b.c>")]
    [InlineData("\"Ada\" <a@b.c>")]
    [InlineData("a@b.c, d@e.f")]
    [InlineData("a@b.c;d@e.f")]
    [InlineData("a@@b.c")]
    [InlineData("a@b.c\nBcc: x@y.z")]
    [InlineData("a@b.c\r\nBcc: x@y.z")]
    public void GarbageIsNotAnEmail(string raw)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "invalid_email", () => Validate.Email(raw));

        Assert.Equal("email", e.Data["field"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AnEmailIsRequired(string? raw) =>
        AssertRefused(DomainErrorKind.Invalid, "required", () => Validate.Email(raw));

    [Fact]
    public void AnEmailMayNotExceedTheLimit()
    {
        var local = new string('a', 64);
        var longest = $"{local}@{new string('b', Limits.EmailMax - local.Length - 1 - 4)}.com";
        Assert.Equal(Limits.EmailMax, longest.Length);

        AssertRefused(DomainErrorKind.Invalid, "too_long", () => Validate.Email("x" + longest));
    }

    [Fact]
    public void AnEmailWithAControlCharacterIsRefused() =>
        AssertRefused(DomainErrorKind.Invalid, "control_characters", () => Validate.Email("a\u0000@b.c"));

    [Theory]
    [InlineData(10)]
    [InlineData(64)]
    [InlineData(200)]
    public void APasswordOfTenToTwoHundredCharactersIsAccepted(int length) =>
        Validate.Password(new string('p', length));

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(201)]
    public void APasswordOutsideTenToTwoHundredCharactersIsWeak(int length)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "weak_password", () => Validate.Password(new string('p', length)));

        Assert.Equal("password", e.Data["field"]);
    }

    [Fact]
    public void AMissingPasswordIsWeak() =>
        AssertRefused(DomainErrorKind.Invalid, "weak_password", () => Validate.Password(null));

    [Fact]
    public void DomainExceptionsCarryTheirKindAndCode()
    {
        Assert.Equal((DomainErrorKind.Invalid, "a"), (DomainException.Invalid("a", "m").Kind, DomainException.Invalid("a", "m").Code));
        Assert.Equal(DomainErrorKind.Forbidden, DomainException.Forbidden("b", "m").Kind);
        Assert.Equal(DomainErrorKind.Conflict, DomainException.Conflict("c", "m").Kind);
        Assert.Equal("why", DomainException.Conflict("c", "why").Message);
    }
}
