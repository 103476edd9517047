using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.People;

public enum TelescopeStatus
{
    Active,
    Maintenance,
    Offline,
    Retired,
}

/// <summary>A tenant: one observatory with its own portal, people and tickets.</summary>
public sealed record Observatory
{
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required string TicketPrefix { get; init; }
    public required string TimeZone { get; init; }
    public string? LogoUrl { get; init; }
    public string PrimaryColor { get; init; } = "#1f3a5f";
    public string AccentColor { get; init; } = "#f2a900";
    public string DefaultLanguage { get; init; } = "es";
    public IReadOnlyList<string> EmbedOrigins { get; init; } = [];
    public TicketPriority DefaultPriority { get; init; } = TicketPriority.Medium;
    public string? IntegrationKeyHash { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A person who can sign in: staff (admin, technician) or a customer's contact.</summary>
public sealed record User
{
    public required string Id { get; init; }
    public required string Email { get; init; }
    public required string Name { get; init; }
    public required Role Role { get; init; }
    /// <summary>Support line of a technician (1 or 2); null for others.</summary>
    public int? Level { get; init; }
    public string? CustomerId { get; init; }
    public bool CompanyWide { get; init; }
    public string Language { get; init; } = "es";
    public bool Active { get; init; } = true;
    public string? PasswordHash { get; init; }
    public string? Phone { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public Actor ToActor() => new(Id, Name, Role, CustomerId, CompanyWide);
}

/// <summary>A customer account (a company or a private astronomer) whose contacts sign in.</summary>
public sealed record Customer
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? TaxId { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Address { get; init; }
    public string? Notes { get; init; }
    public string? ExternalId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A customer's telescope hosted at the observatory.</summary>
public sealed record Telescope
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public required string Name { get; init; }
    public string? Model { get; init; }
    public string? Mount { get; init; }
    public string? Camera { get; init; }
    public string? Location { get; init; }
    public TelescopeStatus Status { get; init; } = TelescopeStatus.Active;
    public string? ExternalId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
