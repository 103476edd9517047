using MailKit.Security;

namespace AstroBlob.Functions.Email;

/// <summary>Settings of mail out and in (configuration section <c>Email</c>).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string SmtpHost { get; set; } = "127.0.0.1";

    public int SmtpPort { get; set; } = 2525;

    /// <summary>None locally (the sink); StartTls for the Communication Services SMTP relay (port 587).</summary>
    public SecureSocketOptions SmtpSecurity { get; set; } = SecureSocketOptions.None;

    /// <summary>SMTP user; empty means no authentication.</summary>
    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>The sender of every mail; the observatory's name is its display name.</summary>
    public string FromAddress { get; set; } = "soporte@astroblob.local";

    /// <summary>Replies go to <c>reply+{token}@{ReplyDomain}</c>, whose inbound-parse service posts them to the webhook.</summary>
    public string ReplyDomain { get; set; } = "reply.astroblob.local";

    /// <summary>The right-hand side of every Message-ID we make.</summary>
    public string MessageIdDomain { get; set; } = "astroblob.local";

    /// <summary>Where links in mails point (the portal and console are served under it).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:7071/");

    /// <summary>
    /// Base64 key (32 bytes or more) that signs reply tokens. Required outside Development and
    /// Testing; rotating it makes older mails' reply addresses invalid (they fall back to
    /// In-Reply-To/References and the subject).
    /// </summary>
    public string? TokenKey { get; set; }

    /// <summary>Attempts per mail while SMTP fails (waits double from 2 s up to 10 min: about 2.5 hours in all) before the poison queue.</summary>
    public int MaxSendAttempts { get; set; } = 20;

    /// <summary>How long a magic sign-in link works.</summary>
    public TimeSpan MagicLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest inbound mail accepted by the webhook.</summary>
    public int MaxInboundBytes { get; set; } = 35 * 1024 * 1024;

    /// <summary>The key's bytes; a fixed development key when none is set in Development/Testing.</summary>
    public byte[] TokenKeyBytes(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(TokenKey))
        {
            var key = Convert.FromBase64String(TokenKey);
            return key.Length >= 32 ? key : throw new InvalidOperationException("Email:TokenKey must be at least 32 bytes (base64).");
        }

        return environment.IsDevelopment() || environment.IsEnvironment("Testing")
            ? System.Text.Encoding.UTF8.GetBytes("astroblob-local-development-reply-token-key")
            : throw new InvalidOperationException("Set Email:TokenKey (base64, 32 bytes or more): it signs the reply addresses of mails.");
    }
}
