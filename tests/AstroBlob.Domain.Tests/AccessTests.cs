using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests;

public class AccessTests
{
    private static readonly TicketState CarlasTicket = NewTicket().State;

    [Fact]
    public void StaffSeeEveryTicket()
    {
        var otherCustomersTicket = CarlasTicket with { CustomerId = OtherCustomerId, RequesterId = OtherCustomerContact.UserId };

        Assert.True(TicketAccess.CanView(Admin, CarlasTicket));
        Assert.True(TicketAccess.CanView(Technician, CarlasTicket));
        Assert.True(TicketAccess.CanView(Technician, otherCustomersTicket));
    }

    [Fact]
    public void AContactSeesTheTicketsTheyRequested() =>
        Assert.True(TicketAccess.CanView(Requester, CarlasTicket));

    [Fact]
    public void AContactDoesNotSeeAColleaguesTicketWithoutCompanyWideAccess() =>
        Assert.False(TicketAccess.CanView(Colleague, CarlasTicket));

    [Fact]
    public void ACompanyWideContactSeesTheirCustomersTickets() =>
        Assert.True(TicketAccess.CanView(CompanyWideContact, CarlasTicket));

    [Fact]
    public void AnotherCustomersContactDoesNotSeeTheTicket()
    {
        Assert.False(TicketAccess.CanView(OtherCustomerContact, CarlasTicket));
        Assert.False(TicketAccess.CanView(OtherCustomerContact with { CompanyWide = false }, CarlasTicket));
    }

    [Fact]
    public void ACompanyWideContactWithoutACustomerSeesOnlyTheirOwnTickets()
    {
        var stray = new Actor("u-stray", "Stray", Role.Customer, CustomerId: null, CompanyWide: true);

        Assert.False(TicketAccess.CanView(stray, CarlasTicket));
        Assert.True(TicketAccess.CanView(stray, CarlasTicket with { RequesterId = stray.UserId }));
    }

    [Fact]
    public void InternalMessagesAreHiddenFromCustomers()
    {
        Assert.False(TicketAccess.CanSeeVisibility(Requester, Visibility.Internal));
        Assert.False(TicketAccess.CanSeeVisibility(CompanyWideContact, Visibility.Internal));
        Assert.True(TicketAccess.CanSeeVisibility(Requester, Visibility.Public));
    }

    [Fact]
    public void StaffSeeInternalMessages()
    {
        Assert.True(TicketAccess.CanSeeVisibility(Technician, Visibility.Internal));
        Assert.True(TicketAccess.CanSeeVisibility(Admin, Visibility.Internal));
        Assert.True(TicketAccess.CanSeeVisibility(Admin, Visibility.Public));
    }

    [Fact]
    public void ActorsAndTicketsAreRequired()
    {
        var ticket = NewTicket();

        Assert.Throws<ArgumentNullException>(() => TicketAccess.CanView(null!, ticket.State));
        Assert.Throws<ArgumentNullException>(() => TicketAccess.CanView(Admin, null!));
        Assert.Throws<ArgumentNullException>(() => ticket.AddMessage(Visibility.Public, null!, Later));
        Assert.Throws<ArgumentNullException>(() => ticket.Apply(new TicketPatch(), null!, Later));
        Assert.Throws<ArgumentNullException>(() => ticket.Apply(null!, Admin, Later));
        Assert.Throws<ArgumentNullException>(() => ticket.SignOff(null!, Later));
        Assert.Throws<ArgumentNullException>(() => ticket.Reopen(null!, Later));
    }
}
