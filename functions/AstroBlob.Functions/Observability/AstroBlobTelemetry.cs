using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AstroBlob.Functions.Observability;

/// <summary>
/// The product's own traces and metrics (meter and activity source <see cref="Name"/>), beside the
/// trigger runtime's (<c>AstroBlob.Triggers</c>) and ASP.NET Core's. Exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (see <see cref="TelemetrySetup"/>).
/// </summary>
public sealed class AstroBlobTelemetry
{
    public const string Name = "AstroBlob";

    /// <summary>Spans around work that does not start with an HTTP request (queue jobs, timers).</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _slaTransitions;
    private readonly Histogram<double> _timerLateness;
    private readonly Counter<long> _mailsSent;
    private readonly Counter<long> _mailsFailed;
    private readonly Counter<long> _attachments;
    private readonly Histogram<double> _attachmentSeconds;

    public AstroBlobTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        _slaTransitions = meter.CreateCounter<long>("astroblob.sla.transitions", "{transition}", "SLA transitions committed (transition: warning, breach, escalation).");
        _timerLateness = meter.CreateHistogram<double>("astroblob.sla.timer.lateness", "s", "How long after its due instant an SLA timer was handled.");
        _mailsSent = meter.CreateCounter<long>("astroblob.mail.sent", "{mail}", "Mails handed to the SMTP server (kind).");
        _mailsFailed = meter.CreateCounter<long>("astroblob.mail.failed", "{attempt}", "Failed attempts at sending a mail (kind, final: true when it was given up).");
        _attachments = meter.CreateCounter<long>("astroblob.attachments.processed", "{file}", "Uploaded files the processor decided on (kind, outcome: ready, rejected).");
        _attachmentSeconds = meter.CreateHistogram<double>("astroblob.attachments.duration", "s", "From the processor picking a file up to its final state.");
    }

    public void SlaTransition(string transition, string observatory) =>
        _slaTransitions.Add(1, new KeyValuePair<string, object?>("transition", transition), new KeyValuePair<string, object?>("observatory", observatory));

    public void TimerLateness(TimeSpan lateness) => _timerLateness.Record(Math.Max(0, lateness.TotalSeconds));

    public void MailSent(string kind) => _mailsSent.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void MailFailed(string kind, bool final) =>
        _mailsFailed.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("final", final));

    public void AttachmentProcessed(string kind, string outcome, TimeSpan duration)
    {
        _attachments.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
        _attachmentSeconds.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
    }
}
