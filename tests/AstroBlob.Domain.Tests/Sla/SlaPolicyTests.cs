using AstroBlob.Domain.Common;
using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Tests.Sla;

public class SlaPolicyTests
{
    private static readonly SlaPolicy Default = SlaPolicy.Default("Europe/Madrid");

    [Fact]
    public void TheDefaultPolicyIsValidAndHasTheAgreedTargets()
    {
        Default.Validate();

        Assert.Equal(new SlaTarget(TicketPriority.Critical, TimeSpan.FromHours(1), TimeSpan.FromHours(8)), Default.TargetFor(TicketPriority.Critical));
        Assert.Equal(new SlaTarget(TicketPriority.High, TimeSpan.FromHours(4), TimeSpan.FromHours(24)), Default.TargetFor(TicketPriority.High));
        Assert.Equal(new SlaTarget(TicketPriority.Medium, TimeSpan.FromHours(8), TimeSpan.FromHours(40)), Default.TargetFor(TicketPriority.Medium));
        Assert.Equal(new SlaTarget(TicketPriority.Low, TimeSpan.FromHours(16), TimeSpan.FromHours(80)), Default.TargetFor(TicketPriority.Low));
        Assert.Equal(WarningPoint.AtPercent(75), Default.Warning);
        var step = Assert.Single(Default.Ladder);
        Assert.Equal((2, TimeSpan.FromHours(8), true), (step.Level, step.TimeAtLevel, step.ReassignToLevel));
        Assert.Empty(step.NotifyUserIds);
        Assert.Equal(ReopenMode.RestartResolution, Default.Reopen);
        Assert.False(Default.Calendar.AlwaysOpen);
        Assert.Equal(5, Default.Calendar.Hours.Count);
        Assert.Equal("Europe/Madrid", Default.Calendar.TimeZone);
    }

    [Fact]
    public void AWarningAtAPercentageBeginsAtThatShareOfTheTarget()
    {
        Assert.Equal(TimeSpan.FromHours(6), WarningPoint.AtPercent(75).ElapsedAtWarning(TimeSpan.FromHours(8)));
        Assert.Equal(TimeSpan.FromMinutes(45), WarningPoint.AtPercent(75).ElapsedAtWarning(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void AWarningWithALeadTimeBeginsThatLongBeforeTheDeadlineOrAtOnceIfTheTargetIsShorter()
    {
        Assert.Equal(TimeSpan.FromHours(6), WarningPoint.Before(TimeSpan.FromHours(2)).ElapsedAtWarning(TimeSpan.FromHours(8)));
        Assert.Equal(TimeSpan.Zero, WarningPoint.Before(TimeSpan.FromHours(2)).ElapsedAtWarning(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void APolicyWithoutEscalationLadderIsValid()
    {
        (Default with { Ladder = [] }).Validate();
        (Default with { Warning = WarningPoint.Before(TimeSpan.FromMinutes(30)) }).Validate();
    }

    public static TheoryData<string> InvalidPolicyNames() => [.. InvalidPolicies.Keys];

    [Theory]
    [MemberData(nameof(InvalidPolicyNames))]
    public void InvalidPoliciesAreRefused(string name)
    {
        var error = Assert.Throws<DomainException>(InvalidPolicies[name].Validate);

        Assert.Equal(DomainErrorKind.Invalid, error.Kind);
        Assert.Equal("invalid_sla_policy", error.Code);
    }

    [Fact]
    public void APolicyWithAnInvalidCalendarIsRefusedWithTheCalendarCode()
    {
        var policy = Default with { Calendar = BusinessCalendar.OfficeHours("Europe/Nowhere") };

        Assert.Equal("invalid_calendar", Assert.Throws<DomainException>(policy.Validate).Code);
    }

    [Fact]
    public void AskingForAMissingTargetIsRefused()
    {
        var policy = Default with { Targets = [.. Default.Targets.Where(t => t.Priority != TicketPriority.Low)] };

        Assert.Equal("invalid_sla_policy", Assert.Throws<DomainException>(() => policy.TargetFor(TicketPriority.Low)).Code);
    }

    private static readonly Dictionary<string, SlaPolicy> InvalidPolicies = new(StringComparer.Ordinal)
    {
        ["a priority without target"] = Default with { Targets = [.. Default.Targets.Skip(1)] },
        ["two targets for one priority"] = Default with { Targets = [.. Default.Targets, Default.Targets[0]] },
        ["a zero first-response target"] = Default with
        {
            Targets = [.. Default.Targets.Select(t => t.Priority == TicketPriority.High ? t with { FirstResponse = TimeSpan.Zero } : t)],
        },
        ["a negative resolution target"] = Default with
        {
            Targets = [.. Default.Targets.Select(t => t.Priority == TicketPriority.Low ? t with { Resolution = TimeSpan.FromHours(-1) } : t)],
        },
        ["a warning with both a percentage and a lead time"] = Default with { Warning = new WarningPoint(75, TimeSpan.FromHours(1)) },
        ["a warning with neither"] = Default with { Warning = new WarningPoint(null, null) },
        ["a warning at 0 percent"] = Default with { Warning = WarningPoint.AtPercent(0) },
        ["a warning at 100 percent"] = Default with { Warning = WarningPoint.AtPercent(100) },
        ["a zero lead time"] = Default with { Warning = WarningPoint.Before(TimeSpan.Zero) },
        ["a ladder starting at level 3"] = Default with { Ladder = [Step(3)] },
        ["a ladder starting at level 1"] = Default with { Ladder = [Step(1), Step(2)] },
        ["a ladder repeating a level"] = Default with { Ladder = [Step(2), Step(2)] },
        ["a ladder going down"] = Default with { Ladder = [Step(2), Step(4), Step(3)] },
        ["a step with no time at its level"] = Default with { Ladder = [Step(2) with { TimeAtLevel = TimeSpan.Zero }] },
        ["a step notifying a blank user"] = Default with { Ladder = [Step(2) with { NotifyUserIds = ["u-lena", " "] }] },
        ["no targets"] = Default with { Targets = null! },
        ["no warning"] = Default with { Warning = null! },
        ["no ladder"] = Default with { Ladder = null! },
        ["no calendar"] = Default with { Calendar = null! },
    };

    private static EscalationStep Step(int level) => new(level, TimeSpan.FromHours(2), ReassignToLevel: false, NotifyUserIds: ["u-lead"]);
}
