using AstroBlob.Functions.Observability;
using AstroBlob.Domain.Attachments;
using AstroBlob.Functions.Attachments.Media;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AstroBlob.Functions.Attachments;

/// <summary>
/// Turns an uploaded blob into an accepted or refused attachment: checks the real type by its
/// bytes and the size against the observatory's limit for that kind, then makes the variants
/// people see (images: oriented, stripped display copy, preview, thumbnail; videos: metadata-free
/// remux, poster, thumbnail; documents: as they are).
/// </summary>
/// <remarks>
/// Idempotent and crash-safe: variants have fixed names and are simply overwritten by a second
/// run; the row's final state is written ETag-guarded once everything it points to exists; the
/// quarantine blob is deleted last. A second event for a finished file only cleans up.
/// </remarks>
public sealed partial class AttachmentProcessor(
    AttachmentStore store,
    BlobFiles blobs,
    AttachmentLimitsStore limits,
    ImageWork images,
    VideoWork videos,
    TimeProvider clock,
    AstroBlobTelemetry telemetry,
    ILogger<AttachmentProcessor> logger)
{
    private sealed record Outcome(
        FileKind Kind, string Format, string ContentType, long Size,
        int? Width, int? Height, double? DurationSeconds, string? Codec,
        IReadOnlyDictionary<string, string> Variants);

    public async Task ProcessAsync(string observatory, string code, string id, CancellationToken ct)
    {
        if (await store.GetAsync(observatory, code, id, ct) is not { } found)
        {
            LogUnknown(logger, observatory, code, id);
            return;
        }

        var upload = blobs.Quarantine.GetBlobClient(BlobFiles.UploadName(observatory, code, id));
        if (AttachmentRules.IsFinal(found.Attachment.State))
        {
            await upload.DeleteIfExistsAsync(cancellationToken: ct);
            await store.ClearPendingAsync(observatory, code, id, ct);
            return;
        }

        var started = clock.GetTimestamp();
        var work = Path.Combine(Path.GetTempPath(), "astroblob-attachments", $"{id}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var verdict = await CheckAndConvertAsync(observatory, found.Attachment, upload, work, ct);
            if (verdict is null)
            {
                return; // the upload is gone (a redelivery after cleanup): nothing to do
            }

            var decided = await FinishAsync(observatory, code, id, verdict.Value.Outcome, verdict.Value.Rejection, ct);
            if (decided is { } kind)
            {
                telemetry.AttachmentProcessed(kind, verdict.Value.Outcome is null ? "rejected" : "ready", clock.GetElapsedTime(started));
            }

            await upload.DeleteIfExistsAsync(cancellationToken: ct);
            await store.ClearPendingAsync(observatory, code, id, ct);
        }
        finally
        {
            TryDelete(work);
        }
    }

    private async Task<(Outcome? Outcome, MediaRejectedException? Rejection)?> CheckAndConvertAsync(
        string observatory, Attachment attachment, BlobClient upload, string work, CancellationToken ct)
    {
        BlobProperties properties;
        try
        {
            properties = (await upload.GetPropertiesAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        var limit = await limits.GetAsync(observatory, ct);
        var ceiling = Math.Max(limit.ImageMaxBytes, Math.Max(limit.VideoMaxBytes, limit.DocumentMaxBytes));
        if (properties.ContentLength > ceiling)
        {
            return (null, TooLarge(properties.ContentLength, ceiling));
        }

        // Downloaded as the version whose properties we read: an upload URL that is still valid
        // cannot swap the bytes between the checks and the conversion.
        var original = Path.Combine(work, "original");
        await upload.DownloadToAsync(original, new BlobDownloadToOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, ct);

        var head = new byte[FileSniffer.HeadLength];
        int read;
        await using (var stream = File.OpenRead(original))
        {
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        }

        var size = new FileInfo(original).Length;
        var sniff = FileSniffer.Inspect(head.AsSpan(0, read), size, attachment.FileName);
        if (!sniff.Accepted)
        {
            return (null, new MediaRejectedException(sniff.RejectCode!, sniff.RejectReason!));
        }

        var kind = sniff.Kind!.Value;
        if (size > limit.For(kind))
        {
            return (null, TooLarge(size, limit.For(kind)));
        }

        try
        {
            return (await ConvertAsync(observatory, attachment, kind, sniff.Format!, sniff.ContentType!, original, size, work, ct), null);
        }
        catch (MediaRejectedException e)
        {
            return (null, e);
        }
    }

    private async Task<Outcome> ConvertAsync(
        string observatory, Attachment a, FileKind kind, string format, string contentType, string original, long size, string work, CancellationToken ct)
    {
        var variants = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task PutAsync(string variant, string path, string type)
        {
            var blob = blobs.Files.GetBlobClient(a.BlobName(observatory, variant));
            await blob.UploadAsync(path, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = type } }, ct);
            variants[variant] = type;
        }

        switch (kind)
        {
            case FileKind.Image:
            {
                var output = Directory.CreateDirectory(Path.Combine(work, "out")).FullName;
                var image = await images.ProcessAsync(original, format, output, ct);
                if (format == "fits")
                {
                    // Astronomical data is kept bit for bit: the display copy only feeds preview and thumbnail.
                    await PutAsync("file", original, contentType);
                }
                else
                {
                    await PutAsync("file", image.DisplayPath, image.DisplayContentType);
                    contentType = image.DisplayContentType;
                    size = new FileInfo(image.DisplayPath).Length;
                }

                await PutAsync("preview", image.PreviewPath, "image/jpeg");
                await PutAsync("thumbnail", image.ThumbnailPath, "image/jpeg");
                return new Outcome(kind, format, contentType, size, image.Width, image.Height, null, null, variants);
            }

            case FileKind.Video:
            {
                var output = Directory.CreateDirectory(Path.Combine(work, "out")).FullName;
                var video = await videos.ProcessAsync(original, format, output, ct);
                await PutAsync("file", video.CleanPath, contentType);
                await PutAsync("poster", video.PosterPath, "image/jpeg");
                await PutAsync("thumbnail", video.ThumbnailPath, "image/jpeg");
                return new Outcome(kind, format, contentType, new FileInfo(video.CleanPath).Length, video.Width, video.Height, video.DurationSeconds, video.Codec, variants);
            }

            default:
                await PutAsync("file", original, contentType);
                return new Outcome(kind, format, contentType, size, null, null, null, null, variants);
        }
    }

    /// <summary>Records the verdict; returns the file's kind, or null when another delivery finished it first.</summary>
    private async Task<string?> FinishAsync(string observatory, string code, string id, Outcome? outcome, MediaRejectedException? rejection, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await store.GetAsync(observatory, code, id, ct) is not { } current || AttachmentRules.IsFinal(current.Attachment.State))
            {
                return null; // another delivery finished it first
            }

            var a = current.Attachment;
            var state = AttachmentRules.Finish(a.State, outcome is not null);
            var finished = outcome is null
                ? a with { State = state, FinishedAt = clock.GetUtcNow(), RejectCode = rejection!.Code, RejectReason = rejection.Message }
                : a with
                {
                    State = state,
                    FinishedAt = clock.GetUtcNow(),
                    Kind = outcome.Kind,
                    Format = outcome.Format,
                    ContentType = outcome.ContentType,
                    Size = outcome.Size,
                    Width = outcome.Width,
                    Height = outcome.Height,
                    DurationSeconds = outcome.DurationSeconds,
                    Codec = outcome.Codec,
                    Variants = outcome.Variants,
                };
            try
            {
                await store.ReplaceAsync(observatory, finished, current.ETag, ct);
                if (outcome is null)
                {
                    LogRejected(logger, code, id, rejection!.Code);
                }

                return finished.Kind?.ToString().ToLowerInvariant() ?? "unknown";
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 5)
            {
                // Posted with a message meanwhile (or the sweep counted an attempt): apply to the new row.
            }
        }
    }

    private static MediaRejectedException TooLarge(long size, long limit) =>
        new("too_large", $"The file is {AttachmentRules.Megabytes(size)}; the limit for this kind of file is {AttachmentRules.Megabytes(limit)}.");

    private void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            LogCleanupFailed(logger, e, folder);
        }
        catch (UnauthorizedAccessException e)
        {
            LogCleanupFailed(logger, e, folder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob event for unknown attachment {Observatory}/{TicketCode}/{AttachmentId}: ignored")]
    private static partial void LogUnknown(ILogger logger, string observatory, string ticketCode, string attachmentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Attachment {AttachmentId} of {TicketCode} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string ticketCode, string attachmentId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the work folder {Folder}")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, string folder);
}
