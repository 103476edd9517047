using System.Net;

namespace AstroBlob.Benchmarks;

/// <summary>An observatory with its admin and one customer contact, both signed in.</summary>
internal sealed record BenchWorld(string Slug, string AdminToken, string AdminId, string CustomerToken)
{
    private const string Password = "Bench-2026!x";

    /// <summary>Creates observatory <paramref name="slug"/> through the platform API, a customer with one contact, and signs both people in.</summary>
    public static async Task<BenchWorld> ProvisionAsync(HostApi api, string platformKey, string slug, CancellationToken ct)
    {
        var adminEmail = $"admin@{slug}.example";
        var contactEmail = $"c@{slug}.example";
        await api.SendAsync(HttpMethod.Post, "/api/platform/observatories", null, new
        {
            slug,
            name = "Bench " + slug,
            ticketPrefix = slug.ToUpperInvariant()[..Math.Min(5, slug.Length)],
            timeZone = "Atlantic/Canary",
            adminName = "Admin",
            adminEmail,
            adminPassword = Password,
        }, HttpStatusCode.Created, ct, ("X-Platform-Key", platformKey));
        var (adminToken, adminId) = await LoginAsync(api, slug, adminEmail, ct);
        var customer = await api.SendAsync(HttpMethod.Post, $"/api/o/{slug}/customers", adminToken, new { name = "Cust" }, HttpStatusCode.Created, ct);
        var customerId = customer.GetProperty("id").GetString() ?? throw new BenchmarkException("The new customer has no id.");
        await api.SendAsync(HttpMethod.Post, $"/api/o/{slug}/customers/{customerId}/contacts", adminToken,
            new { name = "C", email = contactEmail, password = Password }, HttpStatusCode.Created, ct);
        var (customerToken, _) = await LoginAsync(api, slug, contactEmail, ct);
        return new BenchWorld(slug, adminToken, adminId, customerToken);
    }

    private static async Task<(string Token, string UserId)> LoginAsync(HostApi api, string slug, string email, CancellationToken ct)
    {
        var login = await api.SendAsync(HttpMethod.Post, $"/api/o/{slug}/auth/login", null, new { email, password = Password }, HttpStatusCode.OK, ct);
        var token = login.GetProperty("token").GetString() ?? throw new BenchmarkException($"Login of {email} returned no token.");
        var id = login.GetProperty("user").GetProperty("id").GetString() ?? throw new BenchmarkException($"Login of {email} returned no user id.");
        return (token, id);
    }
}
