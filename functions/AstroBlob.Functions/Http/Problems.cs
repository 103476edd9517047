using AstroBlob.Domain.Common;
using AstroBlob.Functions.Storage;
using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AstroBlob.Functions.Http;

/// <summary>Every error leaves as RFC 9457 problem+json with a stable machine-readable <c>code</c>.</summary>
public static class Problems
{
    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var p = ctx.ProblemDetails;
            if (!p.Extensions.ContainsKey("code"))
            {
                p.Extensions["code"] = p.Status switch
                {
                    400 => "bad_request",
                    401 => "unauthenticated",
                    403 => "forbidden",
                    404 => "not_found",
                    405 => "method_not_allowed",
                    413 => "payload_too_large",
                    415 => "unsupported_media_type",
                    429 => "too_many_requests",
                    _ => "error",
                };
            }

            p.Type ??= $"urn:astroblob:problem:{p.Extensions["code"]}";
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        return services;
    }

    public static ProblemDetails Create(int status, string code, string detail, IDictionary<string, string[]>? errors = null)
    {
        var p = errors is null ? new ProblemDetails() : new ValidationProblemDetails(errors);
        p.Status = status;
        p.Title = Title(status);
        p.Detail = detail;
        p.Type = $"urn:astroblob:problem:{code}";
        p.Extensions["code"] = code;
        return p;
    }

    private static string Title(int status) => status switch
    {
        400 => "The request is not valid.",
        401 => "Sign-in required.",
        403 => "Not allowed.",
        404 => "Not found.",
        409 => "Conflict with the current state.",
        412 => "The resource changed since you read it.",
        413 => "The request is too large.",
        415 => "Unsupported media type.",
        422 => "The request cannot be processed.",
        428 => "A precondition is required.",
        429 => "Too many requests.",
        503 => "Temporarily unavailable.",
        _ => "An error occurred.",
    };
}

/// <summary>Turns domain and API refusals into problem+json; anything unexpected is a 500 without details.</summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ApiException e => Problems.Create(e.Status, e.Code, e.Message, e.Errors),
            DomainException e => FromDomain(e),
            BadHttpRequestException e => Problems.Create(e.StatusCode, e.StatusCode == 413 ? "payload_too_large" : "bad_request", e.Message),
            _ when StorageMonitor.IsStorageFailure(exception) => Problems.Create(503, "storage_unavailable", "Storage is not reachable right now; try again shortly."),
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = Problems.Create(500, "internal_error", "Something went wrong on our side.");
        }

        if (problem.Status == 503)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails FromDomain(DomainException e)
    {
        var status = e.Kind switch
        {
            DomainErrorKind.Invalid => 400,
            DomainErrorKind.Forbidden => 403,
            _ => 409,
        };
        var errors = e.Data["field"] is string field ? new Dictionary<string, string[]> { [field] = [e.Message] } : null;
        return Problems.Create(status, e.Code, e.Message, errors);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
