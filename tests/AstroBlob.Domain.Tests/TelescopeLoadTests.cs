using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests;

public class TelescopeLoadTests
{
    private static TicketState T(string? telescope, TicketStatus status, SlaLight light = SlaLight.Green, bool spam = false) =>
        NewTicket().State with { TelescopeId = telescope, Status = status, Spam = spam, Title = light.ToString() };

    [Fact]
    public void EachTelescopeCountsItsTicketsStillBeingWorkedOnAndShowsTheWorstLight()
    {
        TicketState[] tickets =
        [
            T("scope-a", TicketStatus.Open, SlaLight.Green),
            T("scope-a", TicketStatus.Blocked, SlaLight.Red),
            T("scope-a", TicketStatus.InProgress, SlaLight.Yellow),
            T("scope-a", TicketStatus.Finished, SlaLight.None),
            T("scope-b", TicketStatus.InProgress, SlaLight.None),
            T("scope-c", TicketStatus.Closed),
            T("scope-c", TicketStatus.Cancelled),
            T("scope-d", TicketStatus.Open, SlaLight.Red, spam: true),
            T(null, TicketStatus.Open, SlaLight.Red),
        ];

        // The light of each fixture ticket is written in its title, as the SLA would compute it.
        var load = TelescopeLoad.Of(tickets, t => Enum.Parse<SlaLight>(t.Title));

        Assert.Equal([new TelescopeLoad("scope-a", 3, SlaLight.Red), new TelescopeLoad("scope-b", 1, SlaLight.None)], load);
    }
}
