using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AstroBlob.Functions.Tests.Infrastructure;
using ImageMagick;

namespace AstroBlob.Benchmarks;

/// <summary>
/// The people of the soak, each an endless loop until told to stop: customers open tickets (some
/// with a picture) and answer in the portal, sign off finished work; technicians answer what
/// waits on them, write internal notes and change statuses; customers also answer staff replies
/// by e-mail. Whatever the host accepts goes to the <see cref="SoakLedger"/>.
/// </summary>
internal sealed class SoakTraffic(SoakWorld world, SoakClient client, SoakLedger ledger, SoakCounters counters, SmtpSinkInstance sink)
{
    private static readonly string[] Titles =
    [
        "La montura pierde el guiado", "El enfocador no responde", "Instalar la cámara nueva", "Actualizar el firmware de la cúpula",
        "Visita para colimar", "Las flats salen con viñeteo", "El techo no cierra del todo", "Pregunta sobre el seeing de anoche",
    ];

    private static readonly string[] Types = ["question", "installation", "repair", "upgrade", "visit"];
    private static readonly string[] OtherPriorities = ["low", "medium", "high"];

    private readonly byte[] _picture = Picture();
    private readonly HashSet<string> _mailsSeen = new(StringComparer.Ordinal);

    /// <summary>Runs every person's loop until <paramref name="stop"/>; each finishes what it is doing first.</summary>
    public Task RunAsync(CancellationToken stop, CancellationToken ct)
    {
        var loops = new List<Task>();
        foreach (var customer in world.Customers)
        {
            loops.Add(Loop($"customer {customer.Index}", stop, ct, random => CustomerStepAsync(customer, random, ct)));
        }

        foreach (var technician in world.Technicians)
        {
            loops.Add(Loop($"technician {technician.Email}", stop, ct, random => TechnicianStepAsync(technician, random, ct)));
        }

        loops.Add(Loop("mailbox", stop, ct, random => MailboxStepAsync(random, ct)));
        return Task.WhenAll(loops);
    }

