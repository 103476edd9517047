using System.Security.Cryptography;
using System.Text;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Observatories;

/// <summary>Public branding of the portal; times are shown in <paramref name="TimeZone"/> (IANA).</summary>
public sealed record PortalDto(string Slug, string Name, string? LogoUrl, string PrimaryColor, string AccentColor, string DefaultLanguage, IReadOnlyList<string> EmbedOrigins, string TimeZone);

public sealed record SettingsDto(
    string Slug, string Name, string TicketPrefix, string TimeZone, string? LogoUrl, string PrimaryColor, string AccentColor,
    string DefaultLanguage, IReadOnlyList<string> EmbedOrigins, TicketPriority DefaultPriority, bool HasIntegrationKey);

public sealed record PatchSettingsRequest
{
    public string? Name { get; init; }
    public string? LogoUrl { get; init; }
    public string? PrimaryColor { get; init; }
    public string? AccentColor { get; init; }
    public string? DefaultLanguage { get; init; }
    public string? TimeZone { get; init; }
    public IReadOnlyList<string>? EmbedOrigins { get; init; }
    public TicketPriority? DefaultPriority { get; init; }
}

public sealed record IntegrationKeyDto(string Key);

public static partial class ObservatoryApi
{
    public static RouteGroupBuilder MapObservatoryApi(this RouteGroupBuilder observatory)
    {
        observatory.MapGet("/portal", Portal).WithTags("Observatory").AllowAnonymous()
            .WithSummary("Public branding of the observatory's portal.");
        var admin = observatory.MapGroup("/settings").WithTags("Observatory").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", Settings).WithSummary("The observatory's settings (admins).");
        admin.MapPatch("/", PatchSettingsAsync).Accepts<PatchSettingsRequest>("application/json").WithSummary("Change the observatory's settings (admins).");
        admin.MapPost("/integration-key", RotateIntegrationKeyAsync)
            .WithSummary("Issue a new integration key (shown once) for the hosting platform; the old one stops working.");
        return observatory;
    }

    private static Ok<PortalDto> Portal(Tenant tenant)
    {
        var o = tenant.Observatory;
        return TypedResults.Ok(new PortalDto(o.Slug, o.Name, o.LogoUrl, o.PrimaryColor, o.AccentColor, o.DefaultLanguage, o.EmbedOrigins, o.TimeZone));
    }

    private static Ok<SettingsDto> Settings(Tenant tenant) => TypedResults.Ok(ToDto(tenant.Observatory));

    private static async Task<Ok<SettingsDto>> PatchSettingsAsync(Tenant tenant, HttpRequest request, ObservatoryStore store, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<PatchSettingsRequest>(request, ct);
        var (o, etag) = await store.GetForUpdateAsync(tenant.Slug, ct) ?? throw ApiException.NotFound("observatory");
        if (body.Name is not null)
        {
            Validate.Required("name", body.Name, Limits.NameMax);
        }

        var updated = o with
        {
            Name = body.Name?.Trim() ?? o.Name,
            LogoUrl = body.LogoUrl is null ? o.LogoUrl : Url("logoUrl", body.LogoUrl),
            PrimaryColor = body.PrimaryColor is null ? o.PrimaryColor : Color("primaryColor", body.PrimaryColor),
            AccentColor = body.AccentColor is null ? o.AccentColor : Color("accentColor", body.AccentColor),
            DefaultLanguage = body.DefaultLanguage is null ? o.DefaultLanguage : Language(body.DefaultLanguage),
            TimeZone = body.TimeZone is null ? o.TimeZone : TimeZoneId(body.TimeZone),
            EmbedOrigins = body.EmbedOrigins is null ? o.EmbedOrigins : body.EmbedOrigins.Select(Origin).Distinct(StringComparer.Ordinal).ToList(),
            DefaultPriority = body.DefaultPriority ?? o.DefaultPriority,
        };
        await store.UpdateAsync(updated, etag, ct);
        return TypedResults.Ok(ToDto(updated));
    }

    private static async Task<Ok<IntegrationKeyDto>> RotateIntegrationKeyAsync(Tenant tenant, ObservatoryStore store, CancellationToken ct)
    {
        var (o, etag) = await store.GetForUpdateAsync(tenant.Slug, ct) ?? throw ApiException.NotFound("observatory");
        var key = $"abk_{tenant.Slug}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";
        await store.UpdateAsync(o with { IntegrationKeyHash = HashKey(key) }, etag, ct);
        return TypedResults.Ok(new IntegrationKeyDto(key));
    }

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static SettingsDto ToDto(Observatory o) =>
        new(o.Slug, o.Name, o.TicketPrefix, o.TimeZone, o.LogoUrl, o.PrimaryColor, o.AccentColor, o.DefaultLanguage, o.EmbedOrigins, o.DefaultPriority, o.IntegrationKeyHash is not null);

    public static string Color(string field, string value) =>
        ColorPattern().IsMatch(value) ? value.ToLowerInvariant() : throw ApiException.BadRequest("invalid_color", $"'{field}' must be a #rrggbb colour.", field);

    public static string Language(string value) =>
        value is "es" or "en" ? value : throw ApiException.BadRequest("invalid_language", "Language must be 'es' or 'en'.", "defaultLanguage");

    public static string TimeZoneId(string value) =>
        NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(value) is not null
            ? value
            : throw ApiException.BadRequest("invalid_time_zone", "'timeZone' must be an IANA time zone such as Atlantic/Canary.", "timeZone");

    private static string? Url(string field, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        return value.Length <= 500 && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri.ToString()
            : throw ApiException.BadRequest("invalid_url", $"'{field}' must be an absolute http(s) URL.", field);
    }

    private static string Origin(string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && value.Length <= 200)
        {
            return uri.GetLeftPart(UriPartial.Authority);
        }

        throw ApiException.BadRequest("invalid_origin", "Each embed origin must be a scheme and host, like https://www.example.org.", "embedOrigins");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^#[0-9a-fA-F]{6}\\z")]
    private static partial System.Text.RegularExpressions.Regex ColorPattern();
}
