using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests;

public class QueueCountsTests
{
    private static TicketState T(TicketStatus status, string[]? assignees = null, int level = 1, WaitingOn waiting = WaitingOn.None, bool spam = false) =>
        NewTicket().State with { Status = status, Assignees = assignees ?? [], SupportLevel = level, WaitingOn = waiting, Spam = spam };

    [Fact]
    public void OnlyTicketsStillBeingWorkedOnCountAndEachQueueCountsItsOwn()
    {
        TicketState[] tickets =
        [
            T(TicketStatus.Open),
            T(TicketStatus.InProgress, [Technician.UserId], waiting: WaitingOn.Customer),
            T(TicketStatus.Blocked, [Technician.UserId, OtherTechnician.UserId], level: 2, waiting: WaitingOn.Provider),
            T(TicketStatus.Open, [OtherTechnician.UserId], level: 3),
            T(TicketStatus.Finished, [Technician.UserId]),
            T(TicketStatus.Cancelled),
            T(TicketStatus.Closed, [Technician.UserId]),
            T(TicketStatus.Open, [Technician.UserId], spam: true),
        ];
        var counts = QueueCounts.Count(tickets, Technician.UserId, t => t.SupportLevel == 2);
        Assert.Equal(new QueueCounts(Mine: 2, Unassigned: 1, Level1: 2, Level2: 1, Level3: 1, Open: 2, InProgress: 1, Blocked: 1, WaitingCustomer: 1, WaitingProvider: 1, AtRisk: 1), counts);
        Assert.Equal(new Dictionary<string, int> { [Technician.UserId] = 2, [OtherTechnician.UserId] = 2 }, QueueCounts.Load(tickets));
    }
}
