using AstroBlob.Domain.People;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Observatories;

namespace AstroBlob.Functions.Http;

/// <summary>The observatory named by the route. Unknown or malformed slugs are a 404.</summary>
public sealed record Tenant(Observatory Observatory)
{
    public string Slug => Observatory.Slug;

    public static async ValueTask<Tenant?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slug = context.GetRouteValue("observatory") as string;
        var store = context.RequestServices.GetRequiredService<ObservatoryStore>();
        var observatory = await store.GetAsync(slug ?? string.Empty, context.RequestAborted)
            ?? throw ApiException.NotFound("observatory");
        return new Tenant(observatory);
    }
}

/// <summary>The signed-in person acting on this request.</summary>
public sealed record Caller(Actor Actor)
{
    public string UserId => Actor.UserId;
    public bool IsStaff => Actor.IsStaff;

    public static ValueTask<Caller?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<Caller?>(new Caller(context.User.ToActor()));
    }
}
