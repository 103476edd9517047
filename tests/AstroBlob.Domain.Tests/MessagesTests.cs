using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests;

public class MessagesTests
{
    [Fact]
    public void CustomerCannotWriteAnInternalNote()
    {
        var ticket = NewTicket();

        AssertRefused(DomainErrorKind.Forbidden, "internal_not_allowed", () => ticket.AddMessage(Visibility.Internal, Requester, Later));
        AssertRefused(DomainErrorKind.Forbidden, "internal_not_allowed", () => ticket.AddMessage(Visibility.Internal, CompanyWideContact, Later));

        Assert.Equal(0, ticket.State.InternalMessageCount);
    }

    [Fact]
    public void TheFirstPublicStaffReplyIsTheFirstResponse()
    {
        var ticket = NewTicket();

        ticket.AddMessage(Visibility.Public, Technician, Later);

        Assert.Equal(Later, ticket.State.FirstRespondedAt);
    }

    [Fact]
    public void ALaterStaffReplyDoesNotMoveTheFirstResponse()
    {
        var ticket = NewTicket();

        ticket.AddMessage(Visibility.Public, Technician, Later);
        ticket.AddMessage(Visibility.Public, Admin, MuchLater);

        Assert.Equal(Later, ticket.State.FirstRespondedAt);
        Assert.Equal(MuchLater, ticket.State.LastPublicMessageAt);
    }

    [Fact]
    public void AnInternalNoteIsNotAResponse()
    {
        var ticket = NewTicket();

        ticket.AddMessage(Visibility.Internal, Technician, Later);
        Assert.Null(ticket.State.FirstRespondedAt);

        ticket.AddMessage(Visibility.Public, Technician, MuchLater);
        Assert.Equal(MuchLater, ticket.State.FirstRespondedAt);
    }

    [Fact]
    public void ACustomerMessageIsNotAResponse()
    {
        var ticket = NewTicket();

        ticket.AddMessage(Visibility.Public, Requester, Later);
        ticket.AddMessage(Visibility.Public, CompanyWideContact, Later);

        Assert.Null(ticket.State.FirstRespondedAt);
    }

    [Fact]
    public void AStaffMemberWritingOnTheirOwnTicketIsNotAResponse()
    {
        var ticket = new Ticket(NewTicket().State with { RequesterId = Technician.UserId });

        ticket.AddMessage(Visibility.Public, Technician, Later);

        Assert.Null(ticket.State.FirstRespondedAt);
    }

    [Fact]
    public void ACustomerReplyAnswersWaitingOnTheCustomer()
    {
        var ticket = InStatus(TicketStatus.InProgress, WaitingOn.Customer);

        ticket.AddMessage(Visibility.Public, Requester, Later);

        Assert.Equal(WaitingOn.None, ticket.State.WaitingOn);
        Assert.Equal(TicketStatus.InProgress, ticket.State.Status);
        AssertChanges(ticket, ("waitingOn", "customer", "none"));
    }

    [Theory]
    [InlineData(WaitingOn.Provider)]
    [InlineData(WaitingOn.Support)]
    public void ACustomerReplyDoesNotAnswerWaitingOnSomeoneElse(WaitingOn waitingOn)
    {
        var ticket = InStatus(TicketStatus.Blocked, waitingOn);

        ticket.AddMessage(Visibility.Public, Requester, Later);

        Assert.Equal(waitingOn, ticket.State.WaitingOn);
        Assert.Empty(ticket.Changes);
    }

    [Fact]
    public void AStaffReplyDoesNotAnswerWaitingOnTheCustomer()
    {
        var ticket = InStatus(TicketStatus.InProgress, WaitingOn.Customer);

        ticket.AddMessage(Visibility.Public, Technician, Later);

        Assert.Equal(WaitingOn.Customer, ticket.State.WaitingOn);
        Assert.Empty(ticket.Changes);
    }

