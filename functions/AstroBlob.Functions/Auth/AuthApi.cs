using System.Globalization;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Email;
using AstroBlob.Domain.People;
using AstroBlob.Functions.Email;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Triggers;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Auth;

public sealed record LoginRequest
{
    public required string Email { get; init; }
    public required string Password { get; init; }
}

public sealed record MagicLinkRequest
{
    public required string Email { get; init; }
}

public sealed record RedeemRequest
{
    public required string Token { get; init; }
}

public sealed record UserSummaryDto(string Id, string Name, string Role, string Email, string? CustomerId, int? Level, string Language);

public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, UserSummaryDto User);

public static class AuthApi
{
    public const string LoginRateLimit = "login";

    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/login", LoginAsync).Accepts<LoginRequest>("application/json").RequireRateLimiting(LoginRateLimit)
            .WithSummary("Sign in with e-mail and password; returns a bearer token valid for this observatory only.");
        group.MapPost("/magic-link", MagicLinkAsync).Accepts<MagicLinkRequest>("application/json").RequireRateLimiting(LoginRateLimit)
            .WithSummary("Customers: mail me a single-use sign-in link. Always 202, whether or not the address is known.");
        group.MapPost("/magic-link/redeem", RedeemAsync).Accepts<RedeemRequest>("application/json").RequireRateLimiting(LoginRateLimit)
            .WithSummary("Exchange a magic link's token for a session (once, before it expires).");
        group.MapPost("/logout", LogoutAsync).RequireAuthorization().WithSummary("Revoke the current session.");
        observatory.MapGet("/me", Me).RequireAuthorization().WithTags("Auth").WithSummary("Who the token belongs to.");
        return observatory;
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        Tenant tenant, HttpRequest request, HttpResponse response, DirectoryStore directory, PasswordHasher hasher, SessionStore sessions,
        LoginThrottle throttle, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<LoginRequest>(request, ct);
        var email = (body.Email ?? string.Empty).Trim().ToLowerInvariant();
        if (email.Length is 0 or > Limits.EmailMax || body.Password.Length > Limits.PasswordMax)
        {
            throw ApiException.BadRequest("invalid_credentials_format", "E-mail and password are required.");
        }

        if (await throttle.RetryAfterAsync(tenant.Slug, email, ct) is { } wait)
        {
            response.Headers.RetryAfter = Math.Ceiling(Math.Max(1, wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(Problems.Create(429, "too_many_attempts", "Too many failed sign-ins for this account; wait and try again."));
        }

        var user = await directory.FindUserByEmailAsync(tenant.Slug, email, ct);
        // Always verify (against a dummy hash when the user is unknown): equal time either way.
        var ok = hasher.Verify(body.Password, user?.PasswordHash) && user is { Active: true };
        if (!ok)
        {
            await throttle.FailedAsync(tenant.Slug, email, ct);
            return TypedResults.Problem(Problems.Create(401, "invalid_credentials", "E-mail or password is wrong."));
        }

        await throttle.SucceededAsync(tenant.Slug, email, ct);
        var now = clock.GetUtcNow();
        var lifetime = options.Value.SessionLifetime;
        var token = await sessions.CreateAsync(tenant.Slug, user!.Id, now, lifetime, ct);
        return TypedResults.Ok(new LoginResponse(token, now + lifetime, user.ToSummary()));
    }

    private static async Task<Accepted> MagicLinkAsync(
        Tenant tenant, HttpRequest request, DirectoryStore directory, SessionStore sessions, IQueueSender queues,
        IOptions<EmailOptions> email, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<MagicLinkRequest>(request, ct);
        var address = (body.Email ?? string.Empty).Trim().ToLowerInvariant();
        if (address.Length is 0 or > Limits.EmailMax)
        {
            throw ApiException.BadRequest("invalid_email", "'email' is required.", "email");
        }

        // Only active customer contacts get a link; nobody learns which addresses exist.
        if (await directory.FindUserByEmailAsync(tenant.Slug, address, ct) is { Active: true, Role: Role.Customer } user)
        {
            var o = email.Value;
            var token = await sessions.CreateMagicLinkAsync(tenant.Slug, user.Id, clock.GetUtcNow(), o.MagicLinkLifetime, ct);
            var link = new Uri(o.PublicBaseUrl, $"portal/{tenant.Slug}/#/magic/{token}");
            var minutes = ((int)o.MagicLinkLifetime.TotalMinutes).ToString(CultureInfo.InvariantCulture);
            await queues.SendAsync(EmailSendFunction.Queue, new MailJob(Keys.NewId(), tenant.Slug, MailKind.MagicLink, user.Id, null, Detail: minutes, Link: link), ct: ct);
        }

        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> RedeemAsync(
        Tenant tenant, HttpRequest request, DirectoryStore directory, SessionStore sessions, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<RedeemRequest>(request, ct);
        var now = clock.GetUtcNow();
        var userId = await sessions.RedeemMagicLinkAsync(tenant.Slug, body.Token ?? string.Empty, now, ct);
        var user = userId is null ? null : await directory.GetUserAsync(tenant.Slug, userId, ct);
        if (user is not { User: { Active: true } u })
        {
            return TypedResults.Problem(Problems.Create(401, "invalid_magic_link", "This sign-in link is not valid any more: ask for a new one."));
        }

        var lifetime = options.Value.SessionLifetime;
        var token = await sessions.CreateAsync(tenant.Slug, u.Id, now, lifetime, ct);
        return TypedResults.Ok(new LoginResponse(token, now + lifetime, u.ToSummary()));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext context, SessionStore sessions, CancellationToken ct)
    {
        if (context.Items[SessionAuthenticationHandler.TokenKey] is string token)
        {
            await sessions.RevokeAsync(token, ct);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Ok<UserSummaryDto>> Me(Tenant tenant, Caller caller, DirectoryStore directory, CancellationToken ct)
    {
        var user = await directory.GetUserAsync(tenant.Slug, caller.UserId, ct) ?? throw ApiException.NotFound("user");
        return TypedResults.Ok(user.User.ToSummary());
    }

    public static UserSummaryDto ToSummary(this Domain.People.User u)
    {
        ArgumentNullException.ThrowIfNull(u);
        return new(u.Id, u.Name, SessionAuthenticationHandler.EnumName(u.Role), u.Email, u.CustomerId, u.Level, u.Language);
    }
}
