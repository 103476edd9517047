using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests;

/// <summary>The update time customers see moves only with changes they can see.</summary>
public sealed class CustomerVisibilityTests
{
    [Fact]
    public void AnInternalNoteMovesTheStaffUpdateTimeButNotTheCustomers()
    {
        var ticket = NewTicket();
        ticket.AddMessage(Visibility.Internal, Technician, Later);
        Assert.Equal(Later, ticket.State.UpdatedAt);
        Assert.Equal(Created, ticket.State.CustomerUpdatedAt);
    }

    [Fact]
    public void AStaffOnlyFieldChangeIsInvisibleToTheCustomer()
    {
        var ticket = NewTicket();
        ticket.Apply(new TicketPatch { ExternalRef = "RMA-1", SupportLevel = 2, ResponsibleId = new Optional<string?>(true, "u-tech") }, Technician, Later);
        Assert.Equal(Later, ticket.State.UpdatedAt);
        Assert.Equal(Created, ticket.State.CustomerUpdatedAt);
    }

    [Fact]
    public void APublicReplyOrAVisibleChangeMovesBoth()
    {
        var ticket = NewTicket();
        ticket.AddMessage(Visibility.Public, Technician, Later);
        Assert.Equal(Later, ticket.State.CustomerUpdatedAt);
        ticket.Apply(new TicketPatch { Priority = TicketPriority.High, ExternalRef = "X" }, Technician, MuchLater);
        Assert.Equal(MuchLater, ticket.State.CustomerUpdatedAt);
    }
}
