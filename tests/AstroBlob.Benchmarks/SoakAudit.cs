using System.Net;
using System.Text.Json;
using AstroBlob.Functions.Email;
using AstroBlob.Functions.Notifications;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tests.Infrastructure;
using Azure.Data.Tables;

namespace AstroBlob.Benchmarks;

/// <summary>One kind of thing the audit counted: how many it expected, found once, lost, duplicated.</summary>
internal sealed record AuditLine(string What, int Expected, int Once, int Lost, int Duplicated, string? Note = null)
{
    public bool Clean => Lost == 0 && Duplicated == 0 && Once == Expected;
}

/// <summary>Counts one kind of thing: each expected item is found once, not at all (lost), or more often (duplicated).</summary>
internal sealed class Tally(string what, Action<string> problem)
{
    private int _expected, _once, _lost, _duplicated;

    /// <summary>An item that should be there once, found <paramref name="found"/> times; <paramref name="item"/> names it in a problem.</summary>
    public void Expect(string item, int found, string? where = null)
    {
        _expected++;
        if (found == 1)
        {
            _once++;
        }
        else if (found == 0)
        {
            _lost++;
            problem($"{item}: expected once, not found{where}");
        }
        else
        {
            _duplicated++;
            problem($"{item}: expected once, found {found} times{where}");
        }
    }

    /// <summary>Something that should not be there at all (or not more than once) and is.</summary>
    public void Extra(string item)
    {
        _duplicated++;
        problem(item);
    }

    public AuditLine Line() => new(what, _expected, _once, _lost, _duplicated);
}

/// <summary>What the audit found, with up to a few examples of each problem.</summary>
internal sealed record AuditFindings(IReadOnlyList<AuditLine> Lines, IReadOnlyList<string> Problems, IReadOnlyDictionary<string, int> Facts)
{
    public bool Clean => Problems.Count == 0 && Lines.All(l => l.Clean);
}

/// <summary>
/// After the traffic: waits until the host has caught up (no outbox rows, no queued mail,
/// attachment or merge job, no SLA timer overdue in the due index), then reads everything back
/// through the API as the admin (and the mail from the sink, and the sent-mail and notification
/// rows from Table Storage) and compares it with the <see cref="SoakLedger"/>.
/// </summary>
internal sealed class SoakAudit(SoakWorld world, SoakClient client, SoakLedger ledger, SmtpSinkInstance sink, string connectionString, string tablePrefix)
{
    /// <summary>How long after the relay accepted a mail a host kill can still catch the sender before its sent record (the record is retried while storage is away).</summary>
    private static readonly TimeSpan SendWindow = TimeSpan.FromSeconds(15);

    private const int SinkCapacity = 5000;
    private static readonly string[] WorkQueues = [EmailSendFunction.Queue, Functions.Attachments.AttachmentService.EventQueue, Functions.Desk.MergeService.Queue];

