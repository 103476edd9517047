using System.Text.Json;
using AstroBlob.Domain.Email;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Notifications;
using AstroBlob.Functions.Tickets;

namespace AstroBlob.Functions.Email;

/// <summary>
/// One mail to one person, as it travels through the outbox and the <c>email-outbox</c> queue.
/// It names what happened, not the rendered mail: the sender renders it in the recipient's
/// language when it sends. The id is derived from the cause, so a retried change makes the same job.
/// </summary>
public sealed record MailJob(
    string Id,
    string Observatory,
    MailKind Kind,
    string RecipientUserId,
    string? TicketCode,
    string? ActorName = null,
    string? Body = null,
    string? Detail = null,
    Uri? Link = null,
    string? ToAddress = null,
    int Attempt = 1)
{
    public const string OutboxKind = "mail";

    /// <summary>A queue message holds 64 KiB: long messages travel as their beginning; the mail links to the whole.</summary>
    public const int MaxBodyChars = 8_000;

    public static string Excerpt(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.Length <= MaxBodyChars ? body : string.Concat(body.AsSpan(0, MaxBodyChars), " […]");
    }

    public static string IdFor(string cause) => NotificationStore.IdFor("mail|" + cause);

    public OutboxItem ToOutbox() => new(Id, OutboxKind, JsonSerializer.Serialize(this, Json.Options));

    public static MailJob FromOutbox(OutboxItem item) =>
        JsonSerializer.Deserialize<MailJob>(item.Payload, Json.Options) ?? throw new InvalidDataException($"Outbox row {item.Id} has no mail.");

    /// <summary>The mail an SLA notification also sends, with the same identity.</summary>
    public static MailJob? ForNotification(string observatory, Notification n)
    {
        ArgumentNullException.ThrowIfNull(n);
        MailKind? kind = n.Kind switch
        {
            "sla_warning" => MailKind.SlaWarning,
            "sla_breach" => MailKind.SlaBreach,
            "sla_escalated" => MailKind.SlaEscalated,
            _ => null,
        };
        return kind is null ? null : new MailJob(IdFor("notification|" + n.Id), observatory, kind.Value, n.UserId, n.TicketCode, Detail: n.Text);
    }
}
