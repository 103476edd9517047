using AstroBlob.Domain.Email;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Email;

public class MailAudienceTests
{
    private static readonly TicketState Ticket = NewTicket().State with
    {
        Assignees = [Technician.UserId, OtherTechnician.UserId],
        Cc = [Colleague.UserId],
    };

    private static List<(string, MailKind)> Pairs(IEnumerable<MailRecipient> r) => [.. r.Select(x => (x.UserId, x.Kind))];

    [Fact]
    public void APublicStaffReplyGoesToTheRequesterAndTheCopiedContactsButNotItsAuthor() =>
        Assert.Equal(
            [(Requester.UserId, MailKind.PublicReply), (Colleague.UserId, MailKind.PublicReply)],
            Pairs(MailAudience.ForMessage(Ticket, Technician, Visibility.Public, [])));

    [Fact]
    public void ACustomerReplyGoesToTheAssigneesAndTheOtherCustomersOnTheTicket() =>
        Assert.Equal(
            [(Colleague.UserId, MailKind.PublicReply), (Technician.UserId, MailKind.PublicReply), (OtherTechnician.UserId, MailKind.PublicReply)],
            Pairs(MailAudience.ForMessage(Ticket, Requester, Visibility.Public, [])));

    [Fact]
    public void AnInternalNoteReachesOnlyTheMentionedStaffAndNeverACustomer()
    {
        var recipients = MailAudience.ForMessage(Ticket, Technician, Visibility.Internal, [OtherTechnician.UserId, Technician.UserId]);
        Assert.Equal([(OtherTechnician.UserId, MailKind.Mentioned)], Pairs(recipients));
        Assert.Empty(MailAudience.ForMessage(Ticket, Technician, Visibility.Internal, []));
    }

    [Theory]
    [InlineData(TicketStatus.Finished, MailKind.StatusFinished)]
    [InlineData(TicketStatus.Cancelled, MailKind.StatusCancelled)]
    public void FinishingOrCancellingTellsTheCustomerSide(TicketStatus to, MailKind kind)
    {
        var before = Ticket with { Status = TicketStatus.InProgress };
        Assert.Equal([(Requester.UserId, kind), (Colleague.UserId, kind)], Pairs(MailAudience.ForChange(before, before with { Status = to }, Technician)));
    }

    [Fact]
    public void WaitingOnTheCustomerIsToldOnceWhenItStarts()
    {
        var before = Ticket with { Status = TicketStatus.InProgress };
        var waiting = before with { WaitingOn = WaitingOn.Customer };
        Assert.Equal([(Requester.UserId, MailKind.WaitingOnCustomer), (Colleague.UserId, MailKind.WaitingOnCustomer)], Pairs(MailAudience.ForChange(before, waiting, Technician)));
        Assert.Empty(MailAudience.ForChange(waiting, waiting with { Title = "otro" }, Technician));
    }

    [Fact]
    public void OnlyNewlyAddedAssigneesOtherThanTheActorAreToldOfTheirAssignment()
    {
        var before = Ticket with { Assignees = [Technician.UserId] };
        var after = before with { Assignees = [Technician.UserId, OtherTechnician.UserId, Admin.UserId] };
        Assert.Equal([(OtherTechnician.UserId, MailKind.Assigned)], Pairs(MailAudience.ForChange(before, after, Admin)));
    }

    [Fact]
    public void AMergedDuplicateIsNotAnnouncedAsCancelled()
    {
        var before = Ticket with { Status = TicketStatus.Open };
        Assert.Empty(MailAudience.ForChange(before, before with { Status = TicketStatus.Cancelled, MergedInto = "DEMO-000099" }, Technician));
    }

    [Fact]
    public void AChangeByTheRequesterDoesNotMailTheRequester()
    {
        var before = Ticket with { Status = TicketStatus.Open };
        Assert.Equal([(Colleague.UserId, MailKind.StatusCancelled)], Pairs(MailAudience.ForChange(before, before with { Status = TicketStatus.Cancelled }, Requester)));
    }

    [Theory]
    [InlineData("@l2 mira esto", new[] { "l2" })]
    [InlineData("Hola @Lena.Level y @tomas.", new[] { "lena.level", "tomas" })]
    [InlineData("escribe a ana@example.com", new string[0])]
    [InlineData("(@l2) y @l2 otra vez", new[] { "l2" })]
    public void MentionsAreHandlesAfterAnAtThatIsNotPartOfAnAddress(string text, string[] handles) =>
        Assert.Equal(handles.ToHashSet(), MailAudience.Mentions(text).ToHashSet());

    [Fact]
    public void AHandleNamesAPersonByTheirAddressOrTheirNameWithoutSpaces()
    {
        Assert.True(MailAudience.Names("l2", "l2@observatorio.es", "Lena Level-Two"));
        Assert.True(MailAudience.Names("lenalevel-two", "x@observatorio.es", "Lena Level-Two"));
        Assert.False(MailAudience.Names("lena", "l2@observatorio.es", "Lena Level-Two"));
    }
}
