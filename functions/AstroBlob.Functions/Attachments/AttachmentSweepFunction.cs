using AstroBlob.Domain.Attachments;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Triggers;
using Azure;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Attachments;

/// <summary>
/// The safety net of the attachment pipeline, on a schedule: an upload whose slot ran out is
/// processed when its bytes arrived (the client never confirmed) or marked expired; a file
/// stuck in processing (a lost event, a crashed or poisoned processor) is sent again a few
/// times, then refused. It reads only the rows of unfinished files.
/// </summary>
public sealed partial class AttachmentSweepFunction(
    ObservatoryStore observatories,
    AttachmentStore store,
    AttachmentService attachments,
    BlobFiles blobs,
    IOptions<AttachmentOptions> options,
    TimeProvider clock,
    ILogger<AttachmentSweepFunction> logger) : ITimerFunction
{
    private const int MaxPerObservatory = 200;

    public async Task RunAsync(TimerContext timer, CancellationToken ct)
    {
        await foreach (var slug in observatories.ListSlugsAsync(ct))
        {
            foreach (var (code, id) in await store.ListPendingDueAsync(slug, clock.GetUtcNow(), MaxPerObservatory, ct))
            {
                try
                {
                    await SweepAsync(slug, code, id, ct);
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    // Changed while we looked (confirmed, processed): next run sees the new state.
                }
                catch (Exception e) when (e is not OperationCanceledException && !StorageMonitor.IsStorageFailure(e))
                {
                    LogFailed(logger, e, id, code, slug);
                }
            }
        }
    }

    private async Task SweepAsync(string observatory, string code, string id, CancellationToken ct)
    {
        if (await store.GetAsync(observatory, code, id, ct) is not { } found || AttachmentRules.IsFinal(found.Attachment.State))
        {
            await store.ClearPendingAsync(observatory, code, id, ct);
            return;
        }

        var (a, etag) = found;
        var now = clock.GetUtcNow();
        var o = options.Value;
        var upload = blobs.Quarantine.GetBlobClient(BlobFiles.UploadName(observatory, code, id));
        if (a.State == AttachmentState.AwaitingUpload)
        {
            if (now < a.UploadExpiresAt + o.UploadGrace)
            {
                await store.SetPendingAsync(observatory, a, a.UploadExpiresAt + o.UploadGrace, ct);
            }
            else if (await upload.ExistsAsync(ct))
            {
                await attachments.StartProcessingAsync(observatory, a, etag, sweepAttempt: false, ct);
                LogUnconfirmed(logger, id, code);
            }
            else
            {
                await store.ReplaceAsync(observatory, a with { State = AttachmentState.Expired, FinishedAt = now }, etag, ct);
                await store.ClearPendingAsync(observatory, code, id, ct);
            }

            return;
        }

        if (a.SweepAttempts < o.MaxSweepAttempts)
        {
            await attachments.StartProcessingAsync(observatory, a, etag, sweepAttempt: true, ct);
            LogResent(logger, id, code, a.SweepAttempts + 1);
            return;
        }

        var refused = a with
        {
            State = AttachmentRules.Finish(a.State, accepted: false),
            FinishedAt = now,
            RejectCode = "processing_failed",
            RejectReason = "The file could not be processed; try uploading it again.",
        };
        await store.ReplaceAsync(observatory, refused, etag, ct);
        await upload.DeleteIfExistsAsync(cancellationToken: ct);
        await store.ClearPendingAsync(observatory, code, id, ct);
        LogGaveUp(logger, id, code);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Attachment {AttachmentId} of {TicketCode} was uploaded but never confirmed: processing it")]
    private static partial void LogUnconfirmed(ILogger logger, string attachmentId, string ticketCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attachment {AttachmentId} of {TicketCode} is still processing: sent again (attempt {Attempt})")]
    private static partial void LogResent(ILogger logger, string attachmentId, string ticketCode, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Attachment {AttachmentId} of {TicketCode} could not be processed after every retry: refused")]
    private static partial void LogGaveUp(ILogger logger, string attachmentId, string ticketCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Attachment sweep failed on {AttachmentId} of {TicketCode} in {Observatory}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string attachmentId, string ticketCode, string observatory);
}
