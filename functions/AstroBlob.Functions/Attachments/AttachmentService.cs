using AstroBlob.Domain.Attachments;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;
using Azure;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Attachments;

public sealed record UploadSlotRequest
{
    public required string FileName { get; init; }
    public required long Size { get; init; }
    public string? ContentType { get; init; }
}

/// <summary>
/// The attachment use cases before processing: issue an upload slot, confirm an upload, find
/// the files a message may carry. Anything the caller may not see is "not found".
/// </summary>
public sealed class AttachmentService(
    AttachmentStore store,
    BlobFiles blobs,
    AttachmentLimitsStore limits,
    TicketService tickets,
    IQueueSender queues,
    IOptions<AttachmentOptions> options,
    TimeProvider clock)
{
    /// <summary>The queue of blob-created events; in Azure, Event Grid delivers BlobCreated of the quarantine container here too.</summary>
    public const string EventQueue = "attachment-events";

    private const int MaxAwaitingPerTicket = 50;

    public async Task<(Attachment Attachment, Uri UploadUrl)> CreateSlotAsync(
        Tenant tenant, Actor actor, string code, UploadSlotRequest request, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        // The same rule as posting a message: nothing is uploaded to a ticket that no longer accepts messages.
        new Ticket(ticket).AddMessage(actor.IsStaff ? Visibility.Internal : Visibility.Public, actor, clock.GetUtcNow());

        var fileName = AttachmentRules.FileName(request.FileName);
        var kind = AttachmentRules.CheckRequest(fileName, request.Size, await limits.GetAsync(tenant.Slug, ct));
        Validate.Length("contentType", request.ContentType, AttachmentRules.ContentTypeMax);

        var existing = await store.ListAsync(tenant.Slug, ticket.Code, ct);
        if (existing.Count(a => a.UploaderId == actor.UserId && a.State == AttachmentState.AwaitingUpload) >= MaxAwaitingPerTicket)
        {
            throw new ApiException(429, "too_many_uploads", $"You have {MaxAwaitingPerTicket} uploads waiting on this ticket; finish or let them expire first.");
        }

        var now = clock.GetUtcNow();
        var o = options.Value;
        var attachment = new Attachment
        {
            Id = Keys.NewId(),
            TicketCode = ticket.Code,
            FileName = fileName,
            DeclaredSize = request.Size,
            DeclaredType = request.ContentType,
            DeclaredKind = kind,
            UploaderId = actor.UserId,
            UploaderName = actor.Name,
            UploadedByStaff = actor.IsStaff,
            CreatedAt = now,
            UploadExpiresAt = now + o.UploadUrlLifetime,
            State = AttachmentState.AwaitingUpload,
        };
        await store.AddAsync(tenant.Slug, attachment, attachment.UploadExpiresAt + o.UploadGrace, ct);
        var url = await blobs.UploadUrlAsync(BlobFiles.UploadName(tenant.Slug, ticket.Code, attachment.Id), attachment.UploadExpiresAt, ct);
        return (attachment, url);
    }

    /// <summary>One file the caller may see, with its ticket.</summary>
    public async Task<(TicketState Ticket, Attachment Attachment, ETag ETag)> GetVisibleAsync(
        Tenant tenant, Actor actor, string code, string id, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        var (attachment, etag) = await FindVisibleAsync(tenant.Slug, ticket, actor, id, ct);
        return (ticket, attachment, etag);
    }

    /// <summary>One file of a ticket the caller is known to see, if they may see the file.</summary>
    private async Task<(Attachment Attachment, ETag ETag)> FindVisibleAsync(string observatory, TicketState ticket, Actor actor, string id, CancellationToken ct)
    {
        var found = await store.GetAsync(observatory, ticket.Code, id, ct);
        return found is { } f && AttachmentRules.CanSee(actor, f.Attachment.UploaderId, f.Attachment.MessageId, f.Attachment.Visibility)
            ? f
            : throw ApiException.NotFound("attachment");
    }

    /// <summary>All files of a ticket the caller may see: those of messages they can read, and their own not yet posted.</summary>
    public async Task<IReadOnlyList<Attachment>> ListVisibleAsync(Tenant tenant, Actor actor, string code, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        var all = await store.ListAsync(tenant.Slug, ticket.Code, ct);
        return [.. all.Where(a => AttachmentRules.CanSee(actor, a.UploaderId, a.MessageId, a.Visibility))];
    }

    /// <summary>
    /// The uploader says the bytes are there: the file goes to the processor. Confirming twice,
    /// or after the processor already picked the upload up, changes nothing.
    /// </summary>
    public async Task<Attachment> ConfirmAsync(Tenant tenant, Actor actor, string code, string id, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        return (await ConfirmAsync(tenant.Slug, ticket, actor, id, ct)).Attachment;
    }

    private async Task<(Attachment Attachment, ETag ETag)> ConfirmAsync(string observatory, TicketState ticket, Actor actor, string id, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (attachment, etag) = await FindVisibleAsync(observatory, ticket, actor, id, ct);
            if (attachment.UploaderId != actor.UserId)
            {
                throw ApiException.Forbidden("not_uploader", "Only the person who uploaded a file can confirm it.");
            }

            if (attachment.State != AttachmentState.AwaitingUpload)
            {
                return (attachment, etag);
            }

            if (!await blobs.Quarantine.GetBlobClient(BlobFiles.UploadName(observatory, attachment.TicketCode, id)).ExistsAsync(ct))
            {
                throw ApiException.Conflict("upload_missing", "The file has not been uploaded yet: PUT it to the upload URL first.");
            }

            try
            {
                return await StartProcessingAsync(observatory, attachment, etag, sweepAttempt: false, ct);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 3)
            {
                // The processor or the sweep moved it meanwhile: look again.
            }
        }
    }

    /// <summary>
    /// Moves an uploaded file to processing and sends its blob-created event. Used by confirm
    /// and by the sweep (for uploads never confirmed and for processing that never finished).
    /// </summary>
    public async Task<(Attachment Attachment, ETag ETag)> StartProcessingAsync(string observatory, Attachment attachment, ETag etag, bool sweepAttempt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var processing = attachment with
        {
            State = AttachmentState.Processing,
            ConfirmedAt = attachment.ConfirmedAt ?? now,
            SweepAttempts = attachment.SweepAttempts + (sweepAttempt ? 1 : 0),
        };
        var newEtag = await store.ReplaceAsync(observatory, processing, etag, ct);
        await store.SetPendingAsync(observatory, processing, now + options.Value.ProcessingTimeout, ct);
        var blobName = BlobFiles.UploadName(observatory, attachment.TicketCode, attachment.Id);
        await queues.SendAsync(EventQueue, BlobCreatedEvent.For(blobs.Quarantine, blobName, attachment.DeclaredSize, now), ct: ct);
        return (processing, newEtag);
    }

    /// <summary>
    /// The files a new message will carry, each the caller's own, on this ticket, not posted yet
    /// and not refused. Uploads not confirmed yet are confirmed here, so a client may simply
    /// upload and post.
    /// </summary>
    public async Task<IReadOnlyList<(Attachment Attachment, ETag ETag)>> PrepareForMessageAsync(
        Tenant tenant, Actor actor, string code, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        if (ids.Count > AttachmentRules.MaxPerMessage)
        {
            throw ApiException.BadRequest("too_many_attachments", $"A message carries at most {AttachmentRules.MaxPerMessage} files.", "attachmentIds");
        }

        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            throw ApiException.BadRequest("duplicate_attachment", "'attachmentIds' lists a file twice.", "attachmentIds");
        }

        // The ticket is read once; each file is then read once (twice if it is confirmed here).
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        var prepared = new List<(Attachment, ETag)>(ids.Count);
        foreach (var id in ids)
        {
            var (attachment, etag) = await FindVisibleAsync(tenant.Slug, ticket, actor, id, ct);
            if (attachment.IsLinked)
            {
                throw ApiException.Conflict("attachment_already_posted", $"The file '{attachment.FileName}' is already part of a message.");
            }

            if (attachment.UploaderId != actor.UserId)
            {
                throw ApiException.NotFound("attachment");
            }

            switch (attachment.State)
            {
                case AttachmentState.AwaitingUpload:
                    (attachment, etag) = await ConfirmAsync(tenant.Slug, ticket, actor, id, ct);
                    break;
                case AttachmentState.Rejected:
                    throw ApiException.Conflict("attachment_rejected", $"The file '{attachment.FileName}' was refused: {attachment.RejectReason}");
                case AttachmentState.Expired:
                    throw ApiException.Conflict("attachment_expired", $"The upload of '{attachment.FileName}' expired; upload it again.");
            }

            prepared.Add((attachment, etag));
        }

        return prepared;
    }
}
