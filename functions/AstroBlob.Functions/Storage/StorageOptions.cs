namespace AstroBlob.Functions.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>A full connection string (Azurite locally). When empty, the endpoints below are used with managed identity.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table service endpoint for managed identity in Azure, e.g. https://acct.table.core.windows.net.</summary>
    public Uri? TableEndpoint { get; set; }

    /// <summary>Blob service endpoint for managed identity in Azure (attachments), e.g. https://acct.blob.core.windows.net.</summary>
    public Uri? BlobEndpoint { get; set; }

    /// <summary>Prepended to every blob container name of attachments: lowercase letters, digits, hyphens.</summary>
    public string ContainerPrefix { get; set; } = string.Empty;

    /// <summary>Prepended to every table name, so that test classes (or environments) share an account without colliding.</summary>
    public string TablePrefix { get; set; } = string.Empty;
}
