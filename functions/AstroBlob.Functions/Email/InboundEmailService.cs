using AstroBlob.Domain.Attachments;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Email;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;
using Azure;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AstroBlob.Functions.Email;

/// <summary>
/// Places an inbound mail: finds its ticket (signed reply token, then In-Reply-To/References,
/// then the code in the subject), checks that the sender may write there, keeps only the new
/// text, sends its files through the attachment pipeline and posts it as a public message by
/// that person. Anything that cannot be placed is rejected or held as the observatory says, and
/// recorded; nothing is ever written to a ticket the sender may not write to.
/// </summary>
public sealed partial class InboundEmailService(
    DirectoryStore directory,
    TicketService tickets,
    AttachmentService attachments,
    BlobFiles blobs,
    EmailSettingsStore settings,
    InboundLog log,
    IQueueSender queues,
    IOptions<EmailOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<InboundEmailService> logger)
{
    private const int MaxFiles = AttachmentRules.MaxPerMessage;

    /// <param name="answerTo">
    /// The known, active person who wrote, when telling them is safe: never for unknown senders,
    /// robots or forged reply addresses, so the observatory sends no backscatter.
    /// </param>
    /// <param name="ticketCode">The ticket the answer may name: only one the sender can see.</param>
    private sealed class Refusal(string reason, string detail, User? answerTo = null, string? ticketCode = null) : Exception(detail)
    {
        public string Reason { get; } = reason;

        public User? AnswerTo { get; } = answerTo;

        public string? TicketCode { get; } = ticketCode;
    }

    public async Task<InboundRecord> ReceiveAsync(Tenant tenant, MimeMessage mail, byte[] raw, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var messageId = string.IsNullOrWhiteSpace(mail.MessageId) ? "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw)) : mail.MessageId;
        var id = InboundLog.IdFor(messageId);
        var from = mail.From.Mailboxes.FirstOrDefault()?.Address?.Trim().ToLowerInvariant() ?? string.Empty;
        var record = new InboundRecord(id, messageId, from, Trim(mail.Subject ?? string.Empty, 300), clock.GetUtcNow(), InboundOutcome.Rejected, null, null, null, null);

        var earlier = await log.GetAsync(tenant.Slug, id, ct);
        if (earlier is { Outcome: InboundOutcome.Accepted or InboundOutcome.Opened or InboundOutcome.Duplicate })
        {
            return earlier with { Outcome = InboundOutcome.Duplicate };
        }

        var policy = await settings.GetAsync(tenant.Slug, ct);
        try
        {
            var placed = await PlaceAsync(tenant, mail, id, from, policy, ct);
            record = record with { Outcome = placed.Outcome, TicketCode = placed.Code, ConversationMessageId = placed.MessageId, Reason = placed.Replayed ? "same Message-ID posted before" : null };
        }
        catch (Refusal r)
        {
            record = record with { Reason = r.Reason };
            if (policy.UnplacedMail == UnplacedMailPolicy.Hold)
            {
                var name = $"{tenant.Slug}/~inbound/{id}.eml";
                await blobs.Files.GetBlobClient(name).UploadAsync(new BinaryData(raw), overwrite: true, ct);
                record = record with { Outcome = InboundOutcome.Held, HeldBlob = name };
            }

            LogRefused(logger, tenant.Slug, from, r.Reason, record.Outcome);
            if (r.AnswerTo is { } person)
            {
                // One answer per inbound Message-ID: a relay delivering it again makes the same job.
                await queues.SendAsync(EmailSendFunction.Queue, new MailJob(
                    MailJob.IdFor("inbound-refused|" + id), tenant.Slug, MailKind.InboundRejected, person.Id, r.TicketCode,
                    Detail: Explain(r.Reason, person.Language)), ct: ct);
            }
        }

        await log.RecordAsync(tenant.Slug, record, ct);
        return record;
    }

    /// <summary>Merged tickets cannot be merged again, so one hop is the rule; a few guard against stored data that says otherwise.</summary>
    private const int MaxMergeHops = 3;

    private async Task<(InboundOutcome Outcome, string Code, string? MessageId, bool Replayed)> PlaceAsync(
        Tenant tenant, MimeMessage mail, string id, string from, EmailSettings policy, CancellationToken ct)
    {
        if (IsAutomatic(mail))
        {
            // Out-of-office answers and other robots would otherwise talk to our own mails in a loop.
            throw new Refusal("auto_reply", "The mail was sent automatically (Auto-Submitted, Precedence or X-Autoreply).");
        }

        var sender = from.Length == 0 ? null : await directory.FindUserByEmailAsync(tenant.Slug, from, ct);
        var code = FindTicketCode(tenant, mail);
        if (sender is not { Active: true } user)
        {
            throw new Refusal("unknown_sender", "The sender is not a person of this observatory.");
        }

        var actor = user.ToActor();
        var text = ReplyText.NewText(mail.TextBody ?? ReplyText.FromHtml(mail.HtmlBody ?? string.Empty));
        var files = mail.Attachments.OfType<MimePart>().Where(p => p.Content is not null).Take(MaxFiles).ToList();
        var keyHash = "mail-" + id;

        if (code is null)
        {
            if (!policy.OpenTicketsFromEmail || user.Role != Role.Customer)
            {
                throw new Refusal("no_ticket", "The mail names no ticket of this observatory.", user);
            }

            return await OpenTicketAsync(tenant, actor, mail, text, files, keyHash, ct);
        }

        TicketState ticket;
        try
        {
            (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
            for (var hop = 0; ticket.MergedInto is { } survivor && hop < MaxMergeHops; hop++)
            {
                // A reply in a merged duplicate's thread belongs to the ticket it was merged into.
                (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, survivor, ct);
            }
        }
        catch (ApiException e) when (e.Status == 404)
        {
            // Another customer's ticket, or none: the sender learns nothing about it.
            throw new Refusal("not_allowed", "The sender may not write to this ticket.", user);
        }

        if (text.Length == 0 && files.Count == 0)
        {
            throw new Refusal("empty", "The mail has no new text and no files.", user, ticket.Code);
        }

        try
        {
            var uploaded = await UploadFilesAsync(tenant, actor, ticket.Code, files, ct);
            var (message, replayed) = await tickets.AddMessageAsync(tenant, actor, ticket.Code, text, Visibility.Public, keyHash, ct,
                uploaded.Count == 0 ? null : c => attachments.PrepareForMessageAsync(tenant, actor, ticket.Code, uploaded, c));
            return (replayed ? InboundOutcome.Duplicate : InboundOutcome.Accepted, ticket.Code, message.Id, replayed);
        }
        catch (DomainException e) when (e.Code == "ticket_closed")
        {
            throw new Refusal("ticket_closed", "The ticket no longer accepts messages.", user, ticket.Code);
        }
    }

    private async Task<(InboundOutcome, string, string?, bool)> OpenTicketAsync(
        Tenant tenant, Actor actor, MimeMessage mail, string text, IReadOnlyList<MimePart> files, string keyHash, CancellationToken ct)
    {
        var title = Trim(StripReplyPrefixes(mail.Subject ?? string.Empty), Limits.TitleMax);
        var request = new CreateTicketRequest
        {
            Title = title.Length == 0 ? "(sin asunto)" : title,
            Description = Trim(text, Limits.DescriptionMax),
            Type = TicketType.Question,
        };
        var (ticket, _, replayed) = await tickets.CreateAsync(tenant, actor, request, new IdempotencyClaim(keyHash, keyHash), ct);
        if (!replayed)
        {
            var uploaded = await UploadFilesAsync(tenant, actor, ticket.Code, files, ct);
            if (uploaded.Count > 0)
            {
                await tickets.AddMessageAsync(tenant, actor, ticket.Code, string.Empty, Visibility.Public, keyHash + "-files", ct,
                    c => attachments.PrepareForMessageAsync(tenant, actor, ticket.Code, uploaded, c));
            }

            // The acknowledgement carries the ticket's reply address, so the conversation continues by mail.
            await queues.SendAsync(EmailSendFunction.Queue, new MailJob(MailJob.IdFor("opened|" + keyHash), tenant.Slug, MailKind.TicketOpenedByEmail, actor.UserId, ticket.Code, actor.Name), ct: ct);
        }

        return (replayed ? InboundOutcome.Duplicate : InboundOutcome.Opened, ticket.Code, null, replayed);
    }

    /// <summary>Files go through the same slots and processor as uploads from the portal; one the rules refuse is left out.</summary>
    private async Task<IReadOnlyList<string>> UploadFilesAsync(Tenant tenant, Actor actor, string code, IReadOnlyList<MimePart> files, CancellationToken ct)
    {
        var ids = new List<string>();
        foreach (var part in files)
        {
            using var buffer = new MemoryStream();
            await part.Content!.DecodeToAsync(buffer, ct);
            var name = part.FileName ?? "adjunto";
            try
            {
                var (slot, _) = await attachments.CreateSlotAsync(tenant, actor, code,
                    new UploadSlotRequest { FileName = name, Size = buffer.Length, ContentType = part.ContentType.MimeType }, ct);
                buffer.Position = 0;
                await blobs.Quarantine.GetBlobClient(BlobFiles.UploadName(tenant.Slug, slot.TicketCode, slot.Id)).UploadAsync(buffer, overwrite: true, ct);
                ids.Add(slot.Id);
            }
            catch (DomainException e)
            {
                LogFileLeftOut(logger, name, code, e.Code);
            }
        }

        return ids;
    }

    /// <summary>The ticket a reply names: the signed token first, then the thread ids, then the subject.</summary>
    private string? FindTicketCode(Tenant tenant, MimeMessage mail)
    {
        var o = options.Value;
        var key = o.TokenKeyBytes(environment);
        var recipients = mail.To.Mailboxes.Concat(mail.Cc.Mailboxes).Select(m => m.Address)
            .Concat(mail.Headers.Where(h => h.Field is "Delivered-To" or "X-Original-To" or "Envelope-To").Select(h => h.Value.Trim()));
        foreach (var address in recipients)
        {
            if (ReplyToken.TokenFromAddress(address) is not { } token)
            {
                continue;
            }

            if (!ReplyToken.TryRead(token, key, out var observatory, out var code))
            {
                throw new Refusal("forged_token", "The reply address is not one this observatory issued.");
            }

            return observatory == tenant.Slug ? code : throw new Refusal("other_observatory", "The reply address belongs to another observatory.");
        }

        foreach (var reference in mail.References.Prepend(mail.InReplyTo ?? string.Empty))
        {
            if (MailThread.TryFindTicket(reference, o.MessageIdDomain, out var observatory, out var code) && observatory == tenant.Slug)
            {
                return code;
            }
        }

        return MailThread.CodeInSubject(mail.Subject ?? string.Empty, tenant.Observatory.TicketPrefix);
    }

    /// <summary>Why a mail from a known person was not added, in their language, for the answer.</summary>
    private static string Explain(string reason, string language)
    {
        var english = language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        return reason switch
        {
            "ticket_closed" => english
                ? "the ticket is closed. If the problem is back, open a new ticket in the portal."
                : "el ticket ya está cerrado. Si el problema ha vuelto, abre un ticket nuevo en el portal.",
            "not_allowed" => english
                ? "you cannot write to that ticket from this address."
                : "no puedes escribir en ese ticket desde esta dirección.",
            "empty" => english
                ? "the e-mail had no new text and no files."
                : "el correo no traía texto nuevo ni archivos.",
            _ => english
                ? "the e-mail does not say which ticket it belongs to. Reply to the last e-mail we sent you about it."
                : "el correo no indica a qué ticket pertenece. Responde al último correo que te enviamos sobre él.",
        };
    }

    private static bool IsAutomatic(MimeMessage mail)
    {
        var autoSubmitted = mail.Headers["Auto-Submitted"];
        var precedence = mail.Headers["Precedence"];
        return (autoSubmitted is not null && !autoSubmitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
            || precedence?.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply"
            || mail.Headers.Contains("X-Autoreply") || mail.Headers.Contains("X-Autorespond");
    }

    private static string StripReplyPrefixes(string subject)
    {
        var s = subject.Trim();
        string[] prefixes = ["re:", "fw:", "fwd:", "rv:", "reenv:", "aw:"];
        bool again;
        do
        {
            again = false;
            foreach (var p in prefixes)
            {
                if (s.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                {
                    s = s[p.Length..].TrimStart();
                    again = true;
                }
            }
        }
        while (again);
        return s;
    }

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound mail to {Observatory} from {From} not placed ({Reason}): {Outcome}")]
    private static partial void LogRefused(ILogger logger, string observatory, string from, string reason, InboundOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "File {FileName} of an inbound mail for {TicketCode} left out: {Reason}")]
    private static partial void LogFileLeftOut(ILogger logger, string fileName, string ticketCode, string reason);
}