    /// <summary>
    /// Polls until every SLA instant of the accepted tickets has passed and the host's backlog is
    /// empty; returns how long that took, or null if it was not within <paramref name="limit"/>.
    /// </summary>
    public async Task<(TimeSpan? Took, string Backlog)> SettleAsync(TimeSpan limit, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lastInstant = ledger.Tickets.Values.Where(t => t.Priority == "critical").Select(t => t.AcceptedAt + SoakWorld.CriticalFirstResponse)
            .DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var backlog = "not read yet";
        while (clock.Elapsed < limit)
        {
            var wait = lastInstant - DateTimeOffset.UtcNow;
            backlog = wait > TimeSpan.Zero ? $"the last SLA instant is {wait.TotalSeconds:F0} s away" : await BacklogAsync(ct);
            if (backlog.Length == 0)
            {
                return (clock.Elapsed, backlog);
            }

            // The backlog is only visible by reading it: poll.
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        return (null, backlog);
    }

    private async Task<string> BacklogAsync(CancellationToken ct)
    {
        var parts = new List<string>();
        var tickets = new TableClient(connectionString, tablePrefix + "Tickets");
        var outbox = await StorageReads.CountRowsAsync(tickets, JsonRows.PrefixFilter(world.Slug, "ob|"), ct);
        if (outbox > 0)
        {
            parts.Add($"{outbox} outbox rows");
        }

        var due = TableClient.CreateQueryFilter($"PartitionKey eq {world.Slug} and RowKey gt {"x|due|"} and RowKey lt {"x|due|" + Keys.Ascending(DateTimeOffset.UtcNow.AddSeconds(-1)) + "|~"}");
        var overdue = await StorageReads.CountRowsAsync(tickets, due, ct);
        if (overdue > 0)
        {
            parts.Add($"{overdue} SLA timers overdue");
        }

        foreach (var queue in WorkQueues)
        {
            if (await StorageReads.QueueLengthAsync(connectionString, queue, ct) is > 0 and var n)
            {
                parts.Add($"{n} in {queue}");
            }
        }

        return string.Join(", ", parts);
    }

    /// <param name="hostKills">When the host was killed: a mail sent again right after one of them is SMTP's at-least-once, not a lost record.</param>
    public async Task<AuditFindings> RunAsync(IReadOnlyList<DateTimeOffset> hostKills, CancellationToken ct)
    {
        var problems = new List<string>();
        var lines = new List<AuditLine>();
        var facts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Problem(string text)
        {
            if (problems.Count < 40)
            {
                problems.Add(text);
            }
        }

        // --- tickets ----------------------------------------------------------------------------
        var tickets = await AllTicketsAsync(ct);
        facts["tickets stored"] = tickets.Count;
        var byTitleMarker = tickets.SelectMany(t => SoakLedger.MarkersIn(t.GetProperty("title").GetString()).Select(m => (Marker: m, Ticket: t)))
            .ToLookup(x => x.Marker, x => x.Ticket, StringComparer.Ordinal);
        var ticketTally = new Tally("tickets", Problem);
        foreach (var accepted in ledger.Tickets.Values)
        {
            // Stored under the code it was accepted with: a ticket stored under another code is lost.
            var found = byTitleMarker[accepted.Marker].Select(t => t.GetProperty("code").GetString()).ToList();
            ticketTally.Expect($"ticket {accepted.Code} {accepted.Marker}", found.Count(c => c == accepted.Code) + found.Count(c => c != accepted.Code && found.Count > 1),
                found.Count == 0 ? null : $" (stored as {string.Join(", ", found)})");
        }

        foreach (var stray in byTitleMarker.Where(g => !ledger.Tickets.ContainsKey(g.Key) && (g.Count() > 1 || !ledger.Unknown.ContainsKey(g.Key))))
        {
            ticketTally.Extra($"ticket {stray.Key} is stored ({stray.Count()}x) but was never acknowledged");
        }

        lines.Add(ticketTally.Line());

        // --- messages ---------------------------------------------------------------------------
        var conversations = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        foreach (var code in tickets.Select(t => t.GetProperty("code").GetString()!))
        {
            conversations[code] = await ConversationAsync(code, ct);
        }

        var markerPlaces = conversations
            .SelectMany(c => c.Value.SelectMany(m => SoakLedger.MarkersIn(m.GetProperty("body").GetString()).Select(marker => (marker, Code: c.Key))))
            .ToLookup(x => x.marker, x => x.Code, StringComparer.Ordinal);
        foreach (var route in Enum.GetValues<MessageRoute>())
        {
            var tally = new Tally(RouteName(route), Problem);
            foreach (var m in ledger.Messages.Values.Where(m => m.Route == route))
            {
                // In its own ticket's conversation; one elsewhere counts as lost there and extra where it is.
                var places = markerPlaces[m.Marker].ToList();
                tally.Expect($"{route} {m.Marker} on {m.Code}", places.Count(c => c == m.Code) + (places.Contains(m.Code, StringComparer.Ordinal) ? places.Count(c => c != m.Code) : 0),
                    places.Count == 0 ? null : $" (on {string.Join(", ", places)})");
            }

            lines.Add(tally.Line());
        }

        var strayMessages = markerPlaces.Where(g => !ledger.Messages.ContainsKey(g.Key)).ToList();
        var strayDuplicates = strayMessages.Where(g => g.Count() > 1 || !ledger.Unknown.ContainsKey(g.Key)).ToList();
        foreach (var stray in strayDuplicates.Take(5))
        {
            Problem($"message {stray.Key} is stored ({stray.Count()}x, on {string.Join(", ", stray)}) but was never acknowledged");
        }

        facts["messages stored"] = conversations.Values.Sum(c => c.Count);
        facts["messages of unknown outcome, stored once"] = strayMessages.Count - strayDuplicates.Count;

        // --- attachments ------------------------------------------------------------------------
        var files = ledger.Messages.Values.Where(m => m.AttachmentId is not null).ToList();
        var pictures = new Tally("pictures processed", Problem);
        foreach (var m in files)
        {
            var file = await client.JsonAsync(HttpMethod.Get, $"{world.Api}/tickets/{m.Code}/attachments/{m.AttachmentId}", world.Admin.Token, null, ct);
            var state = file.Status == HttpStatusCode.OK ? file.Text("state") : $"HTTP {(int)file.Status}";
            pictures.Expect($"file {m.AttachmentId} on {m.Code} ready", state == "ready" ? 1 : 0, $" (it is {state})");
        }

        lines.Add(pictures.Line());

        // --- SLA --------------------------------------------------------------------------------
        var notifications = await NotificationsAsync(ct);
        var sla = await AuditSlaAsync(tickets, conversations, notifications, Problem, facts, ct);
        lines.AddRange(sla);

        // --- mail -------------------------------------------------------------------------------
        lines.AddRange(await AuditMailAsync(tickets, notifications, hostKills, Problem, facts, ct));
        return new AuditFindings(lines, problems, facts);
    }

    private async Task<IReadOnlyList<AuditLine>> AuditSlaAsync(
        IReadOnlyList<JsonElement> tickets, Dictionary<string, List<JsonElement>> conversations, IReadOnlyList<Notification> notifications,
        Action<string> problem, Dictionary<string, int> facts, CancellationToken ct)
    {
        var warnAfter = SoakWorld.CriticalFirstResponse * SoakWorld.WarningPercent / 100;
        var margin = TimeSpan.FromSeconds(1.5);
        var byTicket = notifications.ToLookup(n => (n.TicketCode, n.Kind));
        var warnings = new Tally("SLA warnings (yellow)", problem);
        var breaches = new Tally("SLA breaches (red)", problem);
        var escalations = new Tally("escalations to level 2", problem);
        int borderline = 0, dueMismatch = 0;
        foreach (var t in tickets)
        {
            var code = t.GetProperty("code").GetString()!;
            var critical = t.GetProperty("priority").GetString() == "critical";
            var created = t.GetProperty("createdAt").GetDateTimeOffset();
            var firstAnswer = conversations[code]
                .Where(m => m.GetProperty("authorKind").GetString() == "staff" && m.GetProperty("visibility").GetString() == "public")
                .Select(m => (DateTimeOffset?)m.GetProperty("createdAt").GetDateTimeOffset())
                .Min();
            if (critical && t.TryGetProperty("sla", out var view) && view.ValueKind == JsonValueKind.Object
                && view.TryGetProperty("firstResponseDueAt", out var dueAt) && dueAt.ValueKind == JsonValueKind.String
                && (dueAt.GetDateTimeOffset() - (created + SoakWorld.CriticalFirstResponse)).Duration() > TimeSpan.FromMilliseconds(5))
            {
                dueMismatch++;
                problem($"{code}: first response due at {dueAt.GetDateTimeOffset():O}, expected {created + SoakWorld.CriticalFirstResponse:O}");
            }

            var activity = await ActivityAsync(code, ct);
            var breached = activity.Count(a => a.GetProperty("action").GetString() == "sla_breached");
            var escalated = activity.Count(a => a.GetProperty("action").GetString() == "escalated" && a.GetProperty("actorId").GetString() == "sla");
            var warned = byTicket[(code, "sla_warning")].GroupBy(n => n.UserId).Select(g => g.Count()).DefaultIfEmpty(0).Max();
            Judge(warnings, warnAfter, warned, "warning", SoakWorld.CriticalFirstResponse);
            Judge(breaches, SoakWorld.CriticalFirstResponse, breached, "breach");
            Judge(escalations, SoakWorld.CriticalFirstResponse, escalated, "escalation");

            // The transition is due when no public answer came before its instant; an answer within
            // the margin of it makes either outcome right, but never two.
            // A warning the monitor had not sent yet when the answer came (e.g. the host was down at
            // its instant) is rightly dropped: it would only be noise. So an answer between the
            // warning and the breach allows 0 or 1 warnings; a breach is recorded however late.
            void Judge(Tally tally, TimeSpan after, int found, string what, TimeSpan? staleAfter = null)
            {
                var due = created + after;
                var answeredAtTheInstant = firstAnswer is { } answered
                    && ((answered - due).Duration() < margin || (staleAfter is { } stale && answered > due && answered < created + stale));
                var item = $"{code}: SLA {what} (created {created:HH:mm:ss.fff}, first answer {firstAnswer:HH:mm:ss.fff})";
                if (critical && answeredAtTheInstant)
                {
                    borderline++;
                    if (found > 1)
                    {
                        tally.Extra($"{item} happened {found} times");
                    }
                }
                else if (critical && (firstAnswer is not { } a || a > due))
                {
                    tally.Expect(item, found);
                }
                else if (found > 0)
                {
                    tally.Extra($"{item} happened {found} times but was not due");
                }
            }
        }

        facts["SLA instants where either outcome is right (an answer within 1.5 s of it, or a warning the answer overtook)"] = borderline;
        facts["first-response deadlines off the policy"] = dueMismatch;
        return
        [
            warnings.Line(),
            breaches.Line(),
            escalations.Line(),
        ];
    }

    private async Task<IReadOnlyList<AuditLine>> AuditMailAsync(
        IReadOnlyList<JsonElement> tickets, IReadOnlyList<Notification> notifications, IReadOnlyList<DateTimeOffset> hostKills,
        Action<string> problem, Dictionary<string, int> facts, CancellationToken ct)
    {
        var mails = await sink.MessagesAsync();
        facts["mails caught by the sink"] = mails.Count;
        if (mails.Count >= SinkCapacity)
        {
            problem($"the SMTP sink holds {mails.Count} mails, its limit: it may have dropped some; run a shorter soak");
        }

        // SMTP cannot be undone: a host killed after the relay's "250" and before the sent record
        // sends that mail again when it restarts (same Message-ID, which mail clients show once).
        // Such a second copy is counted apart; any other second copy is a duplicate.
        var crashResends = new HashSet<string>(StringComparer.Ordinal);
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in mails.Where(m => m.MessageId is not null).GroupBy(m => m.MessageId!, StringComparer.Ordinal))
        {
            var times = group.Select(m => m.ReceivedAt).Order().ToList();
            var explained = times.Count == 2 && hostKills.Any(k => k >= times[0].AddSeconds(-1) && k <= times[0] + SendWindow && k <= times[1]);
            if (explained)
            {
                crashResends.Add(group.Key);
            }

            copies[group.Key] = explained ? 1 : times.Count;
        }

        facts["mails sent again after a host kill between the relay's acceptance and the sent record (same Message-ID)"] = crashResends.Count;
        var sent = new List<(string JobId, string MessageId, string Kind)>();
        var table = new TableClient(connectionString, tablePrefix + "Notifications");
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {world.Slug + "|~mail"}"), cancellationToken: ct))
        {
            sent.Add((row.RowKey, row.GetString("MessageId") ?? string.Empty, row.GetString("Kind") ?? string.Empty));
        }

        var sentIds = sent.Select(s => s.MessageId).ToHashSet(StringComparer.Ordinal);

        // Every mail the host recorded as sent arrived once; none arrived that it did not record.
        var delivered = new Tally("mails recorded as sent, delivered", problem);
        foreach (var s in sent)
        {
            delivered.Expect($"mail {s.MessageId} ({s.Kind}, job {s.JobId}) at the sink", copies.GetValueOrDefault(s.MessageId));
        }

        var unrecorded = copies.Keys.Where(id => !sentIds.Contains(id)).ToList();
        foreach (var id in unrecorded)
        {
            delivered.Extra($"mail {id} reached the sink ({copies[id]}x) but the host has no record of sending it");
        }

        facts["mails delivered with no sent record"] = unrecorded.Count;

        // Each accepted staff reply was mailed to its customer exactly once.
        var contactOf = world.Customers.ToDictionary(c => c.CustomerId, c => c.Contact.Email, StringComparer.Ordinal);
        var customerOf = tickets.ToDictionary(t => t.GetProperty("code").GetString()!, t => t.GetProperty("customerId").GetString()!, StringComparer.Ordinal);
        var mailsByMarker = mails
            .SelectMany(m => SoakLedger.MarkersIn(m.TextBody).Distinct(StringComparer.Ordinal).Select(marker => (marker, Mail: m)))
            .ToLookup(x => x.marker, x => x.Mail, StringComparer.Ordinal);
        var replies = new Tally("staff replies mailed to the customer", problem);
        foreach (var reply in ledger.Messages.Values.Where(m => m.Route == MessageRoute.StaffReply))
        {
            var to = contactOf[customerOf[reply.Code]];
            // Distinct mails (Message-IDs): copies of one mail are judged in the "recorded as sent" line.
            replies.Expect($"staff reply {reply.Marker} on {reply.Code} mailed to {to}",
                mailsByMarker[reply.Marker].Where(m => m.EnvelopeTo.Contains(to, StringComparer.OrdinalIgnoreCase)).Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        }

        // Each SLA notification's mail went out once.
        var notices = new Tally("SLA notices mailed to staff", problem);
        var sentByJob = sent.ToDictionary(s => s.JobId, s => s.MessageId, StringComparer.Ordinal);
        foreach (var n in notifications.Where(n => n.Kind is "sla_warning" or "sla_breach" or "sla_escalated"))
        {
            var job = MailJob.IdFor("notification|" + n.Id);
            notices.Expect($"{n.Kind} of {n.TicketCode} to {n.UserId} mailed", sentByJob.TryGetValue(job, out var messageId) ? copies.GetValueOrDefault(messageId) : 0);
        }

        return [replies.Line(), notices.Line(), delivered.Line()];
    }

    private Task<List<JsonElement>> AllTicketsAsync(CancellationToken ct) =>
        PagesAsync($"{world.Api}/tickets?limit=100", "cursor", "nextCursor", ct);

    private Task<List<JsonElement>> ConversationAsync(string code, CancellationToken ct) =>
        PagesAsync($"{world.Api}/tickets/{code}/messages?limit=500", "after", "next", ct);

    /// <summary>Every item of a paged list, following its cursor (<paramref name="nextProperty"/> in the answer, <paramref name="cursorParameter"/> in the query).</summary>
    private async Task<List<JsonElement>> PagesAsync(string path, string cursorParameter, string nextProperty, CancellationToken ct)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await client.JsonAsync(HttpMethod.Get,
                path + (cursor is null ? string.Empty : $"&{cursorParameter}={Uri.EscapeDataString(cursor)}"), world.Admin.Token, null, ct);
            if (page.Status != HttpStatusCode.OK)
            {
                throw new BenchmarkException($"GET {path} answered {(int)page.Status}: {page.Json}");
            }

            all.AddRange(page.Json!.Value.GetProperty("items").EnumerateArray());
            cursor = page.Json!.Value.TryGetProperty(nextProperty, out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return all;
    }

    private async Task<List<JsonElement>> ActivityAsync(string code, CancellationToken ct)
    {
        var answer = await client.JsonAsync(HttpMethod.Get, $"{world.Api}/tickets/{code}/activity", world.Admin.Token, null, ct);
        return answer.Status == HttpStatusCode.OK
            ? [.. answer.Json!.Value.EnumerateArray()]
            : throw new BenchmarkException($"Reading the activity of {code} answered {(int)answer.Status}: {answer.Json}");
    }

    /// <summary>Every person's notifications, straight from Table Storage.</summary>
    private async Task<IReadOnlyList<Notification>> NotificationsAsync(CancellationToken ct)
    {
        var table = new TableClient(connectionString, tablePrefix + "Notifications");
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {world.Slug + "|"} and PartitionKey lt {world.Slug + "|~"} and RowKey ge {"n|"} and RowKey lt {"n|~"}");
        var all = new List<Notification>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            all.Add(JsonRows.Read<Notification>(row));
        }

        return all;
    }

    public static string RouteName(MessageRoute route) => route switch
    {
        MessageRoute.CustomerPortal => "customer messages (portal)",
        MessageRoute.CustomerMail => "customer replies by e-mail",
        MessageRoute.StaffReply => "staff public replies",
        MessageRoute.StaffNote => "staff internal notes",
        _ => route.ToString(),
    };
}
