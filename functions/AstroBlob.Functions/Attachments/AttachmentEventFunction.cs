using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Triggers;

namespace AstroBlob.Functions.Attachments;

/// <summary>
/// Queue trigger of blob-created events for the quarantine container: names are checked
/// strictly (the event may come from Event Grid, not only from this host), then the file is processed.
/// </summary>
public sealed partial class AttachmentEventFunction(
    BlobFiles blobs, ObservatoryStore observatories, AttachmentProcessor processor, ILogger<AttachmentEventFunction> logger) : IQueueFunction
{
    public async Task RunAsync(QueueMessageContext message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (BlobCreatedEvent.Parse(message.Body) is not { } created || created.Blob() is not { } blob)
        {
            LogIgnored(logger, message.MessageId, "not a blob-created event");
            return;
        }

        if (blob.Container != blobs.Quarantine.Name)
        {
            LogIgnored(logger, message.MessageId, "another container");
            return;
        }

        var parts = blob.BlobName.Split('/');
        if (parts.Length != 3 || !TicketCode.TryNormalize(parts[1], out var code) || code != parts[1] || !Keys.IsId(parts[2])
            || await observatories.GetAsync(parts[0], ct) is null)
        {
            LogIgnored(logger, message.MessageId, "not an attachment upload");
            return;
        }

        await processor.ProcessAsync(parts[0], code, parts[2], ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attachment event {MessageId} ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string messageId, string reason);
}
