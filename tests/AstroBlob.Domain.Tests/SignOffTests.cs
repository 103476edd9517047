using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests;

public class SignOffTests
{
    [Fact]
    public void CustomerSignsOffAFinishedTicketAndClosesIt()
    {
        var ticket = InStatus(TicketStatus.Finished);
        var finishedAt = ticket.State.FinishedAt;

        ticket.SignOff(Requester, MuchLater);

        Assert.Equal(TicketStatus.Closed, ticket.State.Status);
        Assert.Equal(MuchLater, ticket.State.ClosedAt);
        Assert.Equal(Requester.UserId, ticket.State.SignedOffBy);
        Assert.Equal(MuchLater, ticket.State.UpdatedAt);
        Assert.Equal(finishedAt, ticket.State.FinishedAt);
        AssertChanges(ticket, ("status", "finished", "closed"));
    }

    [Fact]
    public void ACompanyWideContactMaySignOffAColleaguesTicket()
    {
        var ticket = InStatus(TicketStatus.Finished);

        ticket.SignOff(CompanyWideContact, MuchLater);

        Assert.Equal(CompanyWideContact.UserId, ticket.State.SignedOffBy);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("technician")]
    public void StaffCannotSignOff(string who)
    {
        var ticket = InStatus(TicketStatus.Finished);

        AssertRefused(DomainErrorKind.Forbidden, "customer_only", () => ticket.SignOff(ActorNamed(who), MuchLater));

        Assert.Equal(TicketStatus.Finished, ticket.State.Status);
        Assert.Null(ticket.State.ClosedAt);
        Assert.Empty(ticket.Changes);
    }

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.InProgress)]
    [InlineData(TicketStatus.Blocked)]
    [InlineData(TicketStatus.Cancelled)]
    [InlineData(TicketStatus.Closed)]
    public void OnlyAFinishedTicketCanBeSignedOff(TicketStatus status)
    {
        var ticket = InStatus(status);
        var before = ticket.State;

        AssertRefused(DomainErrorKind.Conflict, "ticket_not_finished", () => ticket.SignOff(Requester, MuchLater));

        Assert.Same(before, ticket.State);
        Assert.Empty(ticket.Changes);
    }

    [Fact]
    public void ASignedOffTicketIsClosedForGood()
    {
        var ticket = InStatus(TicketStatus.Finished);
        ticket.SignOff(Requester, Later);

        AssertRefused(DomainErrorKind.Conflict, "ticket_closed", () => ticket.Apply(new TicketPatch { Status = TicketStatus.Open }, Admin, MuchLater));
        AssertRefused(DomainErrorKind.Conflict, "ticket_closed", () => ticket.AddMessage(Visibility.Public, Requester, MuchLater));
        AssertRefused(DomainErrorKind.Conflict, "ticket_not_finished", () => ticket.Reopen(Requester, MuchLater));
        AssertRefused(DomainErrorKind.Conflict, "ticket_not_finished", () => ticket.SignOff(Requester, MuchLater));

        Assert.Equal(Later, ticket.State.ClosedAt);
    }

    [Fact]
    public void CustomerReopensAFinishedTicket()
    {
        var ticket = InStatus(TicketStatus.Finished);

        ticket.Reopen(Requester, MuchLater);

        Assert.Equal(TicketStatus.Open, ticket.State.Status);
        Assert.Null(ticket.State.FinishedAt);
        Assert.Null(ticket.State.ClosedAt);
        Assert.Equal(MuchLater, ticket.State.UpdatedAt);
        AssertChanges(ticket, ("status", "finished", "open"));
    }

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.InProgress)]
    [InlineData(TicketStatus.Blocked)]
    [InlineData(TicketStatus.Cancelled)]
    [InlineData(TicketStatus.Closed)]
    public void OnlyAFinishedTicketCanBeReopened(TicketStatus status)
    {
        var ticket = InStatus(status);
        var before = ticket.State;

        AssertRefused(DomainErrorKind.Conflict, "ticket_not_finished", () => ticket.Reopen(Requester, MuchLater));

        Assert.Same(before, ticket.State);
        Assert.Empty(ticket.Changes);
    }

    [Fact]
    public void FinishingReopeningAndFinishingAgainTracksTheLatestFinish()
    {
        var ticket = InStatus(TicketStatus.InProgress);

        ticket.Apply(new TicketPatch { Status = TicketStatus.Finished }, Technician, Created.AddHours(1));
        ticket.Reopen(Requester, Later);
        ticket.Apply(new TicketPatch { Status = TicketStatus.Finished }, Technician, MuchLater);
        ticket.SignOff(Requester, MuchLater.AddHours(1));

        Assert.Equal(MuchLater, ticket.State.FinishedAt);
        Assert.Equal(MuchLater.AddHours(1), ticket.State.ClosedAt);
        AssertChanges(
            ticket,
            ("status", "in_progress", "finished"),
            ("status", "finished", "open"),
            ("status", "open", "finished"),
            ("status", "finished", "closed"));
    }
}
