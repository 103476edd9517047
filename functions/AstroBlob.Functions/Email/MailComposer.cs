using AstroBlob.Domain.Email;
using AstroBlob.Domain.People;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Tickets;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AstroBlob.Functions.Email;

/// <summary>
/// Turns a mail job into the message that goes out: the recipient's language, the observatory's
/// name and logo, a link to the ticket in the portal (customers) or console (staff), a stable
/// Message-ID threaded under the ticket's root id, and for mails one may answer a Reply-To
/// address carrying a signed token that names the observatory and ticket.
/// </summary>
public sealed class MailComposer(
    ObservatoryStore observatories,
    DirectoryStore directory,
    TicketStore tickets,
    IOptions<EmailOptions> options,
    IHostEnvironment environment)
{
    private byte[]? _key;

    /// <summary>The message, or null when there is nobody to send it to any more (gone, inactive).</summary>
    public async Task<MimeMessage?> ComposeAsync(MailJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var o = options.Value;
        var observatory = await observatories.GetAsync(job.Observatory, ct);
        var recipient = await directory.GetUserAsync(job.Observatory, job.RecipientUserId, ct);
        if (observatory is null || recipient is not { User: { Active: true } user })
        {
            return null;
        }

        var ticket = job.TicketCode is null ? null : await tickets.GetAsync(job.Observatory, job.TicketCode, ct);
        var replyable = job.TicketCode is not null && IsReplyable(job.Kind, user);
        var link = job.Link ?? LinkTo(o.PublicBaseUrl, observatory.Slug, job.TicketCode, user);
        var rendered = MailTemplates.Render(new MailContent(
            job.Kind,
            user.Language,
            observatory.Name,
            Uri.TryCreate(observatory.LogoUrl, UriKind.Absolute, out var logo) ? logo : null,
            job.TicketCode,
            ticket?.Ticket.Title,
            job.ActorName,
            job.Body,
            link,
            replyable,
            job.Detail));

        var message = new MimeMessage { Subject = rendered.Subject };
        message.From.Add(new MailboxAddress(observatory.Name, o.FromAddress));
        message.To.Add(new MailboxAddress(user.Name, job.ToAddress ?? user.Email));
        if (job.TicketCode is { } code)
        {
            message.MessageId = MailThread.ForMail(observatory.Slug, code, job.Id, o.MessageIdDomain);
            var root = MailThread.TicketRoot(observatory.Slug, code, o.MessageIdDomain);
            message.InReplyTo = root;
            message.References.Add(root);
            if (replyable)
            {
                message.ReplyTo.Add(new MailboxAddress(observatory.Name, ReplyToken.Address(ReplyToken.Create(observatory.Slug, code, Key), o.ReplyDomain)));
            }
        }
        else
        {
            message.MessageId = $"mail.{job.Id}.{observatory.Slug}@{o.MessageIdDomain}";
        }

        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-AstroBlob-Mail", job.Id);
        message.Body = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html }.ToMessageBody();
        return message;
    }

    /// <summary>Where the recipient reads the ticket: customers in the portal, staff in the console.</summary>
    public static Uri LinkTo(Uri baseUrl, string observatory, string? code, User user)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(user);
        var app = user.Role == Role.Customer ? "portal" : "console";
        var path = code is null ? $"{app}/{observatory}/" : $"{app}/{observatory}/#/tickets/{code}";
        return new Uri(baseUrl, path);
    }

    private byte[] Key => _key ??= options.Value.TokenKeyBytes(environment);

    /// <summary>Mails whose answer becomes a public message: customer-facing ones, and customer replies to staff.</summary>
    private static bool IsReplyable(MailKind kind, User user) => kind switch
    {
        MailKind.PublicReply or MailKind.WaitingOnCustomer or MailKind.StatusFinished or MailKind.TicketOpenedByEmail => true,
        _ => false,
    } && (user.Role == Role.Customer || kind == MailKind.PublicReply);
}
