namespace AstroBlob.Functions.Http;

/// <summary>An HTTP-level refusal (not found, precondition failed, ...) with a stable code.</summary>
public sealed class ApiException(int status, string code, string detail, IDictionary<string, string[]>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    public static ApiException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, $"{what}_not_found", $"The {what.Replace('_', ' ')} does not exist.");

    public static ApiException BadRequest(string code, string detail, string? field = null) =>
        new(StatusCodes.Status400BadRequest, code, detail, field is null ? null : new Dictionary<string, string[]> { [field] = [detail] });

    public static ApiException Forbidden(string code, string detail) => new(StatusCodes.Status403Forbidden, code, detail);

    public static ApiException Conflict(string code, string detail) => new(StatusCodes.Status409Conflict, code, detail);
}
