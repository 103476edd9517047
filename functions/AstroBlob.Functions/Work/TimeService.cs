using System.Globalization;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using Azure;

namespace AstroBlob.Functions.Work;

/// <summary>
/// Time tracking use cases: find the ticket as the caller may see it, let the domain decide,
/// commit the change with its activity entry in one transaction. Races on an entry or a timer
/// are detected by ETag and re-read; a client that sent If-Match is told instead (412).
/// </summary>
/// <remarks>
/// The activity entries name what happened (<c>time_entry_updated</c>) without field changes:
/// the ticket's trail shows customers every change whose field is not internal, and nothing
/// about time or money may reach them. The values before and after are in the entry's own
/// history, which only staff can read.
/// </remarks>
public sealed class TimeService(TicketService tickets, WorkStore store, WorkSettingsStore settings, DirectoryStore directory, TimeProvider clock)
{
    private const int MaxRetries = 8;

    public async Task<(TicketState Ticket, IReadOnlyList<TimeEntryState> Entries)> ListAsync(Tenant tenant, Actor actor, string code, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        return (ticket, await store.ListEntriesAsync(tenant.Slug, ticket.Code, ct));
    }

    public async Task<(TimeEntryState Entry, ETag ETag)> GetAsync(Tenant tenant, Actor actor, string code, string id, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        return await store.GetEntryAsync(tenant.Slug, ticket.Code, id, ct) ?? throw ApiException.NotFound("time_entry");
    }

    public async Task<(TimeEntryState Entry, ETag ETag)> CreateAsync(
        Tenant tenant, Actor actor, string code, CreateTimeEntryRequest request, bool rateGiven, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        WorkAccess.EnsureNotMerged(ticket);
        var owner = await OwnerAsync(tenant, actor, request.UserId, ct);
        var terms = await settings.GetAsync(tenant.Slug, ct);
        var now = clock.GetUtcNow();
        var entry = TimeEntries.Create(
            Keys.NewId(),
            ticket.Code,
            owner.Id,
            owner.Name,
            WorkPeriod.Resolve(request.StartedAt, request.EndedAt, request.Minutes, now),
            request.Note,
            request.Billable ?? ticket.Billable,
            rateGiven ? request.HourlyRate : terms.DefaultHourlyRate,
            terms.Currency,
            TimeSource.Manual,
            actor,
            now);
        var etag = await store.AddEntryAsync(tenant.Slug, entry, [Activity(actor, now, "time_entry_added", entry.Id, Details(entry))], ct)
            ?? throw new InvalidOperationException("A new time entry cannot lose a race.");
        return (entry, etag);
    }

    public Task<(TimeEntryState Entry, ETag ETag)> PatchAsync(
        Tenant tenant, Actor actor, string code, string id, TimeEntryPatch patch, ETag? ifMatch, CancellationToken ct) =>
        ChangeAsync(tenant, actor, code, id, ifMatch, "time_entry_updated", (entry, now) => TimeEntries.Edit(entry, patch, actor, now).Entry, ct);

    public Task<(TimeEntryState Entry, ETag ETag)> DeleteAsync(Tenant tenant, Actor actor, string code, string id, ETag? ifMatch, CancellationToken ct) =>
        ChangeAsync(tenant, actor, code, id, ifMatch, "time_entry_deleted", (entry, now) => TimeEntries.Delete(entry, actor, now) ?? entry, ct);

    public Task<(TimeEntryState Entry, ETag ETag)> RestoreAsync(Tenant tenant, Actor actor, string code, string id, ETag? ifMatch, CancellationToken ct) =>
        ChangeAsync(tenant, actor, code, id, ifMatch, "time_entry_restored", (entry, now) => TimeEntries.Restore(entry, actor, now) ?? entry, ct);

    // ---- timer ----

