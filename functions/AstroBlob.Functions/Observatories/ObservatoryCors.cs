using Microsoft.AspNetCore.Cors.Infrastructure;

namespace AstroBlob.Functions.Observatories;

/// <summary>
/// CORS per observatory: only the origins the observatory declared for embedding its portal
/// may call its API from a browser. Other observatories' origins get no CORS headers.
/// </summary>
public sealed class ObservatoryCorsPolicyProvider(ObservatoryStore store) : ICorsPolicyProvider
{
    public const string Policy = "observatory";

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slug = context.GetRouteValue("observatory") as string;
        var observatory = slug is null ? null : await store.GetAsync(slug, context.RequestAborted);
        var builder = new CorsPolicyBuilder()
            .AllowAnyHeader()
            .WithMethods("GET", "POST", "PATCH", "PUT", "DELETE")
            .WithExposedHeaders("ETag", "Location", "Retry-After", "Idempotent-Replayed")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        builder = observatory is { EmbedOrigins.Count: > 0 } ? builder.WithOrigins([.. observatory.EmbedOrigins]) : builder.WithOrigins([]);
        return builder.Build();
    }
}
