using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;

namespace AstroBlob.Domain.Desk;

/// <summary>The flags staff can put on a ticket.</summary>
public enum TicketFlag
{
    Spam,
    Deleted,
}

/// <summary>Staff flags on a ticket: spam, and deleted (soft: restorable).</summary>
public sealed record TicketFlagsState
{
    public required string Code { get; init; }
    public bool Spam { get; init; }
    public bool Deleted { get; init; }
    public string? ChangedBy { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }

    public bool Any => Spam || Deleted;

    public bool Has(TicketFlag flag) => flag == TicketFlag.Spam ? Spam : Deleted;
}

/// <summary>
/// Staff mark a ticket as spam; admins delete it (softly) and restore it, which clears both
/// flags. Each method says whether anything changed, so a repeated request records nothing.
/// </summary>
public sealed class TicketFlags(TicketFlagsState state)
{
    public TicketFlagsState State { get; private set; } = state;

    public bool MarkSpam(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff)
        {
            throw DomainException.Forbidden("staff_only", "Only staff mark tickets as spam.");
        }

        return Set(State with { Spam = true }, actor, now);
    }

    public bool Delete(Actor actor, DateTimeOffset now)
    {
        EnsureAdmin(actor, "delete");
        return Set(State with { Deleted = true }, actor, now);
    }

    public bool Restore(Actor actor, DateTimeOffset now)
    {
        EnsureAdmin(actor, "restore");
        return Set(State with { Spam = false, Deleted = false }, actor, now);
    }

    private bool Set(TicketFlagsState next, Actor actor, DateTimeOffset now)
    {
        if (next.Spam == State.Spam && next.Deleted == State.Deleted)
        {
            return false;
        }

        State = next with { ChangedBy = actor.UserId, ChangedAt = now };
        return true;
    }

    private static void EnsureAdmin(Actor actor, string what)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            throw DomainException.Forbidden("admin_only", $"Only admins {what} tickets.");
        }
    }
}
