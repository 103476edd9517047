using AstroBlob.Domain.Attachments;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Attachments;

public class AttachmentRulesTests
{
    [Theory]
    [InlineData("foto.jpg", "foto.jpg")]
    [InlineData("  informe final.pdf  ", "informe final.pdf")]
    [InlineData(@"C:\Users\ana\Desktop\flat.fits", "flat.fits")]
    [InlineData("../../etc/notas.txt", "notas.txt")]
    [InlineData("Colimación ñ.pdf", "Colimación ñ.pdf")]
    public void AFileNameKeepsOnlyItsLastPartTrimmed(string given, string kept) =>
        Assert.Equal(kept, AttachmentRules.FileName(given));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("carpeta/")]
    [InlineData("..")]
    [InlineData("a\u0000b.pdf")]
    [InlineData("say \"hi\".txt")]
    [InlineData("factura\u202Efdp.exe")]
    public void AFileNameThatCannotNameAFileIsRefused(string name)
    {
        var e = Assert.Throws<DomainException>(() => AttachmentRules.FileName(name));
        Assert.Equal(DomainErrorKind.Invalid, e.Kind);
    }

    [Fact]
    public void AFileNameLongerThanTheLimitIsRefused() =>
        Assert.Equal("too_long", Assert.Throws<DomainException>(() => AttachmentRules.FileName(new string('a', 200) + ".pdf")).Code);

    [Theory]
    [InlineData("foto.JPG", FileKind.Image)]
    [InlineData("m31.fits", FileKind.Image)]
    [InlineData("ruido.mov", FileKind.Video)]
    [InlineData("informe.pdf", FileKind.Document)]
    [InlineData("guiado.log", FileKind.Document)]
    public void ARequestWithinTheLimitIsAcceptedAsTheKindItsNameClaims(string name, FileKind kind) =>
        Assert.Equal(kind, AttachmentRules.CheckRequest(name, 1000, AttachmentLimits.Default));

    [Theory]
    [InlineData("setup.exe", "forbidden_file_type")]
    [InlineData("foto.jpg.sh", "forbidden_file_type")]
    [InlineData("pagina.html", "unsupported_file_type")]
    [InlineData("sin-extension", "unsupported_file_type")]
    public void ProgramsAndUnknownKindsAreRefusedByName(string name, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => AttachmentRules.CheckRequest(name, 1000, AttachmentLimits.Default)).Code);

    [Fact]
    public void EachKindHasItsOwnLimitAndTheMessageNamesBoth()
    {
        var limits = AttachmentLimits.Default;
        Assert.Equal(FileKind.Video, AttachmentRules.CheckRequest("clip.mp4", 500 * AttachmentLimits.MiB, limits));
        var e = Assert.Throws<DomainException>(() => AttachmentRules.CheckRequest("foto.png", (25 * AttachmentLimits.MiB) + 1, limits));
        Assert.Equal("file_too_large", e.Code);
        Assert.Contains("25 MB", e.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_size", Assert.Throws<DomainException>(() => AttachmentRules.CheckRequest("a.pdf", 0, limits)).Code);
    }

    [Fact]
    public void LimitsOutsideTheirBoundsAreRefusedNamingTheField()
    {
        Assert.Same(AttachmentLimits.Default, AttachmentLimits.Default.Validated());
        var e = Assert.Throws<DomainException>(() => (AttachmentLimits.Default with { VideoMaxBytes = 100 }).Validated());
        Assert.Equal("limit_out_of_range", e.Code);
        Assert.Equal("videoMaxBytes", e.Data["field"]);
        Assert.Throws<DomainException>(() => (AttachmentLimits.Default with { ImageMaxBytes = AttachmentLimits.Ceiling.ImageMaxBytes + 1 }).Validated());
    }

    [Fact]
    public void AnUnpostedFileIsSeenByItsUploaderOnly()
    {
        Assert.True(AttachmentRules.CanSee(Requester, Requester.UserId, null, null));
        Assert.False(AttachmentRules.CanSee(Technician, Requester.UserId, null, null));
        Assert.False(AttachmentRules.CanSee(CompanyWideContact, Requester.UserId, null, null));
    }

    [Fact]
    public void APostedFileFollowsItsMessagesVisibility()
    {
        Assert.True(AttachmentRules.CanSee(CompanyWideContact, Requester.UserId, "m1", Visibility.Public));
        Assert.True(AttachmentRules.CanSee(OtherTechnician, Technician.UserId, "m1", Visibility.Internal));
        Assert.False(AttachmentRules.CanSee(Requester, Technician.UserId, "m1", Visibility.Internal));
        // A posted file with no recorded visibility is treated as internal, never as public.
        Assert.False(AttachmentRules.CanSee(Requester, Technician.UserId, "m1", null));
    }

    [Fact]
    public void OnlyAFileOnItsWayCanBeFinished()
    {
        Assert.Equal(AttachmentState.Ready, AttachmentRules.Finish(AttachmentState.Processing, accepted: true));
        Assert.Equal(AttachmentState.Rejected, AttachmentRules.Finish(AttachmentState.AwaitingUpload, accepted: false));
        foreach (var final in new[] { AttachmentState.Ready, AttachmentState.Rejected, AttachmentState.Expired })
        {
            Assert.Equal("attachment_final", Assert.Throws<DomainException>(() => AttachmentRules.Finish(final, accepted: true)).Code);
        }
    }
}
