using System.Globalization;
using System.Text;

namespace AstroBlob.Domain.Work;

/// <summary>
/// How a CSV file is written for the spreadsheet that will open it. Excel takes the field
/// separator and the decimal mark from the computer's regional settings and offers no choice on
/// double-click, so there is no single CSV that opens right everywhere:
/// <list type="bullet">
/// <item><see cref="Spanish"/> (the default, as the product is Spanish-first): <c>;</c> between
/// fields and a decimal comma, which is what Excel and LibreOffice in Spanish expect (the comma is
/// the decimal mark there, so it cannot also separate fields).</item>
/// <item><see cref="English"/>: <c>,</c> and a decimal point, for English-locale spreadsheets.</item>
/// </list>
/// A <c>sep=;</c> first line would force the separator in Excel, but Excel then ignores the BOM
/// and garbles accents, so it is not used. Numbers have no thousands separator.
/// </summary>
public sealed record CsvDialect(string Name, char Separator, char DecimalMark)
{
    public static readonly CsvDialect Spanish = new("es", ';', ',');
    public static readonly CsvDialect English = new("en", ',', '.');

    public static CsvDialect? Named(string? name) => name switch
    {
        "es" => Spanish,
        "en" => English,
        _ => null,
    };
}

/// <summary>A cell: text (escaped against formula injection) or a number (written in the dialect).</summary>
public readonly record struct CsvCell(string? Text, decimal? Number, bool IsNumber)
{
    public static CsvCell Of(string? text) => new(text, null, false);

    public static CsvCell Of(decimal? number) => new(null, number, true);

    public static CsvCell Of(long? number) => new(null, number, true);

    public static CsvCell Of(bool value) => new(value ? "true" : "false", null, false);

    public static CsvCell Of(DateOnly date) => new(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, false);

    public static CsvCell Of(DateTimeOffset? at) =>
        new(at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), null, false);
}

/// <summary>
/// Writes RFC 4180 CSV: CRLF line ends, a field quoted when it holds the separator, a quote or
/// a line break, quotes doubled; UTF-8 with a BOM, without which Excel reads accents as
/// Windows-1252. Text that a spreadsheet would run as a formula (starting with = + - @, tab or
/// carriage return) gets a leading apostrophe, as OWASP advises: a customer's ticket title must
/// not become a live formula on an admin's computer.
/// </summary>
public static class Csv
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string Write(IEnumerable<IReadOnlyList<CsvCell>> rows, CsvDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(dialect);
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(dialect.Separator);
                }

                sb.Append(Field(row[i], dialect));
            }

            sb.Append("\r\n");
        }

        return sb.ToString();
    }

    /// <summary>The file's bytes: a UTF-8 BOM, then the text.</summary>
    public static byte[] Encode(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(csv)];
    }

    public static string Field(CsvCell cell, CsvDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        if (cell.IsNumber)
        {
            return cell.Number is { } n ? Number(n, dialect) : string.Empty;
        }

        var text = Neutralise(cell.Text ?? string.Empty);
        var mustQuote = text.Contains(dialect.Separator, StringComparison.Ordinal)
            || text.Contains('"', StringComparison.Ordinal)
            || text.Contains('\n', StringComparison.Ordinal)
            || text.Contains('\r', StringComparison.Ordinal);
        return mustQuote ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && FormulaStarts.Contains(text[0]) ? "'" + text : text;
    }

    public static string Number(decimal value, CsvDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var text = value.ToString(CultureInfo.InvariantCulture);
        return dialect.DecimalMark == '.' ? text : text.Replace('.', dialect.DecimalMark);
    }
}
