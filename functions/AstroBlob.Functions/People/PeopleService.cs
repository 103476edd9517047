using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;

namespace AstroBlob.Functions.People;

/// <summary>Creating and changing people, customers and telescopes: shared by the admin API, the integration API and the demo seeder.</summary>
public sealed class PeopleService(DirectoryStore directory, PasswordHasher hasher, TimeProvider clock)
{
    public async Task<User> CreateStaffAsync(string observatory, CreateStaffRequest r, CancellationToken ct)
    {
        var role = StaffRole(r.Role);
        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Keys.NewId(),
            Email = Validate.Email(r.Email),
            Name = Name(r.Name),
            Role = role,
            Level = role == Role.Technician ? Level(r.Level ?? 1) : null,
            Language = Lang(r.Language),
            Phone = Short("phone", r.Phone),
            PasswordHash = HashOrNull(r.Password),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await directory.AddUserAsync(observatory, user, ct);
        return user;
    }

    public async Task<User> AddContactAsync(string observatory, string customerId, CreateContactRequest r, CancellationToken ct)
    {
        _ = await directory.GetCustomerAsync(observatory, customerId, ct) ?? throw ApiException.NotFound("customer");
        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Keys.NewId(),
            Email = Validate.Email(r.Email),
            Name = Name(r.Name),
            Role = Role.Customer,
            CustomerId = customerId,
            CompanyWide = r.CompanyWide,
            Language = Lang(r.Language),
            Phone = Short("phone", r.Phone),
            PasswordHash = HashOrNull(r.Password),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await directory.AddUserAsync(observatory, user, ct);
        return user;
    }

    public async Task<User> PatchPersonAsync(string observatory, string userId, PatchPersonRequest r, bool staffList, CancellationToken ct)
    {
        var (user, etag) = await directory.GetUserAsync(observatory, userId, ct) ?? throw ApiException.NotFound("person");
        if ((user.Role == Role.Customer) == staffList)
        {
            throw ApiException.NotFound("person");
        }

        var role = r.Role is null ? user.Role : user.Role == Role.Customer
            ? throw ApiException.BadRequest("invalid_role", "A customer contact cannot be given a staff role.", "role")
            : StaffRole(r.Role);
        var updated = user with
        {
            Name = r.Name is null ? user.Name : Name(r.Name),
            Email = r.Email is null ? user.Email : Validate.Email(r.Email),
            Role = role,
            Level = role == Role.Technician ? Level(r.Level ?? user.Level ?? 1) : null,
            Language = r.Language is null ? user.Language : Lang(r.Language),
            Phone = r.Phone is null ? user.Phone : Short("phone", r.Phone),
            PasswordHash = r.Password is null ? user.PasswordHash : HashOrNull(r.Password),
            Active = r.Active ?? user.Active,
            CompanyWide = user.Role == Role.Customer && (r.CompanyWide ?? user.CompanyWide),
            UpdatedAt = clock.GetUtcNow(),
        };
        await directory.UpdateUserAsync(observatory, user, updated, etag, ct);
        return updated;
    }

    public async Task<Customer> SaveCustomerAsync(string observatory, string? customerId, CustomerRequest r, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        (Customer Customer, Azure.ETag ETag)? existing = customerId is null ? null : await directory.GetCustomerAsync(observatory, customerId, ct) ?? throw ApiException.NotFound("customer");
        var before = existing?.Customer;
        if (before is null && r.Name is null)
        {
            throw ApiException.BadRequest("required", "'name' is required.", "name");
        }

        var customer = new Customer
        {
            Id = before?.Id ?? Keys.NewId(),
            Name = r.Name is null ? before!.Name : Name(r.Name),
            TaxId = r.TaxId is null ? before?.TaxId : Short("taxId", r.TaxId),
            Email = r.Email is null ? before?.Email : (r.Email.Length == 0 ? null : Validate.Email(r.Email)),
            Phone = r.Phone is null ? before?.Phone : Short("phone", r.Phone),
            Address = r.Address is null ? before?.Address : Text("address", r.Address, Limits.NotesMax),
            Notes = r.Notes is null ? before?.Notes : Text("notes", r.Notes, Limits.NotesMax),
            ExternalId = r.ExternalId is null ? before?.ExternalId : Short("externalId", r.ExternalId),
            CreatedAt = before?.CreatedAt ?? now,
            UpdatedAt = now,
        };
        await directory.SaveCustomerAsync(observatory, customer, existing?.ETag, before?.ExternalId, ct);
        return customer;
    }

    public async Task<Telescope> SaveTelescopeAsync(string observatory, string? telescopeId, TelescopeRequest r, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        (Telescope Telescope, Azure.ETag ETag)? existing = telescopeId is null ? null : await directory.GetTelescopeAsync(observatory, telescopeId, ct) ?? throw ApiException.NotFound("telescope");
        var before = existing?.Telescope;
        if (before is null && (r.Name is null || r.CustomerId is null))
        {
            throw ApiException.BadRequest("required", "'name' and 'customerId' are required.", r.Name is null ? "name" : "customerId");
        }

        if (r.CustomerId is not null && r.CustomerId != before?.CustomerId && await directory.GetCustomerAsync(observatory, r.CustomerId, ct) is null)
        {
            throw ApiException.BadRequest("unknown_customer", "'customerId' is not a customer of this observatory.", "customerId");
        }

        var telescope = new Telescope
        {
            Id = before?.Id ?? Keys.NewId(),
            CustomerId = r.CustomerId ?? before!.CustomerId,
            Name = r.Name is null ? before!.Name : Name(r.Name),
            Model = r.Model is null ? before?.Model : Short("model", r.Model),
            Mount = r.Mount is null ? before?.Mount : Short("mount", r.Mount),
            Camera = r.Camera is null ? before?.Camera : Short("camera", r.Camera),
            Location = r.Location is null ? before?.Location : Short("location", r.Location),
            Status = r.Status ?? before?.Status ?? TelescopeStatus.Active,
            ExternalId = r.ExternalId is null ? before?.ExternalId : Short("externalId", r.ExternalId),
            CreatedAt = before?.CreatedAt ?? now,
            UpdatedAt = now,
        };
        await directory.SaveTelescopeAsync(observatory, telescope, existing?.ETag, before, ct);
        return telescope;
    }

    private string? HashOrNull(string? password)
    {
        if (password is null)
        {
            return null;
        }

        Validate.Password(password);
        return hasher.Hash(password);
    }

    private static Role StaffRole(string role) => role switch
    {
        "admin" => Role.Admin,
        "technician" => Role.Technician,
        _ => throw ApiException.BadRequest("invalid_role", "'role' must be 'admin' or 'technician'.", "role"),
    };

    private static int Level(int level) =>
        level is >= Ticket.MinSupportLevel and <= Ticket.MaxSupportLevel
            ? level
            : throw ApiException.BadRequest("invalid_level", $"'level' must be {Ticket.MinSupportLevel} to {Ticket.MaxSupportLevel}.", "level");

    private static string Lang(string? language) => language switch
    {
        null => "es",
        "es" or "en" => language,
        _ => throw ApiException.BadRequest("invalid_language", "'language' must be 'es' or 'en'.", "language"),
    };

    private static string Name(string name)
    {
        Validate.Required("name", name, Limits.NameMax);
        return name.Trim();
    }

    private static string? Short(string field, string? value) => Text(field, value, Limits.ShortTextMax);

    private static string? Text(string field, string? value, int max)
    {
        Validate.Length(field, value, max);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
