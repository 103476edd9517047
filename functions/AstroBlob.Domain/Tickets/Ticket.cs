using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;

namespace AstroBlob.Domain.Tickets;

/// <summary>Everything a ticket is, as stored. Changed only through <see cref="Ticket"/>.</summary>
public sealed record TicketState
{
    public required string Code { get; init; }
    public required long Number { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required TicketType Type { get; init; }
    public required TicketPriority Priority { get; init; }
    public required TicketStatus Status { get; init; }
    public required string CustomerId { get; init; }
    public required string RequesterId { get; init; }
    public string? TelescopeId { get; init; }
    public IReadOnlyList<string> Assignees { get; init; } = [];

    /// <summary>Contacts of the same customer who follow the ticket (and get its mails) besides the requester.</summary>
    public IReadOnlyList<string> Cc { get; init; } = [];
    public string? ResponsibleId { get; init; }
    public int SupportLevel { get; init; } = 1;
    public WaitingOn WaitingOn { get; init; } = WaitingOn.None;
    public string? ExternalRef { get; init; }
    public bool Billable { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// The last change a customer can see. Internal notes and staff-only fields move
    /// <see cref="UpdatedAt"/> but not this, so customers cannot infer internal activity.
    /// </summary>
    public DateTimeOffset? CustomerUpdatedAt { get; init; }
    public DateTimeOffset? FirstRespondedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? SignedOffBy { get; init; }
    public int PublicMessageCount { get; init; }
    public int InternalMessageCount { get; init; }
    public DateTimeOffset? LastPublicMessageAt { get; init; }

    /// <summary>The SLA monitor's state (clocks, escalation level, timer generation); null before the first SLA event.</summary>
    public Sla.SlaState? Sla { get; init; }

    /// <summary>Staff labels, normalised (see <see cref="Desk.TagRules"/>), in the order they were added.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Values of the observatory's custom fields by key, in their canonical text form (see <see cref="Desk.CustomFieldRules"/>).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = NoFields;

    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>(StringComparer.Ordinal).AsReadOnly();

    /// <summary>Marked as spam by staff: out of the desk's lists and out of its customer's sight.</summary>
    public bool Spam { get; init; }

    /// <summary>Deleted by an admin, softly: out of every list and out of its customer's sight until restored.</summary>
    public bool Deleted { get; init; }
    public string? FlagsChangedBy { get; init; }
    public DateTimeOffset? FlagsChangedAt { get; init; }

    /// <summary>The ticket this duplicate was merged into; a merged ticket never changes again.</summary>
    public string? MergedInto { get; init; }

    /// <summary>The duplicates merged into this ticket.</summary>
    public IReadOnlyList<string> MergedFrom { get; init; } = [];

    /// <summary>Spam or deleted: the ticket leaves the lists and its customer's sight.</summary>
    public bool Hidden => Spam || Deleted;
}

/// <summary>One field's change, for the activity trail (values already rendered as text).</summary>
public sealed record FieldChange(string Field, string? From, string? To)
{
    /// <summary>Fields that are staff business only: customers never see their changes.</summary>
    public static readonly IReadOnlySet<string> InternalFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "responsibleId", "supportLevel", "externalRef", "knowledgeArticle", "tags", "spam", "deleted",
    };

    /// <summary>Staff business although the field is not in <see cref="InternalFields"/> (e.g. a custom field customers do not see).</summary>
    public bool Internal { get; init; }

    public bool IsInternal => Internal || InternalFields.Contains(Field);
}

/// <summary>A set of field updates where each one may be absent (unchanged).</summary>
public sealed record TicketPatch
{
    public Optional<string> Title { get; init; }
    public Optional<string> Description { get; init; }
    public Optional<TicketType> Type { get; init; }
    public Optional<TicketPriority> Priority { get; init; }
    public Optional<TicketStatus> Status { get; init; }
    public Optional<IReadOnlyList<string>> Assignees { get; init; }
    public Optional<IReadOnlyList<string>> Cc { get; init; }
    public Optional<string?> ResponsibleId { get; init; }
    public Optional<int> SupportLevel { get; init; }
    public Optional<WaitingOn> WaitingOn { get; init; }
    public Optional<string?> ExternalRef { get; init; }
    public Optional<bool> Billable { get; init; }
    public Optional<string?> TelescopeId { get; init; }
}

/// <summary>A value that may be absent, distinct from a value that is null.</summary>
public readonly record struct Optional<T>(bool HasValue, T Value)
{
    public static implicit operator Optional<T>(T value) => new(true, value);
}

/// <summary>The ticket aggregate: every change goes through a method that refuses illegal ones.</summary>
public sealed class Ticket
{
    public const int MinSupportLevel = 1;
    public const int MaxSupportLevel = 3;

