using AstroBlob.Functions.Observability;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Email;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Desk;
using AstroBlob.Functions.Email;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Messages;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Sla;
using AstroBlob.Domain.Sla;
using AstroBlob.Functions.Storage;
using Azure;

namespace AstroBlob.Functions.Tickets;

/// <summary>
/// The ticket use cases: load, check access and ids against the directory, let the domain
/// decide, persist atomically. Anything the caller may not see is "not found".
/// </summary>
public sealed class TicketService(
    TicketStore store, MessageStore messages, DirectoryStore directory, SlaEngine sla, OutboxDispatcher outbox, CustomFieldStore customFields,
    AstroBlobTelemetry telemetry, TimeProvider clock)
{
    private const int MaxRetries = 8;

    public async Task<(TicketState Ticket, ETag ETag)> GetVisibleAsync(Tenant tenant, Actor actor, string code, CancellationToken ct)
    {
        if (!TicketCode.TryNormalize(code, out var normalized))
        {
            throw ApiException.NotFound("ticket");
        }

        var found = await store.GetAsync(tenant.Slug, normalized, ct);
        if (found is not { } f || !TicketAccess.CanView(actor, f.Ticket))
        {
            throw ApiException.NotFound("ticket");
        }

        return f;
    }

    public async Task<(TicketState Ticket, ETag ETag, bool Replayed)> CreateAsync(
        Tenant tenant, Actor actor, CreateTicketRequest request, IdempotencyClaim? claim, CancellationToken ct)
    {
        if (claim is not null && await ReplayAsync(tenant, actor, claim, ct) is { } replay)
        {
            return (replay.Ticket, replay.ETag, true);
        }

        Validate.Title(request.Title);
        Validate.Description(request.Description);
        var (customerId, requesterId) = await ResolveRequesterAsync(tenant, actor, request, ct);
        if (request.TelescopeId is not null)
        {
            await EnsureTelescopeOfCustomerAsync(tenant, actor, request.TelescopeId, customerId, ct);
        }

        var number = await store.NextNumberAsync(tenant.Slug, ct);
        var now = clock.GetUtcNow();
        var ticket = Ticket.Open(
            TicketCode.Format(tenant.Observatory.TicketPrefix, number),
            number,
            request.Title,
            request.Description ?? string.Empty,
            request.Type,
            request.Priority ?? tenant.Observatory.DefaultPriority,
            customerId,
            requesterId,
            request.TelescopeId,
            actor,
            now);
        var created = new ActivityEntry(Keys.NewId(), now, actor.UserId, actor.Name, "created", []);
        var outcome = await sla.AdvanceAsync(tenant, null, ticket.State, [], actor, now, ct);
        var (ok, etag) = await store.CreateAsync(tenant.Slug, outcome.Ticket, [created, .. outcome.Activity], outcome.Outbox, claim, ct);
        if (!ok)
        {
            // A concurrent retry with the same key won the race: answer with its ticket.
            var winner = await ReplayAsync(tenant, actor, claim!, ct)
                ?? throw new InvalidOperationException("Idempotency claim exists without its ticket.");
            return (winner.Ticket, winner.ETag, true);
        }

        await outbox.DispatchAsync(tenant.Slug, outcome.Outbox, ct);
        await outbox.SendTimerAsync(outcome.Timer, ct);
        return (outcome.Ticket, etag, false);
    }

    public async Task<(TicketState Ticket, ETag ETag)> PatchAsync(
        Tenant tenant, Actor actor, string code, TicketPatch patch, IReadOnlyDictionary<string, string?>? fields, ETag ifMatch, CancellationToken ct)
    {
        var (current, etag) = await GetVisibleAsync(tenant, actor, code, ct);
        if (etag != ifMatch)
        {
            throw new ApiException(412, "stale_ticket", "The ticket changed since you read it; reload it and apply your change again.");
        }

        await ValidateReferencesAsync(tenant, current, patch, ct);
        var ticket = new Ticket(current);
        var now = clock.GetUtcNow();
        ticket.Apply(patch, actor, now);
        if (fields is { Count: > 0 })
        {
            ticket.SetFields(fields, await customFields.GetAsync(tenant.Slug, ct), actor, now);
        }

        if (ticket.Changes.Count == 0)
        {
            return (current, etag);
        }

        var activity = new ActivityEntry(Keys.NewId(), now, actor.UserId, actor.Name, "updated", ticket.Changes);
        return await SaveAsync(tenant, current, ticket.State, etag, [activity], [], actor, now, ct);
    }

    /// <summary>
    /// A change through one of the aggregate's own methods (tags, flags, ...), retried on
    /// concurrent changes; <paramref name="change"/> says whether anything changed, and an
    /// unchanged ticket is not written.
    /// </summary>
    public async Task<(TicketState Ticket, ETag ETag)> ChangeAsync(
        Tenant tenant, Actor actor, string code, string action, Func<Ticket, DateTimeOffset, bool> change, CancellationToken ct,
        IReadOnlyList<OutboxItem>? outbox = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (current, etag) = await GetVisibleAsync(tenant, actor, code, ct);
            var ticket = new Ticket(current);
            var now = clock.GetUtcNow();
            if (!change(ticket, now))
            {
                return (current, etag);
            }

            try
            {
                return await SaveAsync(
                    tenant, current, ticket.State, etag, [new ActivityEntry(Keys.NewId(), now, actor.UserId, actor.Name, action, ticket.Changes)], [], actor, now, ct,
                    extraOutbox: outbox);
            }
            catch (ApiException e) when (e.Status == 412 && attempt < MaxRetries)
            {
                await Task.Delay(Random.Shared.Next(5, 25 * (attempt + 1)), ct);
            }
        }
    }

    /// <summary>A technician escalates by hand, to the given level or the next one.</summary>
    public Task<(TicketState Ticket, ETag ETag)> EscalateAsync(Tenant tenant, Actor actor, string code, int? toLevel, CancellationToken ct)
    {
        if (!actor.IsStaff)
        {
            throw DomainException.Forbidden("staff_only", "Only staff can escalate a ticket.");
        }

        return MutateAsync(tenant, actor, code, "updated", (_, _) => { }, ct, recordOnlyChanges: true,
            slaEvents: t => [new SlaEvent.EscalatedByHand(toLevel ?? (t.Sla?.EscalationLevel ?? t.SupportLevel) + 1)]);
    }

    /// <summary>
    /// A durable SLA timer fired (from its queue message or the sweep). A timer of an older
    /// generation is ignored; two processors racing on the same one commit once (ETag).
    /// </summary>
    public async Task FireSlaTimerAsync(Tenant tenant, string code, long generation, CancellationToken ct)
    {
        for (var attempt = 0; attempt <= MaxRetries; attempt++)
        {
            var found = await store.GetAsync(tenant.Slug, code, ct);
            if (found is not { } f || f.Ticket.Sla is not { } state || state.Generation != generation)
            {
                return;
            }

            try
            {
                await SaveAsync(tenant, f.Ticket, f.Ticket, f.ETag, [], [new SlaEvent.TimerFired(generation)], SlaEngine.Monitor, clock.GetUtcNow(), ct);
                return;
            }
            catch (ApiException e) when (e.Status == 412)
            {
                // Someone changed the ticket meanwhile: read again; the generation decides whether this timer still matters.
            }
        }
    }

    /// <summary>Runs the SLA monitor over the change, commits everything in one transaction, then carries out the outbox.</summary>
    private async Task<(TicketState Ticket, ETag ETag)> SaveAsync(
        Tenant tenant, TicketState before, TicketState after, ETag etag, IReadOnlyList<ActivityEntry> activity,
        IReadOnlyList<SlaEvent> slaEvents, Actor actor, DateTimeOffset now, CancellationToken ct, IReadOnlyList<MailJob>? messageMails = null,
        IReadOnlyList<OutboxItem>? extraOutbox = null)
    {
        var outcome = await sla.AdvanceAsync(tenant, before, after, slaEvents, actor, now, ct);
        // The SLA monitor's own changes (escalation) are told through its notifications, which also mail.
        var changeMails = actor == SlaEngine.Monitor
            ? []
            : MailAudience.ForChange(before, outcome.Ticket, actor).Select(r => new MailJob(
                MailJob.IdFor($"change|{tenant.Slug}|{before.Code}|{etag}|{r.UserId}|{r.Kind}"), tenant.Slug, r.Kind, r.UserId, before.Code, actor.Name));
        List<OutboxItem> items = [.. outcome.Outbox, .. changeMails.Concat(messageMails ?? []).Select(m => m.ToOutbox()), .. extraOutbox ?? []];
        var newEtag = await store.UpdateAsync(tenant.Slug, before, outcome.Ticket, etag, [.. activity, .. outcome.Activity], items, ct);
        foreach (var transition in outcome.Transitions)
        {
            telemetry.SlaTransition(transition, tenant.Slug);
        }

        await outbox.DispatchAsync(tenant.Slug, [.. items.Where(i => !i.Deferred)], ct);
        await outbox.SendTimerAsync(outcome.Timer, ct);
        return (outcome.Ticket, newEtag);
    }

    public Task<(TicketState Ticket, ETag ETag)> SignOffAsync(Tenant tenant, Actor actor, string code, CancellationToken ct) =>
        MutateAsync(tenant, actor, code, "signed_off", (t, now) => t.SignOff(actor, now), ct);

    /// <summary>The customer's "not done yet": the reason lands as a public message, then the ticket reopens.</summary>
    public async Task<(TicketState Ticket, ETag ETag)> ReopenAsync(Tenant tenant, Actor actor, string code, string reason, CancellationToken ct)
    {
        Validate.MessageBody(reason);
        var (current, _) = await GetVisibleAsync(tenant, actor, code, ct);
        if (current.Status != TicketStatus.Finished)
        {
            throw DomainException.Conflict("ticket_not_finished", "Only a finished ticket can be reopened.");
        }

        var result = await MutateAsync(tenant, actor, code, "reopened", (t, now) => t.Reopen(actor, now), ct);
        await AddMessageAsync(tenant, actor, code, reason, Visibility.Public, null, ct);
        return await GetVisibleAsync(tenant, actor, code, ct);
    }

    /// <summary>
    /// Adds a message. The message row is written first (it is the record), together with the
    /// rows of the files it carries; the ticket's counters and any status the reply implies
    /// follow with ETag retries.
    /// </summary>
    /// <param name="attachments">
    /// Gives the files to post with the message, read fresh on each attempt (a file row that
    /// changed meanwhile, e.g. finished processing, fails the transaction and is read again).
    /// </param>
    public async Task<(Message Message, bool Replayed)> AddMessageAsync(
        Tenant tenant, Actor actor, string code, string body, Visibility visibility, string? idempotencyKeyHash, CancellationToken ct,
        Func<CancellationToken, Task<IReadOnlyList<(Attachment Attachment, ETag ETag)>>>? attachments = null)
    {
        var (current, _) = await GetVisibleAsync(tenant, actor, code, ct);
        if (idempotencyKeyHash is not null && await messages.FindReplayAsync(tenant.Slug, current.Code, idempotencyKeyHash, ct) is { } earlier)
        {
            return (earlier, true);
        }

        var now = clock.GetUtcNow();
        new Ticket(current).AddMessage(visibility, actor, now); // refuses before anything is written
        for (var attempt = 0; ; attempt++)
        {
            var files = attachments is null ? [] : await attachments(ct);
            if (files.Count == 0)
            {
                Validate.MessageBody(body);
            }
            else
            {
                // A message may be only files; whatever text it has follows the usual rules.
                Validate.Length("body", body, Limits.MessageBodyMax);
            }

            var message = new Message(Keys.NewId(), current.Code, body ?? string.Empty, visibility, actor.UserId, actor.Name, actor.IsStaff ? "staff" : "customer", now)
            {
                AttachmentIds = [.. files.Select(f => f.Attachment.Id)],
            };
            var links = files.Select(f => AttachmentStore.LinkAction(tenant.Slug, f.Attachment with { MessageId = message.Id, Visibility = visibility }, f.ETag)).ToList();
            (Message Message, bool Replayed) stored;
            try
            {
                stored = await messages.AddAsync(tenant.Slug, message, idempotencyKeyHash, ct, links);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 4)
            {
                continue;
            }

            if (stored.Replayed)
            {
                return (stored.Message, true);
            }

            var mentioned = visibility == Visibility.Internal ? await MentionedStaffAsync(tenant, message.Body, ct) : [];
            await MutateAsync(tenant, actor, code, "updated", (t, at) => t.AddMessage(visibility, actor, at), ct, recordOnlyChanges: true, now: now,
                mails: t => [.. MailAudience.ForMessage(t, actor, visibility, mentioned).Select(r => new MailJob(
                    MailJob.IdFor($"message|{tenant.Slug}|{message.Id}|{r.UserId}"), tenant.Slug, r.Kind, r.UserId, t.Code, actor.Name, MailJob.Excerpt(message.Body)))]);
            return (message, false);
        }
    }

    /// <summary>Active staff named with @ in an internal note.</summary>
    private async Task<IReadOnlyList<string>> MentionedStaffAsync(Tenant tenant, string body, CancellationToken ct)
    {
        var handles = MailAudience.Mentions(body);
        if (handles.Count == 0)
        {
            return [];
        }

        var staff = (await directory.ListUsersAsync(tenant.Slug, ct)).Where(u => u.Active && u.Role is Role.Technician or Role.Admin);
        return [.. staff.Where(u => handles.Any(h => MailAudience.Names(h, u.Email, u.Name))).Select(u => u.Id)];
    }

    private async Task<(TicketState Ticket, ETag ETag)> MutateAsync(
        Tenant tenant, Actor actor, string code, string action, Action<Ticket, DateTimeOffset> change, CancellationToken ct,
        bool recordOnlyChanges = false, DateTimeOffset? now = null, Func<TicketState, IReadOnlyList<SlaEvent>>? slaEvents = null,
        Func<TicketState, IReadOnlyList<MailJob>>? mails = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (current, etag) = await GetVisibleAsync(tenant, actor, code, ct);
            var ticket = new Ticket(current);
            var at = now ?? clock.GetUtcNow();
            change(ticket, at);
            IReadOnlyList<ActivityEntry> activity = recordOnlyChanges && ticket.Changes.Count == 0
                ? []
                : [new ActivityEntry(Keys.NewId(), at, actor.UserId, actor.Name, action, ticket.Changes)];
            try
            {
                return await SaveAsync(tenant, current, ticket.State, etag, activity, slaEvents?.Invoke(current) ?? [], actor, at, ct, mails?.Invoke(current));
            }
            catch (ApiException e) when (e.Status == 412 && attempt < MaxRetries)
            {
                // Someone else changed the ticket between our read and write: read again and reapply.
                await Task.Delay(Random.Shared.Next(5, 25 * (attempt + 1)), ct);
            }
        }
    }

    private async Task<(TicketState Ticket, ETag ETag)?> ReplayAsync(Tenant tenant, Actor actor, IdempotencyClaim claim, CancellationToken ct)
    {
        if (await store.FindIdempotentAsync(tenant.Slug, claim.KeyHash, ct) is not { } earlier)
        {
            return null;
        }

        if (earlier.BodyHash != claim.BodyHash)
        {
            throw new ApiException(422, "idempotency_key_reused", "This Idempotency-Key was already used with a different request body.");
        }

        return await GetVisibleAsync(tenant, actor, earlier.Code, ct);
    }

    private async Task<(string CustomerId, string RequesterId)> ResolveRequesterAsync(Tenant tenant, Actor actor, CreateTicketRequest request, CancellationToken ct)
    {
        if (!actor.IsStaff)
        {
            if (request.CustomerId is not null || request.RequesterId is not null)
            {
                throw DomainException.Forbidden("staff_only_field", "Customers open tickets for themselves: leave out customerId and requesterId.");
            }

            return (actor.CustomerId ?? throw DomainException.Conflict("no_customer", "Your account is not linked to a customer."), actor.UserId);
        }

        if (request.RequesterId is not null)
        {
            var requester = await directory.GetUserAsync(tenant.Slug, request.RequesterId, ct);
            if (requester is not { User: { Role: Role.Customer, CustomerId: not null } r })
            {
                throw ApiException.BadRequest("unknown_requester", "'requesterId' is not a customer contact of this observatory.", "requesterId");
            }

            if (request.CustomerId is not null && request.CustomerId != r.CustomerId)
            {
                throw ApiException.BadRequest("requester_not_of_customer", "'requesterId' is not a contact of 'customerId'.", "requesterId");
            }

            return (r.CustomerId, r.Id);
        }

        if (request.CustomerId is null)
        {
            throw ApiException.BadRequest("requester_required", "Staff must name the customer ('customerId') or the contact ('requesterId').", "customerId");
        }

        if (await directory.GetCustomerAsync(tenant.Slug, request.CustomerId, ct) is null)
        {
            throw ApiException.BadRequest("unknown_customer", "'customerId' is not a customer of this observatory.", "customerId");
        }

        var contacts = (await directory.ListContactsAsync(tenant.Slug, request.CustomerId, ct)).Where(c => c.Active).ToList();
        return contacts.Count == 1
            ? (request.CustomerId, contacts[0].Id)
            : throw ApiException.BadRequest("requester_required", "The customer has several (or no) contacts: name one with 'requesterId'.", "requesterId");
    }

    private async Task EnsureTelescopeOfCustomerAsync(Tenant tenant, Actor actor, string telescopeId, string customerId, CancellationToken ct)
    {
        var telescope = await directory.GetTelescopeAsync(tenant.Slug, telescopeId, ct);
        if (telescope is null || (!actor.IsStaff && telescope.Value.Telescope.CustomerId != customerId))
        {
            // A customer learns nothing about other customers' telescopes.
            throw ApiException.BadRequest("unknown_telescope", "'telescopeId' is not one of your telescopes.", "telescopeId");
        }

        if (telescope.Value.Telescope.CustomerId != customerId)
        {
            throw ApiException.BadRequest("telescope_not_of_customer", "The telescope belongs to a different customer than the ticket.", "telescopeId");
        }
    }

    private async Task ValidateReferencesAsync(Tenant tenant, TicketState ticket, TicketPatch patch, CancellationToken ct)
    {
        if (patch.Assignees.HasValue)
        {
            foreach (var id in patch.Assignees.Value.Distinct(StringComparer.Ordinal))
            {
                await EnsureStaffAsync(tenant, id, "assignees", ct);
            }
        }

        if (patch.Cc.HasValue)
        {
            foreach (var id in patch.Cc.Value.Distinct(StringComparer.Ordinal))
            {
                var contact = await directory.GetUserAsync(tenant.Slug, id, ct);
                if (contact is not { User: { Active: true, Role: Role.Customer } c } || c.CustomerId != ticket.CustomerId)
                {
                    throw ApiException.BadRequest("unknown_contact", "'cc' must name active contacts of the ticket's customer.", "cc");
                }
            }
        }

        if (patch.ResponsibleId is { HasValue: true, Value: { } responsible })
        {
            await EnsureStaffAsync(tenant, responsible, "responsibleId", ct);
        }

        if (patch.TelescopeId is { HasValue: true, Value: { } telescopeId })
        {
            var telescope = await directory.GetTelescopeAsync(tenant.Slug, telescopeId, ct);
            if (telescope is null || telescope.Value.Telescope.CustomerId != ticket.CustomerId)
            {
                throw ApiException.BadRequest("telescope_not_of_customer", "'telescopeId' must be a telescope of the ticket's customer.", "telescopeId");
            }
        }
    }

    private async Task EnsureStaffAsync(Tenant tenant, string userId, string field, CancellationToken ct)
    {
        var user = await directory.GetUserAsync(tenant.Slug, userId, ct);
        if (user is not { User: { Active: true, Role: Role.Technician or Role.Admin } })
        {
            throw ApiException.BadRequest("unknown_staff", $"'{field}' must name active staff of this observatory.", field);
        }
    }
}
