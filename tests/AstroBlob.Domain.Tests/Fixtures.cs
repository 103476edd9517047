using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Tests;

/// <summary>Fixed people, times and tickets shared by the domain tests (no clock reads).</summary>
internal static class Fixtures
{
    public const string CustomerId = "c-acme";
    public const string OtherCustomerId = "c-orion";

    public static readonly DateTimeOffset Created = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Later = new(2025, 3, 1, 11, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset MuchLater = new(2025, 3, 4, 16, 45, 0, TimeSpan.Zero);

    public static readonly Actor Admin = new("u-admin", "Ada Admin", Role.Admin);
    public static readonly Actor Technician = new("u-tech", "Tomás Técnico", Role.Technician);
    public static readonly Actor OtherTechnician = new("u-tech2", "Lena Level-Two", Role.Technician);

    /// <summary>The contact who opened the ticket.</summary>
    public static readonly Actor Requester = new("u-carla", "Carla Contact", Role.Customer, CustomerId);

    /// <summary>Same company as the requester, but sees only their own tickets.</summary>
    public static readonly Actor Colleague = new("u-colin", "Colin Colleague", Role.Customer, CustomerId);

    /// <summary>Same company as the requester and sees all of the company's tickets.</summary>
    public static readonly Actor CompanyWideContact = new("u-bea", "Bea Boss", Role.Customer, CustomerId, CompanyWide: true);

    /// <summary>A company-wide contact of another customer.</summary>
    public static readonly Actor OtherCustomerContact = new("u-otto", "Otto Other", Role.Customer, OtherCustomerId, CompanyWide: true);

    public static Actor ActorNamed(string name) => name switch
    {
        "admin" => Admin,
        "technician" => Technician,
        "requester" => Requester,
        "company-wide contact" => CompanyWideContact,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown actor."),
    };

    /// <summary>A freshly opened ticket: open, medium priority, level 1, waiting on nobody, no changes.</summary>
    public static Ticket NewTicket() => Ticket.Open(
        "DEMO-000042",
        42,
        "Dome will not rotate",
        "Since last night the dome stops at 90 degrees.",
        TicketType.Repair,
        TicketPriority.Medium,
        CustomerId,
        Requester.UserId,
        "t-newton-10",
        Requester,
        Created);

    /// <summary>A loaded ticket in the given status, with the timestamps that status implies.</summary>
    public static Ticket InStatus(TicketStatus status, WaitingOn waitingOn = WaitingOn.None) =>
        new(NewTicket().State with
        {
            Status = status,
            WaitingOn = waitingOn,
            FinishedAt = status is TicketStatus.Finished or TicketStatus.Closed ? Created.AddHours(1) : null,
            ClosedAt = status == TicketStatus.Closed ? Created.AddHours(2) : null,
            SignedOffBy = status == TicketStatus.Closed ? Requester.UserId : null,
        });

    /// <summary>Asserts that <paramref name="action"/> breaks a rule of exactly this kind and code.</summary>
    public static DomainException AssertRefused(DomainErrorKind kind, string code, Action action)
    {
        var e = Assert.Throws<DomainException>(action);
        Assert.Equal((kind, code), (e.Kind, e.Code));
        return e;
    }

    /// <summary>Asserts the exact activity trail of a ticket, in order.</summary>
    public static void AssertChanges(Ticket ticket, params (string Field, string? From, string? To)[] expected) =>
        Assert.Equal(expected.Select(c => new FieldChange(c.Field, c.From, c.To)), ticket.Changes);

    public static string Wire(TicketStatus status) => EnumText.ToWire(status);
}
