using AstroBlob.Domain.Sla;

namespace AstroBlob.Domain.Tickets;

/// <summary>One telescope's tickets still being worked on: how many, and the worst SLA light among them.</summary>
public sealed record TelescopeLoad(string TelescopeId, int Open, SlaLight Light)
{
    /// <summary>
    /// Per telescope, over the tickets in the queues (open, in progress, blocked; not spam or
    /// deleted): the console lists every telescope with this without a request per telescope.
    /// Telescopes with no such ticket are left out.
    /// </summary>
    /// <param name="light">A ticket's SLA light now (<see cref="SlaLight.None"/> when paused or without a clock).</param>
    public static IReadOnlyList<TelescopeLoad> Of(IEnumerable<TicketState> tickets, Func<TicketState, SlaLight> light)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(light);
        return [.. tickets
            .Where(t => t.TelescopeId is not null && QueueCounts.InQueues(t))
            .GroupBy(t => t.TelescopeId!, StringComparer.Ordinal)
            .Select(g => new TelescopeLoad(g.Key, g.Count(), g.Max(light)))
            .OrderBy(l => l.TelescopeId, StringComparer.Ordinal)];
    }
}
