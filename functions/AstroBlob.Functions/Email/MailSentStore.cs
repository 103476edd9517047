using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Email;

/// <summary>
/// Remembers which mail jobs went out (<c>{observatory}|~mail</c> partition of the
/// Notifications table), so a redelivered queue message does not send the same mail twice.
/// </summary>
public sealed class MailSentStore(Tables tables)
{
    private static string Partition(string observatory) => observatory + "|~mail";

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
            // Two deliveries of the same job raced; both sent (SMTP cannot be undone), one row stays.
        }
    }
}
