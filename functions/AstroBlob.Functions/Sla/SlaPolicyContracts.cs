using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;

namespace AstroBlob.Functions.Sla;

/// <summary>The SLA policy as admins read and write it. Durations are "hh:mm:ss" or "d.hh:mm:ss" (business time).</summary>
public sealed record SlaPolicyDto
{
    public required IReadOnlyList<SlaTargetDto> Targets { get; init; }
    public required WarningDto Warning { get; init; }
    public required IReadOnlyList<EscalationStepDto> Ladder { get; init; }
    public required ReopenMode Reopen { get; init; }
    public required CalendarDto Calendar { get; init; }
}

public sealed record SlaTargetDto
{
    public required TicketPriority Priority { get; init; }
    public required TimeSpan FirstResponse { get; init; }
    public required TimeSpan Resolution { get; init; }
}

/// <summary>Yellow from this percentage of the target, or this long before the deadline (exactly one).</summary>
public sealed record WarningDto
{
    public int? Percent { get; init; }
    public TimeSpan? LeadTime { get; init; }
}

public sealed record EscalationStepDto
{
    public required int Level { get; init; }
    public required TimeSpan TimeAtLevel { get; init; }
    public bool ReassignToLevel { get; init; }
    public IReadOnlyList<string> NotifyUserIds { get; init; } = [];
}

public sealed record CalendarDto
{
    public required string TimeZone { get; init; }
    public bool AlwaysOpen { get; init; }
    public IReadOnlyList<WorkingHoursDto> Hours { get; init; } = [];
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];
}

public sealed record WorkingHoursDto
{
    public required DayOfWeek Day { get; init; }
    public required TimeOnly Start { get; init; }
    public required TimeOnly End { get; init; }
}

public static class SlaPolicyMapping
{
    public static SlaPolicyDto ToDto(this SlaPolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new SlaPolicyDto
        {
            Targets = p.Targets.Select(t => new SlaTargetDto { Priority = t.Priority, FirstResponse = t.FirstResponse, Resolution = t.Resolution }).ToList(),
            Warning = new WarningDto { Percent = p.Warning.Percent, LeadTime = p.Warning.LeadTime },
            Ladder = p.Ladder.Select(s => new EscalationStepDto { Level = s.Level, TimeAtLevel = s.TimeAtLevel, ReassignToLevel = s.ReassignToLevel, NotifyUserIds = s.NotifyUserIds }).ToList(),
            Reopen = p.Reopen,
            Calendar = new CalendarDto
            {
                TimeZone = p.Calendar.TimeZone,
                AlwaysOpen = p.Calendar.AlwaysOpen,
                Hours = p.Calendar.Hours.Select(h => new WorkingHoursDto { Day = h.Day, Start = h.Start, End = h.End }).ToList(),
                Holidays = p.Calendar.Holidays,
            },
        };
    }

    /// <summary>Builds and validates a policy; anything the domain refuses is a 400 naming the rule.</summary>
    public static SlaPolicy ToPolicy(this SlaPolicyDto d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Ladder.Any(s => s.Level > Ticket.MaxSupportLevel))
        {
            throw ApiException.BadRequest("invalid_sla_policy", $"Escalation levels go up to {Ticket.MaxSupportLevel}.", "ladder");
        }

        if (d.Calendar.Holidays.Count > 1000 || d.Calendar.Hours.Count > 7 * 8 || d.Ladder.Count > 10 || d.Ladder.Any(s => s.NotifyUserIds.Count > 50))
        {
            throw ApiException.BadRequest("invalid_sla_policy", "The policy is larger than any observatory needs.", "body");
        }

        var policy = new SlaPolicy(
            d.Targets.Select(t => new SlaTarget(t.Priority, t.FirstResponse, t.Resolution)).ToList(),
            new WarningPoint(d.Warning.Percent, d.Warning.LeadTime),
            d.Ladder.Select(s => new EscalationStep(s.Level, s.TimeAtLevel, s.ReassignToLevel, s.NotifyUserIds.Distinct(StringComparer.Ordinal).ToList())).ToList(),
            d.Reopen,
            new BusinessCalendar
            {
                TimeZone = d.Calendar.TimeZone,
                AlwaysOpen = d.Calendar.AlwaysOpen,
                Hours = d.Calendar.Hours.Select(h => new WorkingHours(h.Day, h.Start, h.End)).ToList(),
                Holidays = d.Calendar.Holidays.Distinct().Order().ToList(),
            });
        policy.Validate();
        return policy;
    }
}
