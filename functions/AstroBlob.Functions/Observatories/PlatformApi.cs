using System.Security.Cryptography;
using System.Text;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Observatories;

public sealed record CreateObservatoryRequest
{
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required string TicketPrefix { get; init; }
    public required string TimeZone { get; init; }
    public required string AdminName { get; init; }
    public required string AdminEmail { get; init; }
    public required string AdminPassword { get; init; }
    public string? DefaultLanguage { get; init; }
}

public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>Key of the operator who provisions observatories; empty disables the endpoint.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Provisioning a new observatory with its first admin: used by the operator's API and by the demo seeder.</summary>
public sealed class ObservatoryProvisioning(ObservatoryStore observatories, PeopleService people, TimeProvider clock)
{
    public async Task<Observatory> CreateAsync(CreateObservatoryRequest r, CancellationToken ct)
    {
        if (!Slugs.IsValid(r.Slug))
        {
            throw ApiException.BadRequest("invalid_slug", "'slug' must be 1-40 lower-case letters, digits or hyphens.", "slug");
        }

        if (!TicketCode.IsValidPrefix(r.TicketPrefix))
        {
            throw ApiException.BadRequest("invalid_prefix", "'ticketPrefix' must be 2-10 upper-case letters or digits, starting with a letter.", "ticketPrefix");
        }

        Validate.Required("name", r.Name, Limits.NameMax);
        var observatory = new Observatory
        {
            Slug = r.Slug,
            Name = r.Name.Trim(),
            TicketPrefix = r.TicketPrefix,
            TimeZone = ObservatoryApi.TimeZoneId(r.TimeZone),
            DefaultLanguage = r.DefaultLanguage is null ? "es" : ObservatoryApi.Language(r.DefaultLanguage),
            CreatedAt = clock.GetUtcNow(),
        };
        Validate.Password(r.AdminPassword);
        _ = Validate.Email(r.AdminEmail);
        try
        {
            await observatories.AddAsync(observatory, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw ApiException.Conflict("observatory_exists", "An observatory with that slug exists already.");
        }

        await people.CreateStaffAsync(observatory.Slug, new CreateStaffRequest
        {
            Name = r.AdminName,
            Email = r.AdminEmail,
            Role = "admin",
            Password = r.AdminPassword,
            Language = observatory.DefaultLanguage,
        }, ct);
        return observatory;
    }
}

public static class PlatformApi
{
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/platform/observatories", CreateAsync).WithTags("Platform").Accepts<CreateObservatoryRequest>("application/json")
            .WithSummary("Provision an observatory and its first admin (operator key in X-Platform-Key).");
        return app;
    }

    private static async Task<Created<SettingsDto>> CreateAsync(HttpRequest request, ObservatoryProvisioning provisioning, IOptions<PlatformOptions> options, CancellationToken ct)
    {
        var expected = options.Value.ApiKey;
        var given = request.Headers["X-Platform-Key"].ToString();
        if (string.IsNullOrEmpty(expected) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            throw new ApiException(401, "invalid_platform_key", "Send the operator's key in X-Platform-Key.");
        }

        var o = await provisioning.CreateAsync(await RequestBody.ReadAsync<CreateObservatoryRequest>(request, ct), ct);
        return TypedResults.Created($"/api/o/{o.Slug}/settings",
            new SettingsDto(o.Slug, o.Name, o.TicketPrefix, o.TimeZone, o.LogoUrl, o.PrimaryColor, o.AccentColor, o.DefaultLanguage, o.EmbedOrigins, o.DefaultPriority, false));
    }
}
