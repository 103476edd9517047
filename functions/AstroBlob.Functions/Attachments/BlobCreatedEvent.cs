using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AstroBlob.Functions.Storage;
using Azure.Storage.Blobs;

namespace AstroBlob.Functions.Attachments;

/// <summary>
/// A blob-created event in Event Grid's schema, the shape Event Grid delivers to a storage
/// queue for <c>Microsoft.Storage.BlobCreated</c>. The host sends the same shape on confirm, so
/// one processor serves both: the local run without Event Grid and Azure with it.
/// </summary>
public sealed record BlobCreatedEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("eventTime")] DateTimeOffset EventTime,
    [property: JsonPropertyName("data")] BlobCreatedData Data)
{
    public const string Type = "Microsoft.Storage.BlobCreated";

    public static BlobCreatedEvent For(BlobContainerClient container, string blobName, long contentLength, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(container);
        return new(
            Keys.NewId(),
            Type,
            $"/blobServices/default/containers/{container.Name}/blobs/{blobName}",
            now,
            new BlobCreatedData("PutBlob", contentLength, container.GetBlobClient(blobName).Uri.ToString()));
    }

    /// <summary>
    /// Reads a queue message as an event: raw JSON, or base64-encoded JSON (Event Grid's queue
    /// delivery and the Functions convention). Null when it is not a blob-created event.
    /// </summary>
    public static BlobCreatedEvent? Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var text = body.TrimStart();
        if (!text.StartsWith('{') && !text.StartsWith('['))
        {
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(text));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            // Event Grid may batch: a queue message then holds an array; ours holds one object.
            var element = doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() == 1
                ? doc.RootElement[0]
                : doc.RootElement;
            var parsed = element.Deserialize<BlobCreatedEvent>();
            return parsed is { EventType: Type, Subject: not null } ? parsed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The container and blob name the subject names, or null when it is not a blob subject.</summary>
    public (string Container, string BlobName)? Blob()
    {
        const string prefix = "/blobServices/default/containers/";
        if (!Subject.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = Subject[prefix.Length..];
        var marker = rest.IndexOf("/blobs/", StringComparison.Ordinal);
        return marker <= 0 ? null : (rest[..marker], rest[(marker + "/blobs/".Length)..]);
    }
}

public sealed record BlobCreatedData(
    [property: JsonPropertyName("api")] string Api,
    [property: JsonPropertyName("contentLength")] long ContentLength,
    [property: JsonPropertyName("url")] string Url);