    private readonly List<FieldChange> _changes = [];
    private readonly List<FieldChange> _pending = [];

    public Ticket(TicketState state) => State = state;

    public TicketState State { get; private set; }

    /// <summary>The changes made since this object was loaded or created.</summary>
    public IReadOnlyList<FieldChange> Changes => _changes;

    public static Ticket Open(
        string code,
        long number,
        string title,
        string description,
        TicketType type,
        TicketPriority priority,
        string customerId,
        string requesterId,
        string? telescopeId,
        Actor createdBy,
        DateTimeOffset now)
    {
        Validate.Title(title?.Trim());
        Validate.Description(description?.Trim());
        return new Ticket(new TicketState
        {
            Code = code,
            Number = number,
            Title = title!.Trim(),
            Description = (description ?? string.Empty).Trim(),
            Type = type,
            Priority = priority,
            Status = TicketStatus.Open,
            CustomerId = customerId,
            RequesterId = requesterId,
            TelescopeId = telescopeId,
            CreatedBy = createdBy.UserId,
            CreatedAt = now,
            UpdatedAt = now,
            CustomerUpdatedAt = now,
        });
    }

    /// <summary>
    /// Applies a patch as <paramref name="actor"/>. Customers may only retitle, re-describe
    /// or cancel their ticket; everything else is staff work. Validation of ids against the
    /// directory (staff exist, telescope belongs to the customer) is the caller's job.
    /// </summary>
    public void Apply(TicketPatch patch, Actor actor, DateTimeOffset now)
    {
        _pending.Clear();
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff)
        {
            EnsureCustomerMayPatch(patch);
        }

        EnsureNotMerged();
        if (State.Status == TicketStatus.Closed)
        {
            throw DomainException.Conflict("ticket_closed", "The ticket is closed for good and cannot be changed.");
        }

        var s = State;
        if (patch.Title.HasValue)
        {
            Validate.Title(patch.Title.Value?.Trim());
            s = Set(s, "title", s.Title, patch.Title.Value!.Trim(), (x, v) => x with { Title = v });
        }

        if (patch.Description.HasValue)
        {
            Validate.Description(patch.Description.Value?.Trim());
            s = Set(s, "description", s.Description, (patch.Description.Value ?? string.Empty).Trim(), (x, v) => x with { Description = v });
        }

        if (patch.Type.HasValue)
        {
            s = Set(s, "type", s.Type, patch.Type.Value, (x, v) => x with { Type = v });
        }

        if (patch.Priority.HasValue)
        {
            s = Set(s, "priority", s.Priority, patch.Priority.Value, (x, v) => x with { Priority = v });
        }

        if (patch.Assignees.HasValue)
        {
            var assignees = patch.Assignees.Value.Distinct(StringComparer.Ordinal).ToList();
            if (assignees.Count > Limits.MaxAssignees)
            {
                throw DomainException.Invalid("too_many_assignees", $"A ticket can have at most {Limits.MaxAssignees} assignees.");
            }

            if (!assignees.SequenceEqual(s.Assignees, StringComparer.Ordinal))
            {
                Record("assignees", string.Join(',', s.Assignees), string.Join(',', assignees));
                s = s with { Assignees = assignees };
            }
        }

        if (patch.Cc.HasValue)
        {
            var cc = patch.Cc.Value.Distinct(StringComparer.Ordinal).Where(id => id != s.RequesterId).ToList();
            if (cc.Count > Limits.MaxCc)
            {
                throw DomainException.Invalid("too_many_cc", $"A ticket can copy at most {Limits.MaxCc} contacts.");
            }

            if (!cc.SequenceEqual(s.Cc, StringComparer.Ordinal))
            {
                Record("cc", string.Join(',', s.Cc), string.Join(',', cc));
                s = s with { Cc = cc };
            }
        }

