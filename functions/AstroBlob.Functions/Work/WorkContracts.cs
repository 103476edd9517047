using System.Text.Json;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Tickets;

namespace AstroBlob.Functions.Work;

// ---- requests ----

/// <summary>
/// A manual entry: <c>startedAt</c> and <c>endedAt</c>, or a start or end with <c>minutes</c>,
/// or only <c>minutes</c> (ending now). Instants must carry their offset (<c>Z</c> or <c>+01:00</c>).
/// </summary>
public sealed record CreateTimeEntryRequest
{
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? Minutes { get; init; }
    public string? Note { get; init; }

    /// <summary>Defaults to the ticket's billable flag.</summary>
    public bool? Billable { get; init; }

    /// <summary>Absent: the observatory's default rate. <c>null</c>: no rate.</summary>
    public decimal? HourlyRate { get; init; }

    /// <summary>Admins only: whose time this is (defaults to the caller).</summary>
    public string? UserId { get; init; }
}

/// <summary>PATCH body: only the fields present change; <c>note: null</c> empties it, <c>hourlyRate: null</c> removes the rate.</summary>
public sealed record PatchTimeEntryRequest
{
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? Minutes { get; init; }
    public string? Note { get; init; }
    public bool? Billable { get; init; }
    public decimal? HourlyRate { get; init; }
}

public sealed record StartTimerRequest
{
    public string? Note { get; init; }

    /// <summary>Absent: the ticket's billable flag when the timer stops.</summary>
    public bool? Billable { get; init; }
}

/// <summary>Stopping may correct what the entry will say; <c>minutes</c> overrides the measured time.</summary>
public sealed record StopTimerRequest
{
    public string? Note { get; init; }
    public bool? Billable { get; init; }
    public decimal? HourlyRate { get; init; }
    public int? Minutes { get; init; }
}

public sealed record CreateCostRequest
{
    public required CostKind Kind { get; init; }
    public required string Description { get; init; }
    public required decimal Quantity { get; init; }
    public required decimal UnitPrice { get; init; }

    /// <summary>Defaults to the ticket's billable flag.</summary>
    public bool? Billable { get; init; }

    /// <summary>The local day it was incurred; defaults to today in the observatory's time zone.</summary>
    public DateOnly? Date { get; init; }
}

public sealed record PatchCostRequest
{
    public CostKind? Kind { get; init; }
    public string? Description { get; init; }
    public decimal? Quantity { get; init; }
    public decimal? UnitPrice { get; init; }
    public bool? Billable { get; init; }
    public DateOnly? Date { get; init; }
}

// ---- responses ----

public sealed record MoneyTotalDto(string Currency, decimal Billable, decimal NonBillable, decimal Total);

public sealed record TimeTotalsDto(long BillableMinutes, long NonBillableMinutes, long UnpricedBillableMinutes, IReadOnlyList<MoneyTotalDto> Amounts);

public sealed record CostTotalsDto(int Lines, IReadOnlyList<MoneyTotalDto> Amounts);

public sealed record RevisionDto(DateTimeOffset At, string ActorId, string ActorName, string Action, IReadOnlyList<FieldChangeDto> Changes);

public sealed record TimeEntryDto(
    string Id,
    string TicketCode,
    string UserId,
    string UserName,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    int Minutes,
    string Note,
    bool Billable,
    decimal? HourlyRate,
    string Currency,
    decimal? Amount,
    TimeSource Source,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    bool Deleted,
    DateTimeOffset? DeletedAt,
    string? DeletedBy,
    IReadOnlyList<RevisionDto>? History);

public sealed record TimeEntryListDto(IReadOnlyList<TimeEntryDto> Items, TimeTotalsDto Totals);

public sealed record TimerDto(
    string TicketCode,
    DateTimeOffset StartedAt,
    bool Running,
    DateTimeOffset? RunningSince,
    long ElapsedSeconds,
    string Note,
    bool? Billable);

public sealed record CostDto(
    string Id,
    string TicketCode,
    CostKind Kind,
    string Description,
    decimal Quantity,
    decimal UnitPrice,
    decimal Amount,
    bool Billable,
    string Currency,
    DateOnly Date,
    string UserId,
    string UserName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    bool Deleted,
    DateTimeOffset? DeletedAt,
    string? DeletedBy,
    IReadOnlyList<RevisionDto>? History);

public sealed record CostListDto(IReadOnlyList<CostDto> Items, CostTotalsDto Totals);

/// <summary>What a ticket's work is worth: time, products and expenses, and both together per currency.</summary>
public sealed record WorkSummaryDto(string TicketCode, TimeTotalsDto Time, CostTotalsDto Costs, IReadOnlyList<MoneyTotalDto> Amounts);

