using AstroBlob.Functions.Triggers;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AstroBlob.Functions.Observability;

/// <summary>
/// Traces, metrics and structured logs. OpenTelemetry collects always (cheap) and exports over
/// OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured (the standard OpenTelemetry
/// variables set endpoint, protocol and headers). Outside Development, logs are JSON lines with
/// their scopes, so every line about a ticket carries <c>Observatory</c> and <c>TicketCode</c>.
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddAstroBlobTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<AstroBlobTelemetry>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("astroblob-host", serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t
                .AddSource(AstroBlobTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/api/health"))
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddMeter(AstroBlobTelemetry.Name, TriggerMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>JSON console logs with scopes, outside Development (where the plain console reads better).</summary>
    public static ILoggingBuilder AddAstroBlobLogging(this ILoggingBuilder logging, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.IsDevelopment())
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "O";
            });
        }

        return logging;
    }

    /// <summary>
    /// Every log line written while serving a request about an observatory, or one of its
    /// tickets, carries them (a logging scope from the route's values).
    /// </summary>
    public static IApplicationBuilder UseTicketLogScope(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var observatory = context.GetRouteValue("observatory") as string;
            if (observatory is null)
            {
                await next(context);
                return;
            }

            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AstroBlob.Request");
            using (logger.BeginScope(LogScopes.For(observatory, context.GetRouteValue("code") as string)))
            {
                await next(context);
            }
        });
}

/// <summary>The scope values every ticket-related log line carries.</summary>
public static class LogScopes
{
    public const string Observatory = "Observatory";
    public const string TicketCode = "TicketCode";

    public static IReadOnlyDictionary<string, object?> For(string? observatory, string? code)
    {
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(observatory))
        {
            scope[Observatory] = observatory;
        }

        if (!string.IsNullOrEmpty(code))
        {
            scope[TicketCode] = code;
        }

        return scope;
    }
}
