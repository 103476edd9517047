using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AstroBlob.Domain.People;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Auth;

/// <summary>
/// Bearer session tokens. A token is valid only under its own observatory's routes, only
/// while the session row exists and has not expired, and only while the person is active.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionStore sessions,
    DirectoryStore directory,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        var session = await sessions.FindAsync(token, clock.GetUtcNow(), Context.RequestAborted);
        var routeObservatory = Context.GetRouteValue("observatory") as string;
        if (session is null || routeObservatory is null || session.Observatory != routeObservatory)
        {
            return AuthenticateResult.Fail("Invalid or expired session.");
        }

        var found = await directory.GetUserAsync(session.Observatory, session.UserId, Context.RequestAborted);
        if (found is not { User.Active: true } user)
        {
            return AuthenticateResult.Fail("The person is no longer active.");
        }

        var u = user.User;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, u.Id),
            new(ClaimTypes.Name, u.Name),
            new(ClaimTypes.Role, EnumName(u.Role)),
            new("obs", session.Observatory),
            new("companyWide", u.CompanyWide ? "true" : "false"),
            new("lang", u.Language),
        };
        if (u.CustomerId is not null)
        {
            claims.Add(new Claim("customerId", u.CustomerId));
        }

        if (u.Level is { } level)
        {
            claims.Add(new Claim("level", level.ToString(CultureInfo.InvariantCulture)));
        }

        Context.Items[TokenKey] = token;
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties) =>
        await WriteProblemAsync(401, "unauthenticated", "Sign in first: send 'Authorization: Bearer <token>' from this observatory's login.");

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await WriteProblemAsync(403, "forbidden", "Your role may not do this.");

    internal const string TokenKey = "astroblob.token";

    private async Task WriteProblemAsync(int status, string code, string detail)
    {
        Response.StatusCode = status;
        if (status == 401)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = Problems.Create(status, code, detail) });
    }

    public static string EnumName(Role role) => role.ToString().ToLowerInvariant();
}

public static class Policies
{
    public const string Staff = "staff";
    public const string Admin = "admin";
    public const string Customer = "customer";

    public static IServiceCollection AddSessionAuth(this IServiceCollection services)
    {
        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Staff, p => p.RequireRole("technician", "admin"))
            .AddPolicy(Admin, p => p.RequireRole("admin"))
            .AddPolicy(Customer, p => p.RequireRole("customer"));
        return services;
    }

    /// <summary>The acting person, from the session's claims.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var role = user.FindFirstValue(ClaimTypes.Role) switch
        {
            "admin" => Role.Admin,
            "technician" => Role.Technician,
            "customer" => Role.Customer,
            _ => throw new ApiException(401, "unauthenticated", "Sign in first."),
        };
        return new Actor(
            user.FindFirstValue(ClaimTypes.NameIdentifier)!,
            user.FindFirstValue(ClaimTypes.Name) ?? string.Empty,
            role,
            user.FindFirstValue("customerId"),
            user.FindFirstValue("companyWide") == "true");
    }
}
