using AstroBlob.Functions.Observability;
using System.Net.Sockets;
using AstroBlob.Domain.Email;
using AstroBlob.Domain.People;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AstroBlob.Functions.Email;

/// <summary>
/// Queue trigger of the <c>email-outbox</c> queue: renders one mail in its recipient's language
/// and sends it. While SMTP is down the job is sent again to the queue with a growing delay (so
/// an outage of hours loses nothing and does not burn the queue's dequeue count); after
/// <see cref="EmailOptions.MaxSendAttempts"/> it fails to the poison queue. A job is claimed
/// before it is sent, so two deliveries of the same job (the same mail queued twice) never send
/// it side by side; the second finds it sent.
/// </summary>
public sealed partial class EmailSendFunction(
    MailComposer composer,
    SmtpMailer mailer,
    MailSentStore sent,
    IQueueSender queues,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    AstroBlobTelemetry telemetry,
    ILogger<EmailSendFunction> logger) : IQueueFunction
{
    public const string Queue = "email-outbox";

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RecordRetryCap = TimeSpan.FromSeconds(5);

    /// <summary>How long a delivery may hold a job before another may take it over: longer than a send (30 s SMTP timeout) and its record.</summary>
    private static readonly TimeSpan SendLease = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan BusyDelay = TimeSpan.FromSeconds(5);

    public async Task RunAsync(QueueMessageContext message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var job = message.Json<MailJob>();
        if (await sent.WasSentAsync(job.Observatory, job.Id, ct))
        {
            return;
        }

        if (!await sent.TryClaimAsync(job.Observatory, job.Id, clock.GetUtcNow(), SendLease, ct))
        {
            // Another delivery of the same job is sending it right now: look again once it is done.
            LogBusy(logger, job.Id, BusyDelay);
            await queues.SendAsync(Queue, job, BusyDelay, ct);
            return;
        }

        var mail = await composer.ComposeAsync(job, ct);
        if (mail is null)
        {
            LogSkipped(logger, job.Id, job.RecipientUserId);
            await sent.ReleaseAsync(job.Observatory, job.Id);
            return;
        }

        var kind = job.Kind.ToString();
        try
        {
            await mailer.SendAsync(mail, ct);
        }
        catch (Exception e) when (IsTransient(e) && job.Attempt < options.Value.MaxSendAttempts && !ct.IsCancellationRequested)
        {
            telemetry.MailFailed(kind, final: false);
            var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, job.Attempt), MaxRetryDelay.TotalSeconds));
            LogRetrying(logger, job.Id, job.Attempt, delay, e.Message);
            await sent.ReleaseAsync(job.Observatory, job.Id);
            await queues.SendAsync(Queue, job with { Attempt = job.Attempt + 1 }, delay, ct);
            return;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Not worth retrying here (malformed, refused for good, or out of attempts): the trigger
            // runtime's retries and then the poison queue take it from here.
            telemetry.MailFailed(kind, final: true);
            await sent.ReleaseAsync(job.Observatory, job.Id);
            throw;
        }

        telemetry.MailSent(kind);
        await RecordSentAsync(job, mail.MessageId ?? string.Empty, ct);
    }

    /// <summary>
    /// The mail is out, so its record must land: failing the job now would send it again on the
    /// next delivery. While storage is away the record is retried here, with the message still
    /// held (and renewed) by the trigger runtime. Only a crash or a shutdown inside this window
    /// can still send a mail twice; it keeps its Message-ID, so mail clients show it once.
    /// </summary>
    private async Task RecordSentAsync(MailJob job, string messageId, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await sent.MarkSentAsync(job.Observatory, job, messageId, clock.GetUtcNow(), ct);
                return;
            }
            catch (Exception e) when (StorageMonitor.IsStorageFailure(e) && !ct.IsCancellationRequested)
            {
                LogRecordDeferred(logger, job.Id, delay, e.Message);
                await Task.Delay(delay, clock, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, RecordRetryCap.Ticks));
            }
        }
    }

    /// <summary>The server is unreachable, busy, or refused for now; a malformed mail is not transient.</summary>
    private static bool IsTransient(Exception e) => e is SocketException or IOException or TimeoutException or ServiceNotConnectedException
        or ServiceNotAuthenticatedException or ProtocolException or SmtpCommandException { StatusCode: < (SmtpStatusCode)500 } or SmtpProtocolException
        or MailKit.Security.AuthenticationException or OperationCanceledException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {JobId} not sent (attempt {Attempt}); trying again in {Delay}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string jobId, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {JobId} was sent but storage is away; recording it again in {Delay}: {Reason}")]
    private static partial void LogRecordDeferred(ILogger logger, string jobId, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {JobId} is being sent by another delivery; looking again in {Delay}")]
    private static partial void LogBusy(ILogger logger, string jobId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {JobId} skipped: recipient {UserId} is gone, inactive or has no address")]
    private static partial void LogSkipped(ILogger logger, string jobId, string userId);
}
