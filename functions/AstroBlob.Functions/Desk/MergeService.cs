using System.Text.Json;
using AstroBlob.Domain.Attachments;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Messages;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;
using AstroBlob.Functions.Work;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Desk;

/// <summary>What a merge still has to do after the duplicate was marked: move its rows to the survivor.</summary>
public sealed record MergeJob(string Observatory, string Duplicate, string Survivor, string ActorId, string ActorName)
{
    public const string OutboxKind = "merge";

    /// <summary>The fallback row of a merge: only the sweep carries it out (the request does the work and deletes it).</summary>
    public OutboxItem ToOutbox() => new(OutboxId(Duplicate), OutboxKind, JsonSerializer.Serialize(this, Json.Options)) { Deferred = true };

    public static string OutboxId(string duplicate) => "merge-" + duplicate;

    public static MergeJob FromOutbox(OutboxItem item) =>
        JsonSerializer.Deserialize<MergeJob>(item.Payload, Json.Options) ?? throw new InvalidDataException("Empty merge job.");
}

public sealed record MergeResult(TicketState Duplicate, TicketState Survivor, ETag SurvivorETag, int MovedMessages, int MovedFiles, int MovedWorkLines);

/// <summary>
/// Merges a duplicate ticket into another of the same customer. First the duplicate is marked
/// (cancelled, pointing to the survivor, frozen) in one transaction with an outbox row; then its
/// conversation, files, time entries, costs and running timers move to the survivor, and the
/// survivor records the merge with its message counters recounted. The second part is
/// idempotent and resumable: if the host stops halfway, the outbox row (left to the SLA sweep)
/// is sent to the <c>ticket-merges</c> queue and the merge finishes there.
/// </summary>
public sealed class MergeService(
    TicketService tickets, TicketStore ticketStore, Tables tables, AttachmentStore attachments, WorkStore work)
{
    public const string Queue = "ticket-merges";

    public async Task<MergeResult> MergeAsync(Tenant tenant, Actor actor, string code, string? into, CancellationToken ct)
    {
        if (!actor.IsStaff)
        {
            throw DomainException.Forbidden("staff_only", "Only staff merge tickets.");
        }

        var (duplicate, _) = await tickets.GetVisibleAsync(tenant, actor, code, ct);
        if (string.IsNullOrWhiteSpace(into) || !TicketCode.TryNormalize(into, out var survivorCode)
            || await ticketStore.GetAsync(tenant.Slug, survivorCode, ct) is not { } found)
        {
            throw ApiException.BadRequest("unknown_ticket", "'into' is not a ticket of this observatory.", "into");
        }

        var survivor = found.Ticket;
        if (duplicate.MergedInto != survivor.Code)
        {
            await EnsureFilesSettledAsync(tenant.Slug, duplicate.Code, ct);
            var job = new MergeJob(tenant.Slug, duplicate.Code, survivor.Code, actor.UserId, actor.Name);
            (duplicate, _) = await tickets.ChangeAsync(tenant, actor, duplicate.Code, "merged", (t, now) =>
            {
                t.MergeInto(survivor, actor, now);
                return true;
            }, ct, outbox: [job.ToOutbox()]);
        }

        // Marked now or by an earlier attempt that did not finish: carry it out (again).
        return await CompleteAsync(tenant, new MergeJob(tenant.Slug, duplicate.Code, survivor.Code, actor.UserId, actor.Name), ct);
    }

    /// <summary>Moves what is left of the duplicate to the survivor and records the merge there; a finished merge is left as it is.</summary>
    public async Task<MergeResult> CompleteAsync(Tenant tenant, MergeJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var staff = new Actor(job.ActorId, job.ActorName, Role.Technician);
        var (duplicate, _) = await tickets.GetVisibleAsync(tenant, staff, job.Duplicate, ct);
        if (duplicate.MergedInto != job.Survivor)
        {
            throw new InvalidOperationException($"{job.Duplicate} is not being merged into {job.Survivor}.");
        }

        var messages = await MoveRowsAsync(tenant.Slug, job, "m|", ct);
        var files = await MoveRowsAsync(tenant.Slug, job, "f|", ct);
        var lines = await work.MoveToTicketAsync(tenant.Slug, job.Duplicate, job.Survivor, ct);
        var (publicCount, internalCount, lastPublic) = await CountAsync(tenant.Slug, job.Survivor, ct);
        var (survivor, etag) = await tickets.ChangeAsync(tenant, staff, job.Survivor, "merged_from", (t, now) =>
        {
            var before = t.State;
            t.AbsorbMerged(duplicate, publicCount, internalCount, lastPublic, now);
            return !ReferenceEquals(before, t.State);
        }, ct);
        await ticketStore.DeleteOutboxAsync(tenant.Slug, MergeJob.OutboxId(job.Duplicate), ct);
        return new MergeResult(duplicate, survivor, etag, messages, files, lines);
    }

    /// <summary>A file still on its way (uploading, processing) would land in the duplicate after the move.</summary>
    private async Task EnsureFilesSettledAsync(string observatory, string code, CancellationToken ct)
    {
        // Unposted uploads are their uploader's business and stay behind (they expire if never posted).
        var unsettled = (await attachments.ListAsync(observatory, code, ct)).Count(a => a.IsLinked && a.State is AttachmentState.AwaitingUpload or AttachmentState.Processing);
        if (unsettled > 0)
        {
            throw ApiException.Conflict("files_in_progress", $"{unsettled} file(s) of the ticket are still being uploaded or processed; merge once they are ready.");
        }
    }

    /// <summary>
    /// Copies the duplicate's rows of one kind (messages or files) into the survivor's conversation
    /// partition, then removes each original (guarded by the ETag it was read with). Row keys are
    /// kept: messages are keyed by time, so the conversations interleave in time order.
    /// </summary>
    private async Task<int> MoveRowsAsync(string observatory, MergeJob job, string prefix, CancellationToken ct)
    {
        var table = tables.Messages;
        var from = MessageStore.Partition(observatory, job.Duplicate);
        var to = MessageStore.Partition(observatory, job.Survivor);
        var moved = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(from, prefix), cancellationToken: ct))
        {
            TableEntity copy;
            if (prefix == "m|")
            {
                var message = JsonRows.Read<Message>(row) with { TicketCode = job.Survivor };
                copy = JsonRows.Create(to, row.RowKey, message);
                copy["Visibility"] = row.GetString("Visibility");
            }
            else
            {
                var file = JsonRows.Read<Attachment>(row);
                if (!file.IsLinked)
                {
                    continue; // an unposted upload stays with its slot and its sweep row
                }

                copy = JsonRows.Create(to, row.RowKey, file with { TicketCode = job.Survivor, StoredUnder = file.StoredUnder ?? file.TicketCode });
            }

            await table.UpsertEntityAsync(copy, TableUpdateMode.Replace, ct);
            try
            {
                await table.DeleteEntityAsync(from, row.RowKey, row.ETag, ct);
                moved++;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Moved by a concurrent run (404), or the file finished processing meanwhile (412): the next run moves its final state.
            }
        }

        return moved;
    }

    /// <summary>The survivor's conversation as it now is: its counters are recounted, not added to, so a repeated run cannot double them.</summary>
    private async Task<(int Public, int Internal, DateTimeOffset? LastPublic)> CountAsync(string observatory, string code, CancellationToken ct)
    {
        int publicCount = 0, internalCount = 0;
        DateTimeOffset? lastPublic = null;
        var filter = JsonRows.PrefixFilter(MessageStore.Partition(observatory, code), "m|");
        await foreach (var row in tables.Messages.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (row.GetString("Visibility") == "internal")
            {
                internalCount++;
            }
            else
            {
                publicCount++;
                var at = JsonRows.Read<Message>(row).CreatedAt;
                lastPublic = lastPublic is null || at > lastPublic ? at : lastPublic;
            }
        }

        return (publicCount, internalCount, lastPublic);
    }
}

/// <summary>Queue trigger of <c>ticket-merges</c>: finishes a merge the request did not (the host stopped halfway).</summary>
public sealed class TicketMergeFunction(ObservatoryStore observatories, MergeService merges) : IQueueFunction
{
    public async Task RunAsync(QueueMessageContext message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var job = message.Json<MergeJob>();
        if (await observatories.GetAsync(job.Observatory, ct) is { } observatory)
        {
            await merges.CompleteAsync(new Tenant(observatory), job, ct);
        }
    }
}
