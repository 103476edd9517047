namespace AstroBlob.Domain.People;

public enum Role
{
    Customer,
    Technician,
    Admin,
}

/// <summary>Who is acting: enough to decide what they may see and do.</summary>
/// <param name="UserId">The acting person.</param>
/// <param name="Role">Their role in this observatory.</param>
/// <param name="CustomerId">For a customer contact, the customer account they belong to.</param>
/// <param name="CompanyWide">For a customer contact, whether they see all of their company's tickets.</param>
public sealed record Actor(string UserId, string Name, Role Role, string? CustomerId = null, bool CompanyWide = false)
{
    public bool IsStaff => Role is Role.Technician or Role.Admin;
    public bool IsAdmin => Role is Role.Admin;
}
