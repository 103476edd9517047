using AstroBlob.Domain.Desk;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Functions.Tickets;

public sealed record CreateTicketRequest
{
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required TicketType Type { get; init; }
    public TicketPriority? Priority { get; init; }
    public string? TelescopeId { get; init; }
    /// <summary>Staff only: the customer the ticket is opened for.</summary>
    public string? CustomerId { get; init; }
    /// <summary>Staff only: the customer's contact who asked (defaults to the customer's only contact).</summary>
    public string? RequesterId { get; init; }
}

/// <summary>PATCH body: only the fields present change; <c>null</c> clears the clearable ones.</summary>
public sealed record PatchTicketRequest
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public TicketType? Type { get; init; }
    public TicketPriority? Priority { get; init; }
    public TicketStatus? Status { get; init; }
    public IReadOnlyList<string>? Assignees { get; init; }
    public IReadOnlyList<string>? Cc { get; init; }
    public string? ResponsibleId { get; init; }
    public int? SupportLevel { get; init; }
    public WaitingOn? WaitingOn { get; init; }
    public string? ExternalRef { get; init; }
    public bool? Billable { get; init; }
    public string? TelescopeId { get; init; }

    /// <summary>Custom field values by key: a string (text, date yyyy-MM-dd, choice) or a number; null or "" clears one.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Fields { get; init; }
}

public sealed record ReopenRequest
{
    public required string Message { get; init; }
}

public sealed record TicketDto(
    string Code,
    string Title,
    string? Description,
    TicketType Type,
    TicketPriority Priority,
    TicketStatus Status,
    string CustomerId,
    string RequesterId,
    string? TelescopeId,
    IReadOnlyList<string> Assignees,
    IReadOnlyList<string> Cc,
    string? ResponsibleId,
    int? SupportLevel,
    WaitingOn WaitingOn,
    string? ExternalRef,
    bool Billable,
    int MessageCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FirstRespondedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? ClosedAt,
    string? SignedOffBy,
    SlaDto? Sla)
{
    /// <summary>Staff labels (empty for customers).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Custom field values by key: numbers as numbers, the rest as text; customers get the fields they may see.</summary>
    public IReadOnlyDictionary<string, object> Fields { get; init; } = new Dictionary<string, object>();

    /// <summary>Staff only (false for customers, who never see such tickets).</summary>
    public bool Spam { get; init; }
    public bool Deleted { get; init; }

    /// <summary>The ticket this duplicate was merged into: carry on there.</summary>
    public string? MergedInto { get; init; }
    public IReadOnlyList<string> MergedFrom { get; init; } = [];
}

/// <summary>The SLA as of the moment of reading: the light is exact between timer firings.</summary>
public sealed record SlaDto(
    Domain.Sla.SlaLight Light,
    DateTimeOffset? FirstResponseDueAt,
    DateTimeOffset? ResolutionDueAt,
    bool Paused,
    int? EscalationLevel,
    bool FirstResponseBreached,
    bool ResolutionBreached);

public sealed record EscalateRequest
{
    /// <summary>The level to escalate to; the next one when absent.</summary>
    public int? Level { get; init; }
}

public sealed record TicketListDto(IReadOnlyList<TicketDto> Items, string? NextCursor);

/// <summary>One field's change; <c>internal</c> marks staff business (never shown to customers).</summary>
public sealed record FieldChangeDto(string Field, string? From, string? To, bool Internal);

public sealed record ActivityDto(
    string Id, DateTimeOffset At, string ActorId, string ActorName, string Action, IReadOnlyList<FieldChangeDto> Changes, bool Internal, string? Subject);

public static class TicketMapping
{
    /// <summary>Customers never see staff-internal fields nor the count of internal notes.</summary>
    public static TicketDto ToDto(this TicketState t, Actor viewer, Domain.Sla.SlaView? sla, CustomFieldSet fields, bool withDescription = true)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(fields);
        var staff = viewer.IsStaff;
        return new TicketDto(
            t.Code,
            t.Title,
            withDescription ? t.Description : null,
            t.Type,
            t.Priority,
            t.Status,
            t.CustomerId,
            t.RequesterId,
            t.TelescopeId,
            t.Assignees,
            t.Cc,
            staff ? t.ResponsibleId : null,
            staff ? t.SupportLevel : null,
            t.WaitingOn,
            staff ? t.ExternalRef : null,
            t.Billable,
            staff ? t.PublicMessageCount + t.InternalMessageCount : t.PublicMessageCount,
            t.CreatedAt,
            staff ? t.UpdatedAt : t.CustomerUpdatedAt ?? t.CreatedAt,
            t.FirstRespondedAt,
            t.FinishedAt,
            t.ClosedAt,
            t.SignedOffBy,
            sla is null ? null : new SlaDto(
                sla.Light,
                sla.FirstResponseDueAt,
                sla.ResolutionDueAt,
                sla.Paused,
                staff ? sla.EscalationLevel : null,
                sla.FirstResponseBreached,
                sla.ResolutionBreached))
        {
            Tags = staff ? t.Tags : [],
            Fields = FieldValues(t, fields, staff),
            Spam = staff && t.Spam,
            Deleted = staff && t.Deleted,
            MergedInto = t.MergedInto,
            MergedFrom = t.MergedFrom,
        };
    }

    /// <summary>Values of the fields still defined (a removed field's values stay stored, hidden), typed by kind.</summary>
    private static Dictionary<string, object> FieldValues(TicketState t, CustomFieldSet fields, bool staff)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in t.Fields)
        {
            if (fields.Find(key) is { } definition && (staff || definition.CustomerVisible))
            {
                values[key] = definition.Kind == CustomFieldKind.Number
                    ? decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
                    : value;
            }
        }

        return values;
    }

    /// <summary>
    /// The trail as the viewer may see it: staff see every entry with its details; customers lose
    /// internal entries, internal fields, and entries left empty.
    /// </summary>
    public static IEnumerable<ActivityDto> ForViewer(this IEnumerable<ActivityEntry> entries, Actor viewer) =>
        entries
            .Where(e => viewer.IsStaff || !e.Internal)
            .Select(e => new ActivityDto(
                e.Id,
                e.At,
                e.ActorId,
                e.ActorName,
                e.Action,
                e.Changes.Where(c => viewer.IsStaff || !c.IsInternal).Select(c => new FieldChangeDto(c.Field, c.From, c.To, c.IsInternal)).ToList(),
                e.Internal || (e.Changes.Count > 0 && e.Changes.All(c => c.IsInternal)),
                viewer.IsStaff ? e.Subject : null))
            .Where(e => viewer.IsStaff || e.Changes.Count > 0 || e.Action is "created" or "signed_off");
}
