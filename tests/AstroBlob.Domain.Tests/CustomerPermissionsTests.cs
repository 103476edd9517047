using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests;

public class CustomerPermissionsTests
{
    /// <summary>One patch per staff-only field, with the value the ticket already has where possible.</summary>
    private static TicketPatch StaffOnlyPatch(string field) => field switch
    {
        "type" => new TicketPatch { Type = TicketType.Question },
        "priority" => new TicketPatch { Priority = TicketPriority.Critical },
        "samePriority" => new TicketPatch { Priority = TicketPriority.Medium },
        "assignees" => new TicketPatch { Assignees = new[] { Technician.UserId } },
        "emptyAssignees" => new TicketPatch { Assignees = Array.Empty<string>() },
        "responsibleId" => new TicketPatch { ResponsibleId = Technician.UserId },
        "supportLevel" => new TicketPatch { SupportLevel = 2 },
        "waitingOn" => new TicketPatch { WaitingOn = WaitingOn.Support },
        "waitingOnNone" => new TicketPatch { WaitingOn = WaitingOn.None },
        "externalRef" => new TicketPatch { ExternalRef = "SAP-77" },
        "billable" => new TicketPatch { Billable = true },
        "telescopeId" => new TicketPatch { TelescopeId = "t-other-scope" },
        "nullTelescopeId" => new TicketPatch { TelescopeId = (string?)null },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown field."),
    };

    [Fact]
    public void CustomerCannotChangeThePriority()
    {
        var ticket = NewTicket();

        AssertRefused(DomainErrorKind.Forbidden, "staff_only_field",
            () => ticket.Apply(new TicketPatch { Priority = TicketPriority.Critical }, Requester, Later));

        Assert.Equal(TicketPriority.Medium, ticket.State.Priority);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("priority")]
    [InlineData("samePriority")]
    [InlineData("assignees")]
    [InlineData("emptyAssignees")]
    [InlineData("responsibleId")]
    [InlineData("supportLevel")]
    [InlineData("waitingOn")]
    [InlineData("waitingOnNone")]
    [InlineData("externalRef")]
    [InlineData("billable")]
    [InlineData("telescopeId")]
    [InlineData("nullTelescopeId")]
    public void CustomerCannotTouchAStaffOnlyFieldEvenWithoutChangingIt(string field)
    {
        var ticket = NewTicket();
        var before = ticket.State;

        AssertRefused(DomainErrorKind.Forbidden, "staff_only_field", () => ticket.Apply(StaffOnlyPatch(field), Requester, Later));
        AssertRefused(DomainErrorKind.Forbidden, "staff_only_field", () => ticket.Apply(StaffOnlyPatch(field), CompanyWideContact, Later));

        Assert.Same(before, ticket.State);
        Assert.Empty(ticket.Changes);
    }

    [Fact]
    public void AStaffOnlyFieldSpoilsTheWholeCustomerPatch()
    {
        var ticket = NewTicket();

        AssertRefused(DomainErrorKind.Forbidden, "staff_only_field",
            () => ticket.Apply(new TicketPatch { Title = "Urgent!!", Priority = TicketPriority.Critical }, Requester, Later));

        Assert.Equal("Dome will not rotate", ticket.State.Title);
        Assert.Empty(ticket.Changes);
    }

    [Fact]
    public void CustomerCanRetitleAndRedescribeTheirTicket()
    {
        var ticket = NewTicket();

        ticket.Apply(new TicketPatch { Title = "  Dome stuck at 90°  ", Description = "It also beeps.\n" }, Requester, Later);

        Assert.Equal("Dome stuck at 90°", ticket.State.Title);
        Assert.Equal("It also beeps.", ticket.State.Description);
        Assert.Equal(Later, ticket.State.UpdatedAt);
        AssertChanges(
            ticket,
            ("title", "Dome will not rotate", "Dome stuck at 90°"),
            ("description", "Since last night the dome stops at 90 degrees.", "It also beeps."));
    }

