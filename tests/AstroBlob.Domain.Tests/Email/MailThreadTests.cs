using AstroBlob.Domain.Email;

namespace AstroBlob.Domain.Tests.Email;

public class MailThreadTests
{
    private const string Domain = "mail.astroblob.es";

    [Fact]
    public void TheTicketRootNamesTheCodeAndTheObservatory() =>
        Assert.Equal("ticket.demo-000012.demo@mail.astroblob.es", MailThread.TicketRoot("demo", "DEMO-000012", "Mail.AstroBlob.es"));

    [Fact]
    public void AMailIdNamesTheMailTooAndKeepsItsCase() =>
        Assert.Equal(
            "mail.01JD5QX7Z9.demo-12.observatorio-la-sagra@mail.astroblob.es",
            MailThread.ForMail("observatorio-la-sagra", "demo-12", "01JD5QX7Z9", Domain));

    [Fact]
    public void TheSameTicketAlwaysGetsTheSameRoot() =>
        Assert.Equal(MailThread.TicketRoot("demo", "demo-000012", Domain), MailThread.TicketRoot("demo", "DEMO-000012", Domain));

    [Theory]
    [InlineData("Demo", "DEMO-1", "m1", Domain)]
    [InlineData("demo", "DEMO", "m1", Domain)]
    [InlineData("demo", "DEMO-1", "", Domain)]
    [InlineData("demo", "DEMO-1", "a.b", Domain)]
    [InlineData("demo", "DEMO-1", "a b", Domain)]
    [InlineData("demo", "DEMO-1", "m1", "")]
    [InlineData("demo", "DEMO-1", "m1", "mail astroblob.es")]
    [InlineData("demo", "DEMO-1", "m1", "a@b")]
    [InlineData("demo", "DEMO-1", "m1", "<mail.astroblob.es>")]
    [InlineData("demo", "DEMO-1", "m1", ".astroblob.es")]
    public void MessageIdsRefusePartsThatWouldBreakThem(string observatory, string code, string mailId, string domain) =>
        Assert.Throws<ArgumentException>(() => MailThread.ForMail(observatory, code, mailId, domain));

    [Fact]
    public void AMailIdLongerThanSixtyFourCharactersIsRefused() =>
        Assert.Throws<ArgumentException>(() => MailThread.ForMail("demo", "DEMO-1", new string('a', 65), Domain));

    [Theory]
    [InlineData("ticket.demo-000012.demo@mail.astroblob.es")]
    [InlineData("<ticket.demo-000012.demo@mail.astroblob.es>")]
    [InlineData("  <ticket.demo-000012.demo@mail.astroblob.es>  ")]
    [InlineData("TICKET.DEMO-000012.DEMO@MAIL.ASTROBLOB.ES")]
    [InlineData("mail.01JD5QX7Z9.demo-000012.demo@mail.astroblob.es")]
    [InlineData("<mail.01jd5qx7z9.demo-000012.demo@Mail.AstroBlob.es>")]
    [InlineData("mail.a_b-c.demo-000012.demo@mail.astroblob.es")]
    public void EitherFormOfOurMessageIdLeadsToItsTicket(string messageId)
    {
        Assert.True(MailThread.TryFindTicket(messageId, Domain, out var observatory, out var code));
        Assert.Equal("demo", observatory);
        Assert.Equal("DEMO-000012", code);
    }

    [Fact]
    public void OurMessageIdsReadBack()
    {
        Assert.True(MailThread.TryFindTicket(MailThread.TicketRoot("obs-2", "OBS2-7", Domain), Domain, out var observatory, out var code));
        Assert.Equal(("obs-2", "OBS2-7"), (observatory, code));
        Assert.True(MailThread.TryFindTicket(MailThread.ForMail("obs-2", "OBS2-7", "m-1", Domain), Domain, out observatory, out code));
        Assert.Equal(("obs-2", "OBS2-7"), (observatory, code));
    }

