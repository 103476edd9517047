using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Work;

public class SlaReportTests
{
    /// <summary>Round the clock, so business time is wall time: medium is due in 8 h (first response) and 40 h (resolution).</summary>
    private static readonly SlaPolicy Policy = SlaPolicy.Default("UTC") with { Calendar = BusinessCalendar.TwentyFourSeven("UTC") };

    private static readonly DateTimeOffset T0 = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = T0.AddHours(20);

    private static TicketState Ticket(
        DateTimeOffset created, TicketStatus status, string[] assignees, DateTimeOffset? repliedAt = null, DateTimeOffset? doneAt = null)
    {
        var sla = SlaMachine.Apply(null, new SlaEvent.Created(TicketPriority.Medium, WaitingOn.None), Policy, created).State;
        if (repliedAt is { } replied)
        {
            sla = SlaMachine.Apply(sla, new SlaEvent.FirstPublicStaffReply(), Policy, replied).State;
        }

        if (doneAt is { } done)
        {
            sla = SlaMachine.Apply(sla, new SlaEvent.StatusChanged(status), Policy, done).State;
        }

        return NewTicket().State with
        {
            Code = "DEMO-" + Guid.NewGuid().ToString("N")[..6],
            CreatedAt = created,
            Status = status,
            Assignees = assignees,
            FirstRespondedAt = repliedAt,
            FinishedAt = status == TicketStatus.Finished ? doneAt : null,
            Sla = sla,
        };
    }

    private static readonly TicketState MetInTime = Ticket(T0, TicketStatus.Finished, ["u-tech"], repliedAt: T0.AddHours(1), doneAt: T0.AddHours(10));
    private static readonly TicketState RepliedLate = Ticket(T0, TicketStatus.InProgress, ["u-tech", "u-tech2"], repliedAt: T0.AddHours(9));
    private static readonly TicketState OverdueUnflagged = Ticket(T0, TicketStatus.Open, []);
    private static readonly TicketState JustOpened = Ticket(Now.AddHours(-1), TicketStatus.Open, ["u-tech2"]);
    private static readonly TicketState CancelledEarly = Ticket(T0, TicketStatus.Cancelled, ["u-tech"], doneAt: T0.AddHours(1));

    [Fact]
    public void AReplyAfterTheTargetIsABreachEvenIfTheMonitorHadNotFlaggedIt()
    {
        Assert.False(RepliedLate.Sla!.FirstResponse.Breached);

        Assert.Equal((SlaOutcome.Breached, true, false), SlaReport.Judge(RepliedLate, Policy, Now));
    }

    [Fact]
    public void AClockRunningPastItsDueTimeIsABreachAsOfTheReport() =>
        Assert.Equal((SlaOutcome.Breached, true, false), SlaReport.Judge(OverdueUnflagged, Policy, Now));

    [Fact]
    public void ADoneTicketWithinTargetsIsMetAnOpenOneIsPendingACancelledOneIsNeither()
    {
        Assert.Equal(SlaOutcome.Met, SlaReport.Judge(MetInTime, Policy, Now).Outcome);
        Assert.Equal(SlaOutcome.Pending, SlaReport.Judge(JustOpened, Policy, Now).Outcome);
        Assert.Equal(SlaOutcome.Cancelled, SlaReport.Judge(CancelledEarly, Policy, Now).Outcome);
    }

    [Fact]
    public void TheTotalCountsEachTicketOnceWithSharesOfTheDecidedAndMeanTimes()
    {
        var total = SlaReport.Total([MetInTime, RepliedLate, OverdueUnflagged, JustOpened, CancelledEarly], Policy, Now);

        Assert.Equal(new SlaReportRow(null, 5, 1, 2, 1, 1, 2, 0, 0.3333m, 0.6667m, 300.00m, 600.00m), total);
    }

    [Fact]
    public void ByTechnicianATicketCountsForEachAssigneeAndUnassignedOnesAreListedLast()
    {
        var rows = SlaReport.Aggregate([MetInTime, RepliedLate, OverdueUnflagged, JustOpened, CancelledEarly], ReportDimension.Technician, Policy, Now);

        Assert.Equal(["u-tech", "u-tech2", null], rows.Select(r => r.Key));
        Assert.Equal((3, 1, 1, 1), (rows[0].Tickets, rows[0].Met, rows[0].Breached, rows[0].Cancelled));
        Assert.Equal((2, 1, 1, 0.0000m), (rows[1].Tickets, rows[1].Breached, rows[1].Pending, rows[1].MetShare!.Value));
        Assert.Equal((1, 1), (rows[2].Tickets, rows[2].Breached));
    }

    [Fact]
    public void NoDecidedTicketMeansNoShareRatherThanZero()
    {
        var row = SlaReport.Aggregate([JustOpened], ReportDimension.Type, Policy, Now).Single();

        Assert.Equal("repair", row.Key);
        Assert.Null(row.MetShare);
        Assert.Null(row.MeanFirstResponseMinutes);
    }
}
