using AstroBlob.Domain.Email;

namespace AstroBlob.Domain.Tests.Email;

public class MailTemplatesTests
{
    private static readonly Uri TicketLink = new("https://soporte.astroblob.es/demo/tickets/DEMO-000012");

    public static TheoryData<MailKind, string> EveryKindInBothLanguages()
    {
        var data = new TheoryData<MailKind, string>();
        foreach (var kind in Enum.GetValues<MailKind>())
        {
            data.Add(kind, "es");
            data.Add(kind, "en");
        }

        return data;
    }

    private static MailContent Content(MailKind kind, string language = "es", bool replyAbove = true) => new(
        kind,
        language,
        "Observatorio Demo",
        new Uri("https://cdn.astroblob.es/demo/logo.png"),
        "DEMO-000012",
        "La cúpula no cierra",
        "Tomás (técnico)",
        "¿Puedes comprobar el final de carrera?\nGracias.",
        TicketLink,
        replyAbove,
        "15 minutos");

    [Theory]
    [MemberData(nameof(EveryKindInBothLanguages))]
    public void EveryKindRendersASubjectATextAndAnHtmlPart(MailKind kind, string language)
    {
        var mail = MailTemplates.Render(Content(kind, language));

        Assert.StartsWith("[DEMO-000012] ", mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', mail.Subject);
        Assert.Contains("Observatorio Demo", mail.Text, StringComparison.Ordinal);
        Assert.Contains(TicketLink.AbsoluteUri, mail.Text, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{TicketLink.AbsoluteUri}\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://cdn.astroblob.es/demo/logo.png\"", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\r", mail.Text + mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryKindInBothLanguages))]
    public void TheTwoLanguagesSayDifferentThings(MailKind kind, string language)
    {
        var other = language == "es" ? "en" : "es";

        Assert.NotEqual(MailTemplates.Render(Content(kind, other)).Subject, MailTemplates.Render(Content(kind, language)).Subject);
    }

    [Fact]
    public void APublicReplyInSpanishSaysWhoRepliedAndWhat()
    {
        var mail = MailTemplates.Render(Content(MailKind.PublicReply));

        Assert.Equal("[DEMO-000012] Nueva respuesta: La cúpula no cierra", mail.Subject);
        Assert.Contains("Tomás (técnico) ha respondido:\n\n¿Puedes comprobar el final de carrera?\nGracias.\n", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Tomás (técnico) ha respondido:", mail.Html, StringComparison.Ordinal);
        Assert.Contains("¿Puedes comprobar el final de carrera?<br>\nGracias.", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Ver el ticket", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void APublicReplyInEnglishSaysWhoRepliedAndWhat()
    {
        var mail = MailTemplates.Render(Content(MailKind.PublicReply, "en"));

        Assert.Equal("[DEMO-000012] New reply: La cúpula no cierra", mail.Subject);
        Assert.Contains("Tomás (técnico) replied:", mail.Text, StringComparison.Ordinal);
        Assert.Contains("View the ticket", mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MailKind.StatusFinished, "es", "[DEMO-000012] Ticket finalizado: La cúpula no cierra", "VoBo")]
    [InlineData(MailKind.StatusFinished, "en", "[DEMO-000012] Ticket finished: La cúpula no cierra", "sign-off")]
    [InlineData(MailKind.StatusCancelled, "es", "[DEMO-000012] Ticket cancelado: La cúpula no cierra", "Motivo: 15 minutos")]
    [InlineData(MailKind.WaitingOnCustomer, "es", "[DEMO-000012] Necesitamos tu respuesta: La cúpula no cierra", "en espera")]
    [InlineData(MailKind.Assigned, "es", "[DEMO-000012] Ticket asignado: La cúpula no cierra", "Tomás (técnico) te ha asignado este ticket.")]
    [InlineData(MailKind.Mentioned, "es", "[DEMO-000012] Te han mencionado: La cúpula no cierra", "nota interna")]
    [InlineData(MailKind.Mentioned, "en", "[DEMO-000012] You were mentioned: La cúpula no cierra", "internal note")]
    [InlineData(MailKind.SlaWarning, "es", "[DEMO-000012] Aviso de SLA: La cúpula no cierra", "semáforo SLA")]
    [InlineData(MailKind.SlaBreach, "es", "[DEMO-000012] SLA incumplido: La cúpula no cierra", "en rojo")]
    [InlineData(MailKind.SlaBreach, "en", "[DEMO-000012] SLA breached: La cúpula no cierra", "is red")]
    [InlineData(MailKind.SlaEscalated, "es", "[DEMO-000012] Ticket escalado: La cúpula no cierra", "escalado")]
    [InlineData(MailKind.TicketOpenedByEmail, "es", "[DEMO-000012] Hemos recibido tu solicitud: La cúpula no cierra", "Hemos abierto el ticket DEMO-000012")]
    [InlineData(MailKind.TicketOpenedByEmail, "en", "[DEMO-000012] We have received your request: La cúpula no cierra", "We opened ticket DEMO-000012")]
    public void EachKindSaysWhatHappened(MailKind kind, string language, string subject, string phrase)
    {
        var mail = MailTemplates.Render(Content(kind, language));

        Assert.Equal(subject, mail.Subject);
        Assert.Contains(phrase, mail.Text, StringComparison.Ordinal);
        Assert.Contains(phrase, mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void AMagicLinkNamesTheObservatoryTheLinkAndItsLifetime()
    {
        var link = new Uri("https://soporte.astroblob.es/demo/acceso?token=abc&lang=es");
        var mail = MailTemplates.Render(new MailContent(
            MailKind.MagicLink, "es", "Observatorio Demo", null, null, null, null, null, link, ReplyAbove: false, Detail: "15 minutos"));

        Assert.Equal("Tu enlace de acceso a Observatorio Demo", mail.Subject);
        Assert.Contains("El enlace caduca en 15 minutos.", mail.Text, StringComparison.Ordinal);
        Assert.Contains(link.AbsoluteUri, mail.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://soporte.astroblob.es/demo/acceso?token=abc&amp;lang=es\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("El enlace caduca en 15 minutos.", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void AMagicLinkInEnglish()
    {
        var mail = MailTemplates.Render(new MailContent(
            MailKind.MagicLink, "en", "Demo Observatory", null, null, null, null, null, TicketLink, ReplyAbove: false, Detail: "15 minutes"));

        Assert.Equal("Your sign-in link for Demo Observatory", mail.Subject);
        Assert.Contains("The link expires in 15 minutes.", mail.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("es", "15", "El enlace caduca en 15 minutos.")]
    [InlineData("es", "1", "El enlace caduca en 1 minuto.")]
    [InlineData("en", "15", "The link expires in 15 minutes.")]
    [InlineData("en", "1", "The link expires in 1 minute.")]
    [InlineData("es", "una hora", "El enlace caduca en una hora.")]
    public void AMagicLinkLifetimeGivenAsMinutesIsPutIntoWords(string language, string detail, string sentence)
    {
        var mail = MailTemplates.Render(new MailContent(
            MailKind.MagicLink, language, "Observatorio Demo", null, null, null, null, null, TicketLink, ReplyAbove: false, Detail: detail));

        Assert.Contains(sentence, mail.Text, StringComparison.Ordinal);
        Assert.Contains(sentence, mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("es", "No hemos podido procesar tu correo", "Motivo: el adjunto supera 25 MB")]
    [InlineData("en", "We could not process your e-mail", "Reason: el adjunto supera 25 MB")]
    public void ARejectedMailWithoutATicketSaysWhy(string language, string subject, string reason)
    {
        var mail = MailTemplates.Render(new MailContent(
            MailKind.InboundRejected, language, "Observatorio Demo", null, null, null, null, null,
            new Uri("https://soporte.astroblob.es/demo"), ReplyAbove: false, Detail: "el adjunto supera 25 MB"));

        Assert.Equal(subject, mail.Subject);
        Assert.Contains(reason, mail.Text, StringComparison.Ordinal);
        Assert.Contains(reason, mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void ARejectedMailAboutATicketNamesIt()
    {
        var mail = MailTemplates.Render(Content(MailKind.InboundRejected) with { Detail = "el ticket está cerrado" });

        Assert.Equal("[DEMO-000012] No hemos podido añadir tu correo: La cúpula no cierra", mail.Subject);
        Assert.Contains("Tu correo no se ha podido añadir al ticket DEMO-000012.", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Motivo: el ticket está cerrado", mail.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryKindInBothLanguages))]
    public void EverythingAPersonWroteIsEscapedInTheHtml(MailKind kind, string language)
    {
        const string Evil = "<script>alert('x')</script>";
        var mail = MailTemplates.Render(Content(kind, language) with
        {
            ObservatoryName = $"Obs {Evil}",
            TicketTitle = $"Título {Evil}",
            ActorName = $"Tomás {Evil}",
            Body = $"Hola {Evil}",
            Detail = $"Detalle {Evil}",
        });

        Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", mail.Html, StringComparison.Ordinal);
        Assert.Contains(Evil, mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuoteInANameCannotLeaveAnAttribute()
    {
        var mail = MailTemplates.Render(Content(MailKind.PublicReply) with { ObservatoryName = "Obs\" onerror=\"alert(1)" });

        Assert.DoesNotContain("\" onerror=\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Obs&quot; onerror=&quot;alert(1)\"", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void ATitleWithLineBreaksCannotAddHeaders()
    {
        var mail = MailTemplates.Render(Content(MailKind.PublicReply) with { TicketTitle = "Cúpula\r\nBcc: todos@example.com" });

        Assert.Equal("[DEMO-000012] Nueva respuesta: Cúpula Bcc: todos@example.com", mail.Subject);
    }

    [Theory]
    [InlineData(MailKind.PublicReply)]
    [InlineData(MailKind.StatusFinished)]
    [InlineData(MailKind.WaitingOnCustomer)]
    [InlineData(MailKind.Mentioned)]
    [InlineData(MailKind.TicketOpenedByEmail)]
    public void AMailThatTakesRepliesStartsWithTheMarkerAndTheHint(MailKind kind)
    {
        var spanish = MailTemplates.Render(Content(kind, "es", replyAbove: true));
        var english = MailTemplates.Render(Content(kind, "en", replyAbove: true));

        Assert.StartsWith(ReplyText.Marker + "\nResponde a este correo para contestar.\n", spanish.Text, StringComparison.Ordinal);
        Assert.StartsWith(ReplyText.Marker + "\nReply to this e-mail to answer.\n", english.Text, StringComparison.Ordinal);
        Assert.Equal(ReplyText.Marker, FirstTextInBody(spanish.Html));
        Assert.Equal(ReplyText.Marker, FirstTextInBody(english.Html));
    }

    [Theory]
    [MemberData(nameof(EveryKindInBothLanguages))]
    public void AMailThatTakesNoRepliesHasNoMarker(MailKind kind, string language)
    {
        var mail = MailTemplates.Render(Content(kind, language, replyAbove: false));

        Assert.DoesNotContain("##-", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("##-", mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MailKind.MagicLink)]
    [InlineData(MailKind.InboundRejected)]
    public void ASignInLinkOrARefusalNeverInvitesAReply(MailKind kind)
    {
        var mail = MailTemplates.Render(Content(kind, replyAbove: true));

        Assert.DoesNotContain("##-", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("##-", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void AReplyQuotingOurTextMailKeepsOnlyWhatThePersonWrote()
    {
        var ours = MailTemplates.Render(Content(MailKind.PublicReply)).Text;
        var quoted = string.Join('\n', ours.Split('\n').Select(line => line.Length == 0 ? ">" : "> " + line));
        var reply = $"Sí, estaba suelto. Ya cierra.\n\nEl lun, 23 nov 2026 a las 20:00, Observatorio Demo (<\nreply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es>) escribió:\n\n{quoted}\n";

        Assert.Equal("Sí, estaba suelto. Ya cierra.", ReplyText.NewText(reply));
    }

    [Fact]
    public void AReplyFromAClientThatPastesOurHtmlUnmarkedStillStopsAtTheMarker()
    {
        var ours = MailTemplates.Render(Content(MailKind.PublicReply, "en")).Html;
        var reply = $"<div>Yes, it was loose.</div><div><br></div>{ours}";

        Assert.Equal("Yes, it was loose.", ReplyText.NewText(ReplyText.FromHtml(reply)));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("")]
    [InlineData("english")]
    [InlineData("e")]
    [InlineData("ES")]
    public void AnUnknownLanguageGetsSpanish(string language)
    {
        var mail = MailTemplates.Render(Content(MailKind.PublicReply, language));

        Assert.Equal("[DEMO-000012] Nueva respuesta: La cúpula no cierra", mail.Subject);
        Assert.Contains("<html lang=\"es\">", mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EN")]
    [InlineData("en-GB")]
    [InlineData("en_US")]
    public void RegionalEnglishGetsEnglish(string language)
    {
        var mail = MailTemplates.Render(Content(MailKind.PublicReply, language));

        Assert.Equal("[DEMO-000012] New reply: La cúpula no cierra", mail.Subject);
        Assert.Contains("<html lang=\"en\">", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutALogoThereIsNoImage() =>
        Assert.DoesNotContain("<img", MailTemplates.Render(Content(MailKind.PublicReply) with { LogoUrl = null }).Html, StringComparison.Ordinal);

    [Fact]
    public void ALogoThatIsNotAWebAddressIsLeftOut() =>
        Assert.DoesNotContain(
            "<img",
            MailTemplates.Render(Content(MailKind.PublicReply) with { LogoUrl = new Uri("javascript:alert(1)") }).Html,
            StringComparison.Ordinal);

    [Fact]
    public void WithoutAnActorTheSupportTeamActs()
    {
        Assert.Contains("El equipo de soporte ha respondido:", MailTemplates.Render(Content(MailKind.PublicReply) with { ActorName = null }).Text, StringComparison.Ordinal);
        Assert.Contains("The support team replied:", MailTemplates.Render(Content(MailKind.PublicReply, "en") with { ActorName = " " }).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutATitleTheSubjectEndsAtWhatHappened() =>
        Assert.Equal("[DEMO-000012] Nueva respuesta", MailTemplates.Render(Content(MailKind.PublicReply) with { TicketTitle = null }).Subject);

    [Fact]
    public void WithoutABodyThereIsNoQuotedBlock()
    {
        var mail = MailTemplates.Render(Content(MailKind.Assigned) with { Body = null });

        Assert.DoesNotContain("border-left", mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MailKind.PublicReply)]
    [InlineData(MailKind.SlaBreach)]
    [InlineData(MailKind.TicketOpenedByEmail)]
    public void AMailAboutATicketNeedsItsCode(MailKind kind) =>
        Assert.Throws<ArgumentException>(() => MailTemplates.Render(Content(kind) with { TicketCode = null }));

    [Fact]
    public void ACodeIsNormalisedOrRefused()
    {
        Assert.StartsWith("[DEMO-000012]", MailTemplates.Render(Content(MailKind.PublicReply) with { TicketCode = "demo-000012" }).Subject, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => MailTemplates.Render(Content(MailKind.PublicReply) with { TicketCode = "DEMO-1]\r\nBcc: x" }));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://soporte.astroblob.es/x")]
    [InlineData("mailto:soporte@astroblob.es")]
    public void TheLinkMustBeAWebAddress(string link) =>
        Assert.Throws<ArgumentException>(() => MailTemplates.Render(Content(MailKind.PublicReply) with { Link = new Uri(link) }));

    [Fact]
    public void AnObservatoryWithoutANameIsRefused() =>
        Assert.Throws<ArgumentException>(() => MailTemplates.Render(Content(MailKind.PublicReply) with { ObservatoryName = " " }));

    /// <summary>The first piece of text after &lt;body&gt;, tags stripped.</summary>
    private static string FirstTextInBody(string html)
    {
        var body = html.IndexOf("<body", StringComparison.Ordinal);
        var start = html.IndexOf('>', html.IndexOf('>', body) + 1) + 1;
        return html[start..html.IndexOf('<', start)];
    }
}
