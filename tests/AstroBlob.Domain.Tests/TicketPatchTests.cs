using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests;

public class TicketPatchTests
{
    [Fact]
    public void OpeningATicketStartsItOpenAndTrimmed()
    {
        var ticket = Ticket.Open("DEMO-000007", 7, "  Focuser drifts ", "\n Slowly.\n", TicketType.Question, TicketPriority.Low,
            CustomerId, Requester.UserId, null, Technician, Created);

        var s = ticket.State;
        Assert.Equal(("DEMO-000007", 7L, "Focuser drifts", "Slowly."), (s.Code, s.Number, s.Title, s.Description));
        Assert.Equal((TicketStatus.Open, WaitingOn.None, 1, false), (s.Status, s.WaitingOn, s.SupportLevel, s.Billable));
        Assert.Equal((Technician.UserId, Requester.UserId, CustomerId), (s.CreatedBy, s.RequesterId, s.CustomerId));
        Assert.Equal((Created, Created), (s.CreatedAt, s.UpdatedAt));
        Assert.Null(s.FirstRespondedAt);
        Assert.Null(s.FinishedAt);
        Assert.Null(s.ClosedAt);
        Assert.Empty(s.Assignees);
        Assert.Equal((0, 0), (s.PublicMessageCount, s.InternalMessageCount));
        Assert.Empty(ticket.Changes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void OpeningATicketWithoutATitleIsRefused(string title)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "required", () => Ticket.Open("DEMO-000007", 7, title, "", TicketType.Question,
            TicketPriority.Low, CustomerId, Requester.UserId, null, Requester, Created));

        Assert.Equal("title", e.Data["field"]);
    }

