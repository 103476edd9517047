using System.Diagnostics;
using System.Text;
using AstroBlob.Domain.Email;

namespace AstroBlob.Domain.Tests.Email;

public class ReplyTextTests
{
    // Our notification as the customer's client received it, quoted back by each client below.
    private const string Quoted = """
        > ##- Escribe tu respuesta encima de esta línea / Reply above this line -##
        > Responde a este correo para contestar.
        >
        > Observatorio Demo
        > [DEMO-000012] La cúpula no cierra
        >
        > Tomás (técnico) ha respondido:
        >
        > ¿Puedes comprobar el final de carrera del motor de la cúpula?
        >
        > Ver el ticket: https://soporte.astroblob.es/demo/tickets/DEMO-000012
        >
        > --
        > Has recibido este correo del soporte de Observatorio Demo.
        """;

    private const string Unquoted = """
        ##- Escribe tu respuesta encima de esta línea / Reply above this line -##
        Responde a este correo para contestar.

        Observatorio Demo
        [DEMO-000012] La cúpula no cierra

        Tomás (técnico) ha respondido:

        ¿Puedes comprobar el final de carrera del motor de la cúpula?
        """;

    [Fact]
    public void AGmailReplyKeepsOnlyTheTextAboveTheWrappedAttribution()
    {
        var mail = $"""
            Yes, the limit switch was loose. The dome closes now.

            I'll send tonight's log tomorrow.

            On Mon, 23 Nov 2026 at 20:00, Observatorio Demo <
            reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es> wrote:

            {Quoted}

            """;

        Assert.Equal(
            "Yes, the limit switch was loose. The dome closes now.\n\nI'll send tonight's log tomorrow.",
            ReplyText.NewText(mail));
    }

    [Fact]
    public void ASpanishGmailReplyStopsAtItsAttribution()
    {
        var mail = $"""
            Sí, ya cierra bien. Gracias, Tomás.

            El lun, 23 nov 2026 a las 20:00, Observatorio Demo (<
            reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es>) escribió:

            {Quoted}
            """;

        Assert.Equal("Sí, ya cierra bien. Gracias, Tomás.", ReplyText.NewText(mail));
    }

    [Fact]
    public void AnAttributionOnOneLineIsCutToo()
    {
        var mail = $"""
            Hecho.

            El lun, 23 nov 2026 a las 20:00, Ana Pérez (<ana@example.com>) escribió:
            > ¿Está hecho?
            """;

        Assert.Equal("Hecho.", ReplyText.NewText(mail));
    }

    [Fact]
    public void AnIPhoneReplyDropsTheFooterAndTheQuotedAttribution()
    {
        var mail = $"""
            Thanks, that fixed it.

            Sent from my iPhone

            > On 23 Nov 2026, at 20:00, Observatorio Demo <reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es> wrote:
            >
            {Quoted}
            """;

        Assert.Equal("Thanks, that fixed it.", ReplyText.NewText(mail));
    }

    [Fact]
    public void AnAppleMailReplyFromAMacStopsAtTheAttribution()
    {
        var mail = $"""
            Perfecto.

            On 23 Nov 2026, at 20:00, Ana <a@x.es> wrote:

            {Quoted}
            """;

        Assert.Equal("Perfecto.", ReplyText.NewText(mail));
    }

    [Fact]
    public void AnOutlookDesktopReplyStopsAtTheOriginalMessageRule()
    {
        var mail = $"""
            The mount is parked and powered off.

            -----Original Message-----
            From: Observatorio Demo <reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es>
            Sent: Monday, November 23, 2026 8:00 PM
            To: Ana Pérez <ana@example.com>
            Subject: [DEMO-000012] Nueva respuesta: La cúpula no cierra

            {Unquoted}
            """;

        Assert.Equal("The mount is parked and powered off.", ReplyText.NewText(mail));
    }

    [Fact]
    public void ASpanishOutlookReplyStopsAtTheMensajeOriginalRule()
    {
        var mail = """
            Montura aparcada.

            -----Mensaje original-----
            De: Tomás <tomas@observatorio.es>
            Enviado el: lunes, 23 de noviembre de 2026 20:00
            Para: Ana Pérez <ana@example.com>
            Asunto: ¿Está aparcada?

            ¿Está aparcada?
            """;

        Assert.Equal("Montura aparcada.", ReplyText.NewText(mail));
    }

