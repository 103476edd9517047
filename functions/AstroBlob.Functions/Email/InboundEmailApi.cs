using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AstroBlob.Functions.Email;

public sealed record InboundResultDto(InboundOutcome Outcome, string? Reason, string? TicketCode, string? MessageId);

public sealed record InboundLogDto(IReadOnlyList<InboundRecord> Items);

public static class InboundEmailApi
{
    public static RouteGroupBuilder MapInboundEmailApi(this RouteGroupBuilder observatory)
    {
        observatory.MapPost("/inbound/email", ReceiveAsync).WithTags("E-mail")
            .WithSummary("Inbound-parse webhook: a raw RFC 822 mail in the body, the observatory's secret in X-Inbound-Secret. Idempotent per Message-ID.");
        observatory.MapGet("/inbound/log", ListAsync).WithTags("E-mail").RequireAuthorization(Policies.Admin)
            .WithSummary("The latest inbound mails and what became of each (accepted, opened a ticket, duplicate, rejected, held).");
        return observatory;
    }

    private static async Task<Ok<InboundResultDto>> ReceiveAsync(
        Tenant tenant, HttpRequest request, EmailSettingsStore settings, InboundEmailService inbound, IOptions<EmailOptions> options, CancellationToken ct)
    {
        var secret = request.Headers[EmailSettingsApi.SecretHeader].ToString();
        if (!(await settings.GetAsync(tenant.Slug, ct)).Accepts(secret))
        {
            throw new ApiException(401, "invalid_inbound_secret", $"Send the observatory's inbound secret in {EmailSettingsApi.SecretHeader}.");
        }

        var max = options.Value.MaxInboundBytes;
        if (request.ContentLength > max)
        {
            throw new ApiException(413, "payload_too_large", $"A mail must be at most {max} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new ApiException(413, "payload_too_large", $"A mail must be at most {max} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        var raw = buffer.ToArray();
        MimeMessage mail;
        try
        {
            buffer.Position = 0;
            mail = await MimeMessage.LoadAsync(buffer, ct);
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest("invalid_mail", $"The body is not an RFC 822 mail: {e.Message}");
        }

        if (mail.From.Mailboxes.FirstOrDefault() is null)
        {
            throw ApiException.BadRequest("invalid_mail", "The mail has no From address.");
        }

        var record = await inbound.ReceiveAsync(tenant, mail, raw, ct);
        return TypedResults.Ok(new InboundResultDto(record.Outcome, record.Reason, record.TicketCode, record.ConversationMessageId));
    }

    private static async Task<Ok<InboundLogDto>> ListAsync(Tenant tenant, HttpRequest request, InboundLog log, CancellationToken ct) =>
        TypedResults.Ok(new InboundLogDto(await log.ListAsync(tenant.Slug, QueryParams.Int(request, "limit", 50, 1, 200), ct)));
}
