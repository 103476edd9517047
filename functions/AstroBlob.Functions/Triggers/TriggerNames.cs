namespace AstroBlob.Functions.Triggers;

/// <summary>
/// Azure's naming rules, checked where functions are registered so that a bad name fails the
/// build of the service collection instead of a listener at run time.
/// </summary>
internal static class TriggerNames
{
    public const string PoisonSuffix = "-poison";
    private const int MaxLength = 63;
    private const int MaxTimerNameLength = 200;

    /// <summary>Why <paramref name="fullName"/> (prefix + name + "-poison" must also fit) is not a valid queue name, or null.</summary>
    public static string? QueueProblem(string fullName)
    {
        if (NameProblem(fullName) is { } problem)
        {
            return problem;
        }

        return fullName.Length + PoisonSuffix.Length > MaxLength
            ? $"is too long: its poison queue '{fullName}{PoisonSuffix}' would exceed {MaxLength} characters."
            : null;
    }

    /// <summary>Blob containers follow the same rules as queues.</summary>
    public static string? ContainerProblem(string fullName) => NameProblem(fullName);

    public static string? PrefixProblem(string prefix)
    {
        if (prefix.Length == 0)
        {
            return null;
        }

        if (!prefix.All(IsAllowed))
        {
            return "may contain only lowercase letters, digits and hyphens.";
        }

        return char.IsAsciiLetterOrDigit(prefix[0]) ? null : "must start with a letter or digit.";
    }

    public static string? TimerNameProblem(string name)
    {
        if (name.Length is 0 or > MaxTimerNameLength)
        {
            return $"must have 1 to {MaxTimerNameLength} characters.";
        }

        // It names the lease blob; keep it to characters that need no escaping anywhere.
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? null
            : "may contain only letters, digits, '-', '_' and '.'.";
    }

    private static string? NameProblem(string name)
    {
        if (name.Length is < 3 or > MaxLength)
        {
            return $"must have 3 to {MaxLength} characters (lowercase letters, digits, hyphens).";
        }

        if (!name.All(IsAllowed))
        {
            return "may contain only lowercase letters, digits and hyphens.";
        }

        if (name[0] == '-' || name[^1] == '-')
        {
            return "must start and end with a letter or digit.";
        }

        return name.Contains("--", StringComparison.Ordinal) ? "must not contain consecutive hyphens." : null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-';
}
