namespace AstroBlob.Functions.Attachments.Media;

/// <summary>
/// An upload that cannot be turned into something we serve: a stable machine-readable <see cref="Code"/>
/// (<c>unreadable</c>, <c>image_too_large</c>, <c>processing_timeout</c>) and a message a user can read.
/// </summary>
public sealed class MediaRejectedException(string code, string reason) : Exception(reason)
{
    public string Code { get; } = code;
}
