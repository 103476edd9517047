using System.Globalization;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Sla;

/// <summary>Business-time targets for one priority; both must be positive.</summary>
public sealed record SlaTarget(TicketPriority Priority, TimeSpan FirstResponse, TimeSpan Resolution);

/// <summary>
/// When a clock turns yellow. Exactly one of the two is set: a share of the clock's target
/// already used, or a business-time lead before the deadline.
/// </summary>
public sealed record WarningPoint(int? Percent, TimeSpan? LeadTime)
{
    public static WarningPoint AtPercent(int percent) => new(percent, null);

    public static WarningPoint Before(TimeSpan leadTime) => new(null, leadTime);

    /// <summary>The business time elapsed on a clock with <paramref name="target"/> at which the warning begins.</summary>
    public TimeSpan ElapsedAtWarning(TimeSpan target)
    {
        if (Percent is { } percent)
        {
            // Integer ticks keep the instant exact and identical on every host.
            return TimeSpan.FromTicks(target.Ticks / 100 * percent + target.Ticks % 100 * percent / 100);
        }

        var lead = LeadTime ?? TimeSpan.Zero;
        return lead >= target ? TimeSpan.Zero : target - lead;
    }
}

/// <summary>
/// One rung of the escalation ladder. Level 2 is taken at the first breach; <see cref="TimeAtLevel"/>
/// is the business time allowed at this level before the next rung (if there is one).
/// </summary>
public sealed record EscalationStep(int Level, TimeSpan TimeAtLevel, bool ReassignToLevel, IReadOnlyList<string> NotifyUserIds);

/// <summary>What a reopened ticket's resolution clock does.</summary>
public enum ReopenMode
{
    /// <summary>Starts again from zero with the current priority's target.</summary>
    RestartResolution,

    /// <summary>Carries on from the business time already used.</summary>
    ContinueResolution,
}

/// <summary>An observatory's service-level agreement.</summary>
public sealed record SlaPolicy(
    IReadOnlyList<SlaTarget> Targets,
    WarningPoint Warning,
    IReadOnlyList<EscalationStep> Ladder,
    ReopenMode Reopen,
    BusinessCalendar Calendar)
{
    private const string Code = "invalid_sla_policy";

    /// <summary>
    /// Office hours Monday to Friday 09:00-18:00; first response / resolution: critical 1h/8h,
    /// high 4h/24h, medium 8h/40h, low 16h/80h; yellow at 75 %; one rung (level 2, 8h, reassign).
    /// </summary>
    public static SlaPolicy Default(string timeZone) => new(
        [
            new SlaTarget(TicketPriority.Critical, TimeSpan.FromHours(1), TimeSpan.FromHours(8)),
            new SlaTarget(TicketPriority.High, TimeSpan.FromHours(4), TimeSpan.FromHours(24)),
            new SlaTarget(TicketPriority.Medium, TimeSpan.FromHours(8), TimeSpan.FromHours(40)),
            new SlaTarget(TicketPriority.Low, TimeSpan.FromHours(16), TimeSpan.FromHours(80)),
        ],
        WarningPoint.AtPercent(75),
        [new EscalationStep(2, TimeSpan.FromHours(8), ReassignToLevel: true, NotifyUserIds: [])],
        ReopenMode.RestartResolution,
        BusinessCalendar.OfficeHours(timeZone));

    public SlaTarget TargetFor(TicketPriority priority) =>
        Targets?.FirstOrDefault(t => t?.Priority == priority)
        ?? throw DomainException.Invalid(Code, $"The SLA policy has no target for priority {priority}.");

    /// <summary>The rung after <paramref name="level"/>, or null at the top of the ladder.</summary>
    public EscalationStep? StepAfter(int level) => Ladder.FirstOrDefault(s => s.Level > level);

    /// <summary>Refuses a policy the SLA machine cannot apply.</summary>
    public void Validate()
    {
        if (Targets is null || Warning is null || Ladder is null || Calendar is null)
        {
            throw DomainException.Invalid(Code, "The SLA policy needs targets, a warning point, a ladder (possibly empty) and a calendar.");
        }

        foreach (var priority in Enum.GetValues<TicketPriority>())
        {
            var targets = Targets.Where(t => t?.Priority == priority).ToList();
            if (targets.Count != 1)
            {
                throw DomainException.Invalid(Code, $"The SLA policy needs exactly one target for priority {priority}.");
            }

            if (targets[0].FirstResponse <= TimeSpan.Zero || targets[0].Resolution <= TimeSpan.Zero)
            {
                throw DomainException.Invalid(Code, $"The SLA targets for priority {priority} must be positive.");
            }
        }

        if (Targets.Count != Enum.GetValues<TicketPriority>().Length)
        {
            throw DomainException.Invalid(Code, "The SLA policy has an empty target or one for an unknown priority.");
        }

        ValidateWarning(Warning);
        ValidateLadder(Ladder);
        Calendar.Validate();
    }

    private static void ValidateWarning(WarningPoint warning)
    {
        switch (warning)
        {
            case { Percent: { } percent, LeadTime: null }:
                if (percent is < 1 or > 99)
                {
                    throw DomainException.Invalid(Code, "The warning percentage must be between 1 and 99.");
                }

                break;
            case { Percent: null, LeadTime: { } lead }:
                if (lead <= TimeSpan.Zero)
                {
                    throw DomainException.Invalid(Code, "The warning lead time must be positive.");
                }

                break;
            default:
                throw DomainException.Invalid(Code, "The warning point needs exactly one of a percentage or a lead time.");
        }
    }

    private static void ValidateLadder(IReadOnlyList<EscalationStep> ladder)
    {
        // Level 1 is where every ticket starts, so the first rung a breach can climb to is 2.
        var previous = 1;
        foreach (var step in ladder)
        {
            if (step is null)
            {
                throw DomainException.Invalid(Code, "The escalation ladder has an empty step.");
            }

            var expectation = previous == 1 ? "start at 2" : "increase strictly";
            if (previous == 1 ? step.Level != 2 : step.Level <= previous)
            {
                throw DomainException.Invalid(Code, string.Create(
                    CultureInfo.InvariantCulture,
                    $"Escalation levels must {expectation}; found {step.Level} after {previous}."));
            }

            if (step.TimeAtLevel <= TimeSpan.Zero)
            {
                throw DomainException.Invalid(Code, string.Create(
                    CultureInfo.InvariantCulture,
                    $"The time at escalation level {step.Level} must be positive."));
            }

            if (step.NotifyUserIds is null || step.NotifyUserIds.Any(string.IsNullOrWhiteSpace))
            {
                throw DomainException.Invalid(Code, string.Create(
                    CultureInfo.InvariantCulture,
                    $"Escalation level {step.Level} has a missing user id to notify."));
            }

            previous = step.Level;
        }
    }
}
