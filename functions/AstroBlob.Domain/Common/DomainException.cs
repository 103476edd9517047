namespace AstroBlob.Domain.Common;

/// <summary>What kind of rule a request broke; the host maps it to an HTTP status.</summary>
public enum DomainErrorKind
{
    /// <summary>The input itself is wrong (400).</summary>
    Invalid,
    /// <summary>The caller may see the thing but not do this to it (403).</summary>
    Forbidden,
    /// <summary>The thing is not in a state that allows this (409).</summary>
    Conflict,
}

/// <summary>A broken business rule, with a stable machine-readable code.</summary>
public sealed class DomainException(DomainErrorKind kind, string code, string message) : Exception(message)
{
    public DomainErrorKind Kind { get; } = kind;
    public string Code { get; } = code;

    public static DomainException Invalid(string code, string message) => new(DomainErrorKind.Invalid, code, message);
    public static DomainException Forbidden(string code, string message) => new(DomainErrorKind.Forbidden, code, message);
    public static DomainException Conflict(string code, string message) => new(DomainErrorKind.Conflict, code, message);
}
