using Cronos;

namespace AstroBlob.Functions.Triggers;

internal static class CronSchedule
{
    /// <summary>
    /// The latest occurrence in (<paramref name="after"/>, <paramref name="until"/>], or null when
    /// there is none. Bisects instead of enumerating, so an every-second schedule and a gap of
    /// months costs some sixty look-ups, not millions.
    /// </summary>
    public static DateTimeOffset? LatestBetween(this CronExpression cron, DateTimeOffset after, DateTimeOffset until)
    {
        var first = cron.GetNextOccurrence(after, TimeZoneInfo.Utc);
        if (first is null || first > until)
        {
            return null;
        }

        // Invariant: found is an occurrence <= hi, and no occurrence lies in (hi, until].
        var found = first.Value;
        var hi = until;
        while (cron.GetNextOccurrence(found, TimeZoneInfo.Utc) is { } next && next <= hi)
        {
            var mid = found + ((hi - found) / 2);
            if (cron.GetNextOccurrence(mid, TimeZoneInfo.Utc) is { } beyond && beyond <= hi)
            {
                found = beyond;
            }
            else
            {
                hi = mid;
                found = next;
            }
        }

        return found;
    }
}
