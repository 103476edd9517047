using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Desk;

/// <summary>Tags, flags, custom fields and merging as changes of the ticket aggregate.</summary>
public class TicketDeskTests
{
    private static readonly CustomFieldSet Fields = new(CustomFieldRules.Define(
    [
        new CustomFieldDefinition { Key = "serial", Label = "Número de serie", Kind = CustomFieldKind.Text, CustomerVisible = true },
        new CustomFieldDefinition { Key = "hours", Label = "Horas de cúpula", Kind = CustomFieldKind.Number },
    ], CustomFieldSet.Empty));

    [Fact]
    public void TagsAreNormalisedAddedOnceAndAreStaffBusiness()
    {
        var ticket = NewTicket();
        Assert.True(ticket.AddTag("  Óptica   Principal ", Technician, Later));
        Assert.False(ticket.AddTag("óptica principal", Admin, Later));
        Assert.Equal(["óptica principal"], ticket.State.Tags);
        Assert.All(ticket.Changes, c => Assert.True(c.IsInternal));
        Assert.Equal(Created, ticket.State.CustomerUpdatedAt);
        AssertRefused(DomainErrorKind.Forbidden, "staff_only", () => NewTicket().AddTag("x", Requester, Later));

        Assert.True(ticket.RemoveTag("óptica principal", Technician, MuchLater));
        Assert.False(ticket.RemoveTag("óptica principal", Technician, MuchLater));
        Assert.Empty(ticket.State.Tags);
    }

    [Fact]
    public void ATicketCarriesAtMostTwentyTags()
    {
        var ticket = NewTicket();
        for (var i = 0; i < TagRules.MaxPerTicket; i++)
        {
            ticket.AddTag("t" + i, Technician, Later);
        }

        AssertRefused(DomainErrorKind.Conflict, "too_many_tags", () => ticket.AddTag("one more", Technician, Later));
        Assert.False(ticket.AddTag("t3", Technician, Later)); // one it has is not "one more"
    }

    [Fact]
    public void StaffMarkSpamAdminsDeleteAndRestoreAndRepeatsChangeNothing()
    {
        var ticket = NewTicket();
        Assert.True(ticket.MarkSpam(Technician, Later));
        Assert.False(ticket.MarkSpam(Admin, Later));
        Assert.True(ticket.State.Hidden);
        Assert.Equal((Technician.UserId, Later), (ticket.State.FlagsChangedBy, ticket.State.FlagsChangedAt));
        AssertRefused(DomainErrorKind.Forbidden, "admin_only", () => ticket.Restore(Technician, Later));
        AssertRefused(DomainErrorKind.Forbidden, "admin_only", () => NewTicket().Delete(Technician, Later));
        AssertRefused(DomainErrorKind.Forbidden, "staff_only", () => NewTicket().MarkSpam(Requester, Later));

        Assert.True(ticket.Delete(Admin, MuchLater));
        Assert.True(ticket.Restore(Admin, MuchLater));
        Assert.False(ticket.State.Spam || ticket.State.Deleted);
        Assert.False(ticket.Restore(Admin, MuchLater));
    }

    [Fact]
    public void ASpamOrDeletedTicketIsOutOfItsCustomersSightAndItsSlaStops()
    {
        var ticket = NewTicket();
        var sla = SlaMachine.Apply(null, new SlaEvent.Created(TicketPriority.Medium, WaitingOn.None), SlaPolicy.Default("UTC"), Created).State;
        var before = ticket.State with { Sla = sla };
        Assert.True(TicketAccess.CanView(Requester, before));
        ticket = new Ticket(before);
        ticket.MarkSpam(Technician, Later);
        Assert.False(TicketAccess.CanView(Requester, ticket.State));
        Assert.False(TicketAccess.CanView(CompanyWideContact, ticket.State));
        Assert.True(TicketAccess.CanView(Technician, ticket.State));

        Assert.Equal([new SlaEvent.StatusChanged(TicketStatus.Cancelled)], SlaEvents.Between(before, ticket.State));
        var restored = new Ticket(ticket.State);
        restored.Restore(Admin, MuchLater);
        Assert.Equal([new SlaEvent.StatusChanged(TicketStatus.Open)], SlaEvents.Between(ticket.State, restored.State));
    }

