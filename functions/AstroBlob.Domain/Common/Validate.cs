using System.Net.Mail;

namespace AstroBlob.Domain.Common;

/// <summary>Input rules shared by every entry point (API, integration, e-mail).</summary>
public static class Validate
{
    public static void Title(string? title) => Required("title", title, Limits.TitleMax);

    public static void Description(string? description) => Length("description", description, Limits.DescriptionMax);

    public static void MessageBody(string? body) => Required("body", body, Limits.MessageBodyMax);

    public static void Required(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw DomainException.Invalid("required", $"'{field}' is required.").WithField(field);
        }

        Length(field, value, max);
    }

    public static void Length(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            throw DomainException.Invalid("too_long", $"'{field}' must be at most {max} characters.").WithField(field);
        }

        if (value is not null && value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            throw DomainException.Invalid("control_characters", $"'{field}' contains control characters.").WithField(field);
        }
    }

    /// <summary>Normalises an e-mail address (trimmed, lower-case) or throws.</summary>
    public static string Email(string? email)
    {
        Required("email", email, Limits.EmailMax);
        var trimmed = email!.Trim();
        if (!MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || trimmed.Contains(' ', StringComparison.Ordinal))
        {
            throw DomainException.Invalid("invalid_email", "'email' is not a valid e-mail address.").WithField("email");
        }

        return trimmed.ToLowerInvariant();
    }

    public static void Password(string? password)
    {
        if (password is null || password.Length < Limits.PasswordMin || password.Length > Limits.PasswordMax)
        {
            throw DomainException.Invalid("weak_password", $"'password' must be {Limits.PasswordMin} to {Limits.PasswordMax} characters.").WithField("password");
        }
    }
}

public static class DomainExceptionExtensions
{
    /// <summary>Names the offending field so the API can list it in the problem's errors.</summary>
    public static DomainException WithField(this DomainException e, string field)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.Data["field"] = field;
        return e;
    }
}
