using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Work;

public class TimeEntriesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 9, 0, 0, TimeSpan.Zero);

    private static TimeEntryState Logged(Actor by, string? forUser = null, decimal? rate = 50m) => TimeEntries.Create(
        "e1", "DEMO-000042", forUser ?? by.UserId, "Someone", WorkPeriod.Resolve(Start, null, 90, Now), "  Colimación  ", true, rate, "EUR", TimeSource.Manual, by, Now);

    [Fact]
    public void ATechnicianLogsTheirOwnTimeWithATrimmedNoteAndAnAmount()
    {
        var entry = Logged(Technician);

        Assert.Equal((Technician.UserId, 90, "Colimación"), (entry.UserId, entry.Minutes, entry.Note));
        Assert.Equal(75.00m, entry.Amount);
        Assert.Equal("75.00", entry.Amount!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TimeWithoutARateHasNoAmount() => Assert.Null(Logged(Technician, rate: null).Amount);

    [Fact]
    public void ATechnicianCannotLogTimeForSomeoneElseButAnAdminCan()
    {
        AssertRefused(DomainErrorKind.Forbidden, "not_your_entry", () => Logged(Technician, OtherTechnician.UserId));

        Assert.Equal(OtherTechnician.UserId, Logged(Admin, OtherTechnician.UserId).UserId);
    }

    [Fact]
    public void CustomersDoNotTrackTime() =>
        AssertRefused(DomainErrorKind.Forbidden, "staff_only", () => Logged(Requester));

    [Theory]
    [InlineData(-1)]
    [InlineData(100_000.01)]
    public void AnAbsurdRateIsRefused(double rate) =>
        AssertRefused(DomainErrorKind.Invalid, "out_of_range", () => Logged(Technician, rate: (decimal)rate));

    [Fact]
    public void ARateWithFractionsOfACentIsRefused() =>
        AssertRefused(DomainErrorKind.Invalid, "too_many_decimals", () => Logged(Technician, rate: 10.005m));

    [Fact]
    public void EditingRecordsEachChangedFieldInTheEntrysHistory()
    {
        var (edited, changes) = TimeEntries.Edit(Logged(Technician), new TimeEntryPatch { Minutes = 60, Billable = false }, Technician, Now);

        Assert.Equal(
            [new FieldChange("endedAt", "2025-03-04T10:30:00Z", "2025-03-04T10:00:00Z"), new FieldChange("minutes", "90", "60"), new FieldChange("billable", "true", "false")],
            changes);
        var revision = Assert.Single(edited.History);
        Assert.Equal(("updated", Technician.UserId), (revision.Action, revision.ActorId));
        Assert.Equal(changes, revision.Changes);
    }

    [Fact]
    public void MovingOnlyTheStartMovesTheWholeEntry()
    {
        var (moved, _) = TimeEntries.Edit(Logged(Technician), new TimeEntryPatch { StartedAt = Start.AddHours(-2) }, Technician, Now);

        Assert.Equal((Start.AddHours(-2), Start.AddHours(-2).AddMinutes(90), 90), (moved.StartedAt, moved.EndedAt, moved.Minutes));
    }

    [Fact]
    public void LengtheningWorkThatJustEndedMovesItsStartRatherThanEndingInTheFuture()
    {
        var justEnded = TimeEntries.Create(
            "e2", "DEMO-000042", Technician.UserId, "T", WorkPeriod.Resolve(null, null, 30, Now), null, true, null, "EUR", TimeSource.Manual, Technician, Now);

        var (longer, _) = TimeEntries.Edit(justEnded, new TimeEntryPatch { Minutes = 45 }, Technician, Now.AddMinutes(1));

        Assert.Equal((Now.AddMinutes(-45), Now, 45), (longer.StartedAt, longer.EndedAt, longer.Minutes));
    }

    [Fact]
    public void AnEditThatChangesNothingLeavesTheEntryAsItWas()
    {
        var entry = Logged(Technician);

        var (same, changes) = TimeEntries.Edit(entry, new TimeEntryPatch { Minutes = 90, Note = "Colimación" }, Technician, Now);

        Assert.Same(entry, same);
        Assert.Empty(changes);
    }

    [Fact]
    public void OnlyTheOwnerOrAnAdminMayChangeAnEntry()
    {
        var entry = Logged(Technician);

        AssertRefused(DomainErrorKind.Forbidden, "not_your_entry", () => TimeEntries.Edit(entry, new TimeEntryPatch { Minutes = 5 }, OtherTechnician, Now));
        AssertRefused(DomainErrorKind.Forbidden, "not_your_entry", () => TimeEntries.Delete(entry, OtherTechnician, Now));
        Assert.Equal(5, TimeEntries.Edit(entry, new TimeEntryPatch { Minutes = 5 }, Admin, Now).Entry.Minutes);
        Assert.True(TimeEntries.Delete(entry, Admin, Now)!.Deleted);
    }

    [Fact]
    public void DeletingIsSoftRepeatableAndUndoneByRestoring()
    {
        var deleted = TimeEntries.Delete(Logged(Technician), Technician, Now)!;

        Assert.Equal((Now, Technician.UserId), (deleted.DeletedAt, deleted.DeletedBy));
        Assert.Null(TimeEntries.Delete(deleted, Technician, Now));
        AssertRefused(DomainErrorKind.Conflict, "entry_deleted", () => TimeEntries.Edit(deleted, new TimeEntryPatch { Minutes = 5 }, Technician, Now));
        var restored = TimeEntries.Restore(deleted, Technician, Now)!;
        Assert.False(restored.Deleted);
        Assert.Equal(["deleted", "restored"], restored.History.Select(h => h.Action));
    }

    [Fact]
    public void AnEntryChangedTooOftenIsRefusedButCanStillBeDeleted()
    {
        var entry = Logged(Technician);
        for (var i = 0; i < TimeEntries.MaxRevisions; i++)
        {
            entry = TimeEntries.Edit(entry, new TimeEntryPatch { Minutes = 10 + (i % 2) }, Technician, Now).Entry;
        }

        AssertRefused(DomainErrorKind.Conflict, "too_many_revisions", () => TimeEntries.Edit(entry, new TimeEntryPatch { Minutes = 30 }, Technician, Now));
        Assert.NotNull(TimeEntries.Delete(entry, Technician, Now));
    }
}
