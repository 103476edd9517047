namespace AstroBlob.Domain.Tests.Sla;

/// <summary>Wall-clock instants in Madrid in 2025, written with their offset so tests read like a diary.</summary>
internal static class At
{
    /// <summary>Winter time (+01:00), before 30 March and from 26 October.</summary>
    public static DateTimeOffset Cet(int month, int day, int hour, int minute = 0) =>
        new(2025, month, day, hour, minute, 0, TimeSpan.FromHours(1));

    /// <summary>Summer time (+02:00), from 30 March to 26 October.</summary>
    public static DateTimeOffset Cest(int month, int day, int hour, int minute = 0) =>
        new(2025, month, day, hour, minute, 0, TimeSpan.FromHours(2));
}