    [Fact]
    public void OpeningATicketWithAnOverlongDescriptionIsRefused()
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "too_long", () => Ticket.Open("DEMO-000007", 7, "Hi", new string('d', Limits.DescriptionMax + 1),
            TicketType.Question, TicketPriority.Low, CustomerId, Requester.UserId, null, Requester, Created));

        Assert.Equal("description", e.Data["field"]);
    }

    [Fact]
    public void AnEmptyPatchChangesNothingNotEvenTheUpdateTime()
    {
        var ticket = NewTicket();

        ticket.Apply(new TicketPatch(), Technician, Later);

        Assert.Empty(ticket.Changes);
        Assert.Equal(NewTicket().State, ticket.State);
    }

    [Fact]
    public void APatchOfCurrentValuesRecordsNoChanges()
    {
        var ticket = NewTicket();
        var s = ticket.State;

        ticket.Apply(
            new TicketPatch
            {
                Title = s.Title,
                Description = s.Description,
                Type = s.Type,
                Priority = s.Priority,
                Status = s.Status,
                Assignees = Array.Empty<string>(),
                ResponsibleId = (string?)null,
                SupportLevel = s.SupportLevel,
                WaitingOn = s.WaitingOn,
                ExternalRef = "   ",
                Billable = s.Billable,
                TelescopeId = s.TelescopeId,
            },
            Admin,
            Later);

        Assert.Empty(ticket.Changes);
    }

    [Fact]
    public void AChangeMovesUpdatedAtToNowAndKeepsCreatedAt()
    {
        var ticket = NewTicket();

        ticket.Apply(new TicketPatch { Priority = TicketPriority.High }, Technician, Later);
        ticket.Apply(new TicketPatch { Priority = TicketPriority.Critical }, Technician, MuchLater);

        Assert.Equal(MuchLater, ticket.State.UpdatedAt);
        Assert.Equal(Created, ticket.State.CreatedAt);
        AssertChanges(ticket, ("priority", "medium", "high"), ("priority", "high", "critical"));
    }

    [Fact]
    public void AssigneesAreDeduplicatedInOrder()
    {
        var ticket = NewTicket();

        ticket.Apply(new TicketPatch { Assignees = new[] { "u-b", "u-a", "u-b", "u-a" } }, Admin, Later);

        Assert.Equal(["u-b", "u-a"], ticket.State.Assignees);
        AssertChanges(ticket, ("assignees", "", "u-b,u-a"));
    }

    [Fact]
    public void AssigneesCompareCaseSensitively()
    {
        var ticket = NewTicket();

        ticket.Apply(new TicketPatch { Assignees = new[] { "u-a", "U-A" } }, Admin, Later);

        Assert.Equal(2, ticket.State.Assignees.Count);
    }

    [Fact]
    public void TenAssigneesAreAllowedEvenWithRepeats()
    {
        var ticket = NewTicket();
        var ten = Enumerable.Range(1, Limits.MaxAssignees).Select(i => $"u-{i}").ToList();

        ticket.Apply(new TicketPatch { Assignees = ten.Concat(ten).ToList() }, Admin, Later);

        Assert.Equal(ten, ticket.State.Assignees);
    }

    [Fact]
    public void ElevenAssigneesAreTooMany()
    {
        var ticket = NewTicket();
        var eleven = Enumerable.Range(1, Limits.MaxAssignees + 1).Select(i => $"u-{i}").ToList();

        AssertRefused(DomainErrorKind.Invalid, "too_many_assignees",
            () => ticket.Apply(new TicketPatch { Assignees = eleven }, Admin, Later));

        Assert.Empty(ticket.State.Assignees);
    }

    [Fact]
    public void ReplacingAndClearingAssigneesIsRecorded()
    {
        var ticket = NewTicket();

        ticket.Apply(new TicketPatch { Assignees = new[] { "u-a", "u-b" } }, Admin, Later);
        ticket.Apply(new TicketPatch { Assignees = new[] { "u-a", "u-b" } }, Admin, Later);
        ticket.Apply(new TicketPatch { Assignees = Array.Empty<string>() }, Admin, Later);

        AssertChanges(ticket, ("assignees", "", "u-a,u-b"), ("assignees", "u-a,u-b", ""));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void SupportLevelOutsideOneToThreeIsRefused(int level)
    {
        var ticket = NewTicket();

        AssertRefused(DomainErrorKind.Invalid, "invalid_support_level",
            () => ticket.Apply(new TicketPatch { SupportLevel = level }, Admin, Later));

        Assert.Equal(1, ticket.State.SupportLevel);
    }

    [Fact]
    public void SupportLevelTwoIsRecordedAsText()
    {
        var ticket = NewTicket();

        ticket.Apply(new TicketPatch { SupportLevel = 2 }, Admin, Later);

        Assert.Equal(2, ticket.State.SupportLevel);
        AssertChanges(ticket, ("supportLevel", "1", "2"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData(null)]
    public void ABlankExternalRefClearsIt(string? blank)
    {
        var ticket = new Ticket(NewTicket().State with { ExternalRef = "SAP-1" });

        ticket.Apply(new TicketPatch { ExternalRef = blank }, Admin, Later);

        Assert.Null(ticket.State.ExternalRef);
        AssertChanges(ticket, ("externalRef", "SAP-1", null));
    }

    [Fact]
    public void ExternalRefIsTrimmed()
    {
        var ticket = NewTicket();

        ticket.Apply(new TicketPatch { ExternalRef = "  SAP-1 " }, Admin, Later);

        Assert.Equal("SAP-1", ticket.State.ExternalRef);
    }

    [Fact]
    public void AnOverlongExternalRefIsRefused()
    {
        var ticket = NewTicket();

        ticket.Apply(new TicketPatch { ExternalRef = new string('x', Limits.ExternalRefMax) }, Admin, Later);
        var e = AssertRefused(DomainErrorKind.Invalid, "too_long",
            () => ticket.Apply(new TicketPatch { ExternalRef = new string('y', Limits.ExternalRefMax + 1) }, Admin, Later));

        Assert.Equal("externalRef", e.Data["field"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void ABlankTitleInAPatchIsRefused(string title)
    {
        var ticket = NewTicket();

        AssertRefused(DomainErrorKind.Invalid, "required", () => ticket.Apply(new TicketPatch { Title = title }, Requester, Later));
    }

    [Fact]
    public void ClearingTheResponsibleAndTelescopeIsRecordedAsNull()
    {
        var ticket = new Ticket(NewTicket().State with { ResponsibleId = "u-tech" });

        ticket.Apply(new TicketPatch { ResponsibleId = (string?)null, TelescopeId = (string?)null }, Admin, Later);

        Assert.Null(ticket.State.ResponsibleId);
        Assert.Null(ticket.State.TelescopeId);
        AssertChanges(ticket, ("responsibleId", "u-tech", null), ("telescopeId", "t-newton-10", null));
    }

    [Fact]
    public void ARefusedPatchLeavesTheStateUntouched()
    {
        var ticket = NewTicket();
        var before = ticket.State;

        AssertRefused(DomainErrorKind.Invalid, "invalid_support_level",
            () => ticket.Apply(new TicketPatch { Title = "New title", Priority = TicketPriority.High, SupportLevel = 9 }, Admin, Later));

        Assert.Same(before, ticket.State);
    }

    [Fact]
    public void ARefusedPatchRecordsNoChanges()
    {
        var ticket = NewTicket();

        AssertRefused(DomainErrorKind.Invalid, "invalid_support_level",
            () => ticket.Apply(new TicketPatch { Title = "New title", Priority = TicketPriority.High, SupportLevel = 9 }, Admin, Later));

        Assert.Empty(ticket.Changes);
    }

    [Theory]
    [InlineData("responsibleId", true)]
    [InlineData("supportLevel", true)]
    [InlineData("externalRef", true)]
    [InlineData("status", false)]
    [InlineData("title", false)]
    [InlineData("assignees", false)]
    [InlineData("waitingOn", false)]
    [InlineData("billable", false)]
    public void OnlyStaffBusinessFieldsAreInternalChanges(string field, bool isInternal) =>
        Assert.Equal(isInternal, new FieldChange(field, "a", "b").IsInternal);
}