    [Fact]
    public void AnOutlookMobileReplyStopsAtTheFooterAboveTheUnderscores()
    {
        var mail = $"""
            Parked.

            Get Outlook for iOS<https://aka.ms/o0ukef>
            ________________________________
            From: Observatorio Demo <reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es>
            Sent: Monday, November 23, 2026 8:00:00 PM
            To: Ana Pérez <ana@example.com>
            Subject: [DEMO-000012] Nueva respuesta: La cúpula no cierra

            {Unquoted}
            """;

        Assert.Equal("Parked.", ReplyText.NewText(mail));
    }

    [Fact]
    public void TheUnderscoreLineAboveAFromHeaderEndsTheReply()
    {
        var mail = """
            De acuerdo.
            ________________________________
            De: Tomás <tomas@observatorio.es>
            Enviado: lunes, 23 de noviembre de 2026 20:00
            Para: Ana Pérez <ana@example.com>
            Asunto: Visita

            ¿Te va bien el jueves?
            """;

        Assert.Equal("De acuerdo.", ReplyText.NewText(mail));
    }

    [Theory]
    [InlineData("From: Tomás <tomas@observatorio.es>\nSent: Monday, November 23, 2026 8:00 PM\nTo: Ana <ana@example.com>\nCc: Luis <luis@example.com>\nSubject: Visit\n")]
    [InlineData("*From:* Tomás <tomas@observatorio.es>\n*Sent:* Monday, November 23, 2026 8:00 PM\n*To:* Ana <ana@example.com>\n*Subject:* Visit\n")]
    [InlineData("De: Tomás <tomas@observatorio.es>\nEnviado: lunes, 23 de noviembre de 2026 20:00\nPara: Ana <ana@example.com>\nAsunto: Visita\n")]
    [InlineData("De: Tomás <tomas@observatorio.es>\nFecha: lunes, 23 de noviembre de 2026 20:00\nPara: Ana <ana@example.com>\nAsunto: Visita\n")]
    [InlineData("From: Tomás <tomas@observatorio.es>\nDate: Monday, November 23, 2026 at 20:00\nTo: Ana <ana@example.com>\nSubject: Visit\n")]
    public void AnOutlookHeaderBlockEndsTheReplyInEitherLanguage(string headers) =>
        Assert.Equal("Thursday is fine.", ReplyText.NewText($"Thursday is fine.\n\n{headers}\nDoes Thursday suit you?\n"));

    [Fact]
    public void AFromLineWithoutTheRestOfTheHeadersIsText()
    {
        const string Mail = "From: the control room.\nThe roof is open.";

        Assert.Equal(Mail, ReplyText.NewText(Mail));
    }

    [Fact]
    public void InlineAnswersBetweenQuotesAreKeptAndTheTrailingQuoteGoes()
    {
        var mail = """
            On Mon, 23 Nov 2026 at 20:00, Tomás <tomas@observatorio.es> wrote:
            > ¿Está encendida la cámara?
            Sí, desde las 18:00.

            > ¿Y la rueda de filtros?
            También, en la posición L.

            > Gracias,
            > Tomás
            """;

        Assert.Equal(
            """
            On Mon, 23 Nov 2026 at 20:00, Tomás <tomas@observatorio.es> wrote:
            > ¿Está encendida la cámara?
            Sí, desde las 18:00.

            > ¿Y la rueda de filtros?
            También, en la posición L.
            """.ReplaceLineEndings("\n"),
            ReplyText.NewText(mail));
    }

    [Fact]
    public void AReplyThatStartsWithAQuoteKeepsIt()
    {
        const string Mail = "> ¿Qué temperatura marca el CCD?\n-20 °C estables.\n";

        Assert.Equal("> ¿Qué temperatura marca el CCD?\n-20 °C estables.", ReplyText.NewText(Mail));
    }

    [Fact]
    public void OurMarkerCutsTheReplyEvenWithoutAnAttribution()
    {
        var mail = $"Vale, lo miro mañana.\n\n{Unquoted}";

        Assert.Equal("Vale, lo miro mañana.", ReplyText.NewText(mail));
    }

    [Fact]
    public void OurMarkerCutsTheReplyWhenQuotedTwice()
    {
        const string Mail = "Ok.\n>> ##- Escribe tu respuesta encima de esta línea / Reply above this line -##\nAnything below is ours.";

        Assert.Equal("Ok.", ReplyText.NewText(Mail));
    }