    public async Task<TimerState> GetTimerAsync(Tenant tenant, Actor actor, CancellationToken ct) =>
        (await store.GetTimerAsync(tenant.Slug, actor.UserId, ct))?.Timer ?? throw ApiException.NotFound("timer");

    public async Task<TimerState> StartTimerAsync(Tenant tenant, Actor actor, string code, StartTimerRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        WorkAccess.EnsureNotMerged(ticket);
        var now = clock.GetUtcNow();
        var timer = WorkTimer.Start(actor, ticket, request.Note, request.Billable, now);
        if (!await store.StartTimerAsync(tenant.Slug, timer, [Activity(actor, now, "timer_started")], ct))
        {
            var running = await store.GetTimerAsync(tenant.Slug, actor.UserId, ct);
            throw ApiException.Conflict(
                "timer_already_running",
                $"You already have a timer on {running?.Timer.TicketCode ?? "another ticket"}: stop or discard it first.");
        }

        return timer;
    }

    public Task<TimerState> PauseTimerAsync(Tenant tenant, Actor actor, CancellationToken ct) =>
        ChangeTimerAsync(tenant, actor, "timer_paused", WorkTimer.Pause, ct);

    public Task<TimerState> ResumeTimerAsync(Tenant tenant, Actor actor, CancellationToken ct) =>
        ChangeTimerAsync(tenant, actor, "timer_resumed", WorkTimer.Resume, ct);

