using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;
using static AstroBlob.Domain.Tickets.TicketStatus;

namespace AstroBlob.Domain.Tests;

public class TicketTransitionsTests
{
    /// <summary>The staff transition table, written out independently of the domain's switch.</summary>
    private static readonly HashSet<(TicketStatus From, TicketStatus To)> StaffAllowed =
    [
        (Open, InProgress), (Open, Blocked), (Open, Finished), (Open, Cancelled),
        (InProgress, Open), (InProgress, Blocked), (InProgress, Finished), (InProgress, Cancelled),
        (Blocked, Open), (Blocked, InProgress), (Blocked, Finished), (Blocked, Cancelled),
        (Finished, Open), (Finished, InProgress),
        (Cancelled, Open),
    ];

    private static IEnumerable<(TicketStatus From, TicketStatus To)> AllPairs() =>
        from f in Enum.GetValues<TicketStatus>()
        from t in Enum.GetValues<TicketStatus>()
        select (f, t);

    public static TheoryData<TicketStatus, TicketStatus, bool> EveryPairForStaff()
    {
        var data = new TheoryData<TicketStatus, TicketStatus, bool>();
        foreach (var (from, to) in AllPairs())
        {
            data.Add(from, to, StaffAllowed.Contains((from, to)));
        }

        return data;
    }

    public static TheoryData<TicketStatus, TicketStatus, bool> EveryPairForCustomers()
    {
        var data = new TheoryData<TicketStatus, TicketStatus, bool>();
        foreach (var (from, to) in AllPairs())
        {
            data.Add(from, to, to == Cancelled && from is Open or InProgress or Blocked);
        }

        return data;
    }

    public static TheoryData<TicketStatus, TicketStatus> StaffAllowedTransitions()
    {
        var data = new TheoryData<TicketStatus, TicketStatus>();
        foreach (var (from, to) in StaffAllowed)
        {
            data.Add(from, to);
        }

        return data;
    }

    /// <summary>Every real change (from != to) staff may not make, with the code that refuses it.</summary>
    public static TheoryData<TicketStatus, TicketStatus, string> StaffForbiddenTransitions()
    {
        var data = new TheoryData<TicketStatus, TicketStatus, string>();
        foreach (var (from, to) in AllPairs().Where(p => p.From != p.To && !StaffAllowed.Contains(p)))
        {
            data.Add(from, to, from == Closed ? "ticket_closed" : "illegal_transition");
        }

        return data;
    }

    [Fact]
    public void TheTableCoversEveryStatus()
    {
        // Guards the theories below: a new status must be placed in the table deliberately.
        Assert.Equal(6, Enum.GetValues<TicketStatus>().Length);
        Assert.Equal(36, EveryPairForStaff().Count);
    }

    [Theory]
    [MemberData(nameof(EveryPairForStaff))]
    public void StaffMayMakeExactlyTheTransitionsInTheTable(TicketStatus from, TicketStatus to, bool allowed) =>
        Assert.Equal(allowed, Ticket.CanTransition(from, to, byStaff: true));

    [Theory]
    [MemberData(nameof(EveryPairForCustomers))]
    public void CustomersMayOnlyCancelAnUnfinishedTicket(TicketStatus from, TicketStatus to, bool allowed) =>
        Assert.Equal(allowed, Ticket.CanTransition(from, to, byStaff: false));

    [Theory]
    [MemberData(nameof(StaffAllowedTransitions))]
    public void StaffCanMakeEveryAllowedTransitionThroughApply(TicketStatus from, TicketStatus to)
    {
        var ticket = InStatus(from);

        ticket.Apply(new TicketPatch { Status = to }, Technician, Later);

        Assert.Equal(to, ticket.State.Status);
        Assert.Equal(to == Finished ? Later : null, ticket.State.FinishedAt);
        Assert.Equal(Later, ticket.State.UpdatedAt);
        AssertChanges(ticket, ("status", Wire(from), Wire(to)));
    }