        if (patch.ResponsibleId.HasValue)
        {
            s = Set(s, "responsibleId", s.ResponsibleId, patch.ResponsibleId.Value, (x, v) => x with { ResponsibleId = v });
        }

        if (patch.SupportLevel.HasValue)
        {
            if (patch.SupportLevel.Value is < MinSupportLevel or > MaxSupportLevel)
            {
                throw DomainException.Invalid("invalid_support_level", $"Support level must be between {MinSupportLevel} and {MaxSupportLevel}.");
            }

            s = Set(s, "supportLevel", s.SupportLevel, patch.SupportLevel.Value, (x, v) => x with { SupportLevel = v });
        }

        if (patch.ExternalRef.HasValue)
        {
            var value = string.IsNullOrWhiteSpace(patch.ExternalRef.Value) ? null : patch.ExternalRef.Value.Trim();
            Validate.Length("externalRef", value, Limits.ExternalRefMax);
            s = Set(s, "externalRef", s.ExternalRef, value, (x, v) => x with { ExternalRef = v });
        }

        if (patch.Billable.HasValue)
        {
            s = Set(s, "billable", s.Billable, patch.Billable.Value, (x, v) => x with { Billable = v });
        }

        if (patch.TelescopeId.HasValue)
        {
            s = Set(s, "telescopeId", s.TelescopeId, patch.TelescopeId.Value, (x, v) => x with { TelescopeId = v });
        }

        if (patch.Status.HasValue && patch.Status.Value != s.Status)
        {
            s = ChangeStatus(s, patch.Status.Value, actor, now);
        }

        if (patch.WaitingOn.HasValue)
        {
            if (patch.WaitingOn.Value != WaitingOn.None && IsDone(s.Status))
            {
                throw DomainException.Conflict("ticket_done", "A finished or cancelled ticket cannot be waiting on anyone.");
            }

            s = Set(s, "waitingOn", s.WaitingOn, patch.WaitingOn.Value, (x, v) => x with { WaitingOn = v });
        }

        if (_pending.Count == 0)
        {
            return; // nothing changed: not even the update time moves
        }

        Commit(s, now);
    }

    /// <summary>The customer accepts the finished work (the VoBo): the ticket is closed for good.</summary>
    public void SignOff(Actor actor, DateTimeOffset now)
    {
        _pending.Clear();
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.IsStaff)
        {
            throw DomainException.Forbidden("customer_only", "Only the customer can sign off a ticket.");
        }

        EnsureNotMerged();

        if (State.Status != TicketStatus.Finished)
        {
            throw DomainException.Conflict("ticket_not_finished", "Only a finished ticket can be signed off.");
        }