    private async Task Loop(string who, CancellationToken stop, CancellationToken ct, Func<Random, Task<TimeSpan>> step)
    {
        var random = new Random(who.GetHashCode(StringComparison.Ordinal));
        while (!stop.IsCancellationRequested)
        {
            TimeSpan pause;
            try
            {
                pause = await step(random);
            }
            catch (SoakGaveUpException e)
            {
                counters.Sample($"{who}: {e.Message}");
                pause = TimeSpan.FromSeconds(1);
            }

            try
            {
                // Think time: people pause between actions.
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static TimeSpan Seconds(Random random, double min, double max) => TimeSpan.FromSeconds(min + (random.NextDouble() * (max - min)));

    // --- customers -------------------------------------------------------------------------------

    private async Task<TimeSpan> CustomerStepAsync(SoakCustomer customer, Random random, CancellationToken ct)
    {
        var mine = ledger.Tickets.Values.Where(t => t.Customer == customer.Index).ToList();
        if (mine.Count == 0 || random.NextDouble() < 0.35)
        {
            await OpenTicketAsync(customer, random, ct);
        }
        else
        {
            await FollowUpAsync(customer, mine[random.Next(mine.Count)], random, ct);
        }

        return Seconds(random, 1.5, 4);
    }

    private async Task OpenTicketAsync(SoakCustomer customer, Random random, CancellationToken ct)
    {
        var marker = SoakLedger.NewMarker();
        var priority = random.NextDouble() < 0.5 ? "critical" : OtherPriorities[random.Next(OtherPriorities.Length)];
        var answer = await client.JsonAsync(HttpMethod.Post, $"{world.Api}/tickets", customer.Contact.Token, new
        {
            title = $"{Titles[random.Next(Titles.Length)]} {marker}",
            description = "Desde anoche pasa siempre a la misma hora; adjunto lo que veo.",
            type = Types[random.Next(Types.Length)],
            priority,
            telescopeId = random.NextDouble() < 0.6 ? customer.TelescopeIds[random.Next(customer.TelescopeIds.Count)] : null,
        }, ct, idempotencyKey: marker);
        if (answer.Status is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            ledger.Refused($"create ticket {(int)answer.Status}");
            return;
        }

        var code = answer.Text("code");
        ledger.Tickets[marker] = new AcceptedTicket(marker, code, customer.Index, priority, DateTimeOffset.UtcNow);
        if (random.NextDouble() < 0.3)
        {
            await SendPictureAsync(customer, code, ct);
        }
    }

    /// <summary>The portal's upload: a slot, the bytes straight to storage, then a message that carries the file.</summary>
    private async Task SendPictureAsync(SoakCustomer customer, string code, CancellationToken ct)
    {
        var files = $"{world.Api}/tickets/{code}/attachments";
        var slot = await client.JsonAsync(HttpMethod.Post, files, customer.Contact.Token,
            new { fileName = "flat-frame.png", size = _picture.Length, contentType = "image/png" }, ct);
        Interlocked.Increment(ref ledger.UploadSlots);
        if (slot.Status != HttpStatusCode.Created)
        {
            ledger.Refused($"upload slot {(int)slot.Status}");
            return;
        }

        var json = slot.Json!.Value;
        var id = json.GetProperty("attachment").GetProperty("id").GetString()!;
        var headers = json.GetProperty("uploadHeaders").EnumerateObject().Select(h => (h.Name, h.Value.GetString()!)).ToArray();
        var put = await client.SendAsync(HttpMethod.Put, json.GetProperty("uploadUrl").GetString()!, null, (_picture, "image/png"), ct, headers: headers);
        if (put.Status != HttpStatusCode.Created)
        {
            ledger.Refused($"upload PUT {(int)put.Status}");
            return;
        }

        Interlocked.Increment(ref ledger.Uploads);
        var marker = SoakLedger.NewMarker();
        await PostMessageAsync(customer.Contact.Token, code, $"Os mando una flat de anoche. {marker}", "public", marker, MessageRoute.CustomerPortal, id, ct);
    }

    private async Task FollowUpAsync(SoakCustomer customer, AcceptedTicket ticket, Random random, CancellationToken ct)
    {
        var current = await client.JsonAsync(HttpMethod.Get, $"{world.Api}/tickets/{ticket.Code}", customer.Contact.Token, null, ct);
        if (current.Status != HttpStatusCode.OK)
        {
            ledger.Refused($"read own ticket {(int)current.Status}");
            return;
        }

        switch (current.Text("status"))
        {
            case "closed" or "cancelled":
                return;
            case "finished" when random.NextDouble() < 0.6:
                var signoff = await client.JsonAsync(HttpMethod.Post, $"{world.Api}/tickets/{ticket.Code}/signoff", customer.Contact.Token, null, ct);
                if (signoff.Status == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref ledger.SignOffs);
                }
                else
                {
                    ledger.Refused($"sign-off {(int)signoff.Status} {Code(signoff)}");
                }

                return;
            default:
                var marker = SoakLedger.NewMarker();
                await PostMessageAsync(customer.Contact.Token, ticket.Code, $"Sigue pasando esta noche. {marker}", "public", marker, MessageRoute.CustomerPortal, null, ct);
                return;
        }
    }

    // --- technicians -----------------------------------------------------------------------------

    /// <summary>
    /// How long the desk leaves a critical ticket before its first answer, from its code: a quarter
    /// each answered in time, after the warning, after the breach, and never. Other priorities get
    /// an answer after a few seconds.
    /// </summary>
    public static TimeSpan? PlannedFirstAnswer(string code, string priority)
    {
        if (priority != "critical")
        {
            return TimeSpan.FromSeconds(6);
        }

        var bucket = code.Aggregate(0, (h, c) => (h * 31) + c) & 3;
        return bucket switch
        {
            0 => TimeSpan.FromSeconds(4),
            1 => TimeSpan.FromSeconds(27),
            2 => TimeSpan.FromSeconds(52),
            _ => null,
        };
    }

    private async Task<TimeSpan> TechnicianStepAsync(SoakPerson technician, Random random, CancellationToken ct)
    {
        var list = await client.JsonAsync(HttpMethod.Get, $"{world.Api}/tickets?active=true&limit=100", technician.Token, null, ct);
        if (list.Status != HttpStatusCode.OK)
        {
            ledger.Refused($"queue {(int)list.Status}");
            return Seconds(random, 1, 2);
        }

        var now = DateTimeOffset.UtcNow;
        var due = list.Json!.Value.GetProperty("items").EnumerateArray()
            .Where(t =>
            {
                var plan = PlannedFirstAnswer(t.GetProperty("code").GetString()!, t.GetProperty("priority").GetString()!);
                return plan is { } after && t.GetProperty("createdAt").GetDateTimeOffset() + after <= now;
            })
            .Select(t => t.GetProperty("code").GetString()!)
            .OrderBy(_ => random.Next())
            .Take(4)
            .ToList();
        foreach (var code in due)
        {
            var conversation = await client.JsonAsync(HttpMethod.Get, $"{world.Api}/tickets/{code}/messages", technician.Token, null, ct);
            if (conversation.Status != HttpStatusCode.OK)
            {
                continue;
            }

            var publicMessages = conversation.Json!.Value.GetProperty("items").EnumerateArray().Where(m => m.GetProperty("visibility").GetString() == "public").ToList();
            var waitsOnUs = publicMessages.Count == 0 || publicMessages[^1].GetProperty("authorKind").GetString() == "customer";
            if (waitsOnUs)
            {
                await AnswerAsync(technician, code, random, ct);
                return Seconds(random, 0.5, 2);
            }
        }

        return Seconds(random, 1, 2.5);
    }

    private async Task AnswerAsync(SoakPerson technician, string code, Random random, CancellationToken ct)
    {
        var marker = SoakLedger.NewMarker();
        await PostMessageAsync(technician.Token, code, $"Hola, lo estamos mirando. ¿Puedes probar a reiniciar el controlador? {marker}", "public", marker, MessageRoute.StaffReply, null, ct);
        if (random.NextDouble() < 0.3)
        {
            var note = SoakLedger.NewMarker();
            await PostMessageAsync(technician.Token, code, $"Nota interna: revisar el cableado del enfocador. {note}", "internal", note, MessageRoute.StaffNote, null, ct);
        }

        if (random.NextDouble() < 0.5)
        {
            var change = random.NextDouble() switch
            {
                < 0.4 => (object)new { status = "in_progress" },
                < 0.7 => new { status = "in_progress", waitingOn = "customer" },
                _ => new { status = "finished" },
            };
            await ChangeStatusAsync(technician, code, change, ct);
        }
    }

    /// <summary>Read the ticket, then change it with If-Match; a 412 means someone else changed it first.</summary>
    private async Task ChangeStatusAsync(SoakPerson technician, string code, object change, CancellationToken ct)
    {
        var current = await client.JsonAsync(HttpMethod.Get, $"{world.Api}/tickets/{code}", technician.Token, null, ct);
        if (current.Status != HttpStatusCode.OK || current.ETag is null)
        {
            return;
        }

        var patch = await client.JsonAsync(HttpMethod.Patch, $"{world.Api}/tickets/{code}", technician.Token, change, ct, ifMatch: current.ETag);
        switch (patch.Status)
        {
            case HttpStatusCode.OK:
                Interlocked.Increment(ref ledger.StatusChanges);
                break;
            case HttpStatusCode.PreconditionFailed:
                // Also what a retry meets when its first attempt went through: the ETag moved on.
                counters.Add(ref counters.Conflicts);
                break;
            default:
                ledger.Refused($"status change {(int)patch.Status} {Code(patch)}");
                break;
        }
    }

    // --- messages --------------------------------------------------------------------------------

    private async Task PostMessageAsync(
        string token, string code, string body, string visibility, string marker, MessageRoute route, string? attachmentId, CancellationToken ct)
    {
        SoakAnswer answer;
        try
        {
            answer = await client.JsonAsync(HttpMethod.Post, $"{world.Api}/tickets/{code}/messages", token,
                new { body, visibility, attachmentIds = attachmentId is null ? null : new[] { attachmentId } }, ct, idempotencyKey: marker);
        }
        catch (SoakGaveUpException)
        {
            ledger.Unknown[marker] = code;
            throw;
        }

        if (answer.Status is HttpStatusCode.Created or HttpStatusCode.OK)
        {
            ledger.Messages[marker] = new AcceptedMessage(marker, code, route, attachmentId);
        }
        else
        {
            ledger.Refused($"{route} message {(int)answer.Status} {Code(answer)}");
        }
    }

    // --- the customers' mailboxes ----------------------------------------------------------------

    /// <summary>Reads the mail caught for customers and answers about a third of the staff replies by e-mail, quoting them.</summary>
    private async Task<TimeSpan> MailboxStepAsync(Random random, CancellationToken ct)
    {
        IReadOnlyList<CaughtMail> mails;
        try
        {
            mails = await sink.MessagesAsync();
        }
        catch (HttpRequestException)
        {
            return TimeSpan.FromSeconds(2);
        }

        var customers = world.Customers.ToDictionary(c => c.Contact.Email, StringComparer.OrdinalIgnoreCase);
        foreach (var mail in mails)
        {
            if (!_mailsSeen.Add(mail.Id) || mail.EnvelopeTo.Select(a => customers.GetValueOrDefault(a)).FirstOrDefault(c => c is not null) is not { } customer)
            {
                continue;
            }

            if (mail.ReplyTo is null || !SoakLedger.MarkersIn(mail.TextBody).Any() || random.NextDouble() >= 0.35)
            {
                continue;
            }

            await AnswerByMailAsync(customer, mail, ct);
        }

        return TimeSpan.FromSeconds(2);
    }

    private async Task AnswerByMailAsync(SoakCustomer customer, CaughtMail original, CancellationToken ct)
    {
        var marker = SoakLedger.NewMarker();
        var messageId = $"{marker[6..^1]}@club{customer.Index}.example";
        var quoted = string.Join("\r\n", original.TextBody.ReplaceLineEndings("\n").Split('\n').Select(l => "> " + l));
        var raw = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"From: Socio {customer.Index} <{customer.Contact.Email}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: {original.ReplyTo}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Subject: =?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes("Re: " + original.Subject))}?=\r\n")
            .Append(CultureInfo.InvariantCulture, $"Message-ID: <{messageId}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"In-Reply-To: <{original.MessageId}>\r\nReferences: <{original.MessageId}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture)}\r\n")
            .Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
            .Append(CultureInfo.InvariantCulture, $"Ya lo he reiniciado y sigue igual. {marker}\r\n\r\n")
            .Append(CultureInfo.InvariantCulture, $"El {DateTimeOffset.UtcNow.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("es-ES"))}, Observatorio <soporte@astroblob.local> escribió:\r\n")
            .Append(quoted).Append("\r\n")
            .ToString();
        SoakAnswer answer;
        try
        {
            answer = await client.SendAsync(HttpMethod.Post, $"{world.Api}/inbound/email", null, SoakClient.Raw(raw, "message/rfc822"), ct,
                headers: ("X-Inbound-Secret", world.InboundSecret));
        }
        catch (SoakGaveUpException)
        {
            ledger.Unknown[marker] = "mail";
            throw;
        }

        var outcome = answer.Json is { } json && json.TryGetProperty("outcome", out var o) ? o.GetString() : null;
        if (answer.Status == HttpStatusCode.OK && outcome is "accepted" or "duplicate")
        {
            if (outcome == "duplicate")
            {
                Interlocked.Increment(ref ledger.MailReplays);
            }

            Interlocked.Increment(ref ledger.MailsAnswered);
            ledger.Messages[marker] = new AcceptedMessage(marker, answer.Text("ticketCode"), MessageRoute.CustomerMail, null);
        }
        else
        {
            ledger.Refused($"mail reply {(int)answer.Status} {outcome} {(answer.Json is { } j && j.TryGetProperty("reason", out var r) ? r.GetString() : null)}");
        }
    }

    private static string? Code(SoakAnswer answer) =>
        answer.Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>A small flat frame: a PNG with a gradient, made here so the run needs no files.</summary>
    private static byte[] Picture()
    {
        using var image = new MagickImage(new MagickColor("#202840"), 320, 240);
        image.Draw(new ImageMagick.Drawing.Drawables().FillColor(new MagickColor("#8090c0")).Circle(160, 120, 160, 40));
        image.Format = MagickFormat.Png;
        return image.ToByteArray();
    }
}
