using AstroBlob.Functions.Storage;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Attachments;

/// <summary>Creates the attachment containers (and local CORS rules) when the host starts, with the tables.</summary>
public sealed class AttachmentContainers(BlobFiles blobs, IOptions<AttachmentOptions> options) : IStartupTask
{
    public Task RunAsync(CancellationToken ct) => blobs.EnsureAsync(options.Value.BlobCorsOrigins, ct);
}
