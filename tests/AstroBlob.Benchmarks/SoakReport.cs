using System.Globalization;
using System.Text;

namespace AstroBlob.Benchmarks;

/// <summary>The soak's section of RESULTS.md.</summary>
internal static class SoakReport
{
    public static string Render(
        SoakOptions options, string hostCode, SoakLedger ledger, SoakCounters counters, IReadOnlyList<FaultRecord> faults,
        TimeSpan traffic, TimeSpan? settled, string backlog, AuditFindings findings, HostProcess host)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(SoakRun.Heading).AppendLine();
        var lost = findings.Lines.Sum(l => l.Lost);
        var duplicated = findings.Lines.Sum(l => l.Duplicated);
        sb.AppendLine(c, $"Last run on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {traffic.TotalMinutes:F1} min of traffic, {faults.Count} faults injected. ")
          .AppendLine(findings.Clean && settled is not null
              ? $"**Result: nothing lost, nothing duplicated** ({lost} lost, {duplicated} duplicated; everything due had happened and the host's backlog was empty {settled!.Value.TotalSeconds:F0} s after the traffic stopped, a wait that includes the last critical ticket's breach instant, up to {SoakWorld.CriticalFirstResponse.TotalSeconds:F0} s after it)."
              : $"**Result: {lost} lost, {duplicated} duplicated, {findings.Problems.Count} problems{(settled is null ? $"; the host had not caught up after the settle limit ({backlog})" : string.Empty)}** (listed below).")
          .AppendLine();

        sb.AppendLine("| Setup | |").AppendLine("| --- | --- |")
          .AppendLine(c, $"| Command | `dotnet run -c Release --project tests/AstroBlob.Benchmarks -- {options.CommandArgs}` |")
          .AppendLine(c, $"| CPU | {MachineFacts.Cpu} |")
          .AppendLine(c, $"| OS | {MachineFacts.Os} |")
          .AppendLine(c, $"| Host code | {hostCode} |")
          .AppendLine(c, $"| Processes | the host (`dotnet AstroBlob.Functions.dll`, Production), Azurite (Node.js {MachineFacts.NodeVersion()}) and the SMTP sink (`tools/smtp-sink.js`), each its own process on loopback |")
          .AppendLine(c, $"| People | {options.Customers} customers (one contact each, two telescopes each), {options.Technicians} first-line technicians, the customers' mailboxes |")
          .AppendLine(c, $"| SLA | critical: first response {SoakWorld.CriticalFirstResponse.TotalSeconds:F0} s, yellow at {SoakWorld.WarningPercent}%, escalation to level 2 on breach; other priorities: {SoakWorld.OtherFirstResponse.TotalHours:F0} h. Calendar always open |")
          .AppendLine();

        sb.AppendLine("Method: customers loop (a pause of 1.5–4 s between actions): open a ticket (half of them critical; 30% followed by a picture: upload slot, PUT straight to blob storage, a message carrying it), or follow up one of their tickets (a portal reply; a sign-off (VoBo) of a finished one). ")
          .AppendLine("Technicians read the open-work list and answer what waits on them: the first answer to a critical ticket comes after 4 s, 27 s (after yellow), 52 s (after red) or never, a quarter each, by its code; then perhaps an internal note and a status change (in progress, waiting on the customer, finished) with If-Match. ")
          .AppendLine("The mailboxes answer about a third of the staff replies by e-mail, quoting them, through the inbound webhook. ")
          .AppendLine("Every request is sent again until it has a definite answer (status below 500), for up to 3 minutes, with the same Idempotency-Key, If-Match or Message-ID, the way a careful client or mail relay does. ")
          .AppendLine("Faults cycle through: host SIGKILL (away 1–4 s; the kill waits, up to 3 s, until a write is under way, then 0–40 ms more, so writes are cut before or after they were applied), Azurite stopped (3–8 s), both (storage away, host killed meanwhile). Azurite is stopped with SIGTERM because its LokiJS store only writes to disk every 5 s, so SIGKILL would make it forget writes it had acknowledged; Azure Storage does not, so that would test the emulator. To the host it is the same outage. ")
          .AppendLine("After the traffic the run waits until the host has no outbox rows, no queued mail, attachment or merge job and no overdue SLA timer, then reads everything back (API as the admin, the sink's mail, the sent-mail and notification rows) and compares it with what the host accepted. An SLA transition is expected when no public staff answer came before its instant; where the answer came within 1.5 s of the instant either outcome counts as right, but never two; so does a warning still unsent when an answer came before the breach instant (e.g. the host was down at the warning instant), since sending it then would only be noise.")
          .AppendLine();

