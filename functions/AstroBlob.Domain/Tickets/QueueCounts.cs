namespace AstroBlob.Domain.Tickets;

/// <summary>
/// The console's queues over the tickets still being worked on (open, in progress, blocked;
/// spam and deleted ones are in no queue): how many in each, for one member of staff.
/// </summary>
public sealed record QueueCounts(
    int Mine,
    int Unassigned,
    int Level1,
    int Level2,
    int Level3,
    int Open,
    int InProgress,
    int Blocked,
    int WaitingCustomer,
    int WaitingProvider,
    int AtRisk)
{
    public static bool InQueues(TicketState t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return !t.Hidden && t.Status is TicketStatus.Open or TicketStatus.InProgress or TicketStatus.Blocked;
    }

    /// <param name="atRisk">Whether a ticket's SLA light is yellow or red now.</param>
    public static QueueCounts Count(IEnumerable<TicketState> tickets, string userId, Func<TicketState, bool> atRisk)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(atRisk);
        var active = tickets.Where(InQueues).ToList();
        int Of(Func<TicketState, bool> p) => active.Count(p);
        return new QueueCounts(
            Of(t => t.Assignees.Contains(userId, StringComparer.Ordinal)),
            Of(t => t.Assignees.Count == 0),
            Of(t => t.SupportLevel == 1),
            Of(t => t.SupportLevel == 2),
            Of(t => t.SupportLevel >= 3),
            Of(t => t.Status == TicketStatus.Open),
            Of(t => t.Status == TicketStatus.InProgress),
            Of(t => t.Status == TicketStatus.Blocked),
            Of(t => t.WaitingOn == WaitingOn.Customer),
            Of(t => t.WaitingOn == WaitingOn.Provider),
            Of(atRisk));
    }

    /// <summary>Each assignee's tickets in the queues: what "their open load" means when assigning.</summary>
    public static IReadOnlyDictionary<string, int> Load(IEnumerable<TicketState> tickets)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        return tickets.Where(InQueues)
            .SelectMany(t => t.Assignees.Distinct(StringComparer.Ordinal))
            .GroupBy(id => id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }
}
