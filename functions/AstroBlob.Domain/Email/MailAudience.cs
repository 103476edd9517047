using System.Text.RegularExpressions;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Email;

/// <summary>One mail to send: to whom, and which kind of mail.</summary>
public sealed record MailRecipient(string UserId, MailKind Kind);

/// <summary>
/// Who gets a mail about what. Customers hear about public replies and the status changes that
/// concern them; technicians about assignments, mentions in internal notes and customer replies;
/// nobody about their own action; an internal note never reaches a customer.
/// </summary>
public static partial class MailAudience
{
    /// <summary>The recipients of a new message on <paramref name="ticket"/>.</summary>
    /// <param name="mentionedStaff">Staff ids named with @ in the message (only internal notes use them).</param>
    public static IReadOnlyList<MailRecipient> ForMessage(TicketState ticket, Actor author, Visibility visibility, IReadOnlyCollection<string> mentionedStaff)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(mentionedStaff);
        var recipients = new List<MailRecipient>();
        if (visibility == Visibility.Internal)
        {
            recipients.AddRange(mentionedStaff.Select(id => new MailRecipient(id, MailKind.Mentioned)));
        }
        else
        {
            // The customer's side: the requester and everyone copied.
            recipients.AddRange(CustomerSide(ticket).Select(id => new MailRecipient(id, MailKind.PublicReply)));
            if (!author.IsStaff)
            {
                // A customer wrote: the technicians working on it hear about it.
                recipients.AddRange(ticket.Assignees.Select(id => new MailRecipient(id, MailKind.PublicReply)));
            }
        }

        return Without(recipients, author);
    }

    /// <summary>The recipients of a change from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static IReadOnlyList<MailRecipient> ForChange(TicketState? before, TicketState after, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(actor);
        var recipients = new List<MailRecipient>();
        MailKind? statusMail = (before?.Status, after.Status) switch
        {
            // A duplicate merged into another ticket is not "cancelled" to its customer: the conversation goes on there.
            _ when after.MergedInto is not null => null,
            (var from, TicketStatus.Finished) when from != TicketStatus.Finished => MailKind.StatusFinished,
            (var from, TicketStatus.Cancelled) when from != TicketStatus.Cancelled => MailKind.StatusCancelled,
            _ => null,
        };
        if (statusMail is { } kind)
        {
            recipients.AddRange(CustomerSide(after).Select(id => new MailRecipient(id, kind)));
        }
        else if (after.WaitingOn == WaitingOn.Customer && before is not null && before.WaitingOn != WaitingOn.Customer)
        {
            recipients.AddRange(CustomerSide(after).Select(id => new MailRecipient(id, MailKind.WaitingOnCustomer)));
        }

        var added = after.Assignees.Except(before?.Assignees ?? [], StringComparer.Ordinal);
        recipients.AddRange(added.Select(id => new MailRecipient(id, MailKind.Assigned)));
        return Without(recipients, actor);
    }

    /// <summary>
    /// The handles written as <c>@handle</c> in a text (lower-case, distinct): the local part of a
    /// person's e-mail address (<c>@l2</c> for l2@observatorio.es) or their name without spaces.
    /// An address such as ana@example.com is not a mention.
    /// </summary>
    public static IReadOnlySet<string> Mentions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return MentionPattern().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.', '-').ToLowerInvariant()).Where(h => h.Length > 0).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether a mention handle names this person (e-mail local part, or name without spaces).</summary>
    public static bool Names(string handle, string email, string name)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(name);
        var local = email.Split('@')[0];
        var compact = string.Concat(name.Where(c => !char.IsWhiteSpace(c)));
        return string.Equals(handle, local, StringComparison.OrdinalIgnoreCase) || string.Equals(handle, compact, StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> CustomerSide(TicketState t) => [t.RequesterId, .. t.Cc];

    /// <summary>Nobody gets mail about their own action, and nobody gets the same mail twice.</summary>
    private static List<MailRecipient> Without(List<MailRecipient> recipients, Actor actor) =>
        [.. recipients.Where(r => r.UserId != actor.UserId).DistinctBy(r => r.UserId)];

    [GeneratedRegex(@"(?<![\w.@])@([\p{L}\p{N}._-]{1,64})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex MentionPattern();
}