    [Fact]
    public void ACustomerReplyReopensAFinishedTicket()
    {
        var ticket = InStatus(TicketStatus.Finished);

        ticket.AddMessage(Visibility.Public, Requester, Later);

        Assert.Equal(TicketStatus.Open, ticket.State.Status);
        Assert.Null(ticket.State.FinishedAt);
        AssertChanges(ticket, ("status", "finished", "open"));
    }

    [Theory]
    [InlineData(Visibility.Public)]
    [InlineData(Visibility.Internal)]
    public void AStaffMessageLeavesAFinishedTicketFinished(Visibility visibility)
    {
        var ticket = InStatus(TicketStatus.Finished);
        var finishedAt = ticket.State.FinishedAt;

        ticket.AddMessage(visibility, Technician, Later);

        Assert.Equal(TicketStatus.Finished, ticket.State.Status);
        Assert.Equal(finishedAt, ticket.State.FinishedAt);
        Assert.Empty(ticket.Changes);
    }

    [Theory]
    [InlineData("admin", Visibility.Public)]
    [InlineData("admin", Visibility.Internal)]
    [InlineData("technician", Visibility.Internal)]
    [InlineData("requester", Visibility.Public)]
    [InlineData("company-wide contact", Visibility.Public)]
    public void AClosedTicketRefusesAnyMessage(string who, Visibility visibility)
    {
        var ticket = InStatus(TicketStatus.Closed);
        var before = ticket.State;

        AssertRefused(DomainErrorKind.Conflict, "ticket_closed", () => ticket.AddMessage(visibility, ActorNamed(who), Later));

        Assert.Same(before, ticket.State);
    }

    [Fact]
    public void ACancelledTicketRefusesCustomerMessages()
    {
        var ticket = InStatus(TicketStatus.Cancelled);

        AssertRefused(DomainErrorKind.Conflict, "ticket_closed", () => ticket.AddMessage(Visibility.Public, Requester, Later));

        Assert.Equal(0, ticket.State.PublicMessageCount);
    }

    [Fact]
    public void ACancelledTicketAcceptsAStaffInternalNote()
    {
        var ticket = InStatus(TicketStatus.Cancelled);

        ticket.AddMessage(Visibility.Internal, Technician, Later);

        Assert.Equal(1, ticket.State.InternalMessageCount);
        Assert.Equal(TicketStatus.Cancelled, ticket.State.Status);
        Assert.Empty(ticket.Changes);
    }

    [Fact]
    public void PublicMessagesAreCountedWithTheirLastTime()
    {
        var ticket = NewTicket();

        ticket.AddMessage(Visibility.Public, Requester, Later);
        ticket.AddMessage(Visibility.Public, Technician, MuchLater);

        Assert.Equal((2, 0), (ticket.State.PublicMessageCount, ticket.State.InternalMessageCount));
        Assert.Equal(MuchLater, ticket.State.LastPublicMessageAt);
        Assert.Equal(MuchLater, ticket.State.UpdatedAt);
    }

    [Fact]
    public void InternalNotesAreCountedApartAndDoNotTouchLastPublicMessageAt()
    {
        var ticket = NewTicket();

        ticket.AddMessage(Visibility.Public, Requester, Later);
        ticket.AddMessage(Visibility.Internal, Technician, MuchLater);
        ticket.AddMessage(Visibility.Internal, Admin, MuchLater);

        Assert.Equal((1, 2), (ticket.State.PublicMessageCount, ticket.State.InternalMessageCount));
        Assert.Equal(Later, ticket.State.LastPublicMessageAt);
    }

    [Fact]
    public void AnOrdinaryMessageRecordsNoChanges()
    {
        var ticket = NewTicket();

        ticket.AddMessage(Visibility.Public, Requester, Later);
        ticket.AddMessage(Visibility.Public, Technician, Later);
        ticket.AddMessage(Visibility.Internal, Technician, Later);

        Assert.Empty(ticket.Changes);
    }
}
