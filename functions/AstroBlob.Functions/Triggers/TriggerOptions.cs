using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Triggers;

/// <summary>Settings of the trigger runtime (configuration section <c>Triggers</c>).</summary>
public sealed class TriggerOptions
{
    public const string Section = "Triggers";

    /// <summary>
    /// Prepended to every queue and to the lease container, so that environments or test classes
    /// share a storage account without seeing each other's messages. Lowercase letters, digits, hyphens.
    /// </summary>
    public string QueuePrefix { get; set; } = string.Empty;

    /// <summary>Pause between polls while messages keep arriving.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pause between polls of an idle queue (the pause doubles per empty poll up to this).</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a received message stays invisible; renewed every half of it while its handler runs.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per message; a message that fails this many times moves to <c>{queue}-poison</c>.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Invisibility after a failed attempt, doubled for each further attempt (capped at 10 minutes).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// On stop, how long running handlers may take to finish before they are cancelled and their
    /// messages are returned to the queue. Keep it below the host's own shutdown timeout
    /// (<c>HostOptions.ShutdownTimeout</c>, 30 s by default) and the platform's grace period.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Blob container (prefixed) holding one lease blob per timer function.</summary>
    public string LeaseContainer { get; set; } = "locks";

    /// <summary>The longest wait between attempts while storage is unreachable.</summary>
    public TimeSpan MaxOutageBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often queue length and oldest-message age are sampled for the metrics.</summary>
    public TimeSpan DepthSampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Everything wrong with these settings, or nothing.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MinPollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:MinPollInterval must be positive.");
        }

        if (DepthSampleInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add($"{Section}:DepthSampleInterval must be at least 100 ms.");
        }

        if (MaxPollInterval < MinPollInterval)
        {
            problems.Add($"{Section}:MaxPollInterval must be at least MinPollInterval.");
        }

        // Receive accepts 1 s to 7 days; renewal every half of it needs at least a second.
        if (VisibilityTimeout < TimeSpan.FromSeconds(1) || VisibilityTimeout > IQueueSender.MaxVisibilityDelay)
        {
            problems.Add($"{Section}:VisibilityTimeout must be between 1 second and 7 days.");
        }

        if (MaxDequeueCount < 1)
        {
            problems.Add($"{Section}:MaxDequeueCount must be at least 1.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            problems.Add($"{Section}:RetryDelay must not be negative.");
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            problems.Add($"{Section}:ShutdownTimeout must not be negative.");
        }

        if (MaxOutageBackoff <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:MaxOutageBackoff must be positive.");
        }

        if (TriggerNames.PrefixProblem(QueuePrefix) is { } prefix)
        {
            problems.Add($"{Section}:QueuePrefix '{QueuePrefix}' {prefix}");
        }
        else if (TriggerNames.ContainerProblem(QueuePrefix + LeaseContainer) is { } container)
        {
            problems.Add($"{Section}:LeaseContainer: '{QueuePrefix + LeaseContainer}' {container}");
        }

        return problems;
    }
}

/// <summary>Refuses to start a host whose trigger settings make no sense.</summary>
internal sealed class TriggerOptionsValidator : IValidateOptions<TriggerOptions>
{
    public ValidateOptionsResult Validate(string? name, TriggerOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