    [Theory]
    [InlineData("ticket.demo-000012.demo@other.example")]
    [InlineData("ticket.demo-000012.demo@astroblob.es")]
    [InlineData("ticket.demo-000012.demo@mail.astroblob.es.evil.example")]
    [InlineData("ticket.demo-000012.demo")]
    [InlineData("ticket.demo-000012@mail.astroblob.es")]
    [InlineData("ticket.demo-000012.demo.x@mail.astroblob.es")]
    [InlineData("ticket..demo@mail.astroblob.es")]
    [InlineData("ticket.demo.demo-000012@mail.astroblob.es")]
    [InlineData("ticket.demo-000012.-demo@mail.astroblob.es")]
    [InlineData("mail.demo-000012.demo@mail.astroblob.es")]
    [InlineData("mail..demo-000012.demo@mail.astroblob.es")]
    [InlineData("mail.a+b.demo-000012.demo@mail.astroblob.es")]
    [InlineData("note.x.demo-000012.demo@mail.astroblob.es")]
    [InlineData("CAF=+abc123@mail.gmail.com")]
    [InlineData("<ticket.demo-000012.demo@mail.astroblob.es")]
    [InlineData("@mail.astroblob.es")]
    [InlineData("")]
    [InlineData("   ")]
    public void AnyOtherMessageIdLeadsNowhere(string messageId)
    {
        Assert.False(MailThread.TryFindTicket(messageId, Domain, out var observatory, out var code));
        Assert.Equal(string.Empty, observatory);
        Assert.Equal(string.Empty, code);
    }

    [Fact]
    public void AnOverlongMessageIdLeadsNowhere() =>
        Assert.False(MailThread.TryFindTicket("mail." + new string('a', 5_000) + ".demo-1.demo@" + Domain, Domain, out _, out _));

    [Theory]
    [InlineData("Re: [DEMO-000012] La cúpula no cierra", "DEMO-000012")]
    [InlineData("RE: RE: demo-12 la cúpula", "DEMO-12")]
    [InlineData("Fwd: (Demo-0007)", "DEMO-0007")]
    [InlineData("DEMO-1", "DEMO-1")]
    [InlineData("Ticket DEMO-123456789012: motor", "DEMO-123456789012")]
    [InlineData("RV: DEMOX-1 y también DEMO-5", "DEMO-5")]
    [InlineData("Re: DEMO-1a, DEMO-2", "DEMO-2")]
    [InlineData("DEMO-000012.", "DEMO-000012")]
    public void TheCodeInASubjectIsFoundAndUpperCased(string subject, string code) =>
        Assert.Equal(code, MailThread.CodeInSubject(subject, "DEMO"));

    [Theory]
    [InlineData("")]
    [InlineData("Re: La cúpula no cierra")]
    [InlineData("Re: [OTRO-000012] La cúpula")]
    [InlineData("Re: XDEMO-12")]
    [InlineData("Re: DEMO_1")]
    [InlineData("Re: DEMO-")]
    [InlineData("Re: DEMO 12")]
    [InlineData("Re: DEMO-12a")]
    [InlineData("Re: DEMO-1234567890123")]
    [InlineData("Re: DEMO-١٢")]
    [InlineData("Re: ñDEMO-12")]
    public void ASubjectWithoutThisObservatorysCodeHasNone(string subject) =>
        Assert.Null(MailThread.CodeInSubject(subject, "DEMO"));

    [Fact]
    public void ThePrefixMayBeGivenInAnyCase() =>
        Assert.Equal("OBS2-7", MailThread.CodeInSubject("re: obs2-7", "obs2"));

    [Theory]
    [InlineData("")]
    [InlineData("D")]
    [InlineData("DE-MO")]
    [InlineData("2DEMO")]
    public void AnInvalidPrefixIsAProgrammingError(string prefix) =>
        Assert.Throws<ArgumentException>(() => MailThread.CodeInSubject("DEMO-1", prefix));
}
