using System.Globalization;

namespace AstroBlob.Benchmarks;

/// <summary>The flags every mode takes: --quick, --write / --no-write, --help.</summary>
internal sealed record CommonFlags(bool Quick, bool? Write, bool Help)
{
    /// <summary>A full run records its figures; a --quick one only when asked to.</summary>
    public bool WriteResults => Write ?? !Quick;
}

/// <summary>The arguments being walked: the option at hand and a way to take its value.</summary>
internal sealed class ArgumentCursor(IReadOnlyList<string> args)
{
    private int _index = -1;

    public string Current => args[_index];

    public bool MoveNext() => ++_index < args.Count;

    /// <summary>The argument after the current option.</summary>
    public string Value() =>
        _index + 1 < args.Count ? args[++_index] : throw new BenchmarkException($"{Current} needs a value.");

    /// <summary>The current option's value as a whole number from 1 to 100000.</summary>
    public int PositiveInt() => CommandLine.PositiveInt(Current, Value());
}

internal static class CommandLine
{
    /// <summary>
    /// Walks <paramref name="args"/>: handles the common flags, skips <paramref name="modeSwitch"/>
    /// (the flag that chose the mode; null for the default mode) and hands every other option to
    /// <paramref name="option"/>, which returns false for one it does not know. Stops at --help,
    /// since nothing but the usage will be printed.
    /// </summary>
    public static CommonFlags Parse(IReadOnlyList<string> args, string? modeSwitch, string usage, Func<string, ArgumentCursor, bool> option)
    {
        var quick = false;
        bool? write = null;
        var cursor = new ArgumentCursor(args);
        while (cursor.MoveNext())
        {
            switch (cursor.Current)
            {
                case var mode when mode == modeSwitch:
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--write":
                    write = true;
                    break;
                case "--no-write":
                    write = false;
                    break;
                case "--help" or "-h":
                    return new CommonFlags(quick, write, Help: true);
                case var other when !option(other, cursor):
                    throw new BenchmarkException($"Unknown option '{other}'{(modeSwitch is null ? string.Empty : " for " + modeSwitch)}.\n\n{usage}");
                default:
                    break;
            }
        }

        return new CommonFlags(quick, write, Help: false);
    }

    public static int PositiveInt(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000
            ? n
            : throw new BenchmarkException($"{option}: '{text}' is not a whole number from 1 to 100000.");
}
