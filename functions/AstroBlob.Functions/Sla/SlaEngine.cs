using System.Globalization;
using System.Text.Json;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Sla;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Notifications;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;

namespace AstroBlob.Functions.Sla;

/// <summary>
/// What the SLA monitor adds to a ticket change: the ticket with its new SLA state and any
/// escalation, activity and outbox rows to commit with it, and the timer to send once committed.
/// </summary>
/// <param name="Transitions">What the light did, for the metrics: warning, breach, escalation.</param>
public sealed record SlaOutcome(
    TicketState Ticket, IReadOnlyList<ActivityEntry> Activity, IReadOnlyList<OutboxItem> Outbox, SlaTimerMessage? Timer, IReadOnlyList<string> Transitions);

/// <summary>A durable SLA timer: the ticket, the generation it was armed for, and when it is due.</summary>
public sealed record SlaTimerMessage(string Observatory, string Code, long Generation, DateTimeOffset DueAt);

/// <summary>
/// Runs the pure SLA state machine over a ticket change and turns its effects into data: an
/// escalation becomes a ticket change (support level, reassignment) and an activity entry;
/// warnings, breaches and escalations become notifications; the next timer becomes a queue
/// message. All of it is committed in the same ETag-guarded transaction as the change, so a
/// transition happens once or not at all.
/// </summary>
public sealed class SlaEngine(SlaPolicyStore policies, DirectoryStore directory)
{
    public const string TimerQueue = "sla-timers";

    /// <summary>The actor of automatic escalations in the activity trail.</summary>
    public static readonly Actor Monitor = new("sla", "SLA", Role.Admin);

