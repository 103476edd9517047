using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Desk;

public sealed record CreateTaskRequest
{
    public required string Title { get; init; }
    public string? Description { get; init; }
    public string? TicketCode { get; init; }
    public required string AssigneeId { get; init; }

    /// <summary>The last day to do it (<c>yyyy-MM-dd</c>, in the observatory's time zone).</summary>
    public required DateOnly DueDate { get; init; }
}

public sealed record CompleteTaskRequest
{
    public required string Note { get; init; }
}

public sealed record ReopenTaskRequest
{
    public string? Note { get; init; }
}

public sealed record TaskEventDto(DateTimeOffset At, string ActorId, string ActorName, string Action, string? Note);

public sealed record TaskDto(
    string Id,
    string Title,
    string Description,
    string? TicketCode,
    string AssigneeId,
    DateOnly DueDate,
    DeskTaskStatus Status,
    bool Overdue,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    string? CompletionNote,
    string? SignedOffBy,
    DateTimeOffset? SignedOffAt,
    IReadOnlyList<TaskEventDto>? History);

public sealed record TaskListDto(IReadOnlyList<TaskDto> Items, string? NextCursor);

/// <summary>
/// Internal tasks: an admin gives a technician a task (optionally about a ticket), the
/// technician completes it with a note, an admin signs it off or reopens it. Admins see every
/// task, a technician their own; customers none. <c>overdue</c> is computed when read.
/// </summary>
public static class TasksApi
{
    private const int MaxAttempts = 5;

    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/tasks").WithTags("Desk").StaffOnly("task");
        group.MapPost("/", CreateAsync).Accepts<CreateTaskRequest>("application/json").WithSummary("Give a technician a task (admins).");
        group.MapGet("/", ListAsync)
            .WithSummary("Tasks, newest first: a technician's own, or all for admins (?assignee=, ?ticketCode=, ?status=, ?overdue=, ?limit=, ?cursor=).");
        group.MapGet("/{id}", GetAsync).WithSummary("One task with its history.");
        group.MapPost("/{id}/complete", CompleteAsync).Accepts<CompleteTaskRequest>("application/json")
            .WithSummary("The assignee completes the task, saying what was done.");
        group.MapPost("/{id}/signoff", SignOffAsync).WithSummary("An admin accepts a completed task: final.");
        group.MapPost("/{id}/reopen", ReopenAsync).Accepts<ReopenTaskRequest>("application/json")
            .WithSummary("An admin sends a completed task back to its assignee (optional note).");
        return observatory;
    }

    private static async Task<Created<TaskDto>> CreateAsync(
        Tenant tenant, Caller caller, HttpRequest request, DeskTaskStore store, TicketStore tickets, DirectoryStore directory, TimeProvider clock, CancellationToken ct)
    {
        caller.EnsureAdmin("create tasks");
        var body = await RequestBody.ReadAsync<CreateTaskRequest>(request, ct);
        var assignee = await directory.GetUserAsync(tenant.Slug, body.AssigneeId, ct);
        if (assignee is not { User: { Active: true, Role: Role.Technician } })
        {
            throw ApiException.BadRequest("unknown_technician", "'assigneeId' must name an active technician of this observatory.", "assigneeId");
        }

        string? code = null;
        if (body.TicketCode is not null)
        {
            if (!TicketCode.TryNormalize(body.TicketCode, out var normalized) || await tickets.GetAsync(tenant.Slug, normalized, ct) is null)
            {
                throw ApiException.BadRequest("unknown_ticket", "'ticketCode' is not a ticket of this observatory.", "ticketCode");
            }

            code = normalized;
        }

        var now = clock.GetUtcNow();
        var task = DeskTask.Create(Keys.NewId(), body.Title, body.Description, code, body.AssigneeId, body.DueDate, tenant.Observatory.TimeZone, caller.Actor, now);
        await store.AddAsync(tenant.Slug, task.State, Audit(tenant, caller, task.State, "task_created", now), ct);
        return TypedResults.Created($"/api/o/{tenant.Slug}/tasks/{task.State.Id}", task.State.ToDto(tenant, now, withHistory: true));
    }

    private static async Task<Ok<TaskListDto>> ListAsync(Tenant tenant, Caller caller, HttpRequest request, DeskTaskStore store, TimeProvider clock, CancellationToken ct)
    {
        var assignee = QueryParams.Id(request, "assignee");
        var ticketText = QueryParams.Text(request, "ticketCode", 40);
        var status = QueryParams.Enum<DeskTaskStatus>(request, "status");
        var overdue = DeskAccess.Bool(request, "overdue");
        var limit = QueryParams.Int(request, "limit", 25, 1, 100);
        var cursor = QueryParams.Text(request, "cursor", 600);
        string? code = null;
        if (ticketText is not null && !TicketCode.TryNormalize(ticketText, out code))
        {
            throw ApiException.BadRequest("invalid_query", "'ticketCode' is not a ticket code.", "ticketCode");
        }

        var actor = caller.Actor;
        if (!actor.IsAdmin && assignee is not null && assignee != actor.UserId)
        {
            // A technician sees only their own tasks: anyone else's are, to them, none.
            return TypedResults.Ok(new TaskListDto([], null));
        }

        var prefix = !actor.IsAdmin ? DeskTaskStore.AssigneePrefix(actor.UserId)
            : assignee is not null ? DeskTaskStore.AssigneePrefix(assignee)
            : code is not null ? DeskTaskStore.TicketPrefix(code)
            : DeskTaskStore.AllPrefix;
        var now = clock.GetUtcNow();
        var zone = tenant.Observatory.TimeZone;
        var (items, next) = await store.ListAsync(
            tenant.Slug,
            prefix,
            t => DeskTask.CanView(actor, t)
                && (assignee is null || t.AssigneeId == assignee)
                && (code is null || t.TicketCode == code)
                && (status is null || t.Status == status)
                && (overdue is null || DeskTask.IsOverdue(t, zone, now) == overdue),
            cursor,
            limit,
            ct);
        return TypedResults.Ok(new TaskListDto([.. items.Select(t => t.ToDto(tenant, now, withHistory: false))], next));
    }

    private static async Task<Ok<TaskDto>> GetAsync(Tenant tenant, Caller caller, string id, DeskTaskStore store, TimeProvider clock, CancellationToken ct)
    {
        var (task, _) = await VisibleAsync(tenant, caller, id, store, ct);
        return TypedResults.Ok(task.ToDto(tenant, clock.GetUtcNow(), withHistory: true));
    }

    private static async Task<Ok<TaskDto>> CompleteAsync(
        Tenant tenant, Caller caller, string id, HttpRequest request, DeskTaskStore store, TimeProvider clock, CancellationToken ct)
    {
        await VisibleAsync(tenant, caller, id, store, ct);
        var body = await RequestBody.ReadAsync<CompleteTaskRequest>(request, ct);
        return await ChangeAsync(tenant, caller, id, store, clock, "task_completed", (t, now) => t.Complete(caller.Actor, body.Note, now), ct);
    }

    private static Task<Ok<TaskDto>> SignOffAsync(Tenant tenant, Caller caller, string id, DeskTaskStore store, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(tenant, caller, id, store, clock, "task_signed_off", (t, now) => t.SignOff(caller.Actor, now), ct);

    private static async Task<Ok<TaskDto>> ReopenAsync(
        Tenant tenant, Caller caller, string id, HttpRequest request, DeskTaskStore store, TimeProvider clock, CancellationToken ct)
    {
        await VisibleAsync(tenant, caller, id, store, ct);
        // The note is optional, and so is the body that carries it.
        var body = request.ContentType is null && (request.ContentLength ?? 0) == 0
            ? new ReopenTaskRequest()
            : await RequestBody.ReadAsync<ReopenTaskRequest>(request, ct);
        return await ChangeAsync(tenant, caller, id, store, clock, "task_reopened", (t, now) => t.Reopen(caller.Actor, body.Note, now), ct);
    }

    /// <summary>Reads, lets the domain decide, writes guarded by the ETag; a concurrent change is read again and reapplied.</summary>
    private static async Task<Ok<TaskDto>> ChangeAsync(
        Tenant tenant, Caller caller, string id, DeskTaskStore store, TimeProvider clock, string action, Action<DeskTask, DateTimeOffset> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (current, etag) = await VisibleAsync(tenant, caller, id, store, ct);
            var task = new DeskTask(current);
            var now = clock.GetUtcNow();
            change(task, now);
            if (await store.TryReplaceAsync(tenant.Slug, task.State, etag, Audit(tenant, caller, task.State, action, now), ct))
            {
                return TypedResults.Ok(task.State.ToDto(tenant, now, withHistory: true));
            }

            if (attempt == MaxAttempts)
            {
                throw new ApiException(412, "stale_task", "The task keeps changing under you; reload it and try again.");
            }
        }
    }

    /// <summary>A task the caller may not see does not exist for them.</summary>
    private static async Task<(DeskTaskState Task, Azure.ETag ETag)> VisibleAsync(Tenant tenant, Caller caller, string id, DeskTaskStore store, CancellationToken ct) =>
        await store.GetAsync(tenant.Slug, id, ct) is { } found && DeskTask.CanView(caller.Actor, found.Task)
            ? found
            : throw ApiException.NotFound("task");

    /// <summary>A task about a ticket leaves its steps in the ticket's trail: an internal entry (customers never see it) naming the task.</summary>
    private static Azure.Data.Tables.TableTransactionAction? Audit(Tenant tenant, Caller caller, DeskTaskState task, string action, DateTimeOffset now) =>
        task.TicketCode is null ? null : DeskAccess.Activity(
            tenant.Slug, task.TicketCode, caller, action, now,
            [new FieldChange("task", null, task.Title), new FieldChange("taskStatus", null, EnumText.ToWire(task.Status))],
            subject: task.Id);

    private static TaskDto ToDto(this DeskTaskState t, Tenant tenant, DateTimeOffset now, bool withHistory) => new(
        t.Id,
        t.Title,
        t.Description,
        t.TicketCode,
        t.AssigneeId,
        t.DueDate,
        t.Status,
        DeskTask.IsOverdue(t, tenant.Observatory.TimeZone, now),
        t.CreatedBy,
        t.CreatedAt,
        t.UpdatedAt,
        t.CompletedAt,
        t.CompletionNote,
        t.SignedOffBy,
        t.SignedOffAt,
        withHistory ? [.. t.History.Select(h => new TaskEventDto(h.At, h.ActorId, h.ActorName, h.Action, h.Note))] : null);
}
