using System.Globalization;
using System.Net;
using System.Text;
using AstroBlob.Functions.Tests.Attachments;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tests.Triggers;

namespace AstroBlob.Functions.Tests.Email;

/// <summary>Replies by e-mail land in the conversation as the person who wrote them, and nothing else does.</summary>
public sealed class EmailInTests(EmailWorld world) : IClassFixture<EmailWorld>
{
    private async Task<(string Code, CaughtMail Mail)> TicketWithReplyAsync(Person customer, string customerAddress, string title)
    {
        var code = (string)(await world.CreateTicketAsync(customer, world.Alpha, new { title, type = "repair" }))["code"]!;
        await world.PostMessageAsync(world.L1, world.Alpha, code, "¿Puedes mandarnos una foto del pilar?\nGracias.");
        return (code, await world.MailAsync(customerAddress, code));
    }

    /// <summary>A reply as a mail client writes it: quoting the original under the client's attribution line.</summary>
    private static string Reply(CaughtMail original, string from, string newText, string quoteStyle, string? to = null, string? messageId = null)
    {
        var quoted = string.Join("\n", original.TextBody.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => "> " + l));
        var body = quoteStyle switch
        {
            "gmail" => $"{newText}\n\nEl lun, 23 nov 2026 a las 20:15, Observatorio <soporte@astroblob.local> escribió:\n{quoted}\n",
            "outlook" => $"{newText}\n\n________________________________\nFrom: Observatorio <soporte@astroblob.local>\nSent: Monday, November 23, 2026 8:15 PM\nTo: {from}\nSubject: {original.Subject}\n\n{original.TextBody}\n",
            _ => newText,
        };
        return Mail(from, to ?? original.ReplyTo!, "Re: " + original.Subject, body, messageId, inReplyTo: original.MessageId);
    }

    private static string Mail(string from, string to, string subject, string body, string? messageId = null, string? inReplyTo = null, string? extraHeaders = null)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"From: {from}\r\nTo: {to}\r\nSubject: =?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(subject))}?=\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Message-ID: <{messageId ?? Guid.NewGuid().ToString("N") + "@mail.client.example"}>\r\n");
        if (inReplyTo is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"In-Reply-To: <{inReplyTo}>\r\nReferences: <{inReplyTo}>\r\n");
        }

        sb.Append(extraHeaders);
        sb.Append("Date: Mon, 23 Nov 2026 20:20:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        sb.Append(body.Replace("\n", "\r\n", StringComparison.Ordinal));
        return sb.ToString();
    }

    [Theory]
    [InlineData("gmail")]
    [InlineData("outlook")]
    public async Task AQuotedReplyLandsAsOnlyItsNewTextByTheCustomer(string style)
    {
        var (code, mail) = await TicketWithReplyAsync(world.Ana, "ana@a.example", "Respuesta por correo " + style);
        var result = await world.InboundOkAsync(Reply(mail, "Ana <ana@a.example>", "Adjunto la foto mañana.\nUn saludo", style));
        Assert.Equal("accepted", (string?)result["outcome"]);
        Assert.Equal(code, (string?)result["ticketCode"]);

        var last = (await world.ConversationAsync(world.L1, code))[^1]!;
        Assert.Equal("Adjunto la foto mañana.\nUn saludo", (string?)last["body"]);
        Assert.Equal(world.Ana.Id, (string?)last["authorId"]);
        Assert.Equal("public", (string?)last["visibility"]);

        // The staff who are on the ticket hear about the customer's reply like any other.
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { assignees = new[] { world.L2.Id } });
        await world.InboundOkAsync(Reply(mail, "Ana <ana@a.example>", "Otra cosa más.", style));
        await world.Sink.WaitForAsync(m => EmailWorld.IsOurs(m, world.Alpha) && m.EnvelopeTo.Contains("l2@alpha.example") && m.TextBody.Contains("Otra cosa más.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReplyToAMergedDuplicateLandsOnTheTicketItWasMergedInto()
    {
        var (duplicate, mail) = await TicketWithReplyAsync(world.Ana, "ana@a.example", "Duplicado por correo");
        var survivor = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "El bueno", type = "repair" }))["code"]!;
        using (var merge = await world.L1.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{duplicate}/merge"), new { into = survivor }))
        {
            await merge.JsonAsync(HttpStatusCode.OK);
        }

        var result = await world.InboundOkAsync(Reply(mail, "Ana <ana@a.example>", "Contesto al correo viejo.", "gmail"));
        Assert.Equal(("accepted", survivor), ((string?)result["outcome"], (string?)result["ticketCode"]));
        Assert.Contains(await world.ConversationAsync(world.L1, survivor), m => (string?)m!["body"] == "Contesto al correo viejo.");
    }

    [Fact]
    public async Task TheSameMailDeliveredTwiceLandsOnce()
    {
        var (code, mail) = await TicketWithReplyAsync(world.Ana, "ana@a.example", "Entrega doble");
        var raw = Reply(mail, "ana@a.example", "Solo una vez, por favor.", "gmail", messageId: "twice-" + Guid.NewGuid().ToString("N") + "@client.example");
        var results = await Task.WhenAll(world.InboundOkAsync(raw), world.InboundOkAsync(raw));
        Assert.Contains(results, r => (string?)r["outcome"] == "accepted");
        Assert.Equal("duplicate", (string?)(await world.InboundOkAsync(raw))["outcome"]);
        Assert.Single(await world.ConversationAsync(world.L1, code), m => (string?)m!["body"] == "Solo una vez, por favor.");
    }

    [Fact]
    public async Task WithoutTheTokenTheThreadIdsAndThenTheSubjectFindTheTicket()
    {
        var (code, mail) = await TicketWithReplyAsync(world.Ana, "ana@a.example", "Sin token");
        // Sent to the plain address, but In-Reply-To names our mail.
        var byThread = await world.InboundOkAsync(Reply(mail, "ana@a.example", "Por el hilo.", "none", to: "soporte@astroblob.local"));
        Assert.Equal(code, (string?)byThread["ticketCode"]);

        // A fresh mail that only names the code in its subject.
        var bySubject = await world.InboundOkAsync(Mail("ana@a.example", "soporte@astroblob.local", $"Sobre {code.ToLowerInvariant()} otra vez", "Por el asunto."));
        Assert.Equal("accepted", (string?)bySubject["outcome"]);
        Assert.Equal(code, (string?)bySubject["ticketCode"]);
        Assert.Contains(await world.ConversationAsync(world.L1, code), m => (string?)m!["body"] == "Por el asunto.");
    }

    [Fact]
    public async Task NothingIsWrittenForForgedTokensStrangersOtherCustomersOtherObservatoriesOrCancelledTickets()
    {
        var (code, mail) = await TicketWithReplyAsync(world.Ana, "ana@a.example", "Intentos indebidos");
        var local = mail.ReplyTo![..mail.ReplyTo!.IndexOf('@', StringComparison.Ordinal)];
        var forgedTo = local[..local.LastIndexOf('.')] + ".aaaaaaaaaaaaaaaa@" + EmailWorld.ReplyDomain;
        var carlaCode = (string)(await world.CreateTicketAsync(world.Carla, world.Beta, new { title = "De beta", type = "question" }))["code"]!;

        var cases = new (string Raw, string Reason)[]
        {
            (Reply(mail, "ana@a.example", "falso", "none", to: forgedTo), "forged_token"),
            (Reply(mail, "intruso@evil.example", "hola", "none"), "unknown_sender"),
            (Reply(mail, "bob@b.example", "soy otro cliente", "none"), "not_allowed"),
            (Reply(mail, "carla@c.example", "soy de otro observatorio", "none"), "unknown_sender"),
        };
        foreach (var (raw, reason) in cases)
        {
            var result = await world.InboundOkAsync(raw);
            Assert.Equal("held", (string?)result["outcome"]);
            Assert.Equal(reason, (string?)result["reason"]);
        }

        // An out-of-office answer to our mail is not a reply.
        var outOfOffice = Reply(mail, "ana@a.example", "Estoy de vacaciones hasta el lunes.", "none").Replace("Date:", "Auto-Submitted: auto-replied\r\nDate:", StringComparison.Ordinal);
        Assert.Equal("auto_reply", (string?)(await world.InboundOkAsync(outOfOffice))["reason"]);

        // A token of beta's ticket sent to alpha's webhook.
        var betaToken = mail.ReplyTo!.Replace(world.Alpha, world.Beta, StringComparison.Ordinal).Replace(code.ToLowerInvariant(), carlaCode.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Contains((string?)(await world.InboundOkAsync(Reply(mail, "ana@a.example", "cruzado", "none", to: betaToken)))["reason"], new[] { "forged_token", "other_observatory" });

        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "cancelled" });
        var late = await world.InboundOkAsync(Reply(mail, "ana@a.example", "¿sigue ahí?", "none"));
        Assert.Equal("ticket_closed", (string?)late["reason"]);

        var conversation = await world.ConversationAsync(world.L1, code);
        Assert.DoesNotContain(conversation, m => (string?)m!["body"] is "falso" or "hola" or "soy otro cliente" or "soy de otro observatorio" or "cruzado" or "¿sigue ahí?" or "Estoy de vacaciones hasta el lunes.");
        var logged = await world.AlphaAdmin.Client.GetJsonAsync(world.Api(world.Alpha, "/inbound/log?limit=200"));
        Assert.Contains(logged["items"]!.AsArray(), r => (string?)r!["reason"] == "forged_token" && (string?)r["outcome"] == "held" && r["heldBlob"] is not null);
    }

    [Fact]
    public async Task AKnownPersonWhoseMailCannotBePlacedIsToldOnceWhileStrangersAndRobotsAreNot()
    {
        // Dora has a mailbox of her own, so every mail counted below is about this test.
        var doraAddress = $"dora.{Guid.NewGuid():N}"[..14] + "@a.example";
        var dora = await world.ContactAsync(world.Alpha, world.AlphaAdmin, world.CustomerA, doraAddress, companyWide: false);
        var (code, mail) = await TicketWithReplyAsync(dora, doraAddress, "Cerrado antes de tiempo");
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "cancelled" });

        // Her reply to the cancelled ticket, delivered twice by her provider: one answer.
        var late = Reply(mail, doraAddress, "Pues sigue fallando.", "gmail", messageId: "late-" + Guid.NewGuid().ToString("N") + "@client.example");
        Assert.Equal("ticket_closed", (string?)(await world.InboundOkAsync(late))["reason"]);
        Assert.Equal("ticket_closed", (string?)(await world.InboundOkAsync(late))["reason"]);

        // Her out-of-office, and a stranger writing from her thread: no answer to either.
        var outOfOffice = Reply(mail, doraAddress, "Estoy de vacaciones.", "none").Replace("Date:", "Auto-Submitted: auto-replied\r\nDate:", StringComparison.Ordinal);
        Assert.Equal("auto_reply", (string?)(await world.InboundOkAsync(outOfOffice))["reason"]);
        var strangerAddress = $"extra.{Guid.NewGuid():N}"[..15] + "@evil.example";
        Assert.Equal("unknown_sender", (string?)(await world.InboundOkAsync(Reply(mail, strangerAddress, "hola", "none")))["reason"]);

        // Bob (English) writing into Dora's ticket is told, without learning which ticket it is.
        var bobs = Reply(mail, "bob@b.example", "Me cuelo: " + Guid.NewGuid().ToString("N"), "none");
        Assert.Equal("not_allowed", (string?)(await world.InboundOkAsync(bobs))["reason"]);

        // Every answer is queued before the webhook answers: once the mail queue is empty, all went out.
        await TriggerTestKit.WaitEmptyAsync(TriggerTestKit.RawQueue(world.Azurite.ConnectionString, world.Factory.TablePrefix + "-email-outbox"));
        var toDora = (await world.MailsToAsync(doraAddress)).Where(m => m.Subject.Contains("No hemos podido", StringComparison.Ordinal)).ToList();
        var answer = Assert.Single(toDora);
        Assert.Contains(code, answer.Subject, StringComparison.Ordinal);
        Assert.Contains("el ticket ya está cerrado", answer.TextBody, StringComparison.Ordinal);
        Assert.Empty(await world.MailsToAsync(strangerAddress));
        var toBob = await world.MailAsync("bob@b.example", "We could not process your e-mail");
        Assert.Contains("you cannot write to that ticket", toBob.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(code, toBob.Subject + toBob.TextBody + toBob.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRejectPolicyRefusesInsteadOfHoldingAndAWrongSecretIsRefusedOutright()
    {
        using (var none = await world.InboundAsync(Mail("ana@a.example", "x@y", "Hola", "hola"), secret: "wrong"))
        {
            await none.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_inbound_secret");
        }

        using (var beta = await world.InboundAsync(Mail("carla@c.example", "x@y", "Hola", "hola"), observatory: world.Beta))
        {
            // Alpha's secret means nothing at beta (which has none at all).
            await beta.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_inbound_secret");
        }

        using (var garbage = await world.InboundAsync("this is not a mail"))
        {
            await garbage.ProblemAsync(HttpStatusCode.BadRequest, "invalid_mail");
        }

        using (var put = await world.AlphaAdmin.Client.PutAsync(new Uri(world.Api(world.Alpha, "/settings/email"), UriKind.Relative),
                   Requests.Json(new { unplacedMail = "reject", openTicketsFromEmail = true })))
        {
            await put.JsonAsync(HttpStatusCode.OK);
        }

        try
        {
            var result = await world.InboundOkAsync(Mail("desconocido@evil.example", "soporte@astroblob.local", "Spam", "compre ya"));
            Assert.Equal("rejected", (string?)result["outcome"]);
        }
        finally
        {
            using var back = await world.AlphaAdmin.Client.PutAsync(new Uri(world.Api(world.Alpha, "/settings/email"), UriKind.Relative),
                Requests.Json(new { unplacedMail = "hold", openTicketsFromEmail = true }));
            await back.JsonAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task AKnownCustomersMailAboutNothingKnownOpensATicketAndIsAcknowledged()
    {
        var subject = "Fwd: El enfocador hace ruido " + Guid.NewGuid().ToString("N")[..6];
        var result = await world.InboundOkAsync(Mail("Bob <bob@b.example>", "soporte@astroblob.local", subject, "Desde ayer el enfocador chirría."));
        Assert.Equal("opened", (string?)result["outcome"]);
        var code = (string)result["ticketCode"]!;

        var (ticket, _) = await world.GetTicketAsync(world.Bob, world.Alpha, code);
        Assert.Equal(subject["Fwd: ".Length..], (string?)ticket["title"]);
        Assert.Equal("Desde ayer el enfocador chirría.", (string?)ticket["description"]);
        var ack = await world.MailAsync("bob@b.example", code);
        Assert.NotNull(ack.ReplyTo);
    }

    [Fact]
    public async Task FilesInAMailGoThroughTheAttachmentPipeline()
    {
        var (code, mail) = await TicketWithReplyAsync(world.Ana, "ana@a.example", "Foto por correo");
        var boundary = "b-" + Guid.NewGuid().ToString("N");
        var png = Convert.ToBase64String(SampleFiles.Png(320, 200), Base64FormattingOptions.InsertLineBreaks);
        var exe = Convert.ToBase64String(SampleFiles.Executable());
        var raw = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"From: ana@a.example\r\nTo: {mail.ReplyTo}\r\nSubject: Re: {code}\r\nMessage-ID: <{Guid.NewGuid():N}@client.example>\r\n")
            .Append(CultureInfo.InvariantCulture, $"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAquí va la foto.\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: image/png; name=\"pilar.png\"\r\nContent-Disposition: attachment; filename=\"pilar.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{png}\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"setup.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{exe}\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{boundary}--\r\n")
            .ToString();
        var result = await world.InboundOkAsync(raw);
        Assert.Equal("accepted", (string?)result["outcome"]);

        var message = (await world.ConversationAsync(world.Ana, code)).Single(m => (string?)m!["id"] == (string?)result["messageId"])!;
        Assert.Equal("Aquí va la foto.", (string?)message["body"]);
        var file = Assert.Single(message["attachments"]!.AsArray())!; // the program was left out
        Assert.Equal("pilar.png", (string?)file["fileName"]);
        var done = await world.WaitAttachmentAsync(world.Ana, world.Alpha, code, (string)file["id"]!);
        Assert.Equal("ready", (string?)done["state"]);
        Assert.Equal(320, (int)done["width"]!);
    }
}
