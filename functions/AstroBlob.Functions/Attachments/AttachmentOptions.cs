namespace AstroBlob.Functions.Attachments;

/// <summary>Settings of the attachment pipeline (configuration section <c>Attachments</c>).</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>How long an upload slot's write-only URL works.</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a download, preview or thumbnail URL works once handed out.</summary>
    public TimeSpan ReadUrlLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An upload never confirmed is looked at this long after its slot expired (the upload may still be finishing).</summary>
    public TimeSpan UploadGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A confirmed file still not processed after this long is sent to the processor again by the sweep.</summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times the sweep re-sends a file before it is rejected as impossible to process.</summary>
    public int MaxSweepAttempts { get; set; } = 3;

    /// <summary>Six-field cron (UTC) of the sweep that picks up unconfirmed uploads and stuck processing.</summary>
    public string SweepCron { get; set; } = "30 * * * * *";

    /// <summary>
    /// Origins allowed to PUT uploads and GET files straight from Blob Storage (browser CORS),
    /// set on the blob service at start-up when not empty. Locally "*"; in Azure the
    /// infrastructure sets the rules, and this stays empty.
    /// </summary>
    public string[] BlobCorsOrigins { get; set; } = [];

    /// <summary>Messages this host's processor handles at once (image and video work is CPU-heavy).</summary>
    public int ProcessorConcurrency { get; set; } = 2;
}
