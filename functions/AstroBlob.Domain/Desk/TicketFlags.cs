namespace AstroBlob.Domain.Desk;

/// <summary>
/// The flags staff can put on a ticket (<see cref="Tickets.TicketState.Spam"/>,
/// <see cref="Tickets.TicketState.Deleted"/>): staff mark spam, admins delete softly and restore.
/// </summary>
public enum TicketFlag
{
    Spam,
    Deleted,
}
