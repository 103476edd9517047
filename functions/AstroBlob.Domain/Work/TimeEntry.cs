using System.Text.Json.Serialization;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Work;

public enum TimeSource
{
    Manual,
    Timer,
}

/// <summary>One change of a time entry or cost line, with the values before and after (staff-only audit detail).</summary>
public sealed record WorkRevision(DateTimeOffset At, string ActorId, string ActorName, string Action, IReadOnlyList<FieldChange> Changes);

/// <summary>Time a technician worked on a ticket, as stored. Changed only through <see cref="TimeEntries"/>.</summary>
public sealed record TimeEntryState
{
    public required string Id { get; init; }
    public required string TicketCode { get; init; }

    /// <summary>Whose time this is (the technician it is reported under); they and admins may change it.</summary>
    public required string UserId { get; init; }
    public required string UserName { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset EndedAt { get; init; }
    public required int Minutes { get; init; }
    public string Note { get; init; } = string.Empty;
    public required bool Billable { get; init; }

    /// <summary>Price of an hour; null when none was set (the time then has no amount).</summary>
    public decimal? HourlyRate { get; init; }

    /// <summary>The observatory's currency when the entry was made: amounts never change currency afterwards.</summary>
    public required string Currency { get; init; }
    public required TimeSource Source { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }

    /// <summary>Deletes are soft (restorable): a deleted entry is kept but counts nowhere.</summary>
    public DateTimeOffset? DeletedAt { get; init; }
    public string? DeletedBy { get; init; }
    public IReadOnlyList<WorkRevision> History { get; init; } = [];

    [JsonIgnore]
    public bool Deleted => DeletedAt is not null;

    [JsonIgnore]
    public decimal? Amount => Money.ForMinutes(HourlyRate, Minutes);
}

/// <summary>A set of changes to a time entry where each may be absent (unchanged).</summary>
public sealed record TimeEntryPatch
{
    public Optional<DateTimeOffset> StartedAt { get; init; }
    public Optional<DateTimeOffset> EndedAt { get; init; }
    public Optional<int> Minutes { get; init; }
    public Optional<string?> Note { get; init; }
    public Optional<bool> Billable { get; init; }
    public Optional<decimal?> HourlyRate { get; init; }
}

/// <summary>The rules of time entries: who may log and change what, and what is a valid entry.</summary>
public static class TimeEntries
{
    public const decimal MaxHourlyRate = 100_000m;

    /// <summary>Bounds a row: an entry changed this often is better deleted and logged again.</summary>
    public const int MaxRevisions = 100;

    /// <summary>Staff log time; a technician only their own, an admin anyone's.</summary>
    public static void EnsureMayLogFor(Actor actor, string userId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff)
        {
            throw DomainException.Forbidden("staff_only", "Only staff track time.");
        }

        if (!actor.IsAdmin && userId != actor.UserId)
        {
            throw DomainException.Forbidden("not_your_entry", "Technicians log and change only their own time; an admin can do it for anyone.");
        }
    }

    public static TimeEntryState Create(
        string id, string ticketCode, string userId, string userName, WorkPeriod period, string? note, bool billable,
        decimal? hourlyRate, string currency, TimeSource source, Actor actor, DateTimeOffset now)
    {
        EnsureMayLogFor(actor, userId);
        return new TimeEntryState
        {
            Id = id,
            TicketCode = ticketCode,
            UserId = userId,
            UserName = userName,
            StartedAt = period.StartedAt,
            EndedAt = period.EndedAt,
            Minutes = period.Minutes,
            Note = CheckedNote(note),
            Billable = billable,
            HourlyRate = CheckedRate(hourlyRate),
            Currency = Money.Currency(currency),
            Source = source,
            CreatedAt = now,
            CreatedBy = actor.UserId,
            UpdatedAt = now,
            UpdatedBy = actor.UserId,
        };
    }

