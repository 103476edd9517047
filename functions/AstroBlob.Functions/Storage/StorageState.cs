namespace AstroBlob.Functions.Storage;

/// <summary>What the host currently knows about its storage, for health and for early 503s.</summary>
public sealed class StorageState
{
    private volatile bool _reachable;
    private volatile bool _initialized;

    public bool Reachable => _reachable;

    /// <summary>Tables exist and the demo (if any) is seeded: the API can serve.</summary>
    public bool Initialized => _initialized;

    public DateTimeOffset? LastCheckedAt { get; private set; }

    public void Report(bool reachable, DateTimeOffset at)
    {
        _reachable = reachable;
        LastCheckedAt = at;
    }

    public void MarkInitialized() => _initialized = true;
}