        sb.AppendLine("### Operations accepted").AppendLine().AppendLine("| Operation | Count |").AppendLine("| --- | ---: |");
        sb.AppendLine(c, $"| tickets opened | {ledger.Tickets.Count} |");
        foreach (var route in Enum.GetValues<MessageRoute>())
        {
            sb.AppendLine(c, $"| {SoakAudit.RouteName(route)} | {ledger.Messages.Values.Count(m => m.Route == route)} |");
        }

        sb.AppendLine(c, $"| pictures uploaded and posted | {ledger.Messages.Values.Count(m => m.AttachmentId is not null)} |")
          .AppendLine(c, $"| status changes | {ledger.StatusChanges} |")
          .AppendLine(c, $"| sign-offs (VoBo) | {ledger.SignOffs} |")
          .AppendLine(c, $"| HTTP requests (each counted once, however often sent) | {counters.Requests} |")
          .AppendLine();

        sb.AppendLine("### Faults injected").AppendLine().AppendLine("| # | At (mm:ss) | Fault | Away s | Back to ready s |").AppendLine("| ---: | --- | --- | ---: | ---: |");
        for (var i = 0; i < faults.Count; i++)
        {
            var f = faults[i];
            sb.AppendLine(c, $"| {i + 1} | {f.At:mm\\:ss} | {Describe(f.Kind)} | {f.Away.TotalSeconds:F1} | {f.BackToReady.TotalSeconds:F1} |");
        }

        sb.AppendLine()
          .AppendLine(c, $"What the clients met: {counters.Retries} retries; {counters.Refused} connections refused, {counters.Broken} cut mid-request, {counters.TimedOut} without an answer in 20 s, {counters.Unavailable} answers 503, {counters.ServerErrors} other 5xx; {counters.Conflicts} status changes refused with 412 (someone, or the client's own lost first attempt, changed the ticket first); {counters.GaveUp} requests given up. Writes the host had applied before their answer was lost, answered from its idempotency record when sent again: {counters.Replayed} (header `Idempotent-Replayed`), and {ledger.MailReplays} mail replies answered \"duplicate\" by the webhook. ")
          .AppendLine(c, $"Refused for the ticket's state: {(ledger.Refusals.IsEmpty ? "none" : string.Join(", ", ledger.Refusals.OrderByDescending(r => r.Value).Select(r => $"{r.Key} ×{r.Value}")))}. ")
          .AppendLine(c, $"Host log: {host.Warnings} warnings, {host.Errors} errors over all its runs.")
          .AppendLine();

        sb.AppendLine("### Audit").AppendLine().AppendLine("| What | Expected | Exactly once | Lost | Duplicated |").AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var line in findings.Lines)
        {
            sb.AppendLine(c, $"| {line.What} | {line.Expected} | {line.Once} | {line.Lost} | {line.Duplicated} |");
        }

        sb.AppendLine().AppendLine(string.Join("; ", findings.Facts.Select(f => $"{f.Key}: {f.Value}")) + ".");
        if (findings.Problems.Count > 0)
        {
            sb.AppendLine().AppendLine("Problems found:").AppendLine();
            foreach (var p in findings.Problems)
            {
                sb.AppendLine("- " + p);
            }
        }

        if (counters.Samples.Count > 0)
        {
            sb.AppendLine().AppendLine("Client notes (first few):").AppendLine();
            foreach (var s in counters.Samples)
            {
                sb.AppendLine("- " + s.ReplaceLineEndings(" "));
            }
        }

        return sb.ToString();
    }

    private static string Describe(FaultKind kind) => kind switch
    {
        FaultKind.HostKilled => "host killed (SIGKILL)",
        FaultKind.StorageStopped => "Azurite stopped",
        FaultKind.Both => "Azurite stopped, host killed",
        _ => kind.ToString(),
    };
}