    [Theory]
    [InlineData("> ##- Escribe tu respuesta encima de esta línea / Reply above\n> this line -##")]
    [InlineData("> ##-\n> Escribe tu respuesta encima de esta línea / Reply above this line -##")]
    [InlineData("> ##- Escribe tu respuesta encima de esta\n> línea / Reply above this line -##")]
    public void OurMarkerIsFoundWhenTheClientRewrapsIt(string marker) =>
        Assert.Equal("Ok.", ReplyText.NewText($"Ok.\n\nOn Mon, 23 Nov 2026 at 20:00, Demo <d@x.es> wrote:\n{marker}\n> Ver el ticket\n"));

    [Theory]
    [InlineData("-- ")]
    [InlineData("--")]
    public void TheSignatureAfterADelimiterLineGoes(string delimiter)
    {
        var mail = $"Hecho, ya está calibrado.\n\n{delimiter}\nAna Pérez\nObservatorio de Ana · +34 600 000 000\n";

        Assert.Equal("Hecho, ya está calibrado.", ReplyText.NewText(mail));
    }

    [Theory]
    [InlineData("--- no es una firma")]
    [InlineData("-- fin")]
    [InlineData(" -- ")]
    public void ALineThatMerelyStartsWithDashesIsNotASignatureDelimiter(string line)
    {
        var mail = $"Hecho.\n{line}\nSigue aquí.";

        Assert.Equal($"Hecho.\n{line.TrimEnd()}\nSigue aquí.", ReplyText.NewText(mail));
    }

    [Theory]
    [InlineData("Sent from my iPhone")]
    [InlineData("Enviado desde mi iPhone")]
    [InlineData("Sent from Outlook for Android")]
    [InlineData("Get Outlook for iOS")]
    [InlineData("Enviado desde Outlook para Android")]
    [InlineData("Enviado desde mi smartphone Samsung Galaxy.")]
    [InlineData("Obtener Outlook para iOS<https://aka.ms/o0ukef>")]
    public void AMobileFooterGoes(string footer) =>
        Assert.Equal("Recibido.", ReplyText.NewText($"Recibido.\n\n{footer}\n"));

    [Fact]
    public void ASentenceThatStartsLikeAFooterButGoesOnIsText()
    {
        const string Mail = "Enviado desde mi portátil el registro de anoche.\nEl guiado falla a partir de las 2:00.";

        Assert.Equal(Mail, ReplyText.NewText(Mail));
    }

