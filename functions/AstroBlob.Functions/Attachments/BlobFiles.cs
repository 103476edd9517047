using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using AstroBlob.Functions.Storage;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Attachments;

/// <summary>
/// The two blob containers of attachments and the short-lived SAS URLs into them:
/// <c>quarantine</c> receives uploads straight from browsers (write-only URLs) and is never
/// read by clients; <c>attachments</c> holds what the processor accepted, read through
/// read-only URLs issued per request to people who may see the message.
/// </summary>
public sealed class BlobFiles
{
    private readonly BlobServiceClient _service;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _delegationLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    public BlobFiles(IOptions<StorageOptions> storage, TimeProvider clock)
    {
        var o = storage.Value;
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            _service = new BlobServiceClient(o.ConnectionString, options);
        }
        else if (o.BlobEndpoint is not null)
        {
            _service = new BlobServiceClient(o.BlobEndpoint, new DefaultAzureCredential(), options);
        }
        else
        {
            throw new InvalidOperationException("Set Storage:ConnectionString (local) or Storage:BlobEndpoint (managed identity) for attachments.");
        }

        _clock = clock;
        Quarantine = _service.GetBlobContainerClient(o.ContainerPrefix + "quarantine");
        Files = _service.GetBlobContainerClient(o.ContainerPrefix + "attachments");
    }

    public BlobContainerClient Quarantine { get; }

    public BlobContainerClient Files { get; }

    public BlobServiceClient Service => _service;

    /// <summary>Where an upload lands: one blob per attachment, named by observatory, ticket and id.</summary>
    public static string UploadName(string observatory, string code, string id) => $"{observatory}/{code}/{id}";

    /// <summary>Where a processed variant lives (<c>file</c>, <c>preview</c>, <c>thumbnail</c>, <c>poster</c>).</summary>
    public static string VariantName(string observatory, string code, string id, string variant) => $"{observatory}/{code}/{id}/{variant}";

    /// <summary>A URL that can create or overwrite this one upload blob, and nothing else, until <paramref name="expiresOn"/>.</summary>
    public Task<Uri> UploadUrlAsync(string blobName, DateTimeOffset expiresOn, CancellationToken ct)
    {
        var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn)
        {
            BlobContainerName = Quarantine.Name,
            BlobName = blobName,
            Resource = "b",
            StartsOn = _clock.GetUtcNow().AddMinutes(-2), // tolerate clock skew between us and storage
        };
        return SignAsync(Quarantine.GetBlobClient(blobName), sas, ct);
    }

    /// <summary>A read-only URL of one processed blob, which the browser shows inline or saves under <paramref name="downloadName"/>.</summary>
    public Task<Uri> ReadUrlAsync(string blobName, string contentType, string? downloadName, DateTimeOffset expiresOn, CancellationToken ct)
    {
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = Files.Name,
            BlobName = blobName,
            Resource = "b",
            StartsOn = _clock.GetUtcNow().AddMinutes(-2),
            ContentType = contentType,
            // Files are always served with an explicit type and, for downloads, as attachments, so a
            // browser never renders an uploaded document as a page of the storage origin.
            ContentDisposition = downloadName is null ? "inline" : ContentDisposition(downloadName),
        };
        return SignAsync(Files.GetBlobClient(blobName), sas, ct);
    }

    /// <summary>Creates both containers (private) and, when origins are configured, the blob service's CORS rules.</summary>
    public async Task EnsureAsync(IReadOnlyCollection<string> corsOrigins, CancellationToken ct)
    {
        await Quarantine.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: ct);
        await Files.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: ct);
        if (corsOrigins.Count == 0)
        {
            return;
        }

        var properties = (await _service.GetPropertiesAsync(ct)).Value;
        properties.Cors =
        [
            new BlobCorsRule
            {
                AllowedOrigins = string.Join(',', corsOrigins),
                AllowedMethods = "GET,HEAD,PUT,OPTIONS",
                AllowedHeaders = "content-type,x-ms-blob-type,x-ms-blob-content-type,x-ms-version,x-ms-client-request-id",
                ExposedHeaders = "content-length,content-type,etag,x-ms-request-id",
                MaxAgeInSeconds = 600,
            },
        ];
        await _service.SetPropertiesAsync(properties, ct);
    }

    /// <summary><c>attachment</c> with an ASCII fallback name and the exact name in RFC 5987 form.</summary>
    public static string ContentDisposition(string fileName)
    {
        var ascii = new string(fileName.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' and not ';' ? c : '_').ToArray());
        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }

    private async Task<Uri> SignAsync(BlobClient blob, BlobSasBuilder sas, CancellationToken ct)
    {
        if (blob.CanGenerateSasUri)
        {
            // An account key is at hand (a connection string): a service SAS, signed locally.
            return blob.GenerateSasUri(sas);
        }

        // Managed identity: a user delegation SAS, signed with a key the service lends us for a while.
        var key = await DelegationKeyAsync(sas.ExpiresOn, ct);
        var query = sas.ToSasQueryParameters(key, _service.AccountName);
        return new BlobUriBuilder(blob.Uri) { Sas = query }.ToUri();
    }

    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset until, CancellationToken ct)
    {
        await _delegationLock.WaitAsync(ct);
        try
        {
            if (_delegationKey is null || _delegationKey.SignedExpiresOn < until.AddMinutes(5))
            {
                var now = _clock.GetUtcNow();
                _delegationKey = (await _service.GetUserDelegationKeyAsync(now.AddMinutes(-5), now.AddHours(6), ct)).Value;
            }

            return _delegationKey;
        }
        finally
        {
            _delegationLock.Release();
        }
    }
}
