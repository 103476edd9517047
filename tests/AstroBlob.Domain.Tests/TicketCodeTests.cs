using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Tests;

public class TicketCodeTests
{
    [Theory]
    [InlineData("DEMO", 123, "DEMO-000123")]
    [InlineData("DEMO", 1, "DEMO-000001")]
    [InlineData("OBS2", 999_999, "OBS2-999999")]
    [InlineData("OBS2", 1_234_567, "OBS2-1234567")]
    public void FormatPadsTheNumberToSixDigits(string prefix, long number, string expected) =>
        Assert.Equal(expected, TicketCode.Format(prefix, number));

    [Theory]
    [InlineData("DEMO-000123", "DEMO-000123")]
    [InlineData("demo-000123", "DEMO-000123")]
    [InlineData("Demo-1", "DEMO-1")]
    [InlineData("ab-0", "AB-0")]
    [InlineData("OBS2-123456789012", "OBS2-123456789012")]
    [InlineData("ABCDEFGHIJ-1", "ABCDEFGHIJ-1")]
    public void TryNormalizeAcceptsACodeInAnyCaseAndUpperCasesIt(string raw, string expected)
    {
        Assert.True(TicketCode.TryNormalize(raw, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("DEMO")]
    [InlineData("DEMO-")]
    [InlineData("-12")]
    [InlineData("D-12")]
    [InlineData("DE MO-1")]
    [InlineData(" DEMO-1")]
    [InlineData("DEMO-1 ")]
    [InlineData("DEMO-12a")]
    [InlineData("DEMO--12")]
    [InlineData("DEMO-+12")]
    [InlineData("DEMO-1-2")]
    [InlineData("DEMO_1")]
    [InlineData("1DEMO-1")]
    [InlineData("ABCDEFGHIJK-1")]
    [InlineData("DEMO-1234567890123")]
    [InlineData("DEMOXYZWVU-123456789012345678")]
    [InlineData("../x")]
    [InlineData("..%2Fx")]
    [InlineData("DEMO-1/../../admin")]
    [InlineData("DEMO/1")]
    [InlineData("DÉMO-1")]
    [InlineData("DEMO-١٢٣")]
    [InlineData("DEMO-1'")]
    public void TryNormalizeRejectsWhatCannotBeACode(string? raw)
    {
        Assert.False(TicketCode.TryNormalize(raw, out var code));
        Assert.Equal(string.Empty, code);
    }

    [Fact]
    public void TryNormalizeRejectsOverlyLongInput() =>
        Assert.False(TicketCode.TryNormalize("DEMO-" + new string('1', 1_000), out _));

    [Theory]
    [InlineData("DEMO-000123\n")]
    public void TryNormalizeRejectsATrailingNewline(string raw) =>
        Assert.False(TicketCode.TryNormalize(raw, out _));

    [Theory]
    [InlineData("DEMO", 123)]
    [InlineData("OBS2", 1)]
    [InlineData("ABCDEFGHIJ", 999_999_999_999)]
    public void AFormattedCodeNormalizesToItself(string prefix, long number)
    {
        var formatted = TicketCode.Format(prefix, number);

        Assert.True(TicketCode.TryNormalize(formatted.ToLowerInvariant(), out var code));
        Assert.Equal(formatted, code);
    }

    [Theory]
    [InlineData("DEMO")]
    [InlineData("AB")]
    [InlineData("OBS2")]
    [InlineData("ABCDEFGHIJ")]
    public void IsValidPrefixAcceptsTwoToTenUpperCaseLettersOrDigits(string prefix) =>
        Assert.True(TicketCode.IsValidPrefix(prefix));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("D")]
    [InlineData("demo")]
    [InlineData("Demo")]
    [InlineData("2DEMO")]
    [InlineData("DE-MO")]
    [InlineData("DE MO")]
    [InlineData("ABCDEFGHIJK")]
    [InlineData("DÉMO")]
    [InlineData("../")]
    public void IsValidPrefixRejectsAnythingElse(string? prefix) =>
        Assert.False(TicketCode.IsValidPrefix(prefix));

    [Theory]
    [InlineData("DEMO\n")]
    public void IsValidPrefixRejectsATrailingNewline(string prefix) =>
        Assert.False(TicketCode.IsValidPrefix(prefix));
}
