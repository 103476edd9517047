using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Triggers;

/// <summary>
/// The storage keys the trigger runtime reads from the <c>Storage</c> section (the same section
/// as the tables): a connection string locally, or service endpoints with managed identity.
/// </summary>
public sealed class TriggerStorageOptions
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }

    /// <summary>Queue service endpoint for managed identity, e.g. https://acct.queue.core.windows.net.</summary>
    public Uri? QueueEndpoint { get; set; }

    /// <summary>Blob service endpoint for managed identity, e.g. https://acct.blob.core.windows.net.</summary>
    public Uri? BlobEndpoint { get; set; }
}

/// <summary>Queue and blob clients of the trigger runtime; every name carries the configured prefix.</summary>
internal sealed class TriggerStorage
{
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);

    public TriggerStorage(IOptions<TriggerStorageOptions> storage, IOptions<TriggerOptions> triggers)
    {
        var o = storage.Value;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        var blobOptions = new BlobClientOptions();
        Tune(queueOptions.Retry);
        Tune(blobOptions.Retry);
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            Queues = new QueueServiceClient(o.ConnectionString, queueOptions);
            Blobs = new BlobServiceClient(o.ConnectionString, blobOptions);
        }
        else if (o.QueueEndpoint is not null && o.BlobEndpoint is not null)
        {
            var credential = new DefaultAzureCredential();
            Queues = new QueueServiceClient(o.QueueEndpoint, credential, queueOptions);
            Blobs = new BlobServiceClient(o.BlobEndpoint, credential, blobOptions);
        }
        else
        {
            throw new InvalidOperationException(
                "Set Storage:ConnectionString (local) or Storage:QueueEndpoint and Storage:BlobEndpoint (managed identity) for the trigger runtime.");
        }

        Prefix = triggers.Value.QueuePrefix;
        LeaseContainer = Blobs.GetBlobContainerClient(Prefix + triggers.Value.LeaseContainer);
    }

    public QueueServiceClient Queues { get; }

    public BlobServiceClient Blobs { get; }

    public string Prefix { get; }

    public BlobContainerClient LeaseContainer { get; }

    /// <summary>The client of a queue by its registered name (the prefix is added here).</summary>
    public QueueClient Queue(string name) => _queues.GetOrAdd(Prefix + name, Queues.GetQueueClient);

    public QueueClient PoisonQueue(string name) => Queue(name + TriggerNames.PoisonSuffix);

    private static void Tune(RetryOptions retry)
    {
        // Few, quick retries and a short network timeout: the loops do their own backoff, and an
        // outage must be noticed (and logged) in seconds, not after minutes of SDK retries.
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(1);
        retry.NetworkTimeout = TimeSpan.FromSeconds(5);
    }
}
