using System.Net;
using System.Text.RegularExpressions;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Email;

/// <summary>Who gets which mail, in which language, threaded how.</summary>
public sealed partial class EmailOutTests(EmailWorld world) : IClassFixture<EmailWorld>
{
    private async Task<string> TicketAsync(Person who, string title) =>
        (string)(await world.CreateTicketAsync(who, world.Alpha, new { title, type = "repair" }))["code"]!;

    [Fact]
    public async Task APublicStaffReplyMailsTheCustomerInSpanishThreadedUnderTheTicketWithASignedReplyAddress()
    {
        var code = await TicketAsync(world.Ana, "La cúpula no cierra");
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Hola Ana, mañana revisamos el motor de la cúpula.");

        var mail = await world.MailAsync("ana@a.example", code);
        Assert.Contains($"[{code}]", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("La cúpula no cierra", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("mañana revisamos el motor", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("mañana revisamos el motor", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("lang=\"es\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"https://soporte.example/portal/{world.Alpha}/#/tickets/{code}", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal($"Observatorio {world.Alpha}", mail.Message.From.Mailboxes.Single().Name);

        Assert.EndsWith("@" + EmailWorld.MessageIdDomain, mail.MessageId, StringComparison.Ordinal);
        var root = $"ticket.{code.ToLowerInvariant()}.{world.Alpha}@{EmailWorld.MessageIdDomain}";
        Assert.Equal(root, mail.InReplyTo);
        Assert.Contains(root, mail.References);
        Assert.Matches($"^reply\\+{world.Alpha}\\.{code.ToLowerInvariant()}\\.[a-z2-7]+@{Regex.Escape(EmailWorld.ReplyDomain)}$", mail.ReplyTo);

        // The author is not told about their own reply.
        Assert.Empty(await world.MailsToAsync("l1@alpha.example"));
    }

    [Fact]
    public async Task TwoMailsOfOneTicketHaveTheirOwnIdsAndTheSameThread()
    {
        var code = await TicketAsync(world.Ana, "Hilo de correos");
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Primera respuesta.");
        await world.PostMessageAsync(world.L2, world.Alpha, code, "Segunda respuesta.");

        var mails = await world.Sink.WaitForCountAsync(m => EmailWorld.IsOurs(m, world.Alpha) && m.Subject.Contains(code, StringComparison.Ordinal) && m.EnvelopeTo.Contains("ana@a.example"), 2);
        Assert.NotEqual(mails[0].MessageId, mails[1].MessageId);
        Assert.Equal(mails[0].InReplyTo, mails[1].InReplyTo);
    }

    [Fact]
    public async Task AnEnglishReadingCustomerGetsEnglishMail()
    {
        var code = await TicketAsync(world.Bob, "Flats look uneven");
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Please send one raw flat.");

        var mail = await world.MailAsync("bob@b.example", code);
        Assert.Contains("lang=\"en\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Please send one raw flat.", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Nueva respuesta", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InternalNotesNeverReachTheCustomerButMentionedTechniciansAreTold()
    {
        var code = await TicketAsync(world.Ana, "Nota interna con mención");
        await world.PostMessageAsync(world.L1, world.Alpha, code, "@l2 ¿puedes mirar el cableado? Secreto: contraseña del pilar 1234", "internal");

        var mention = await world.MailAsync("l2@alpha.example", code);
        Assert.Contains("cableado", mention.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://soporte.example/console/{world.Alpha}/#/tickets/{code}", mention.TextBody, StringComparison.Ordinal);

        // A public reply after it proves the mail pipeline for Ana works; the note never reached her.
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Lo revisamos.");
        await world.MailAsync("ana@a.example", code);
        Assert.All(await world.MailsToAsync("ana@a.example"), m => Assert.DoesNotContain("contraseña del pilar", m.Raw, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatusChangesThatMatterAndAssignmentsAreMailedToTheRightPeople()
    {
        var code = await TicketAsync(world.Ana, "Cambios de estado");
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { assignees = new[] { world.L1.Id, world.L2.Id } });
        var assigned = await world.MailAsync("l2@alpha.example", code);
        Assert.Contains(code, assigned.Subject, StringComparison.Ordinal);

        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { waitingOn = "customer" });
        await world.MailAsync("ana@a.example", code);
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });
        var finished = await world.Sink.WaitForCountAsync(m => EmailWorld.IsOurs(m, world.Alpha) && m.EnvelopeTo.Contains("ana@a.example") && m.Subject.Contains(code, StringComparison.Ordinal), 2);
        Assert.NotEqual(finished[0].Subject, finished[1].Subject);

        // L1 assigned themself and changed the status: none of it mailed to L1.
        Assert.DoesNotContain(await world.MailsToAsync("l1@alpha.example"), m => m.Subject.Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ContactsCopiedOnTheTicketGetItsPublicRepliesAndCanReadIt()
    {
        var code = await TicketAsync(world.Ana, "Con copia a Alex");
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { cc = new[] { world.Alex.Id } });
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Respuesta para los dos.");

        await world.MailAsync("alex@a.example", code);
        await world.MailAsync("ana@a.example", code);

        // A contact of another customer cannot be copied.
        var (_, etag) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        using var response = await world.L1.Client.PatchAsync(world.Api(world.Alpha, $"/tickets/{code}"), new { cc = new[] { world.Bob.Id } }, etag);
        await response.ProblemAsync(HttpStatusCode.BadRequest, "unknown_contact");
    }

    [Fact]
    public async Task AMagicLinkSignsInOnceAndUnknownAddressesGetNothing()
    {
        using (var ask = await world.Anonymous.PostAsync(world.Api(world.Alpha, "/auth/magic-link"), new { email = "ana@a.example" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, ask.StatusCode);
        }

        using (var unknown = await world.Anonymous.PostAsync(world.Api(world.Alpha, "/auth/magic-link"), new { email = "nadie@a.example" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        }

        using (var staff = await world.Anonymous.PostAsync(world.Api(world.Alpha, "/auth/magic-link"), new { email = "l1@alpha.example" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, staff.StatusCode);
        }

        var mail = await world.Sink.WaitForAsync(m => m.EnvelopeTo.Contains("ana@a.example") && m.TextBody.Contains($"/portal/{world.Alpha}/#/magic/", StringComparison.Ordinal));
        var token = MagicToken().Match(mail.TextBody).Groups[1].Value;

        using var redeem = await world.Anonymous.PostAsync(world.Api(world.Alpha, "/auth/magic-link/redeem"), new { token });
        var session = await redeem.JsonAsync(HttpStatusCode.OK);
        using var client = world.Factory.CreateClient().WithToken((string)session["token"]!);
        Assert.Equal(world.Ana.Id, (string?)(await client.GetJsonAsync(world.Api(world.Alpha, "/me")))["id"]);

        using var again = await world.Anonymous.PostAsync(world.Api(world.Alpha, "/auth/magic-link/redeem"), new { token });
        await again.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_magic_link");
        using var elsewhere = await world.Anonymous.PostAsync(world.Api(world.Beta, "/auth/magic-link/redeem"), new { token });
        await elsewhere.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_magic_link");

        Assert.DoesNotContain(await world.Sink.MessagesAsync(), m => m.EnvelopeTo.Contains("nadie@a.example"));
        Assert.DoesNotContain(await world.MailsToAsync("l1@alpha.example"), m => m.TextBody.Contains("/#/magic/", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"/#/magic/([A-Za-z0-9_-]+)")]
    private static partial Regex MagicToken();
}
