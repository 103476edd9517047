using System.Security.Cryptography;
using System.Text;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Email;

/// <summary>What happens to an inbound mail that cannot be placed: refused outright, or kept for an admin to look at.</summary>
public enum UnplacedMailPolicy
{
    Reject,
    Hold,
}

/// <summary>The observatory's inbound mail settings (the <c>email</c> row of its Directory partition).</summary>
public sealed record EmailSettings
{
    public UnplacedMailPolicy UnplacedMail { get; init; } = UnplacedMailPolicy.Hold;

    /// <summary>A known customer's mail that answers no ticket opens a new one.</summary>
    public bool OpenTicketsFromEmail { get; init; } = true;

    /// <summary>SHA-256 (hex) of the webhook's shared secret; no secret means the webhook refuses everything.</summary>
    public string? InboundSecretHash { get; init; }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Constant-time check of a presented secret against the stored hash.</summary>
    public bool Accepts(string? presented) =>
        InboundSecretHash is not null && presented is { Length: > 0 and <= 200 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(InboundSecretHash));
}

public sealed class EmailSettingsStore(Tables tables)
{
    private const string Row = "email";

    public async Task<EmailSettings> GetAsync(string observatory, CancellationToken ct)
    {
        var row = await tables.Directory.GetOrNullAsync(observatory, Row, ct);
        return row is null ? new EmailSettings() : JsonRows.Read<EmailSettings>(row);
    }

    public async Task SaveAsync(string observatory, EmailSettings settings, CancellationToken ct) =>
        await tables.Directory.UpsertEntityAsync(JsonRows.Create(observatory, Row, settings), TableUpdateMode.Replace, ct);
}

public sealed record EmailSettingsDto(UnplacedMailPolicy UnplacedMail, bool OpenTicketsFromEmail, bool HasInboundSecret, string InboundAddress);

public sealed record EmailSettingsRequest
{
    public required UnplacedMailPolicy UnplacedMail { get; init; }
    public required bool OpenTicketsFromEmail { get; init; }
}

public sealed record InboundSecretDto(string Secret, string Header, string Endpoint);

public static class EmailSettingsApi
{
    public const string SecretHeader = "X-Inbound-Secret";

    public static RouteGroupBuilder MapEmailSettingsApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/settings/email").WithTags("E-mail").RequireAuthorization(Policies.Admin);
        group.MapGet("/", GetAsync).WithSummary("Inbound mail: what happens to mail that cannot be placed, whether mail opens tickets.");
        group.MapPut("/", PutAsync).Accepts<EmailSettingsRequest>("application/json").WithSummary("Change the inbound mail settings (admins).");
        group.MapPost("/inbound-secret", RotateSecretAsync)
            .WithSummary("Create (or replace) the shared secret of the inbound webhook; it is shown only in this answer.");
        return observatory;
    }

    private static async Task<Ok<EmailSettingsDto>> GetAsync(Tenant tenant, EmailSettingsStore store, CancellationToken ct) =>
        TypedResults.Ok(ToDto(tenant, await store.GetAsync(tenant.Slug, ct)));

    private static async Task<Ok<EmailSettingsDto>> PutAsync(Tenant tenant, HttpRequest request, EmailSettingsStore store, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<EmailSettingsRequest>(request, ct);
        var current = await store.GetAsync(tenant.Slug, ct);
        var updated = current with { UnplacedMail = body.UnplacedMail, OpenTicketsFromEmail = body.OpenTicketsFromEmail };
        await store.SaveAsync(tenant.Slug, updated, ct);
        return TypedResults.Ok(ToDto(tenant, updated));
    }

    private static async Task<Ok<InboundSecretDto>> RotateSecretAsync(Tenant tenant, EmailSettingsStore store, CancellationToken ct)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var current = await store.GetAsync(tenant.Slug, ct);
        await store.SaveAsync(tenant.Slug, current with { InboundSecretHash = EmailSettings.Hash(secret) }, ct);
        return TypedResults.Ok(new InboundSecretDto(secret, SecretHeader, InboundAddress(tenant)));
    }

    private static EmailSettingsDto ToDto(Tenant tenant, EmailSettings s) =>
        new(s.UnplacedMail, s.OpenTicketsFromEmail, s.InboundSecretHash is not null, InboundAddress(tenant));

    private static string InboundAddress(Tenant tenant) => $"/api/o/{tenant.Slug}/inbound/email";
}
