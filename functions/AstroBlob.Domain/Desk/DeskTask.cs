using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using NodaTime;

namespace AstroBlob.Domain.Desk;

/// <summary>Where an internal task stands: the assignee completes it, an admin signs it off (or reopens it).</summary>
public enum DeskTaskStatus
{
    Open,
    Done,
    SignedOff,
}

/// <summary>What can happen to a task after it is created.</summary>
public enum DeskTaskAction
{
    Complete,
    SignOff,
    Reopen,
}

/// <summary>One step in a task's own history.</summary>
public sealed record DeskTaskEvent(DateTimeOffset At, string ActorId, string ActorName, string Action, string? Note);

/// <summary>Everything an internal task is, as stored. Changed only through <see cref="DeskTask"/>.</summary>
public sealed record DeskTaskState
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public string? TicketCode { get; init; }
    public required string AssigneeId { get; init; }

    /// <summary>The last day to do it, a calendar date in the observatory's time zone.</summary>
    public required DateOnly DueDate { get; init; }
    public required DeskTaskStatus Status { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? CompletionNote { get; init; }
    public string? SignedOffBy { get; init; }
    public DateTimeOffset? SignedOffAt { get; init; }
    public IReadOnlyList<DeskTaskEvent> History { get; init; } = [];
}

/// <summary>
/// An internal task staff give each other (customers never see them): open, then done by its
/// assignee, then signed off by an admin, who may instead reopen it. Signed off is final.
/// </summary>
public sealed class DeskTask(DeskTaskState state)
{
    public const int DescriptionMax = 4_000;
    public const int NoteMax = Limits.NotesMax;

    /// <summary>A task reopened this often is a conversation, not a task; it also bounds the stored row.</summary>
    public const int MaxHistory = 50;

    public DeskTaskState State { get; private set; } = state;

    /// <summary>The last step taken (for the ticket's trail), or null before any.</summary>
    public DeskTaskEvent? LastEvent => State.History.Count == 0 ? null : State.History[^1];

    /// <summary>An admin creates a task; the assignee (an active technician) is checked against the directory by the caller.</summary>
    public static DeskTask Create(
        string id, string? title, string? description, string? ticketCode, string assigneeId, DateOnly dueDate,
        string timeZone, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            throw DomainException.Forbidden("admin_only", "Only admins create tasks.");
        }

        Validate.Required("title", title?.Trim(), Limits.TitleMax);
        Validate.Length("description", description?.Trim(), DescriptionMax);
        if (dueDate < Today(timeZone, now))
        {
            throw DomainException.Invalid("due_date_past", "'dueDate' cannot be before today (in the observatory's time zone).").WithField("dueDate");
        }

        return new DeskTask(new DeskTaskState
        {
            Id = id,
            Title = title!.Trim(),
            Description = description?.Trim() ?? string.Empty,
            TicketCode = ticketCode,
            AssigneeId = assigneeId,
            DueDate = dueDate,
            Status = DeskTaskStatus.Open,
            CreatedBy = actor.UserId,
            CreatedAt = now,
            UpdatedAt = now,
            History = [new DeskTaskEvent(now, actor.UserId, actor.Name, "created", null)],
        });
    }

    /// <summary>Admins see every task; a technician sees the tasks given to them; customers none.</summary>
    public static bool CanView(Actor actor, DeskTaskState task)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(task);
        return actor.IsAdmin || (actor.IsStaff && task.AssigneeId == actor.UserId);
    }

    /// <summary>The state machine in one place: where an action leads from a state, or null if it cannot.</summary>
    public static DeskTaskStatus? Next(DeskTaskStatus from, DeskTaskAction action) => (from, action) switch
    {
        (DeskTaskStatus.Open, DeskTaskAction.Complete) => DeskTaskStatus.Done,
        (DeskTaskStatus.Done, DeskTaskAction.SignOff) => DeskTaskStatus.SignedOff,
        (DeskTaskStatus.Done, DeskTaskAction.Reopen) => DeskTaskStatus.Open,
        _ => null,
    };

    /// <summary>The assignee says the work is done, saying what was done.</summary>
    public void Complete(Actor actor, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId != State.AssigneeId)
        {
            throw DomainException.Forbidden("assignee_only", "Only the technician the task is assigned to can complete it.");
        }

        var to = Move(DeskTaskAction.Complete);
        Validate.Required("note", note?.Trim(), NoteMax);
        var text = note!.Trim();
        State = Record(State with { Status = to, CompletedAt = now, CompletionNote = text }, actor, "completed", text, now);
    }

    /// <summary>An admin accepts the work: the task is finished for good.</summary>
    public void SignOff(Actor actor, DateTimeOffset now)
    {
        EnsureAdmin(actor, "sign off");
        var to = Move(DeskTaskAction.SignOff);
        State = Record(State with { Status = to, SignedOffBy = actor.UserId, SignedOffAt = now }, actor, "signed_off", null, now);
    }

    /// <summary>An admin sends the work back to its assignee, optionally saying why.</summary>
    public void Reopen(Actor actor, string? note, DateTimeOffset now)
    {
        EnsureAdmin(actor, "reopen");
        var to = Move(DeskTaskAction.Reopen);
        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        Validate.Length("note", text, NoteMax);
        State = Record(State with { Status = to, CompletedAt = null, CompletionNote = null }, actor, "reopened", text, now);
    }

    /// <summary>
    /// Overdue, computed when read: still open after its due date has ended in the
    /// observatory's time zone. Work done on time is never overdue, however long sign-off takes.
    /// </summary>
    public static bool IsOverdue(DeskTaskState task, string timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Status == DeskTaskStatus.Open && Today(timeZone, now) > task.DueDate;
    }

    /// <summary>The calendar date at <paramref name="now"/> in the zone (UTC if the zone is unknown).</summary>
    public static DateOnly Today(string timeZone, DateTimeOffset now)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone ?? string.Empty) ?? DateTimeZone.Utc;
        return Instant.FromDateTimeOffset(now).InZone(zone).Date.ToDateOnly();
    }

    private static void EnsureAdmin(Actor actor, string what)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            throw DomainException.Forbidden("admin_only", $"Only admins {what} tasks.");
        }
    }

    private DeskTaskStatus Move(DeskTaskAction action) =>
        Next(State.Status, action) ?? throw DomainException.Conflict(
            "illegal_transition",
            $"A task that is '{EnumText.ToWire(State.Status)}' cannot be {Past(action)}.");

    private static string Past(DeskTaskAction action) => action switch
    {
        DeskTaskAction.Complete => "completed",
        DeskTaskAction.SignOff => "signed off",
        _ => "reopened",
    };

    private static DeskTaskState Record(DeskTaskState s, Actor actor, string action, string? note, DateTimeOffset now)
    {
        if (s.History.Count >= MaxHistory)
        {
            throw DomainException.Conflict("task_history_full", $"This task has had {MaxHistory} steps; create a new one.");
        }

        return s with { UpdatedAt = now, History = [.. s.History, new DeskTaskEvent(now, actor.UserId, actor.Name, action, note)] };
    }
}
