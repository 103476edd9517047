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
    SlaDto? Sla);

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

public sealed record FieldChangeDto(string Field, string? From, string? To);

public sealed record ActivityDto(string Id, DateTimeOffset At, string ActorId, string ActorName, string Action, IReadOnlyList<FieldChangeDto> Changes);

public static class TicketMapping
{
    /// <summary>Customers never see staff-internal fields nor the count of internal notes.</summary>
    public static TicketDto ToDto(this TicketState t, Actor viewer, Domain.Sla.SlaView? sla, bool withDescription = true)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(viewer);
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
                sla.ResolutionBreached));
    }

    /// <summary>The trail as the viewer may see it: customers lose internal fields, and entries left empty.</summary>
    public static IEnumerable<ActivityDto> ForViewer(this IEnumerable<ActivityEntry> entries, Actor viewer) =>
        entries
            .Select(e => new ActivityDto(
                e.Id,
                e.At,
                e.ActorId,
                e.ActorName,
                e.Action,
                e.Changes.Where(c => viewer.IsStaff || !c.IsInternal).Select(c => new FieldChangeDto(c.Field, c.From, c.To)).ToList()))
            .Where(e => viewer.IsStaff || e.Changes.Count > 0 || e.Action is "created" or "signed_off");
}