    public async Task<SlaOutcome> AdvanceAsync(
        Tenant tenant, TicketState? before, TicketState after, IReadOnlyList<SlaEvent> extra, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var policy = await policies.GetAsync(tenant.Observatory, ct);
        var state = before?.Sla;
        var effects = new List<SlaEffect>();
        foreach (var e in SlaEvents.Between(before, after).Concat(extra))
        {
            var transition = SlaMachine.Apply(state, e, policy, now);
            state = transition.State;
            effects.AddRange(transition.Effects);
        }

        var ticket = after with { Sla = state };
        var activity = new List<ActivityEntry>();
        var notices = new List<Notification>();
        var transitions = new List<string>();
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case SlaEffect.Escalate escalate:
                    transitions.Add("escalation");
                    ticket = await EscalateAsync(tenant, ticket, escalate, actor, now, activity, notices, ct);
                    break;
                case SlaEffect.Warn warn:
                    transitions.Add("warning");
                    await NotifyAsync(tenant, ticket, await ResponsiblePeopleAsync(tenant, ticket, ct), "sla_warning", $"{warn.Clock}|{warn.DueAt:O}", Texts.Warning(warn.Clock, warn.DueAt), now, notices, ct);
                    break;
                case SlaEffect.Breach breach:
                    transitions.Add("breach");
                    activity.Add(new ActivityEntry(Keys.NewId(), now, Monitor.UserId, Monitor.Name, "sla_breached", [new FieldChange(ClockField(breach.Clock), "yellow", "red")]));
                    await NotifyAsync(tenant, ticket, await ResponsiblePeopleAsync(tenant, ticket, ct), "sla_breach", $"{breach.Clock}|{breach.DueAt:O}", Texts.Breach(breach.Clock, breach.DueAt), now, notices, ct);
                    break;
            }
        }

        // Only the last timer matters: every earlier one carries a generation that is already
        // stale. It needs no outbox row: the due-index row committed with the ticket already
        // records it, and the sweep fires from that index if the message is never sent.
        var timer = effects.OfType<SlaEffect.ScheduleTimer>().LastOrDefault() is { } t
            ? new SlaTimerMessage(tenant.Slug, ticket.Code, t.Generation, t.At)
            : null;
        return new SlaOutcome(ticket, activity, OutboxRows(notices), timer, transitions);
    }

    private async Task<TicketState> EscalateAsync(
        Tenant tenant, TicketState ticket, SlaEffect.Escalate escalate, Actor actor, DateTimeOffset now,
        List<ActivityEntry> activity, List<Notification> notices, CancellationToken ct)
    {
        var level = Math.Min(escalate.ToLevel, Ticket.MaxSupportLevel);
        var patch = new TicketPatch { SupportLevel = level };
        if (escalate.Step.ReassignToLevel)
        {
            var levelTechs = (await directory.ListUsersAsync(tenant.Slug, ct))
                .Where(u => u is { Active: true, Role: Role.Technician } && u.Level == level)
                .Select(u => u.Id)
                .Take(Limits.MaxAssignees)
                .ToList();
            if (levelTechs.Count > 0)
            {
                patch = patch with { Assignees = new Optional<IReadOnlyList<string>>(true, levelTechs) };
            }
        }

        var domain = new Ticket(ticket);
        if (!Ticket.IsDone(ticket.Status))
        {
            domain.Apply(patch, Monitor, now);
        }

        activity.Add(new ActivityEntry(
            Keys.NewId(), now, actor.UserId, actor.Name, "escalated",
            [new FieldChange("escalationLevel", escalate.FromLevel.ToString(CultureInfo.InvariantCulture), escalate.ToLevel.ToString(CultureInfo.InvariantCulture)), .. domain.Changes]));
        var escalated = domain.State with { Sla = ticket.Sla };
        var recipients = escalate.Step.NotifyUserIds.Concat(escalated.Assignees).Concat(ticket.Assignees).Distinct(StringComparer.Ordinal).Where(id => id != actor.UserId).ToList();
        await NotifyAsync(tenant, escalated, recipients, "sla_escalated", $"level|{escalate.ToLevel}|{ticket.Sla?.Generation}", Texts.Escalated(escalate.ToLevel), now, notices, ct);
        return escalated;
    }

    /// <summary>Notifications travel in the change's transaction a few dozen to an outbox row.</summary>
    public const int NotificationsPerOutboxRow = 25;

    /// <summary>
    /// The outbox rows of a transition's notifications. A ladder may notify up to 50 people and
    /// every assignee hears of warnings, breaches and escalations: one row each could push the
    /// ticket's transaction past Table Storage's 100 actions and the transition would never commit.
    /// A row stays far below the 64 KiB a property holds.
    /// </summary>
    private static IReadOnlyList<OutboxItem> OutboxRows(List<Notification> notices) =>
        [.. notices.Chunk(NotificationsPerOutboxRow).Select(chunk => new OutboxItem(
            NotificationStore.IdFor(string.Join('|', chunk.Select(n => n.Id))), OutboxDispatcher.NotifyBatchKind, JsonSerializer.Serialize(chunk, Json.Options)))];

    /// <summary>Who hears about a ticket's SLA: its assignees, else its responsible technician, else the admins.</summary>
    private async Task<IReadOnlyList<string>> ResponsiblePeopleAsync(Tenant tenant, TicketState ticket, CancellationToken ct)
    {
        if (ticket.Assignees.Count > 0)
        {
            return ticket.Assignees;
        }

        if (ticket.ResponsibleId is not null)
        {
            return [ticket.ResponsibleId];
        }

        return (await directory.ListUsersAsync(tenant.Slug, ct)).Where(u => u is { Active: true, Role: Role.Admin }).Select(u => u.Id).ToList();
    }

    private async Task NotifyAsync(
        Tenant tenant, TicketState ticket, IEnumerable<string> userIds, string kind, string cause, Func<string, string> text,
        DateTimeOffset now, List<Notification> notices, CancellationToken ct)
    {
        foreach (var userId in userIds.Distinct(StringComparer.Ordinal))
        {
            var user = await directory.GetUserAsync(tenant.Slug, userId, ct);
            if (user is not { User.Active: true } u)
            {
                continue;
            }

            var id = NotificationStore.IdFor($"{tenant.Slug}|{ticket.Code}|{kind}|{cause}|{userId}");
            notices.Add(new Notification(id, userId, kind, ticket.Code, ticket.Title, text(u.User.Language), now, null));
        }
    }

    private static string ClockField(SlaClockKind clock) =>
        clock == SlaClockKind.FirstResponse ? "sla.firstResponse" : "sla.resolution";

    /// <summary>Notification texts in the recipient's language (Spanish first).</summary>
    private static class Texts
    {
        public static Func<string, string> Warning(SlaClockKind clock, DateTimeOffset due) => lang => lang == "en"
            ? $"SLA warning: the {ClockName(clock, lang)} is due at {due:yyyy-MM-dd HH:mm} UTC."
            : $"Aviso de SLA: el plazo de {ClockName(clock, lang)} vence el {due:yyyy-MM-dd HH:mm} UTC.";

        public static Func<string, string> Breach(SlaClockKind clock, DateTimeOffset due) => lang => lang == "en"
            ? $"SLA breached: the {ClockName(clock, lang)} was due at {due:yyyy-MM-dd HH:mm} UTC."
            : $"SLA incumplido: el plazo de {ClockName(clock, lang)} venció el {due:yyyy-MM-dd HH:mm} UTC.";

        public static Func<string, string> Escalated(int level) => lang => lang == "en"
            ? $"Escalated to support level {level}."
            : $"Escalado a nivel de soporte {level}.";

        private static string ClockName(SlaClockKind clock, string lang) => (clock, lang) switch
        {
            (SlaClockKind.FirstResponse, "en") => "first response",
            (SlaClockKind.Resolution, "en") => "resolution",
            (SlaClockKind.FirstResponse, _) => "primera respuesta",
            _ => "resolución",
        };
    }
}
