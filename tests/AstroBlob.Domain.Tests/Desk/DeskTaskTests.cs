using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Desk;

public class DeskTaskTests
{
    private const string Canary = "Atlantic/Canary";
    private static readonly DateOnly DueDay = new(2025, 3, 4);

    private static DeskTask NewTask(string assignee = "u-tech") =>
        DeskTask.Create("task-1", " Revisar el cable del encoder ", " Antes del sábado ", "DEMO-000042", assignee, DueDay, Canary, Admin, Created);

    private static DeskTask Done()
    {
        var task = NewTask();
        task.Complete(Technician, "Cambiado el conector.", Later);
        return task;
    }

    [Fact]
    public void AnAdminCreatesAnOpenTaskWithItsFirstHistoryStep()
    {
        var s = NewTask().State;

        Assert.Equal(("Revisar el cable del encoder", "Antes del sábado", DeskTaskStatus.Open), (s.Title, s.Description, s.Status));
        Assert.Equal((Admin.UserId, Created, Created), (s.CreatedBy, s.CreatedAt, s.UpdatedAt));
        Assert.Equal([new DeskTaskEvent(Created, Admin.UserId, Admin.Name, "created", null)], s.History);
    }

    [Fact]
    public void OnlyAdminsCreateTasks() =>
        AssertRefused(DomainErrorKind.Forbidden, "admin_only", () =>
            DeskTask.Create("t", "Título", null, null, "u-tech", DueDay, Canary, Technician, Created));

    [Fact]
    public void ATaskNeedsATitleAndADueDateNotInThePast()
    {
        AssertRefused(DomainErrorKind.Invalid, "required", () => DeskTask.Create("t", " ", null, null, "u-tech", DueDay, Canary, Admin, Created));
        var e = AssertRefused(DomainErrorKind.Invalid, "due_date_past", () =>
            DeskTask.Create("t", "Título", null, null, "u-tech", new DateOnly(2025, 2, 28), Canary, Admin, Created));
        Assert.Equal("dueDate", e.Data["field"]);
        Assert.Equal(new DateOnly(2025, 3, 1), DeskTask.Create("t", "Hoy", null, null, "u-tech", new DateOnly(2025, 3, 1), Canary, Admin, Created).State.DueDate);
    }

    [Fact]
    public void TheTaskGoesFromOpenToDoneToSignedOffWithEveryStepInItsHistory()
    {
        var task = NewTask();
        task.Complete(Technician, "  Cambiado el conector. ", Later);
        Assert.Equal((DeskTaskStatus.Done, Later, "Cambiado el conector."), (task.State.Status, task.State.CompletedAt, task.State.CompletionNote));

        task.SignOff(Admin, MuchLater);
        Assert.Equal((DeskTaskStatus.SignedOff, Admin.UserId, MuchLater), (task.State.Status, task.State.SignedOffBy, task.State.SignedOffAt));
        Assert.Equal(["created", "completed", "signed_off"], task.State.History.Select(h => h.Action));
        Assert.Equal("signed_off", task.LastEvent!.Action);
    }

    [Fact]
    public void OnlyTheAssigneeCompletesATask()
    {
        AssertRefused(DomainErrorKind.Forbidden, "assignee_only", () => NewTask().Complete(OtherTechnician, "Hecho", Later));
        AssertRefused(DomainErrorKind.Forbidden, "assignee_only", () => NewTask().Complete(Admin, "Hecho", Later));
    }

