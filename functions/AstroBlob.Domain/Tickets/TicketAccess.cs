using AstroBlob.Domain.People;

namespace AstroBlob.Domain.Tickets;

/// <summary>Who may see a ticket. Anything else is reported as not found, never as forbidden.</summary>
public static class TicketAccess
{
    public static bool CanView(Actor actor, TicketState ticket)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(ticket);
        if (actor.IsStaff)
        {
            return true;
        }

        if (ticket.Hidden)
        {
            // Spam and deleted tickets are out of the customer's sight (a deleted one until restored).
            return false;
        }

        return ticket.RequesterId == actor.UserId
            || (actor.CustomerId == ticket.CustomerId && ticket.Cc.Contains(actor.UserId))
            || (actor.CompanyWide && actor.CustomerId is not null && ticket.CustomerId == actor.CustomerId);
    }

    public static bool CanSeeVisibility(Actor actor, Visibility visibility) =>
        visibility == Visibility.Public || actor.IsStaff;
}