    [Theory]
    [MemberData(nameof(StaffForbiddenTransitions))]
    public void StaffCannotMakeATransitionOutsideTheTable(TicketStatus from, TicketStatus to, string code)
    {
        var ticket = InStatus(from);
        var before = ticket.State;

        AssertRefused(DomainErrorKind.Conflict, code, () => ticket.Apply(new TicketPatch { Status = to }, Admin, Later));

        Assert.Same(before, ticket.State);
        Assert.Empty(ticket.Changes);
    }

    [Theory]
    [InlineData("admin", Open)]
    [InlineData("admin", InProgress)]
    [InlineData("admin", Blocked)]
    [InlineData("admin", Finished)]
    [InlineData("admin", Cancelled)]
    [InlineData("technician", Finished)]
    [InlineData("requester", Open)]
    [InlineData("requester", Finished)]
    [InlineData("company-wide contact", Finished)]
    public void NobodyCanCloseATicketThroughApply(string who, TicketStatus from)
    {
        var ticket = InStatus(from);

        AssertRefused(DomainErrorKind.Conflict, "illegal_transition",
            () => ticket.Apply(new TicketPatch { Status = Closed }, ActorNamed(who), Later));

        Assert.Equal(from, ticket.State.Status);
        Assert.Null(ticket.State.ClosedAt);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("technician")]
    [InlineData("requester")]
    public void AClosedTicketRefusesAnyPatch(string who)
    {
        var ticket = InStatus(Closed);
        var before = ticket.State;

        AssertRefused(DomainErrorKind.Conflict, "ticket_closed",
            () => ticket.Apply(new TicketPatch { Title = "Still broken" }, ActorNamed(who), Later));
        AssertRefused(DomainErrorKind.Conflict, "ticket_closed",
            () => ticket.Apply(new TicketPatch(), ActorNamed(who), Later));

        Assert.Same(before, ticket.State);
        Assert.Empty(ticket.Changes);
    }

    [Theory]
    [InlineData(Open)]
    [InlineData(InProgress)]
    [InlineData(Finished)]
    [InlineData(Cancelled)]
    public void SettingTheCurrentStatusAgainRecordsNothing(TicketStatus status)
    {
        var ticket = InStatus(status);
        var finishedAt = ticket.State.FinishedAt;

        ticket.Apply(new TicketPatch { Status = status }, Technician, Later);

        Assert.Empty(ticket.Changes);
        Assert.Equal(status, ticket.State.Status);
        Assert.Equal(finishedAt, ticket.State.FinishedAt);
    }

    [Fact]
    public void FinishingATicketRecordsWhenItWasFinished()
    {
        var ticket = InStatus(InProgress);

        ticket.Apply(new TicketPatch { Status = Finished }, Technician, Later);

        Assert.Equal(Later, ticket.State.FinishedAt);
        AssertChanges(ticket, ("status", "in_progress", "finished"));
    }

    [Theory]
    [InlineData(Open)]
    [InlineData(InProgress)]
    public void LeavingFinishedClearsFinishedAt(TicketStatus to)
    {
        var ticket = InStatus(Finished);
        Assert.NotNull(ticket.State.FinishedAt);

        ticket.Apply(new TicketPatch { Status = to }, Technician, Later);

        Assert.Null(ticket.State.FinishedAt);
    }

    [Theory]
    [InlineData(Finished, WaitingOn.Customer, "customer")]
    [InlineData(Finished, WaitingOn.Provider, "provider")]
    [InlineData(Finished, WaitingOn.Support, "support")]
    [InlineData(Cancelled, WaitingOn.Customer, "customer")]
    [InlineData(Cancelled, WaitingOn.Provider, "provider")]
    [InlineData(Cancelled, WaitingOn.Support, "support")]
    public void FinishingOrCancellingStopsWaitingAndRecordsIt(TicketStatus to, WaitingOn waitingOn, string waitingOnWire)
    {
        var ticket = InStatus(InProgress, waitingOn);

        ticket.Apply(new TicketPatch { Status = to }, Technician, Later);

        Assert.Equal(WaitingOn.None, ticket.State.WaitingOn);
        AssertChanges(ticket, ("status", "in_progress", Wire(to)), ("waitingOn", waitingOnWire, "none"));
    }