    [Fact]
    public void WindowsLineEndingsBecomeLineFeedsAndTrailingSpaceGoes()
    {
        const string Mail = "Hola Tomás,  \r\n\r\nya está.\t\r\n\r\n\r\nOn Mon, 23 Nov 2026 at 20:00, Tomás <t@o.es> wrote:\r\n> ¿Está?\r\n";

        Assert.Equal("Hola Tomás,\n\nya está.", ReplyText.NewText(Mail));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n   \n")]
    [InlineData("> solo cita\n> nada más\n")]
    [InlineData("On Mon, 23 Nov 2026 at 20:00, Tomás <t@o.es> wrote:\n> ¿Está?\n")]
    [InlineData("##- Escribe tu respuesta encima de esta línea / Reply above this line -##\nTodo lo demás es nuestro.")]
    public void AMailWithNothingNewGivesEmptyText(string mail) =>
        Assert.Equal(string.Empty, ReplyText.NewText(mail));

    [Fact]
    public void AnAttributionWithoutADateOrAddressIsASentence()
    {
        const string Mail = "On the whiteboard the night assistant wrote:\nClose the dome before dawn.";

        Assert.Equal(Mail, ReplyText.NewText(Mail));
    }

    [Fact]
    public void TheResultIsNeverLongerThanTheInput()
    {
        string[] mails =
        [
            "a", " \n", "-- ", "> x\ny", "On 1 wrote:", "x\r\n\r\n", Quoted, Unquoted,
            "El 1 escribió:\n> a\nb\n> c", "________________________________\nDe: x",
        ];

        Assert.All(mails, mail => Assert.True(ReplyText.NewText(mail).Length <= mail.Length, mail));
    }

    [Fact]
    public void AHugeMailIsReadInLinearTime()
    {
        var mail = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            mail.Append("On 1 Jan 2026, a <a@b> wrote:\n> quoted\nanswer\n\n");
        }

        var clock = Stopwatch.StartNew();
        var text = ReplyText.NewText(mail.ToString());

        Assert.StartsWith("On 1 Jan 2026", text, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void AGmailHtmlReplyLosesItsQuoteAndKeepsItsLines()
    {
        const string Html = """
            <div dir="ltr">Sí, la cúpula ya cierra.<div><br></div><div>Gracias &amp; saludos,</div><div>Ana</div></div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">El lun, 23 nov 2026 a las 20:00, Observatorio Demo (&lt;<a href="mailto:reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es">reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es</a>&gt;) escribió:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div style="color:#9aa5b1;font-size:12px;">##- Escribe tu respuesta encima de esta línea / Reply above this line -##</div><div><div>Tomás (técnico) ha respondido:</div><div>¿Puedes comprobar el final de carrera?</div></div></blockquote></div>
            """;

        Assert.Equal("Sí, la cúpula ya cierra.\n\nGracias & saludos,\nAna", ReplyText.FromHtml(Html));
    }

    [Fact]
    public void AnOutlookWebReplyStopsAtItsReplyHeader()
    {
        const string Html = """
            <html><head>
            <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
            <style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>
            </head>
            <body dir="ltr">
            <div class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">
            The mount is parked.</div>
            <div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt;">
            Ana</div>
            <div id="appendonsend"></div>
            <hr style="display:inline-block;width:98%" tabindex="-1">
            <div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> Observatorio Demo &lt;reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es&gt;<br>
            <b>Sent:</b> Monday, November 23, 2026 20:00<br>
            <b>To:</b> Ana Pérez &lt;ana@example.com&gt;<br>
            <b>Subject:</b> [DEMO-000012] Nueva respuesta: La cúpula no cierra</font>
            <div>&nbsp;</div>
            </div>
            <div><div style="color:#9aa5b1">##- Escribe tu respuesta encima de esta línea / Reply above this line -##</div>
            <p>Tomás (técnico) ha respondido:</p></div>
            </body></html>
            """;

        Assert.Equal("The mount is parked.\nAna", ReplyText.FromHtml(Html));
    }

    [Fact]
    public void AnOutlookDesktopReplyNeedsTheTextRulesForItsHeaderBlock()
    {
        const string Html = """
            <html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15 (filtered medium)"><!--[if !mso]><style>v\:* {behavior:url(#default#VML);}</style><![endif]--><style><!-- p.MsoNormal {margin:0cm;font-size:11.0pt;} --></style><!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]--></head>
            <body lang=ES link="#0563C1"><div class=WordSection1><p class=MsoNormal>Buenos días:<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>La montura está aparcada.<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>
            <div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal><b>De:</b> Observatorio Demo &lt;reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es&gt; <br><b>Enviado el:</b> lunes, 23 de noviembre de 2026 20:00<br><b>Para:</b> Ana Pérez &lt;ana@example.com&gt;<br><b>Asunto:</b> [DEMO-000012] Nueva respuesta: La cúpula no cierra<o:p></o:p></p></div>
            <p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>¿Está aparcada?<o:p></o:p></p></div></body></html>
            """;

        var text = ReplyText.FromHtml(Html);

        Assert.StartsWith("Buenos días:\n\nLa montura está aparcada.\n\nDe: Observatorio Demo", text, StringComparison.Ordinal);
        Assert.Equal("Buenos días:\n\nLa montura está aparcada.", ReplyText.NewText(text));
    }

    [Fact]
    public void AnAppleMailHtmlReplyDropsTheCitedBlocksWithTheirAttribution()
    {
        const string Html = """
            <html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto"><div dir="ltr">Thanks, fixed.</div><div dir="ltr"><br><blockquote type="cite">On 23 Nov 2026, at 20:00, Observatorio Demo &lt;reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es&gt; wrote:<br><br></blockquote></div><blockquote type="cite"><div dir="ltr"><div>##- Escribe tu respuesta encima de esta línea / Reply above this line -##</div></div></blockquote></body></html>
            """;

        Assert.Equal("Thanks, fixed.", ReplyText.FromHtml(Html));
    }

    [Fact]
    public void AThunderbirdHtmlReplyDropsItsCitePrefixAndQuote()
    {
        const string Html = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><p>Vale, el jueves.</p><div class="moz-cite-prefix">El 23/11/2026 a las 20:00, Tomás escribió:<br></div><blockquote type="cite" cite="mid:mail.01jd.demo-000012.demo@mail.astroblob.es"><p>¿Te va bien el jueves?</p></blockquote></body></html>
            """;

        Assert.Equal("Vale, el jueves.", ReplyText.FromHtml(Html));
    }

    [Fact]
    public void AYahooReplyDropsItsQuotedBlock() =>
        Assert.Equal(
            "Recibido.",
            ReplyText.FromHtml("""<div class="ydp1"><div>Recibido.</div></div><div id="yahoo_quoted_123" class="yahoo_quoted"><div>El lunes, 23 de noviembre de 2026, 20:00, Tomás escribió:</div><div>¿Recibido?</div></div>"""));

    [Fact]
    public void ScriptsStylesAndTheHeadNeverShow() =>
        Assert.Equal(
            "Hola",
            ReplyText.FromHtml("<html><head><title>Asunto</title><meta charset=utf-8></head><style>p{color:red}</style><body><script>alert('<p>x</p>')</script><p>Hola</p></body></html>"));

    [Fact]
    public void EntitiesAreDecodedAndSpacesCollapse() =>
        Assert.Equal(
            "5 < 6 & \"sí\" ©\nnueva línea",
            ReplyText.FromHtml("<p>  5 &lt; 6\n   &amp;  &quot;s&iacute;&quot; &#169;  </p>\n\n<p>nueva\nlínea</p>"));

    [Fact]
    public void ListsRowsAndRulesBreakLines() =>
        Assert.Equal(
            "Pasos:\n- Aparcar\n- Apagar\nA B\nC D\nfin",
            ReplyText.FromHtml("<p>Pasos:</p><ul><li>Aparcar</li><li>Apagar</li></ul><table><tr><td>A</td><td>B</td></tr><tr><td>C</td><td>D</td></tr></table><hr>fin"));

    [Fact]
    public void PreformattedTextKeepsItsLines() =>
        Assert.Equal("Log:\n2026-11-23 20:00  ERROR\n2026-11-23 20:01  OK", ReplyText.FromHtml("<p>Log:</p><pre>2026-11-23 20:00  ERROR\r\n2026-11-23 20:01  OK</pre>"));

    [Theory]
    [InlineData("a < b y c > d", "a < b y c > d")]
    [InlineData("<p>Hola<p>Adiós", "Hola\nAdiós")]
    [InlineData("<div>Hola</span></b></div></div></div>más", "Hola\nmás")]
    [InlineData("Hola<!-- comentario sin cerrar <p>nada", "Hola")]
    [InlineData("Hola<a href=\"sin cerrar>nada", "Hola")]
    [InlineData("Hola<div", "Hola")]
    [InlineData("Hola<", "Hola<")]
    [InlineData("Hola</", "Hola</")]
    [InlineData("<blockquote>sin cerrar<p>nada", "")]
    [InlineData("Hola<script>sin cerrar", "Hola")]
    [InlineData("<head><style>x</style>Hola sin body", "")]
    [InlineData("<head><title>t</title><body>Hola", "Hola")]
    [InlineData("<p class=gmail_quote>cita</p>Hola", "Hola")]
    [InlineData("<div><div class='gmail_quote'><div>a</div><div>b</div></div>Hola</div>", "Hola")]
    [InlineData("<blockquote><blockquote>a</blockquote>b</blockquote>Hola", "Hola")]
    [InlineData("<img src=x alt=\"foto\">Hola<br/>mundo", "Hola\nmundo")]
    [InlineData("&nbsp;&nbsp;Hola&nbsp;", "  Hola")]
    [InlineData("", "")]
    public void MalformedHtmlStillRenders(string html, string expected) =>
        Assert.Equal(expected, ReplyText.FromHtml(html));

    [Theory]
    [InlineData("<div class=\"")]
    [InlineData("<a ")]
    [InlineData("<!--")]
    [InlineData("<div><blockquote>")]
    [InlineData("<p>x&amp;")]
    [InlineData("<<<<")]
    [InlineData("<script>")]
    [InlineData("<div><div>")]
    public void HostileHtmlOfAMegabyteRendersInLinearTime(string unit)
    {
        var html = new StringBuilder();
        while (html.Length < ReplyText.MaxInputLength)
        {
            html.Append(unit);
        }

        var clock = Stopwatch.StartNew();
        var text = ReplyText.FromHtml(html.ToString());

        Assert.True(text.Length <= html.Length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }
}
