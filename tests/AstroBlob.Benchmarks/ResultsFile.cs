using System.Text;

namespace AstroBlob.Benchmarks;

/// <summary>tests/AstroBlob.Benchmarks/RESULTS.md: one "## " section per mode, each rewritten by its own mode only.</summary>
internal static class ResultsFile
{
    private const string FileTitle = "# AstroBlob benchmark results";

    public static string PathIn(string root) => Path.Combine(root, "tests", "AstroBlob.Benchmarks", "RESULTS.md");

    /// <summary>Prints the section, and records it in RESULTS.md unless the options say not to.</summary>
    public static async Task RecordAsync(string root, string heading, string markdown, bool write, bool quick)
    {
        Console.WriteLine();
        Console.WriteLine(markdown);
        var path = PathIn(root);
        if (write)
        {
            WriteSection(path, heading, markdown);
            await Console.Error.WriteLineAsync($"Wrote the '{heading}' section of {path}");
        }
        else
        {
            await Console.Error.WriteLineAsync("RESULTS.md left unchanged (" + (quick ? "a --quick run; add --write to record it" : "--no-write") + ").");
        }
    }

    /// <summary>
    /// Replaces the section from <paramref name="heading"/> up to the next "## " heading, or
    /// appends it; every other byte of the file stays as it was (encoding mark and line endings included).
    /// </summary>
    public static void WriteSection(string path, string heading, string section)
    {
        var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var text = bytes.Length == 0
            ? FileTitle + "\n\nOne section per measured issue; each is rewritten by the command it names.\n"
            : new UTF8Encoding(false).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = section.ReplaceLineEndings("\n").TrimEnd('\n').Replace("\n", newline, StringComparison.Ordinal) + newline;

        var start = FindLine(text, heading, 0);
        if (start < 0)
        {
            var separator = text.Length == 0 ? string.Empty : text.EndsWith(newline + newline, StringComparison.Ordinal) ? string.Empty : text.EndsWith(newline, StringComparison.Ordinal) ? newline : newline + newline;
            text = text + separator + body;
        }
        else
        {
            var next = FindLine(text, "## ", start + heading.Length, prefix: true);
            text = next < 0 ? text[..start] + body : text[..start] + body + newline + text[next..];
        }

        var output = new UTF8Encoding(false).GetBytes(text);
        File.WriteAllBytes(path, bom ? [0xEF, 0xBB, 0xBF, .. output] : output);
    }

    /// <summary>The lines of <paramref name="heading"/>'s section (up to the next "## " heading), or none.</summary>
    public static IReadOnlyList<string> ReadSection(string path, string heading)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == heading);
        if (start < 0)
        {
            return [];
        }

        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return lines[start..(end < 0 ? lines.Length : end)];
    }

    /// <summary>Index of the first line (at or after <paramref name="from"/>) equal to, or starting with, <paramref name="line"/>.</summary>
    private static int FindLine(string text, string line, int from, bool prefix = false)
    {
        for (var i = from; i < text.Length;)
        {
            var atLineStart = i == 0 || text[i - 1] == '\n';
            if (atLineStart && string.CompareOrdinal(text, i, line, 0, line.Length) == 0)
            {
                var after = i + line.Length;
                if (prefix || after == text.Length || text[after] is '\n' or '\r' or ' ' or '\t')
                {
                    return i;
                }
            }

            var nl = text.IndexOf('\n', i);
            if (nl < 0)
            {
                return -1;
            }

            i = nl + 1;
        }

        return -1;
    }
}
