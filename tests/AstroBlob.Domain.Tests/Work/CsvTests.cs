using System.Text;
using AstroBlob.Domain.Work;

namespace AstroBlob.Domain.Tests.Work;

public class CsvTests
{
    private static string One(params CsvCell[] cells) => Csv.Write([cells], CsvDialect.Spanish);

    [Fact]
    public void SpanishCsvSeparatesWithSemicolonsAndWritesDecimalCommas() =>
        Assert.Equal("Óptica Cañada;12,50;90;true\r\n", One(CsvCell.Of("Óptica Cañada"), CsvCell.Of(12.50m), CsvCell.Of(90L), CsvCell.Of(true)));

    [Fact]
    public void EnglishCsvSeparatesWithCommasAndWritesDecimalPoints() =>
        Assert.Equal("a,12.50\r\n", Csv.Write([[CsvCell.Of("a"), CsvCell.Of(12.50m)]], CsvDialect.English));

    [Theory]
    [InlineData("uno; dos", "\"uno; dos\"")]
    [InlineData("dice \"hola\"", "\"dice \"\"hola\"\"\"")]
    [InlineData("línea 1\nlínea 2", "\"línea 1\nlínea 2\"")]
    [InlineData("coma, sin más", "coma, sin más")]
    public void AFieldIsQuotedOnlyWhenItHoldsTheSeparatorAQuoteOrALineBreak(string text, string field) =>
        Assert.Equal(field, Csv.Field(CsvCell.Of(text), CsvDialect.Spanish));

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+34 922 000 000", "'+34 922 000 000")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("a=b", "a=b")]
    public void TextThatASpreadsheetWouldRunAsAFormulaGetsALeadingApostrophe(string text, string field) =>
        Assert.Equal(field, Csv.Field(CsvCell.Of(text), CsvDialect.Spanish));

    [Fact]
    public void NumbersWeWriteAreNeverTurnedIntoText() =>
        Assert.Equal("-3,25", Csv.Field(CsvCell.Of(-3.25m), CsvDialect.Spanish));

    [Fact]
    public void AMissingValueIsAnEmptyField() =>
        Assert.Equal(";\r\n", One(CsvCell.Of((string?)null), CsvCell.Of((decimal?)null)));

    [Fact]
    public void TheFileIsUtf8WithABomSoExcelKeepsTheAccents()
    {
        var bytes = Csv.Encode("Cúpula\r\n");

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("Cúpula\r\n", Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal(new byte[] { 0xC3, 0xBA }, bytes[4..6]);
    }
}