    [Fact]
    public void CompletingNeedsANote()
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "required", () => NewTask().Complete(Technician, "  ", Later));
        Assert.Equal("note", e.Data["field"]);
    }

    [Fact]
    public void OnlyAdminsSignOffOrReopen()
    {
        AssertRefused(DomainErrorKind.Forbidden, "admin_only", () => Done().SignOff(Technician, MuchLater));
        AssertRefused(DomainErrorKind.Forbidden, "admin_only", () => Done().Reopen(Technician, null, MuchLater));
    }

    [Fact]
    public void AReopenedTaskIsOpenAgainForItsAssigneeWithTheReasonKept()
    {
        var task = Done();
        task.Reopen(Admin, " Falta la foto. ", MuchLater);

        Assert.Equal((DeskTaskStatus.Open, null, null), (task.State.Status, task.State.CompletedAt, task.State.CompletionNote));
        Assert.Equal(new DeskTaskEvent(MuchLater, Admin.UserId, Admin.Name, "reopened", "Falta la foto."), task.LastEvent);
        task.Complete(Technician, "Foto adjunta.", MuchLater.AddHours(1));
        Assert.Equal(DeskTaskStatus.Done, task.State.Status);
    }

    [Theory]
    [InlineData(DeskTaskStatus.Open, DeskTaskAction.Complete, DeskTaskStatus.Done)]
    [InlineData(DeskTaskStatus.Open, DeskTaskAction.SignOff, null)]
    [InlineData(DeskTaskStatus.Open, DeskTaskAction.Reopen, null)]
    [InlineData(DeskTaskStatus.Done, DeskTaskAction.Complete, null)]
    [InlineData(DeskTaskStatus.Done, DeskTaskAction.SignOff, DeskTaskStatus.SignedOff)]
    [InlineData(DeskTaskStatus.Done, DeskTaskAction.Reopen, DeskTaskStatus.Open)]
    [InlineData(DeskTaskStatus.SignedOff, DeskTaskAction.Complete, null)]
    [InlineData(DeskTaskStatus.SignedOff, DeskTaskAction.SignOff, null)]
    [InlineData(DeskTaskStatus.SignedOff, DeskTaskAction.Reopen, null)]
    public void TheStateMachineAllowsExactlyTheseSteps(DeskTaskStatus from, DeskTaskAction action, DeskTaskStatus? to) =>
        Assert.Equal(to, DeskTask.Next(from, action));

    [Fact]
    public void IllegalStepsAreRefusedAndLeaveTheTaskAsItWas()
    {
        var open = NewTask();
        AssertRefused(DomainErrorKind.Conflict, "illegal_transition", () => open.SignOff(Admin, Later));
        AssertRefused(DomainErrorKind.Conflict, "illegal_transition", () => open.Reopen(Admin, null, Later));
        Assert.Single(open.State.History);

        var signedOff = Done();
        signedOff.SignOff(Admin, MuchLater);
        AssertRefused(DomainErrorKind.Conflict, "illegal_transition", () => signedOff.Reopen(Admin, null, MuchLater));
        AssertRefused(DomainErrorKind.Conflict, "illegal_transition", () => signedOff.Complete(Technician, "otra vez", MuchLater));
    }

    [Fact]
    public void AnOpenTaskIsOverdueOnlyOnceItsDueDayHasEndedInTheObservatorysZone()
    {
        var s = NewTask().State; // due 2025-03-04
        // 23:30 UTC on the 4th is still the 4th in the Canaries (UTC+0 in March) ...
        Assert.False(DeskTask.IsOverdue(s, Canary, new DateTimeOffset(2025, 3, 4, 23, 30, 0, TimeSpan.Zero)));
        Assert.True(DeskTask.IsOverdue(s, Canary, new DateTimeOffset(2025, 3, 5, 0, 0, 0, TimeSpan.Zero)));
        // ... but in Madrid (UTC+1) the 5th has begun at 23:30 UTC, and in Mexico City (UTC-6) it is still the 4th at 05:00 UTC.
        Assert.True(DeskTask.IsOverdue(s, "Europe/Madrid", new DateTimeOffset(2025, 3, 4, 23, 30, 0, TimeSpan.Zero)));
        Assert.False(DeskTask.IsOverdue(s, "America/Mexico_City", new DateTimeOffset(2025, 3, 5, 5, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void WorkDoneIsNeverOverdue()
    {
        var late = new DateTimeOffset(2025, 4, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.True(DeskTask.IsOverdue(NewTask().State, Canary, late));
        Assert.False(DeskTask.IsOverdue(Done().State, Canary, late));
    }

    [Fact]
    public void AdminsSeeEveryTaskAndTechniciansTheirOwn()
    {
        var s = NewTask().State;
        Assert.True(DeskTask.CanView(Admin, s));
        Assert.True(DeskTask.CanView(Technician, s));
        Assert.False(DeskTask.CanView(OtherTechnician, s));
        Assert.False(DeskTask.CanView(Requester with { UserId = s.AssigneeId }, s));
    }
}
