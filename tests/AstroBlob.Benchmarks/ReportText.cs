using System.Globalization;
using System.Text;

namespace AstroBlob.Benchmarks;

/// <summary>Number formats and the setup table the sections of RESULTS.md share.</summary>
internal static class ReportText
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Line(StringBuilder s, string text = "") => s.Append(text).Append('\n');

    public static string F0(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F0", Inv);

    public static string F1(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : value.ToString("F1", Inv);

    public static string F2(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F2", Inv);

    public static string Percent(double share) => double.IsNaN(share) ? "n/a" : (share * 100).ToString("F0", Inv) + "%";

    /// <summary>A setting's duration: whole seconds as "2 s", anything else in ms.</summary>
    public static string Ms(TimeSpan t) => t.TotalMilliseconds >= 1000 && t.TotalMilliseconds % 1000 == 0
        ? t.TotalSeconds.ToString("0", Inv) + " s"
        : t.TotalMilliseconds.ToString("0", Inv) + " ms";

    /// <summary>The section's heading and the line that says when it ran and for how long.</summary>
    public static void Opening(StringBuilder s, string heading, DateTimeOffset startedAt, TimeSpan duration)
    {
        Line(s, heading);
        Line(s);
        Line(s, $"Run on {startedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Inv)} UTC; the whole command took {duration.TotalMinutes.ToString("F1", Inv)} min.");
        Line(s);
    }

    /// <summary>A "### " heading and a Markdown table: the first <paramref name="textColumns"/> columns left-aligned, the rest (figures) right-aligned.</summary>
    public static void Table(StringBuilder s, string title, IReadOnlyList<string> columns, int textColumns, IEnumerable<IEnumerable<string>> rows)
    {
        Line(s, "### " + title);
        Line(s);
        Line(s, "| " + string.Join(" | ", columns) + " |");
        Line(s, "| " + string.Join(" | ", columns.Select((_, i) => i < textColumns ? "---" : "---:")) + " |");
        foreach (var row in rows)
        {
            Line(s, "| " + string.Join(" | ", row) + " |");
        }
    }

    /// <summary>A "### " heading and one "- " line per sentence.</summary>
    public static void Bullets(StringBuilder s, string title, IEnumerable<string> sentences)
    {
        Line(s, "### " + title);
        Line(s);
        foreach (var sentence in sentences)
        {
            Line(s, "- " + sentence);
        }
    }

    /// <summary>
    /// The "| Setup | |" table: machine, .NET, host code, other load (measured <paramref name="during"/>)
    /// and storage, then any rows of the mode's own.
    /// </summary>
    public static void SetupTable(StringBuilder s, string hostCode, double? othersCpuShare, string during, string azuriteVersion, params string[] moreRows)
    {
        Line(s, "| Setup | |");
        Line(s, "| --- | --- |");
        Line(s, $"| CPU | {MachineFacts.Cpu} |");
        Line(s, $"| OS | {MachineFacts.Os} |");
        Line(s, $"| .NET | {MachineFacts.Dotnet} |");
        Line(s, $"| Host code | {hostCode} |");
        Line(s, $"| Other load | {(othersCpuShare is { } share ? $"other processes used {Percent(share)} of the machine's CPU {during}" : "unknown")} |");
        Line(s, $"| Storage | Azurite {azuriteVersion} (Node.js {MachineFacts.NodeVersion()}), on disk in a temporary directory, same machine |");
        foreach (var row in moreRows)
        {
            Line(s, row);
        }
    }
}
