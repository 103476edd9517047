using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Email;

/// <summary>
/// Remembers which mail jobs went out (<c>{observatory}|~mail</c> partition of the
/// Notifications table), so a redelivered queue message does not send the same mail twice; and
/// which job is being sent right now (<c>{observatory}|~mailclaim</c>), so two deliveries of the
/// same job (a retried outbox row, a relay's double webhook call) are never sent side by side.
/// </summary>
public sealed class MailSentStore(Tables tables)
{
    private static string Partition(string observatory) => observatory + "|~mail";

    private static string ClaimPartition(string observatory) => observatory + "|~mailclaim";

    /// <summary>
    /// Claims the sending of <paramref name="jobId"/> until <paramref name="now"/> + <paramref name="lease"/>.
    /// False while another delivery holds an unexpired claim; an expired one (its holder died
    /// before recording the mail as sent) is taken over.
    /// </summary>
    public async Task<bool> TryClaimAsync(string observatory, string jobId, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        var claim = new TableEntity(ClaimPartition(observatory), jobId) { ["Until"] = now + lease };
        try
        {
            await tables.Notifications.AddEntityAsync(claim, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var held = await tables.Notifications.GetOrNullAsync(claim.PartitionKey, jobId, ct);
            if (held is null || held.GetDateTimeOffset("Until") is not { } until || until > now)
            {
                return false;
            }

            try
            {
                await tables.Notifications.UpdateEntityAsync(claim, held.ETag, TableUpdateMode.Replace, ct);
                return true;
            }
            catch (RequestFailedException taken) when (taken.Status is 404 or 409 or 412)
            {
                return false;
            }
        }
    }

    /// <summary>Gives up a claim (best effort: an unreleased claim only delays the next attempt until it expires).</summary>
    public async Task ReleaseAsync(string observatory, string jobId)
    {
        try
        {
            await tables.Notifications.DeleteEntityAsync(ClaimPartition(observatory), jobId, ETag.All, CancellationToken.None);
        }
        catch (Exception e) when (e is RequestFailedException || StorageMonitor.IsStorageFailure(e))
        {
            // It expires by itself.
        }
    }

    public async Task<bool> WasSentAsync(string observatory, string jobId, CancellationToken ct) =>
        await tables.Notifications.GetOrNullAsync(Partition(observatory), jobId, ct) is not null;

    public async Task MarkSentAsync(string observatory, MailJob job, string messageId, DateTimeOffset at, CancellationToken ct)
    {
        var row = new TableEntity(Partition(observatory), job.Id)
        {
            ["Kind"] = job.Kind.ToString(),
            ["UserId"] = job.RecipientUserId,
            ["TicketCode"] = job.TicketCode,
            ["MessageId"] = messageId,
            ["SentAt"] = at,
        };
        try
        {
            await tables.Notifications.AddEntityAsync(row, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Recorded already: this delivery took over an expired claim of one that did send.
        }

        await ReleaseAsync(observatory, job.Id);
    }
}