    /// <summary>
    /// The timer becomes an entry: the timer row is removed (guarded by its ETag) and the entry
    /// added in one transaction, so two stops make one entry and a stop racing a pause re-reads.
    /// The trail says <c>timer_stopped</c> (one entry: two at the same instant would have no order).
    /// </summary>
    public async Task<(TimeEntryState Entry, ETag ETag)> StopTimerAsync(Tenant tenant, Actor actor, StopTimerRequest request, bool rateGiven, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var terms = await settings.GetAsync(tenant.Slug, ct);
        for (var attempt = 0; ; attempt++)
        {
            var (timer, timerEtag) = await store.GetTimerAsync(tenant.Slug, actor.UserId, ct) ?? throw ApiException.NotFound("timer");
            var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, timer.TicketCode, ct);
            var now = clock.GetUtcNow();
            var entry = TimeEntries.Create(
                Keys.NewId(),
                ticket.Code,
                actor.UserId,
                actor.Name,
                WorkTimer.Stop(timer, request.Minutes, now),
                request.Note ?? timer.Note,
                request.Billable ?? timer.Billable ?? ticket.Billable,
                rateGiven ? request.HourlyRate : terms.DefaultHourlyRate,
                terms.Currency,
                TimeSource.Timer,
                actor,
                now);
            var etag = await store.AddEntryAsync(
                tenant.Slug,
                entry,
                [Activity(actor, now, "timer_stopped", entry.Id, Details(entry))],
                ct,
                alsoDo: WorkStore.RemoveTimerAction(tenant.Slug, actor.UserId, timerEtag));
            if (etag is { } committed)
            {
                return (entry, committed);
            }

            await Backoff(attempt, ct);
        }
    }

    /// <summary>Throws the timer away without an entry (started by mistake, or forgotten).</summary>
    public async Task DiscardTimerAsync(Tenant tenant, Actor actor, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (timer, etag) = await store.GetTimerAsync(tenant.Slug, actor.UserId, ct) ?? throw ApiException.NotFound("timer");
            if (await store.DiscardTimerAsync(tenant.Slug, timer, etag, [Activity(actor, clock.GetUtcNow(), "timer_discarded")], ct))
            {
                return;
            }

            await Backoff(attempt, ct);
        }
    }

    private async Task<TimerState> ChangeTimerAsync(
        Tenant tenant, Actor actor, string action, Func<TimerState, DateTimeOffset, TimerState> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (timer, etag) = await store.GetTimerAsync(tenant.Slug, actor.UserId, ct) ?? throw ApiException.NotFound("timer");
            var now = clock.GetUtcNow();
            var next = change(timer, now);
            if (await store.ReplaceTimerAsync(tenant.Slug, next, etag, [Activity(actor, now, action)], ct))
            {
                return next;
            }

            await Backoff(attempt, ct);
        }
    }

    /// <summary>Read, decide, write with the ETag read; a change that alters nothing writes nothing.</summary>
    private async Task<(TimeEntryState Entry, ETag ETag)> ChangeAsync(
        Tenant tenant, Actor actor, string code, string id, ETag? ifMatch, string action,
        Func<TimeEntryState, DateTimeOffset, TimeEntryState> change, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        WorkAccess.EnsureNotMerged(ticket);
        for (var attempt = 0; ; attempt++)
        {
            var (entry, etag) = await store.GetEntryAsync(tenant.Slug, ticket.Code, id, ct) ?? throw ApiException.NotFound("time_entry");
            if (ifMatch is { } expected && expected != etag)
            {
                throw Stale();
            }

            var now = clock.GetUtcNow();
            var next = change(entry, now);
            if (ReferenceEquals(next, entry))
            {
                return (entry, etag);
            }

            if (await store.ReplaceEntryAsync(tenant.Slug, entry, next, etag, [Activity(actor, now, action, next.Id, Details(next))], ct) is { } committed)
            {
                return (next, committed);
            }

            if (ifMatch is not null)
            {
                throw Stale();
            }

            await Backoff(attempt, ct);
        }
    }

    /// <summary>Whose time a new entry is: the caller's, or for an admin any active staff member's.</summary>
    private async Task<(string Id, string Name)> OwnerAsync(Tenant tenant, Actor actor, string? userId, CancellationToken ct)
    {
        if (userId is null || userId == actor.UserId)
        {
            return (actor.UserId, actor.Name);
        }

        TimeEntries.EnsureMayLogFor(actor, userId);
        var user = await directory.GetUserAsync(tenant.Slug, userId, ct);
        return user is { User: { Active: true, Role: Role.Technician or Role.Admin } u }
            ? (u.Id, u.Name)
            : throw ApiException.BadRequest("unknown_staff", "'userId' must name active staff of this observatory.", "userId");
    }

    /// <summary>
    /// A trail entry about time or costs: staff business as a whole (customers never see it),
    /// naming the entry or line and carrying what changed.
    /// </summary>
    internal static ActivityEntry Activity(Actor actor, DateTimeOffset now, string action, string? subject = null, IReadOnlyList<FieldChange>? changes = null) =>
        new(Keys.NewId(), now, actor.UserId, actor.Name, action, changes ?? []) { Internal = true, Subject = subject };

    /// <summary>What a change did to an entry or line: the details of its newest revision, or for a new one its main values.</summary>
    internal static IReadOnlyList<FieldChange> Details(IReadOnlyList<WorkRevision> history, params (string Field, string? Value)[] created) =>
        history.Count > 0 && history[^1].Changes.Count > 0
            ? history[^1].Changes
            : [.. created.Select(c => new FieldChange(c.Field, null, c.Value))];

    internal static IReadOnlyList<FieldChange> Details(TimeEntryState e) => Details(
        e.History,
        ("minutes", e.Minutes.ToString(CultureInfo.InvariantCulture)),
        ("billable", e.Billable ? "true" : "false"),
        ("userName", e.UserName));

    internal static ApiException Stale() =>
        new(StatusCodes.Status412PreconditionFailed, "stale_entry", "The entry changed since you read it; reload it and apply your change again.");

    /// <summary>Someone else won the race: wait a little (jittered) and read again; give up after a while.</summary>
    internal static async Task Backoff(int attempt, CancellationToken ct)
    {
        if (attempt >= MaxRetries)
        {
            throw ApiException.Conflict("busy", "The entry is being changed by others right now; try again.");
        }

        await Task.Delay(Random.Shared.Next(5, 25 * (attempt + 1)), ct);
    }
}
