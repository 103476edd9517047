using System.Security.Cryptography;
using System.Text;
using AstroBlob.Functions.Storage;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Auth;

public sealed record Session(string Observatory, string UserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Opaque bearer tokens. Only a SHA-256 of the token is stored (a leaked table does not leak
/// sessions); revoking is deleting the row, effective on the next request.
/// </summary>
public sealed class SessionStore(Tables tables)
{
    private const string Row = "session";
    private const string MagicRow = "magic";

    public async Task<string> CreateAsync(string observatory, string userId, DateTimeOffset now, TimeSpan lifetime, CancellationToken ct)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var entity = new TableEntity(HashOf(token), Row)
        {
            ["Observatory"] = observatory,
            ["UserId"] = userId,
            ["CreatedAt"] = now,
            ["ExpiresAt"] = now + lifetime,
        };
        await tables.Sessions.AddEntityAsync(entity, ct);
        return token;
    }

    public async Task<Session?> FindAsync(string token, DateTimeOffset now, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }

        var row = await tables.Sessions.GetOrNullAsync(HashOf(token), Row, ct);
        if (row is null)
        {
            return null;
        }

        var session = new Session(
            row.GetString("Observatory") ?? string.Empty,
            row.GetString("UserId") ?? string.Empty,
            row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue);
        return session.ExpiresAt > now ? session : null;
    }

    /// <summary>A single-use sign-in token for a magic link (only its hash is stored).</summary>
    public async Task<string> CreateMagicLinkAsync(string observatory, string userId, DateTimeOffset now, TimeSpan lifetime, CancellationToken ct)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        await tables.Sessions.AddEntityAsync(new TableEntity(HashOf(token), MagicRow)
        {
            ["Observatory"] = observatory,
            ["UserId"] = userId,
            ["CreatedAt"] = now,
            ["ExpiresAt"] = now + lifetime,
        }, ct);
        return token;
    }

    /// <summary>
    /// The user a magic link signs in, once: the row is deleted ETag-guarded, so of two
    /// concurrent redemptions only one gets the user. Null when unknown, used, expired or of another observatory.
    /// </summary>
    public async Task<string?> RedeemMagicLinkAsync(string observatory, string token, DateTimeOffset now, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }

        var row = await tables.Sessions.GetOrNullAsync(HashOf(token), MagicRow, ct);
        if (row is null)
        {
            return null;
        }

        try
        {
            await tables.Sessions.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct);
        }
        catch (Azure.RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }

        return row.GetString("Observatory") == observatory && row.GetDateTimeOffset("ExpiresAt") > now ? row.GetString("UserId") : null;
    }

    public async Task RevokeAsync(string token, CancellationToken ct) =>
        await tables.Sessions.DeleteEntityAsync(HashOf(token), Row, Azure.ETag.All, ct);

    private static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
