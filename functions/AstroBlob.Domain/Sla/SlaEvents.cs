using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Sla;

/// <summary>What a ticket change means to the SLA monitor: the events, in the order they happened.</summary>
public static class SlaEvents
{
    public static IReadOnlyList<SlaEvent> Between(TicketState? before, TicketState after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before is null || before.Sla is null)
        {
            // A ticket without SLA state (new, or stored before the monitor existed) starts its clocks now.
            return [new SlaEvent.Created(after.Priority, after.WaitingOn), .. CatchUp(after)];
        }

        var events = new List<SlaEvent>();
        if (before.FirstRespondedAt is null && after.FirstRespondedAt is not null)
        {
            events.Add(new SlaEvent.FirstPublicStaffReply());
        }

        if (before.Priority != after.Priority)
        {
            events.Add(new SlaEvent.PriorityChanged(after.Priority));
        }

        if (SlaStatus(before) != SlaStatus(after))
        {
            events.Add(new SlaEvent.StatusChanged(SlaStatus(after)));
        }

        if (before.WaitingOn != after.WaitingOn)
        {
            events.Add(new SlaEvent.WaitingOnChanged(after.WaitingOn));
        }

        return events;
    }

    /// <summary>A brand-new state must also catch up with what the ticket already is (answered, done).</summary>
    private static IEnumerable<SlaEvent> CatchUp(TicketState after)
    {
        if (after.FirstRespondedAt is not null)
        {
            yield return new SlaEvent.FirstPublicStaffReply();
        }

        if (Ticket.IsDone(SlaStatus(after)))
        {
            yield return new SlaEvent.StatusChanged(SlaStatus(after));
        }
    }

    /// <summary>The status as the SLA sees it: a ticket marked as spam or deleted is as good as cancelled (its clocks stop).</summary>
    private static TicketStatus SlaStatus(TicketState t) => t.Hidden ? TicketStatus.Cancelled : t.Status;
}