    [Fact]
    public void FinishingATicketThatWaitsOnNobodyRecordsOnlyTheStatus()
    {
        var ticket = InStatus(Blocked);

        ticket.Apply(new TicketPatch { Status = Finished, WaitingOn = WaitingOn.None }, Technician, Later);

        AssertChanges(ticket, ("status", "blocked", "finished"));
    }

    [Theory]
    [InlineData(Blocked, WaitingOn.Provider)]
    [InlineData(Open, WaitingOn.Customer)]
    public void MovingBetweenUnfinishedStatusesKeepsWaitingOn(TicketStatus to, WaitingOn waitingOn)
    {
        var ticket = InStatus(InProgress, waitingOn);

        ticket.Apply(new TicketPatch { Status = to }, Technician, Later);

        Assert.Equal(waitingOn, ticket.State.WaitingOn);
        Assert.Single(ticket.Changes);
    }

    [Theory]
    [InlineData(Finished, WaitingOn.Customer)]
    [InlineData(Finished, WaitingOn.Provider)]
    [InlineData(Finished, WaitingOn.Support)]
    [InlineData(Cancelled, WaitingOn.Customer)]
    [InlineData(Cancelled, WaitingOn.Provider)]
    [InlineData(Cancelled, WaitingOn.Support)]
    public void ADoneTicketCannotWaitOnAnyone(TicketStatus status, WaitingOn waitingOn)
    {
        var ticket = InStatus(status);
        var before = ticket.State;

        AssertRefused(DomainErrorKind.Conflict, "ticket_done",
            () => ticket.Apply(new TicketPatch { WaitingOn = waitingOn }, Technician, Later));

        Assert.Same(before, ticket.State);
    }

    [Fact]
    public void FinishingAndWaitingOnTheCustomerInOnePatchIsRefused()
    {
        var ticket = InStatus(InProgress);

        AssertRefused(DomainErrorKind.Conflict, "ticket_done",
            () => ticket.Apply(new TicketPatch { Status = Finished, WaitingOn = WaitingOn.Customer }, Technician, Later));

        Assert.Equal(InProgress, ticket.State.Status);
    }

    [Fact]
    public void ReopeningAndWaitingOnTheCustomerInOnePatchIsAccepted()
    {
        // The status is applied before waitingOn, so the ticket is no longer done when waitingOn is checked.
        var ticket = InStatus(Finished);

        ticket.Apply(new TicketPatch { Status = Open, WaitingOn = WaitingOn.Customer }, Technician, Later);

        Assert.Equal((Open, WaitingOn.Customer), (ticket.State.Status, ticket.State.WaitingOn));
        AssertChanges(ticket, ("status", "finished", "open"), ("waitingOn", "none", "customer"));
    }

    [Theory]
    [InlineData(Finished)]
    [InlineData(Cancelled)]
    public void ADoneTicketMayBeSetToWaitOnNobody(TicketStatus status)
    {
        var ticket = InStatus(status);

        ticket.Apply(new TicketPatch { WaitingOn = WaitingOn.None }, Technician, Later);

        Assert.Empty(ticket.Changes);
    }

    [Fact]
    public void StaffCanSetWaitingOnAnUnfinishedTicket()
    {
        var ticket = InStatus(InProgress);

        ticket.Apply(new TicketPatch { WaitingOn = WaitingOn.Provider }, Technician, Later);

        Assert.Equal(WaitingOn.Provider, ticket.State.WaitingOn);
        AssertChanges(ticket, ("waitingOn", "none", "provider"));
    }

    [Fact]
    public void StatusIsRecordedAfterTheOtherFieldsOfTheSamePatch()
    {
        var ticket = InStatus(Open);

        ticket.Apply(new TicketPatch { Priority = TicketPriority.High, Status = InProgress, Title = "Dome stuck at 90°" }, Technician, Later);

        AssertChanges(
            ticket,
            ("title", "Dome will not rotate", "Dome stuck at 90°"),
            ("priority", "medium", "high"),
            ("status", "open", "in_progress"));
    }

    [Fact]
    public void IsDoneMeansFinishedCancelledOrClosed()
    {
        TicketStatus[] done = [Finished, Cancelled, Closed];
        Assert.Equal(done, Enum.GetValues<TicketStatus>().Where(Ticket.IsDone));
    }
}
