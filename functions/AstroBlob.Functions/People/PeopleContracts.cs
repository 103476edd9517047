using AstroBlob.Domain.People;
using AstroBlob.Functions.Tickets;

namespace AstroBlob.Functions.People;

public sealed record CreateStaffRequest
{
    public required string Name { get; init; }
    public required string Email { get; init; }
    public required string Role { get; init; }
    public int? Level { get; init; }
    public string? Password { get; init; }
    public string? Language { get; init; }
    public string? Phone { get; init; }
}

public sealed record PatchPersonRequest
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Role { get; init; }
    public int? Level { get; init; }
    public string? Password { get; init; }
    public string? Language { get; init; }
    public string? Phone { get; init; }
    public bool? Active { get; init; }
    public bool? CompanyWide { get; init; }
}

public sealed record CustomerRequest
{
    public string? Name { get; init; }
    public string? TaxId { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Address { get; init; }
    public string? Notes { get; init; }
    public string? ExternalId { get; init; }
}

public sealed record CreateContactRequest
{
    public required string Name { get; init; }
    public required string Email { get; init; }
    public string? Password { get; init; }
    public bool CompanyWide { get; init; }
    public string? Language { get; init; }
    public string? Phone { get; init; }
}

public sealed record TelescopeRequest
{
    public string? Name { get; init; }
    public string? CustomerId { get; init; }
    public string? Model { get; init; }
    public string? Mount { get; init; }
    public string? Camera { get; init; }
    public string? Location { get; init; }
    public TelescopeStatus? Status { get; init; }
    public string? ExternalId { get; init; }
}

public sealed record PersonDto(string Id, string Name, string Email, string Role, int? Level, string? CustomerId, bool CompanyWide, string Language, bool Active, string? Phone);

public sealed record CustomerDto(string Id, string Name, string? TaxId, string? Email, string? Phone, string? Address, string? Notes, string? ExternalId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record CustomerDetailDto(CustomerDto Customer, IReadOnlyList<PersonDto> Contacts, IReadOnlyList<TelescopeDto> Telescopes);

public sealed record TelescopeDto(string Id, string CustomerId, string Name, string? Model, string? Mount, string? Camera, string? Location, TelescopeStatus Status, string? ExternalId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record TelescopeDetailDto(TelescopeDto Telescope, IReadOnlyList<TicketDto> OpenTickets, IReadOnlyList<TicketDto> RecentTickets);

public static class PeopleMapping
{
    public static PersonDto ToDto(this User u)
    {
        ArgumentNullException.ThrowIfNull(u);
        return new(u.Id, u.Name, u.Email, u.Role.ToString().ToLowerInvariant(), u.Level, u.CustomerId, u.CompanyWide, u.Language, u.Active, u.Phone);
    }

    public static CustomerDto ToDto(this Customer c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Id, c.Name, c.TaxId, c.Email, c.Phone, c.Address, c.Notes, c.ExternalId, c.CreatedAt, c.UpdatedAt);
    }

    /// <summary>Customers do not see the platform's external ids.</summary>
    public static TelescopeDto ToDto(this Telescope t, bool staff = true)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Id, t.CustomerId, t.Name, t.Model, t.Mount, t.Camera, t.Location, t.Status, staff ? t.ExternalId : null, t.CreatedAt, t.UpdatedAt);
    }
}
