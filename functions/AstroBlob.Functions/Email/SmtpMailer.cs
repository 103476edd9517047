using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AstroBlob.Functions.Email;

/// <summary>Hands one message to the configured SMTP server (locally the sink; in Azure the Communication Services relay).</summary>
public sealed class SmtpMailer(IOptions<EmailOptions> options)
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(o.SmtpHost, o.SmtpPort, o.SmtpSecurity, ct);
        if (!string.IsNullOrEmpty(o.SmtpUser))
        {
            await client.AuthenticateAsync(o.SmtpUser, o.SmtpPassword ?? string.Empty, ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
