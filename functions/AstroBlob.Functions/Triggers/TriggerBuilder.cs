using Cronos;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AstroBlob.Functions.Triggers;

/// <summary>
/// Declares the functions of the host, one line each, as a Functions app would:
/// <code>
/// services.AddTriggers(configuration)
///     .Queue&lt;SlaTimerFunction&gt;("sla-timers")
///     .Queue&lt;OutboxFunction&gt;("outbox", maxConcurrency: 4)
///     .Timer&lt;SlaSweepFunction&gt;("0 * * * * *");
/// </code>
/// Names are checked here: a bad one throws <see cref="ArgumentException"/> at registration.
/// </summary>
public sealed class TriggerBuilder
{
    public const int DefaultMaxConcurrency = 8;
    public const int MaxConcurrencyLimit = 1024;

    private readonly TriggerRegistry _registry;

    internal TriggerBuilder(IServiceCollection services, TriggerRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    public IServiceCollection Services { get; }

    /// <summary>Runs <typeparamref name="TFunction"/> for every message of <paramref name="queue"/>.</summary>
    /// <param name="queue">The queue's name without the configured prefix: lowercase letters, digits and single hyphens.</param>
    /// <param name="maxConcurrency">How many messages of this queue this host handles at once.</param>
    public TriggerBuilder Queue<TFunction>(string queue, int maxConcurrency = DefaultMaxConcurrency)
        where TFunction : class, IQueueFunction
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (TriggerNames.QueueProblem(_registry.Prefix + queue) is { } problem)
        {
            throw new ArgumentException(
                $"Queue '{queue}' of {typeof(TFunction).Name} is not a valid Azure queue name: '{_registry.Prefix + queue}' {problem}", nameof(queue));
        }

        if (maxConcurrency is < 1 or > MaxConcurrencyLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConcurrency), maxConcurrency, $"maxConcurrency must be between 1 and {MaxConcurrencyLimit}.");
        }

        if (_registry.Queues.Any(q => q.Queue == queue))
        {
            throw new ArgumentException($"Queue '{queue}' already has a function; a queue is consumed by one function.", nameof(queue));
        }

        if (_registry.Queues.Any(q => q.Queue + TriggerNames.PoisonSuffix == queue || q.Queue == queue + TriggerNames.PoisonSuffix))
        {
            throw new ArgumentException($"Queue '{queue}' collides with a poison queue of another registration.", nameof(queue));
        }

        Services.TryAddScoped<TFunction>();
        _registry.Queues.Add(new QueueRegistration(queue, typeof(TFunction), maxConcurrency));
        return this;
    }

    /// <summary>Runs <typeparamref name="TFunction"/> on a schedule, once per occurrence across all instances.</summary>
    /// <param name="cron">Six-field cron with seconds (<c>second minute hour day month day-of-week</c>), in UTC.</param>
    /// <param name="name">The timer's name (names its lease blob); the class name by default.</param>
    public TriggerBuilder Timer<TFunction>(string cron, string? name = null)
        where TFunction : class, ITimerFunction
    {
        ArgumentNullException.ThrowIfNull(cron);
        name ??= typeof(TFunction).Name;
        if (TriggerNames.TimerNameProblem(name) is { } problem)
        {
            throw new ArgumentException($"Timer name '{name}' {problem}", nameof(name));
        }

        if (_registry.Timers.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"A timer named '{name}' is already registered; pass a distinct name.", nameof(name));
        }

        CronExpression schedule;
        try
        {
            schedule = CronExpression.Parse(cron, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException(
                $"Schedule '{cron}' of timer '{name}' is not a six-field cron expression with seconds: {e.Message}", nameof(cron), e);
        }

        Services.TryAddScoped<TFunction>();
        _registry.Timers.Add(new TimerRegistration(name, cron, schedule, typeof(TFunction)));
        return this;
    }
}

internal sealed record QueueRegistration(string Queue, Type FunctionType, int MaxConcurrency)
{
    public string FunctionName => FunctionType.Name;
}

internal sealed record TimerRegistration(string Name, string Cron, CronExpression Schedule, Type FunctionType);

/// <summary>What was registered; one instance per service collection.</summary>
internal sealed class TriggerRegistry(string prefix)
{
    public string Prefix { get; } = prefix;

    public List<QueueRegistration> Queues { get; } = [];

    public List<TimerRegistration> Timers { get; } = [];
}
