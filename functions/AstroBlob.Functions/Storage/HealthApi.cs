using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Storage;

public sealed record HealthDto(string Status, string Storage, bool Ready, DateTimeOffset? StorageCheckedAt);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", Health).WithTags("Health")
            .WithSummary("Always answers while the process runs; reports storage as up or down.");
        app.MapGet("/api/health/live", Live).WithTags("Health")
            .WithSummary("Liveness: 200 while the process serves requests, whatever the state of storage (restart the host only when this fails).");
        app.MapGet("/api/health/ready", Ready).WithTags("Health")
            .WithSummary("Readiness: 200 when storage is reachable and set up, else 503 storage_unavailable (send no traffic, do not restart).");
        return app;
    }

    private static Ok<HealthDto> Live(StorageState state) => Health(state);

    private static IResult Ready(StorageState state, HttpContext context)
    {
        if (state.Reachable && state.Initialized)
        {
            return Health(state);
        }

        context.Response.Headers.RetryAfter = "5";
        return Results.Problem(Http.Problems.Create(
            503, "storage_unavailable", state.Initialized ? "Storage is unreachable." : "Storage is starting or unreachable; tables are not set up yet."));
    }

    private static Ok<HealthDto> Health(StorageState state) =>
        TypedResults.Ok(new HealthDto(
            state.Reachable && state.Initialized ? "ok" : "degraded",
            state.Reachable ? "up" : "down",
            state.Initialized,
            state.LastCheckedAt));

    /// <summary>Until tables exist, API calls get a clear 503 instead of storage errors.</summary>
    public static IApplicationBuilder UseStorageGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var state = context.RequestServices.GetRequiredService<StorageState>();
            if (!state.Initialized && context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/api/health"))
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "5";
                await Results.Problem(Http.Problems.Create(503, "storage_unavailable", "Storage is starting or unreachable; try again shortly.")).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
}