    /// <summary>
    /// Applies a patch; returns the entry unchanged (and no changes) when nothing differs.
    /// Changing only <c>startedAt</c> moves the whole entry; changing only <c>endedAt</c>
    /// makes the time worked the new span; <c>minutes</c> alone keeps the start and moves the
    /// end, unless the end would then be in the future (time logged as "just finished"): then
    /// the end stays and the start moves.
    /// </summary>
    public static (TimeEntryState Entry, IReadOnlyList<FieldChange> Changes) Edit(TimeEntryState entry, TimeEntryPatch patch, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(patch);
        EnsureMayChange(entry, actor);
        var start = patch.StartedAt.HasValue ? patch.StartedAt.Value : entry.StartedAt;
        WorkPeriod? period = (patch.StartedAt.HasValue, patch.EndedAt.HasValue, patch.Minutes.HasValue) switch
        {
            (_, true, true) => WorkPeriod.Resolve(start, patch.EndedAt.Value, patch.Minutes.Value, now),
            (true, false, true) => WorkPeriod.Resolve(start, null, patch.Minutes.Value, now),
            (false, false, true) => entry.StartedAt.AddMinutes(patch.Minutes.Value) > now + WorkPeriod.ClockSkew
                ? WorkPeriod.Resolve(null, entry.EndedAt, patch.Minutes.Value, now)
                : WorkPeriod.Resolve(entry.StartedAt, null, patch.Minutes.Value, now),
            (_, true, false) => WorkPeriod.Resolve(start, patch.EndedAt.Value, null, now),
            (true, false, false) => WorkPeriod.Resolve(start, start + (entry.EndedAt - entry.StartedAt), entry.Minutes, now),
            _ => null,
        };

        var next = entry with
        {
            StartedAt = period?.StartedAt ?? entry.StartedAt,
            EndedAt = period?.EndedAt ?? entry.EndedAt,
            Minutes = period?.Minutes ?? entry.Minutes,
            Note = patch.Note.HasValue ? CheckedNote(patch.Note.Value) : entry.Note,
            Billable = patch.Billable.HasValue ? patch.Billable.Value : entry.Billable,
            HourlyRate = patch.HourlyRate.HasValue ? CheckedRate(patch.HourlyRate.Value) : entry.HourlyRate,
        };
        var changes = Diff(entry, next);
        return changes.Count == 0 ? (entry, changes) : (Revise(next, actor, now, "updated", changes), changes);
    }

    /// <summary>
    /// Soft delete; deleting a deleted entry changes nothing (a retried DELETE is harmless).
    /// Always allowed to whoever may change the entry, even past the revision limit.
    /// </summary>
    public static TimeEntryState? Delete(TimeEntryState entry, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        EnsureMayLogFor(actor, entry.UserId);
        return entry.Deleted ? null : Revise(entry with { DeletedAt = now, DeletedBy = actor.UserId }, actor, now, "deleted", []);
    }

    /// <summary>Undoes a soft delete; restoring a live entry changes nothing.</summary>
    public static TimeEntryState? Restore(TimeEntryState entry, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        EnsureMayChange(entry, actor, allowDeleted: true);
        return entry.Deleted ? Revise(entry with { DeletedAt = null, DeletedBy = null }, actor, now, "restored", []) : null;
    }

    public static void EnsureMayChange(TimeEntryState entry, Actor actor, bool allowDeleted = false)
    {
        ArgumentNullException.ThrowIfNull(entry);
        EnsureMayLogFor(actor, entry.UserId);
        if (entry.Deleted && !allowDeleted)
        {
            throw DomainException.Conflict("entry_deleted", "The entry is deleted; restore it first.");
        }

        if (entry.History.Count >= MaxRevisions)
        {
            throw DomainException.Conflict("too_many_revisions", $"An entry keeps at most {MaxRevisions} revisions; delete it and log the time again.");
        }
    }

    public static string CheckedNote(string? note)
    {
        var trimmed = (note ?? string.Empty).Trim();
        Validate.Length("note", trimmed, Limits.NotesMax);
        return trimmed;
    }

    public static decimal? CheckedRate(decimal? rate, string field = "hourlyRate") =>
        rate is { } r ? Money.Checked(field, r, 0m, MaxHourlyRate, 2) + 0.00m : null;

    private static TimeEntryState Revise(TimeEntryState entry, Actor actor, DateTimeOffset now, string action, IReadOnlyList<FieldChange> changes) =>
        entry with
        {
            UpdatedAt = now,
            UpdatedBy = actor.UserId,
            History = [.. entry.History, new WorkRevision(now, actor.UserId, actor.Name, action, changes)],
        };

    private static List<FieldChange> Diff(TimeEntryState before, TimeEntryState after)
    {
        var changes = new List<FieldChange>();
        void Add(string field, string? from, string? to)
        {
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, from, to));
            }
        }

        Add("startedAt", WorkText.Instant(before.StartedAt), WorkText.Instant(after.StartedAt));
        Add("endedAt", WorkText.Instant(before.EndedAt), WorkText.Instant(after.EndedAt));
        Add("minutes", WorkText.Number(before.Minutes), WorkText.Number(after.Minutes));
        Add("note", before.Note, after.Note);
        Add("billable", WorkText.Bool(before.Billable), WorkText.Bool(after.Billable));
        Add("hourlyRate", WorkText.Number(before.HourlyRate), WorkText.Number(after.HourlyRate));
        return changes;
    }
}

/// <summary>Values as the audit trail renders them: invariant, ISO 8601, stable.</summary>
internal static class WorkText
{
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string? Number(decimal? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";
}
