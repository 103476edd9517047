using System.Globalization;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Functions.Tickets;

/// <summary>Filters of the ticket list, named as the ticket's fields are.</summary>
public sealed record TicketQuery
{
    /// <summary>The <c>assignee</c> value that asks for tickets nobody is assigned to.</summary>
    public const string Unassigned = "none";

    public TicketStatus? Status { get; init; }
    public TicketPriority? Priority { get; init; }
    public TicketType? Type { get; init; }
    public string? Assignee { get; init; }
    public string? CustomerId { get; init; }
    public string? TelescopeId { get; init; }
    public string? ExternalRef { get; init; }
    public string? Text { get; init; }

    /// <summary>True: only tickets still being worked on (open, in progress, blocked); false: only the others.</summary>
    public bool? Active { get; init; }

    /// <summary>The support level the ticket is at (1, 2 or 3).</summary>
    public int? Level { get; init; }

    /// <summary>Whom the ticket is waiting on (<c>none</c> for tickets waiting on nobody).</summary>
    public WaitingOn? WaitingOn { get; init; }

    /// <summary>The technician responsible for the ticket.</summary>
    public string? Responsible { get; init; }

    /// <summary>A normalised tag the tickets must carry.</summary>
    public string? Tag { get; init; }

    /// <summary>Lists the tickets with this flag instead of the normal ones (spam and deleted tickets are in no other list).</summary>
    public Domain.Desk.TicketFlag? Flag { get; init; }
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
    public string? Cursor { get; init; }

    /// <summary>A condition computed at read time (e.g. the SLA light), checked on each candidate.</summary>
    public Func<TicketState, bool>? Also { get; init; }
    public int Limit { get; init; } = 25;

    public bool Matches(TicketState t) =>
        (Status is null || t.Status == Status)
        && (Priority is null || t.Priority == Priority)
        && (Type is null || t.Type == Type)
        && (Assignee is null || (Assignee == Unassigned ? t.Assignees.Count == 0 : t.Assignees.Contains(Assignee)))
        && (CustomerId is null || t.CustomerId == CustomerId)
        && (TelescopeId is null || t.TelescopeId == TelescopeId)
        && (ExternalRef is null || string.Equals(t.ExternalRef, ExternalRef, StringComparison.OrdinalIgnoreCase))
        && (Active is null || IsActive(t.Status) == Active)
        && (Level is null || t.SupportLevel == Level)
        && (WaitingOn is null || t.WaitingOn == WaitingOn)
        && (Responsible is null || t.ResponsibleId == Responsible)
        && (CreatedFrom is null || t.CreatedAt >= CreatedFrom)
        && (CreatedBefore is null || t.CreatedAt < CreatedBefore)
        && (Text is null || Contains(t.Title, Text) || Contains(t.Code, Text))
        && (Tag is null || t.Tags.Contains(Tag, StringComparer.Ordinal))
        && (Flag is null ? !t.Hidden : Flag == Domain.Desk.TicketFlag.Spam ? t.Spam : t.Deleted)
        && (Also is null || Also(t));

    /// <summary>Still being worked on: what the console's queues hold.</summary>
    public static bool IsActive(TicketStatus status) => status is TicketStatus.Open or TicketStatus.InProgress or TicketStatus.Blocked;

    /// <summary>Case- and accent-insensitive, so "camara" finds "Cámara".</summary>
    private static bool Contains(string haystack, string needle) =>
        CultureInfo.InvariantCulture.CompareInfo.IndexOf(haystack, needle, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;
}