    [Theory]
    [InlineData(TicketStatus.Open, WaitingOn.None)]
    [InlineData(TicketStatus.InProgress, WaitingOn.None)]
    [InlineData(TicketStatus.Blocked, WaitingOn.None)]
    [InlineData(TicketStatus.InProgress, WaitingOn.Customer)]
    public void CustomerCanCancelAnUnfinishedTicket(TicketStatus from, WaitingOn waitingOn)
    {
        var ticket = InStatus(from, waitingOn);

        ticket.Apply(new TicketPatch { Status = TicketStatus.Cancelled }, Requester, Later);

        Assert.Equal(TicketStatus.Cancelled, ticket.State.Status);
        Assert.Equal(WaitingOn.None, ticket.State.WaitingOn);
        Assert.Null(ticket.State.FinishedAt);
        Assert.Equal(("status", Wire(from), "cancelled"), (ticket.Changes[0].Field, ticket.Changes[0].From, ticket.Changes[0].To));
        Assert.Equal(waitingOn == WaitingOn.None ? 1 : 2, ticket.Changes.Count);
    }

    [Theory]
    [InlineData(TicketStatus.Open, TicketStatus.InProgress)]
    [InlineData(TicketStatus.Open, TicketStatus.Blocked)]
    [InlineData(TicketStatus.Open, TicketStatus.Finished)]
    [InlineData(TicketStatus.InProgress, TicketStatus.Open)]
    [InlineData(TicketStatus.Blocked, TicketStatus.InProgress)]
    [InlineData(TicketStatus.Finished, TicketStatus.Open)]
    [InlineData(TicketStatus.Finished, TicketStatus.InProgress)]
    [InlineData(TicketStatus.Finished, TicketStatus.Cancelled)]
    [InlineData(TicketStatus.Cancelled, TicketStatus.Open)]
    public void CustomerCannotMoveATicketOtherwise(TicketStatus from, TicketStatus to)
    {
        var ticket = InStatus(from);

        var e = AssertRefused(DomainErrorKind.Conflict, "illegal_transition",
            () => ticket.Apply(new TicketPatch { Status = to }, Requester, Later));

        Assert.Contains("by the customer", e.Message, StringComparison.Ordinal);
        Assert.Equal(from, ticket.State.Status);
    }

    [Fact]
    public void CustomerCanRetitleAndCancelInOnePatch()
    {
        var ticket = InStatus(TicketStatus.Open);

        ticket.Apply(new TicketPatch { Title = "Never mind", Status = TicketStatus.Cancelled }, CompanyWideContact, Later);

        AssertChanges(ticket, ("title", "Dome will not rotate", "Never mind"), ("status", "open", "cancelled"));
    }

    [Fact]
    public void StaffMayChangeEveryField()
    {
        var ticket = NewTicket();

        ticket.Apply(
            new TicketPatch
            {
                Type = TicketType.Upgrade,
                Priority = TicketPriority.Critical,
                Assignees = new[] { Technician.UserId },
                ResponsibleId = OtherTechnician.UserId,
                SupportLevel = 2,
                WaitingOn = WaitingOn.Provider,
                ExternalRef = "SAP-77",
                Billable = true,
                TelescopeId = "t-celestron-14",
            },
            Admin,
            Later);

        AssertChanges(
            ticket,
            ("type", "repair", "upgrade"),
            ("priority", "medium", "critical"),
            ("assignees", "", "u-tech"),
            ("responsibleId", null, "u-tech2"),
            ("supportLevel", "1", "2"),
            ("externalRef", null, "SAP-77"),
            ("billable", "false", "true"),
            ("telescopeId", "t-newton-10", "t-celestron-14"),
            ("waitingOn", "none", "provider"));
    }

    [Fact]
    public void ActorRoleDecidesWhoIsStaff()
    {
        Assert.True(Admin.IsStaff);
        Assert.True(Admin.IsAdmin);
        Assert.True(Technician.IsStaff);
        Assert.False(Technician.IsAdmin);
        Assert.False(Requester.IsStaff);
        Assert.False(CompanyWideContact.IsAdmin);
    }

    [Fact]
    public void UserBecomesTheActorItDescribes()
    {
        var user = new User
        {
            Id = "u-bea",
            Email = "bea@acme.example",
            Name = "Bea Boss",
            Role = Role.Customer,
            CustomerId = CustomerId,
            CompanyWide = true,
            CreatedAt = Created,
            UpdatedAt = Created,
        };

        Assert.Equal(CompanyWideContact, user.ToActor());
    }
}
