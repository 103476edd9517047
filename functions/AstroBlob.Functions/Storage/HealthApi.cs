using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Storage;

public sealed record HealthDto(string Status, string Storage, bool Ready, DateTimeOffset? StorageCheckedAt);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", Health).WithTags("Health")
            .WithSummary("Always answers while the process runs; reports storage as up or down.");
        return app;
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
