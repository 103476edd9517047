using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA512 (OWASP 2023: 210,000 iterations). The iteration count is stored with
/// each hash, so raising it later does not lock anybody out.
/// </summary>
public sealed class PasswordHasher(IOptions<AuthOptions> options)
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // A fixed hash checked when the e-mail is unknown, so a login takes as long either way.
    private readonly Lazy<string> _dummy = new(() => HashWith("not-a-real-password", options.Value.PasswordIterations));

    public string Hash(string password) => HashWith(password, options.Value.PasswordIterations);

    public bool Verify(string password, string? stored)
    {
        var parts = (stored ?? _dummy.Value).Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha512" || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && stored is not null;
    }

    private static string HashWith(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha512${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }
}

public sealed class AuthOptions
{
    public const string Section = "Auth";

    public int PasswordIterations { get; set; } = 210_000;
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Failed logins per account (observatory + e-mail) allowed within <see cref="FailedLoginWindow"/>,
    /// counted in storage across all host instances (see <see cref="LoginThrottle"/>).
    /// </summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long a failed login counts against its account.</summary>
    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Login requests per client address per minute, whatever the account.</summary>
    public int LoginRequestsPerMinute { get; set; } = 30;
}
