using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Desk;

public class TicketFlagsTests
{
    private static TicketFlags Clean() => new(new TicketFlagsState { Code = "DEMO-000042" });

    [Fact]
    public void AnyStaffMemberMarksSpamAndOnlyOnceCountsAsAChange()
    {
        var flags = Clean();
        Assert.True(flags.MarkSpam(Technician, Later));
        Assert.False(flags.MarkSpam(Admin, MuchLater));
        Assert.Equal((true, false, Technician.UserId, Later), (flags.State.Spam, flags.State.Deleted, flags.State.ChangedBy, flags.State.ChangedAt));
    }

    [Fact]
    public void OnlyAdminsDeleteAndRestore()
    {
        AssertRefused(DomainErrorKind.Forbidden, "admin_only", () => Clean().Delete(Technician, Later));
        var spam = Clean();
        spam.MarkSpam(Technician, Later);
        AssertRefused(DomainErrorKind.Forbidden, "admin_only", () => spam.Restore(Technician, Later));
        AssertRefused(DomainErrorKind.Forbidden, "staff_only", () => Clean().MarkSpam(Requester, Later));
    }

    [Fact]
    public void RestoringClearsBothFlagsAndRestoringAClearTicketChangesNothing()
    {
        var flags = Clean();
        flags.MarkSpam(Technician, Later);
        flags.Delete(Admin, Later);
        Assert.True(flags.State.Any);

        Assert.True(flags.Restore(Admin, MuchLater));
        Assert.False(flags.State.Any);
        Assert.False(flags.Restore(Admin, MuchLater));
    }
}
