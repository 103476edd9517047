using System.Globalization;
using System.Text.Json.Serialization;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Work;

public enum CostKind
{
    /// <summary>Material supplied: a part, a cable, a filter.</summary>
    Product,
    /// <summary>Money spent on the ticket's behalf: travel, shipping, a provider's invoice.</summary>
    Expense,
}

/// <summary>A product or expense on a ticket, as stored. Changed only through <see cref="CostLines"/>.</summary>
public sealed record CostState
{
    public required string Id { get; init; }
    public required string TicketCode { get; init; }
    public required CostKind Kind { get; init; }
    public required string Description { get; init; }
    public required decimal Quantity { get; init; }
    public required decimal UnitPrice { get; init; }
    public required bool Billable { get; init; }
    public required string Currency { get; init; }

    /// <summary>The observatory-local day the cost was incurred: reports by date use it.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Who added it (reported under that technician); they and admins may change it.</summary>
    public required string UserId { get; init; }
    public required string UserName { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    public string? DeletedBy { get; init; }
    public IReadOnlyList<WorkRevision> History { get; init; } = [];

    [JsonIgnore]
    public bool Deleted => DeletedAt is not null;

    [JsonIgnore]
    public decimal Amount => Money.ForQuantity(UnitPrice, Quantity);
}

public sealed record CostPatch
{
    public Optional<CostKind> Kind { get; init; }
    public Optional<string> Description { get; init; }
    public Optional<decimal> Quantity { get; init; }
    public Optional<decimal> UnitPrice { get; init; }
    public Optional<bool> Billable { get; init; }
    public Optional<DateOnly> Date { get; init; }
}

/// <summary>The rules of products and expenses: plausible quantities and prices, who changes what.</summary>
public static class CostLines
{
    /// <summary>Bounds that catch a typo (a part number typed as a quantity) long before money overflows.</summary>
    public const decimal MaxQuantity = 100_000m;
    public const decimal MaxUnitPrice = 1_000_000m;
    public const int QuantityDecimals = 3;

    public static CostState Create(
        string id, string ticketCode, CostKind kind, string? description, decimal quantity, decimal unitPrice, bool billable,
        DateOnly date, DateOnly today, string currency, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        TimeEntries.EnsureMayLogFor(actor, actor.UserId);
        return new CostState
        {
            Id = id,
            TicketCode = ticketCode,
            Kind = kind,
            Description = CheckedDescription(description),
            Quantity = CheckedQuantity(quantity),
            UnitPrice = CheckedUnitPrice(unitPrice),
            Billable = billable,
            Currency = Money.Currency(currency),
            Date = CheckedDate(date, today),
            UserId = actor.UserId,
            UserName = actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = actor.UserId,
        };
    }

    public static (CostState Cost, IReadOnlyList<FieldChange> Changes) Edit(CostState cost, CostPatch patch, DateOnly today, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(patch);
        EnsureMayChange(cost, actor);
        var next = cost with
        {
            Kind = patch.Kind.HasValue ? patch.Kind.Value : cost.Kind,
            Description = patch.Description.HasValue ? CheckedDescription(patch.Description.Value) : cost.Description,
            Quantity = patch.Quantity.HasValue ? CheckedQuantity(patch.Quantity.Value) : cost.Quantity,
            UnitPrice = patch.UnitPrice.HasValue ? CheckedUnitPrice(patch.UnitPrice.Value) : cost.UnitPrice,
            Billable = patch.Billable.HasValue ? patch.Billable.Value : cost.Billable,
            Date = patch.Date.HasValue ? CheckedDate(patch.Date.Value, today) : cost.Date,
        };
        var changes = Diff(cost, next);
        return changes.Count == 0 ? (cost, changes) : (Revise(next, actor, now, "updated", changes), changes);
    }

    /// <summary>Soft delete; a retried delete changes nothing.</summary>
    public static CostState? Delete(CostState cost, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(actor);
        TimeEntries.EnsureMayLogFor(actor, cost.UserId);
        return cost.Deleted ? null : Revise(cost with { DeletedAt = now, DeletedBy = actor.UserId }, actor, now, "deleted", []);
    }

    public static CostState? Restore(CostState cost, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cost);
        EnsureMayChange(cost, actor, allowDeleted: true);
        return cost.Deleted ? Revise(cost with { DeletedAt = null, DeletedBy = null }, actor, now, "restored", []) : null;
    }

    public static void EnsureMayChange(CostState cost, Actor actor, bool allowDeleted = false)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(actor);
        TimeEntries.EnsureMayLogFor(actor, cost.UserId);
        if (cost.Deleted && !allowDeleted)
        {
            throw DomainException.Conflict("entry_deleted", "The line is deleted; restore it first.");
        }

        if (cost.History.Count >= TimeEntries.MaxRevisions)
        {
            throw DomainException.Conflict("too_many_revisions", $"A line keeps at most {TimeEntries.MaxRevisions} revisions; delete it and add it again.");
        }
    }

    private static string CheckedDescription(string? description)
    {
        var trimmed = description?.Trim();
        Validate.Required("description", trimmed, Limits.ShortTextMax);
        return trimmed!;
    }

    private static decimal CheckedQuantity(decimal quantity) =>
        Money.Checked("quantity", quantity, 0m, MaxQuantity, QuantityDecimals, minExclusive: true);

    private static decimal CheckedUnitPrice(decimal unitPrice) =>
        Money.Checked("unitPrice", unitPrice, 0m, MaxUnitPrice, 2) + 0.00m;

    /// <summary>A cost is incurred today or earlier (in the observatory's calendar).</summary>
    private static DateOnly CheckedDate(DateOnly date, DateOnly today)
    {
        if (date > today)
        {
            throw DomainException.Invalid("in_future", "'date' cannot be after today.").WithField("date");
        }

        if (date.Year < WorkPeriod.Earliest.Year)
        {
            throw DomainException.Invalid("out_of_range", "'date' is implausibly early.").WithField("date");
        }

        return date;
    }

    private static CostState Revise(CostState cost, Actor actor, DateTimeOffset now, string action, IReadOnlyList<FieldChange> changes) =>
        cost with
        {
            UpdatedAt = now,
            UpdatedBy = actor.UserId,
            History = [.. cost.History, new WorkRevision(now, actor.UserId, actor.Name, action, changes)],
        };

    private static List<FieldChange> Diff(CostState before, CostState after)
    {
        var changes = new List<FieldChange>();
        void Add(string field, string? from, string? to)
        {
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, from, to));
            }
        }

        Add("kind", EnumText.ToWire(before.Kind), EnumText.ToWire(after.Kind));
        Add("description", before.Description, after.Description);
        if (before.Quantity != after.Quantity)
        {
            // Compared as numbers: 2 and 2.0 are the same quantity.
            changes.Add(new FieldChange("quantity", WorkText.Number(before.Quantity), WorkText.Number(after.Quantity)));
        }

        Add("unitPrice", WorkText.Number(before.UnitPrice), WorkText.Number(after.UnitPrice));
        Add("billable", WorkText.Bool(before.Billable), WorkText.Bool(after.Billable));
        Add("date", before.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), after.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return changes;
    }
}