public static class WorkMapping
{
    public static TimeEntryDto ToDto(this TimeEntryState e, bool withHistory = false)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(
            e.Id, e.TicketCode, e.UserId, e.UserName, e.StartedAt, e.EndedAt, e.Minutes, e.Note, e.Billable, e.HourlyRate, e.Currency, e.Amount,
            e.Source, e.CreatedAt, e.CreatedBy, e.UpdatedAt, e.UpdatedBy, e.Deleted, e.DeletedAt, e.DeletedBy,
            withHistory ? e.History.ToDto() : null);
    }

    public static CostDto ToDto(this CostState c, bool withHistory = false)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(
            c.Id, c.TicketCode, c.Kind, c.Description, c.Quantity, c.UnitPrice, c.Amount, c.Billable, c.Currency, c.Date,
            c.UserId, c.UserName, c.CreatedAt, c.UpdatedAt, c.UpdatedBy, c.Deleted, c.DeletedAt, c.DeletedBy,
            withHistory ? c.History.ToDto() : null);
    }

    public static TimerDto ToDto(this TimerState t, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.TicketCode, t.StartedAt, t.Running, t.RunningSince, (long)t.Elapsed(now).TotalSeconds, t.Note, t.Billable);
    }

    public static TimeTotalsDto ToDto(this TimeTotals t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.BillableMinutes, t.NonBillableMinutes, t.UnpricedBillableMinutes, t.Amounts.ToDto());
    }

    public static CostTotalsDto ToDto(this CostTotals t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Lines, t.Amounts.ToDto());
    }

    public static IReadOnlyList<MoneyTotalDto> ToDto(this IReadOnlyList<MoneyTotal> amounts) =>
        [.. amounts.Select(m => new MoneyTotalDto(m.Currency, m.Billable, m.NonBillable, m.Total))];

    private static List<RevisionDto> ToDto(this IReadOnlyList<WorkRevision> history) =>
        [.. history.Select(r => new RevisionDto(r.At, r.ActorId, r.ActorName, r.Action, [.. r.Changes.Select(c => new FieldChangeDto(c.Field, c.From, c.To, true))]))];

    /// <summary>A PATCH body as a domain patch: which fields were sent decides what changes.</summary>
    public static TimeEntryPatch ToPatch(this PatchTimeEntryRequest b, JsonElement raw)
    {
        ArgumentNullException.ThrowIfNull(b);
        bool Has(string name) => raw.TryGetProperty(name, out _);
        return new TimeEntryPatch
        {
            StartedAt = Has("startedAt") ? NotNull("startedAt", b.StartedAt) : default(Optional<DateTimeOffset>),
            EndedAt = Has("endedAt") ? NotNull("endedAt", b.EndedAt) : default(Optional<DateTimeOffset>),
            Minutes = Has("minutes") ? NotNull("minutes", b.Minutes) : default(Optional<int>),
            Note = Has("note") ? new Optional<string?>(true, b.Note) : default,
            Billable = Has("billable") ? NotNull("billable", b.Billable) : default(Optional<bool>),
            HourlyRate = Has("hourlyRate") ? new Optional<decimal?>(true, b.HourlyRate) : default,
        };
    }

    public static CostPatch ToPatch(this PatchCostRequest b, JsonElement raw)
    {
        ArgumentNullException.ThrowIfNull(b);
        bool Has(string name) => raw.TryGetProperty(name, out _);
        return new CostPatch
        {
            Kind = Has("kind") ? NotNull("kind", b.Kind) : default(Optional<CostKind>),
            Description = Has("description") ? b.Description ?? throw Null("description") : default(Optional<string>),
            Quantity = Has("quantity") ? NotNull("quantity", b.Quantity) : default(Optional<decimal>),
            UnitPrice = Has("unitPrice") ? NotNull("unitPrice", b.UnitPrice) : default(Optional<decimal>),
            Billable = Has("billable") ? NotNull("billable", b.Billable) : default(Optional<bool>),
            Date = Has("date") ? NotNull("date", b.Date) : default(Optional<DateOnly>),
        };
    }

    private static T NotNull<T>(string field, T? value) where T : struct => value ?? throw Null(field);

    private static ApiException Null(string field) =>
        ApiException.BadRequest("invalid_field", $"'{field}' cannot be null.", field);
}

/// <summary>
/// Instants in a body must say their offset: System.Text.Json would read "2026-07-31T23:30"
/// in the server's zone, which is nobody's intent.
/// </summary>
internal static class InstantFields
{
    public static void RequireOffsets(JsonElement raw, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (raw.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                && !HasOffset(value.GetString()!))
            {
                throw ApiException.BadRequest("invalid_field", $"'{field}' must be an ISO 8601 instant with its offset, e.g. 2026-07-31T23:30:00+01:00.", field);
            }
        }
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z')
        || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