    [Fact]
    public void CustomFieldValuesAreCheckedStoredCanonicallyAndClearedWithNull()
    {
        var ticket = NewTicket();
        ticket.SetFields(new Dictionary<string, string?> { ["serial"] = " SN-4411 ", ["hours"] = "12.50" }, Fields, Technician, Later);
        Assert.Equal(new Dictionary<string, string> { ["serial"] = "SN-4411", ["hours"] = "12.5" }, ticket.State.Fields);
        var serial = Assert.Single(ticket.Changes, c => c.Field == "fields.serial");
        Assert.False(serial.IsInternal); // the customer sees this field
        Assert.True(Assert.Single(ticket.Changes, c => c.Field == "fields.hours").IsInternal);

        ticket.SetFields(new Dictionary<string, string?> { ["hours"] = null }, Fields, Technician, MuchLater);
        Assert.False(ticket.State.Fields.ContainsKey("hours"));

        var e = AssertRefused(DomainErrorKind.Invalid, "unknown_field", () => NewTicket().SetFields(new Dictionary<string, string?> { ["nope"] = "1" }, Fields, Technician, Later));
        Assert.Equal("fields.nope", e.Data["field"]);
        AssertRefused(DomainErrorKind.Invalid, "invalid_field_value", () => NewTicket().SetFields(new Dictionary<string, string?> { ["hours"] = "doce" }, Fields, Technician, Later));
        AssertRefused(DomainErrorKind.Forbidden, "staff_only", () => NewTicket().SetFields(new Dictionary<string, string?> { ["serial"] = "x" }, Fields, Requester, Later));
        AssertRefused(DomainErrorKind.Conflict, "ticket_closed", () => InStatus(TicketStatus.Closed).SetFields(new Dictionary<string, string?> { ["serial"] = "x" }, Fields, Technician, Later));
    }

    [Fact]
    public void AMergedDuplicateIsCancelledPointsToTheSurvivorAndNeverChangesAgain()
    {
        var duplicate = NewTicket();
        var survivor = NewTicket().State with { Code = "DEMO-000043", Number = 43 };
        duplicate.MergeInto(survivor, Technician, Later);
        Assert.Equal((TicketStatus.Cancelled, "DEMO-000043"), (duplicate.State.Status, duplicate.State.MergedInto));
        AssertChanges(duplicate, ("status", "open", "cancelled"), ("mergedInto", null, "DEMO-000043"));

        AssertRefused(DomainErrorKind.Conflict, "ticket_merged", () => duplicate.Apply(new TicketPatch { Status = TicketStatus.Open }, Technician, MuchLater));
        AssertRefused(DomainErrorKind.Conflict, "ticket_merged", () => duplicate.AddMessage(Visibility.Public, Technician, MuchLater));
        AssertRefused(DomainErrorKind.Conflict, "ticket_merged", () => duplicate.AddTag("x", Technician, MuchLater));
        AssertRefused(DomainErrorKind.Conflict, "ticket_merged", () => duplicate.MergeInto(survivor, Technician, MuchLater));
        AssertRefused(DomainErrorKind.Conflict, "ticket_merged", () => new Ticket(survivor).MergeInto(duplicate.State, Technician, MuchLater));
    }

    [Fact]
    public void OnlyStaffMergeAndOnlyTicketsOfOneCustomerThatAreStillOpenToChange()
    {
        var survivor = NewTicket().State with { Code = "DEMO-000043", Number = 43 };
        AssertRefused(DomainErrorKind.Forbidden, "staff_only", () => NewTicket().MergeInto(survivor, Requester, Later));
        AssertRefused(DomainErrorKind.Invalid, "merge_into_itself", () => NewTicket().MergeInto(NewTicket().State, Technician, Later));
        AssertRefused(DomainErrorKind.Conflict, "different_customer", () => NewTicket().MergeInto(survivor with { CustomerId = OtherCustomerId }, Technician, Later));
        AssertRefused(DomainErrorKind.Conflict, "ticket_closed", () => NewTicket().MergeInto(survivor with { Status = TicketStatus.Closed }, Technician, Later));
        AssertRefused(DomainErrorKind.Conflict, "ticket_closed", () => InStatus(TicketStatus.Closed).MergeInto(survivor, Technician, Later));
        AssertRefused(DomainErrorKind.Conflict, "ticket_deleted", () => NewTicket().MergeInto(survivor with { Deleted = true }, Technician, Later));
    }

    [Fact]
    public void TheSurvivorAbsorbsOnceTakingRecountedCountersAndTheDuplicatesTags()
    {
        var duplicate = NewTicket();
        duplicate.AddTag("dome", Technician, Created);
        var survivor = new Ticket(NewTicket().State with { Code = "DEMO-000043", Number = 43, PublicMessageCount = 1, Tags = ["urgent"] });
        survivor.AbsorbMerged(duplicate.State, publicMessages: 4, internalMessages: 2, lastPublicMessageAt: Later, MuchLater);
        Assert.Equal((4, 2, Later), (survivor.State.PublicMessageCount, survivor.State.InternalMessageCount, survivor.State.LastPublicMessageAt));
        Assert.Equal(["urgent", "dome"], survivor.State.Tags);
        Assert.Equal(["DEMO-000042"], survivor.State.MergedFrom);

        var again = new Ticket(survivor.State);
        again.AbsorbMerged(duplicate.State, 9, 9, MuchLater, MuchLater);
        Assert.Same(survivor.State, again.State);
        Assert.Empty(again.Changes);
    }
}
