using System.Security.Cryptography;
using System.Text;

namespace AstroBlob.Functions.Http;

/// <summary>The <c>Idempotency-Key</c> header, scoped to the caller: the same key from two people never collides.</summary>
public static class IdempotencyKey
{
    public const int MaxLength = 200;

    /// <summary>A hash of caller and key, safe to use in a Table key; null when no key was sent.</summary>
    public static string? HashFor(HttpRequest request, string userId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxLength || key.Any(char.IsControl))
        {
            throw ApiException.BadRequest("invalid_idempotency_key", $"Idempotency-Key must be at most {MaxLength} printable characters.");
        }

        return key.Length == 0 ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{key}")));
    }
}