        Record("status", Render(State.Status), Render(TicketStatus.Closed));
        Commit(State with { Status = TicketStatus.Closed, ClosedAt = now, SignedOffBy = actor.UserId }, now);
    }

    /// <summary>The customer rejects the finished work: back to open (a message says why).</summary>
    public void Reopen(Actor actor, DateTimeOffset now)
    {
        _pending.Clear();
        ArgumentNullException.ThrowIfNull(actor);
        if (State.Status != TicketStatus.Finished)
        {
            throw DomainException.Conflict("ticket_not_finished", "Only a finished ticket can be reopened.");
        }

        Record("status", Render(State.Status), Render(TicketStatus.Open));
        Commit(State with { Status = TicketStatus.Open, FinishedAt = null }, now);
    }

    /// <summary>
    /// A message was added. Customers write public messages only; a customer's reply answers
    /// a "waiting on customer" and reopens a finished ticket, as in any helpdesk.
    /// </summary>
    public void AddMessage(Visibility visibility, Actor actor, DateTimeOffset now)
    {
        _pending.Clear();
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff && visibility == Visibility.Internal)
        {
            throw DomainException.Forbidden("internal_not_allowed", "Customers can only write public messages.");
        }

        EnsureNotMerged();
        var s = State;
        if (s.Status == TicketStatus.Closed || (!actor.IsStaff && s.Status == TicketStatus.Cancelled))
        {
            throw DomainException.Conflict("ticket_closed", "The ticket no longer accepts messages.");
        }

        if (visibility == Visibility.Internal)
        {
            s = s with { InternalMessageCount = s.InternalMessageCount + 1 };
        }
        else
        {
            s = s with { PublicMessageCount = s.PublicMessageCount + 1, LastPublicMessageAt = now };
            if (actor.IsStaff && s.FirstRespondedAt is null && actor.UserId != s.RequesterId)
            {
                s = s with { FirstRespondedAt = now };
            }

            if (!actor.IsStaff)
            {
                if (s.WaitingOn == WaitingOn.Customer)
                {
                    s = Set(s, "waitingOn", s.WaitingOn, WaitingOn.None, (x, v) => x with { WaitingOn = v });
                }

                if (s.Status == TicketStatus.Finished)
                {
                    Record("status", Render(s.Status), Render(TicketStatus.Open));
                    s = s with { Status = TicketStatus.Open, FinishedAt = null };
                }
            }
        }

        Commit(s, now, visibleToCustomer: visibility == Visibility.Public);
    }

    /// <summary>Adds a tag (normalised); false when the ticket already has it. Staff only.</summary>
    public bool AddTag(string tag, Actor actor, DateTimeOffset now)
    {
        var normalized = Desk.TagRules.Normalize(tag);
        if (State.Tags.Contains(normalized, StringComparer.Ordinal))
        {
            return false;
        }

        if (State.Tags.Count >= Desk.TagRules.MaxPerTicket)
        {
            throw DomainException.Conflict("too_many_tags", $"A ticket can carry at most {Desk.TagRules.MaxPerTicket} tags.");
        }

        return SetTags([.. State.Tags, normalized], actor, now);
    }

    /// <summary>Takes a tag off; false when the ticket does not have it. Staff only.</summary>
    public bool RemoveTag(string tag, Actor actor, DateTimeOffset now) =>
        State.Tags.Contains(tag, StringComparer.Ordinal) && SetTags([.. State.Tags.Where(t => t != tag)], actor, now);

    private bool SetTags(IReadOnlyList<string> tags, Actor actor, DateTimeOffset now)
    {
        _pending.Clear();
        EnsureStaff(actor, "tag tickets");
        EnsureNotMerged();
        Record("tags", string.Join(", ", State.Tags), string.Join(", ", tags));
        Commit(State with { Tags = tags }, now, visibleToCustomer: false);
        return true;
    }

    /// <summary>Sets custom field values (null clears one), each checked against its definition; staff only.</summary>
    public void SetFields(IReadOnlyDictionary<string, string?> values, Desk.CustomFieldSet definitions, Actor actor, DateTimeOffset now)
    {
        _pending.Clear();
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(definitions);
        EnsureStaff(actor, "set custom fields");
        EnsureNotMerged();
        if (State.Status == TicketStatus.Closed)
        {
            throw DomainException.Conflict("ticket_closed", "The ticket is closed for good and cannot be changed.");
        }

        var fields = new Dictionary<string, string>(State.Fields, StringComparer.Ordinal);
        foreach (var (key, raw) in values)
        {
            var definition = definitions.Find(key)
                ?? throw DomainException.Invalid("unknown_field", $"'{key}' is not a custom field of this observatory.").WithField("fields." + key);
            var value = raw is null ? null : Desk.CustomFieldRules.Canonical(definition, raw);
            fields.TryGetValue(key, out var current);
            if (current == value)
            {
                continue;
            }

            if (value is null)
            {
                fields.Remove(key);
            }
            else
            {
                fields[key] = value;
            }

            _pending.Add(new FieldChange("fields." + key, current, value) { Internal = !definition.CustomerVisible });
        }

        if (_pending.Count > 0)
        {
            Commit(State with { Fields = fields }, now);
        }
    }

    /// <summary>Staff mark the ticket as spam; false when it already is.</summary>
    public bool MarkSpam(Actor actor, DateTimeOffset now)
    {
        EnsureStaff(actor, "mark tickets as spam");
        return SetFlags(spam: true, State.Deleted, actor, now);
    }

    /// <summary>An admin deletes the ticket, softly; false when it already is.</summary>
    public bool Delete(Actor actor, DateTimeOffset now)
    {
        EnsureAdmin(actor, "delete tickets");
        return SetFlags(State.Spam, deleted: true, actor, now);
    }

    /// <summary>An admin clears both flags; false when there were none.</summary>
    public bool Restore(Actor actor, DateTimeOffset now)
    {
        EnsureAdmin(actor, "restore tickets");
        return SetFlags(spam: false, deleted: false, actor, now);
    }

    private bool SetFlags(bool spam, bool deleted, Actor actor, DateTimeOffset now)
    {
        _pending.Clear();
        if (spam == State.Spam && deleted == State.Deleted)
        {
            return false;
        }

        var s = Set(State, "spam", State.Spam, spam, (x, v) => x with { Spam = v });
        s = Set(s, "deleted", s.Deleted, deleted, (x, v) => x with { Deleted = v });
        Commit(s with { FlagsChangedBy = actor.UserId, FlagsChangedAt = now }, now, visibleToCustomer: false);
        return true;
    }

    /// <summary>
    /// This ticket is a duplicate of <paramref name="survivor"/>: it is cancelled, points to the
    /// survivor, and never changes again (its conversation, files and time move there).
    /// </summary>
    public void MergeInto(TicketState survivor, Actor actor, DateTimeOffset now)
    {
        _pending.Clear();
        ArgumentNullException.ThrowIfNull(survivor);
        EnsureStaff(actor, "merge tickets");
        EnsureMergeable(State, "merge");
        EnsureMergeable(survivor, "merge into");
        if (survivor.Code == State.Code)
        {
            throw DomainException.Invalid("merge_into_itself", "A ticket cannot be merged into itself.").WithField("into");
        }

        if (survivor.CustomerId != State.CustomerId)
        {
            // Time and costs are billed to the customer: moving them to another would move the bill.
            throw DomainException.Conflict("different_customer", "Only tickets of the same customer can be merged.");
        }

        var s = State;
        if (s.Status != TicketStatus.Cancelled)
        {
            Record("status", Render(s.Status), Render(TicketStatus.Cancelled));
        }

        Record("mergedInto", null, survivor.Code);
        s = s with { Status = TicketStatus.Cancelled, FinishedAt = null, WaitingOn = WaitingOn.None, MergedInto = survivor.Code };
        Commit(s, now);
    }

    /// <summary>
    /// The survivor takes in a merged duplicate: its counters are recounted from the moved
    /// conversation, and the duplicate's tags join its own.
    /// </summary>
    public void AbsorbMerged(TicketState duplicate, int publicMessages, int internalMessages, DateTimeOffset? lastPublicMessageAt, DateTimeOffset now)
    {
        _pending.Clear();
        ArgumentNullException.ThrowIfNull(duplicate);
        if (State.MergedFrom.Contains(duplicate.Code, StringComparer.Ordinal))
        {
            return;
        }

        var s = State;
        Record("mergedFrom", null, duplicate.Code);
        var tags = s.Tags.Concat(duplicate.Tags).Distinct(StringComparer.Ordinal).Take(Desk.TagRules.MaxPerTicket).ToList();
        if (tags.Count != s.Tags.Count)
        {
            Record("tags", string.Join(", ", s.Tags), string.Join(", ", tags));
        }

        var last = new[] { s.LastPublicMessageAt, lastPublicMessageAt }.Max();
        s = s with
        {
            MergedFrom = [.. s.MergedFrom, duplicate.Code],
            Tags = tags,
            PublicMessageCount = publicMessages,
            InternalMessageCount = internalMessages,
            LastPublicMessageAt = last,
        };
        Commit(s, now);
    }

    private static void EnsureMergeable(TicketState t, string what)
    {
        if (t.MergedInto is not null)
        {
            throw DomainException.Conflict("ticket_merged", $"{t.Code} was merged into {t.MergedInto}; {what} that one instead.");
        }

        if (t.Status == TicketStatus.Closed)
        {
            throw DomainException.Conflict("ticket_closed", $"{t.Code} is closed for good and cannot take part in a merge.");
        }

        if (t.Deleted)
        {
            throw DomainException.Conflict("ticket_deleted", $"{t.Code} is deleted; restore it first.");
        }
    }

    private void EnsureNotMerged()
    {
        if (State.MergedInto is { } survivor)
        {
            throw DomainException.Conflict("ticket_merged", $"The ticket was merged into {survivor}; carry on there.");
        }
    }

    private static void EnsureStaff(Actor actor, string what)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff)
        {
            throw DomainException.Forbidden("staff_only", $"Only staff {what}.");
        }
    }

    private static void EnsureAdmin(Actor actor, string what)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            throw DomainException.Forbidden("admin_only", $"Only admins {what}.");
        }
    }

    public static bool IsDone(TicketStatus status) =>
        status is TicketStatus.Finished or TicketStatus.Cancelled or TicketStatus.Closed;

    /// <summary>The status transitions staff may make; customers may only cancel an unfinished ticket.</summary>
    public static bool CanTransition(TicketStatus from, TicketStatus to, bool byStaff)
    {
        if (!byStaff)
        {
            return to == TicketStatus.Cancelled && from is TicketStatus.Open or TicketStatus.InProgress or TicketStatus.Blocked;
        }

        return (from, to) switch
        {
            (TicketStatus.Open, TicketStatus.InProgress or TicketStatus.Blocked or TicketStatus.Finished or TicketStatus.Cancelled) => true,
            (TicketStatus.InProgress, TicketStatus.Open or TicketStatus.Blocked or TicketStatus.Finished or TicketStatus.Cancelled) => true,
            (TicketStatus.Blocked, TicketStatus.Open or TicketStatus.InProgress or TicketStatus.Finished or TicketStatus.Cancelled) => true,
            (TicketStatus.Finished, TicketStatus.Open or TicketStatus.InProgress) => true,
            (TicketStatus.Cancelled, TicketStatus.Open) => true,
            _ => false,
        };
    }

    public static string Render<T>(T value) where T : struct, Enum => EnumText.ToWire(value);

    private static void EnsureCustomerMayPatch(TicketPatch patch)
    {
        var staffOnly = patch.Type.HasValue || patch.Priority.HasValue || patch.Assignees.HasValue
            || patch.ResponsibleId.HasValue || patch.SupportLevel.HasValue || patch.WaitingOn.HasValue
            || patch.ExternalRef.HasValue || patch.Billable.HasValue || patch.TelescopeId.HasValue;
        if (staffOnly)
        {
            throw DomainException.Forbidden("staff_only_field", "Customers may only change the title and description, or cancel the ticket.");
        }
    }

    private TicketState ChangeStatus(TicketState s, TicketStatus to, Actor actor, DateTimeOffset now)
    {
        if (to == TicketStatus.Closed)
        {
            throw DomainException.Conflict("illegal_transition", "A ticket is closed only by the customer's sign-off.");
        }

        if (!CanTransition(s.Status, to, actor.IsStaff))
        {
            throw DomainException.Conflict(
                "illegal_transition",
                $"A ticket cannot go from '{Render(s.Status)}' to '{Render(to)}'{(actor.IsStaff ? string.Empty : " by the customer")}.");
        }

        Record("status", Render(s.Status), Render(to));
        s = s with { Status = to, FinishedAt = to == TicketStatus.Finished ? now : null };
        if (IsDone(to) && s.WaitingOn != WaitingOn.None)
        {
            s = Set(s, "waitingOn", s.WaitingOn, WaitingOn.None, (x, v) => x with { WaitingOn = v });
        }

        return s;
    }

    private TicketState Set<T>(TicketState s, string field, T current, T next, Func<TicketState, T, TicketState> with)
    {
        if (EqualityComparer<T>.Default.Equals(current, next))
        {
            return s;
        }

        Record(field, RenderValue(current), RenderValue(next));
        return with(s, next);
    }

    private static string? RenderValue<T>(T value) => value switch
    {
        null => null,
        Enum e => EnumText.ToWire(e),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private void Record(string field, string? from, string? to) => _pending.Add(new FieldChange(field, from, to));

    /// <summary>Publishes a whole accepted change at once: a refused one leaves neither state nor changes behind.</summary>
    private void Commit(TicketState s, DateTimeOffset now, bool visibleToCustomer = true)
    {
        var customerSees = visibleToCustomer && (_pending.Count == 0 || _pending.Exists(c => !c.IsInternal));
        State = s with { UpdatedAt = now, CustomerUpdatedAt = customerSees ? now : s.CustomerUpdatedAt ?? s.CreatedAt };
        _changes.AddRange(_pending);
        _pending.Clear();
    }
}
