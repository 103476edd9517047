using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Triggers;

public static class TriggerSetup
{
    /// <summary>
    /// Adds the trigger runtime (queue listeners and timers in this process, settings from
    /// <c>Triggers</c>, storage from <c>Storage</c>) and <see cref="IQueueSender"/>; declare the
    /// functions on the returned builder.
    /// </summary>
    /// <remarks>
    /// Calling it again (e.g. a test adding functions to the real host) returns a builder on the
    /// same runtime: the first call's configuration stays in force and <paramref name="configuration"/>
    /// is not read again.
    /// </remarks>
    /// <exception cref="ArgumentException">The <c>Triggers</c> settings are invalid.</exception>
    public static TriggerBuilder AddTriggers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(TriggerRegistry))?.ImplementationInstance;
        if (existing is TriggerRegistry registered)
        {
            return new TriggerBuilder(services, registered);
        }

        var section = configuration.GetSection(TriggerOptions.Section);
        var options = section.Get<TriggerOptions>() ?? new TriggerOptions();
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid trigger settings: {string.Join(" ", problems)}", nameof(configuration));
        }

        var registry = new TriggerRegistry(options.QueuePrefix);
        services.AddSingleton(registry);
        services.AddOptions<TriggerOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TriggerOptions>, TriggerOptionsValidator>());
        services.AddOptions<TriggerStorageOptions>().Bind(configuration.GetSection(TriggerStorageOptions.Section));

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<TriggerMetrics>();
        services.TryAddSingleton<TriggerStorage>();
        services.TryAddSingleton<QueueSignals>();
        services.TryAddSingleton<IQueueSender, QueueSender>();
        services.AddHostedService<TriggerRuntime>();
        services.TryAddSingleton<QueueDepthSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueDepthSampler>());
        return new TriggerBuilder(services, registry);
    }
}
