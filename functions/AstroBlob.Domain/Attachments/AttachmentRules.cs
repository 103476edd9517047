using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Attachments;

/// <summary>Where a file is on its way from the uploader's disk to the conversation.</summary>
public enum AttachmentState
{
    /// <summary>An upload slot was issued; the bytes have not been confirmed yet.</summary>
    AwaitingUpload,
    /// <summary>Uploaded and confirmed; the processor checks and converts it.</summary>
    Processing,
    /// <summary>Checked and converted: downloadable by whoever may see its message.</summary>
    Ready,
    /// <summary>Refused by the processor, with a reason the uploader sees.</summary>
    Rejected,
    /// <summary>The upload slot ran out and no file ever arrived.</summary>
    Expired,
}

/// <summary>Per-kind size limits of an observatory (bytes). The admin may change them within bounds.</summary>
public sealed record AttachmentLimits(long ImageMaxBytes, long VideoMaxBytes, long DocumentMaxBytes)
{
    public const long MiB = 1024 * 1024;

    /// <summary>Images 25 MB, videos 500 MB, documents 50 MB.</summary>
    public static AttachmentLimits Default { get; } = new(25 * MiB, 500 * MiB, 50 * MiB);

    /// <summary>
    /// The largest limits an admin may set. Videos stop below the 5,000 MiB a single PUT to Blob
    /// Storage accepts, since browsers upload in one request; images stop where decoding them
    /// would need more memory than a host instance should spend on one file.
    /// </summary>
    public static AttachmentLimits Ceiling { get; } = new(200 * MiB, 4_000 * MiB, 1_000 * MiB);

    public const long Floor = 1024;

    public long For(FileKind kind) => kind switch
    {
        FileKind.Image => ImageMaxBytes,
        FileKind.Video => VideoMaxBytes,
        _ => DocumentMaxBytes,
    };

    /// <summary>Refuses limits outside [1 KiB, ceiling], naming the field.</summary>
    public AttachmentLimits Validated()
    {
        Check("imageMaxBytes", ImageMaxBytes, Ceiling.ImageMaxBytes);
        Check("videoMaxBytes", VideoMaxBytes, Ceiling.VideoMaxBytes);
        Check("documentMaxBytes", DocumentMaxBytes, Ceiling.DocumentMaxBytes);
        return this;
    }

    private static void Check(string field, long value, long max)
    {
        if (value < Floor || value > max)
        {
            throw DomainException.Invalid("limit_out_of_range", $"'{field}' must be between {Floor} and {max} bytes.").WithField(field);
        }
    }
}

/// <summary>Rules on what an uploader may ask for, checked before any upload slot is issued.</summary>
public static class AttachmentRules
{
    public const int FileNameMax = 180;
    public const int ContentTypeMax = 100;
    public const int MaxPerMessage = 10;

    /// <summary>
    /// The name as it will be shown: trimmed, without any folder part a browser may send, and
    /// free of control characters and of characters that break a Content-Disposition header.
    /// </summary>
    public static string FileName(string? name)
    {
        Validate.Required("fileName", name, 1_000);
        var trimmed = name!.Trim();
        var lastSlash = trimmed.LastIndexOfAny(['/', '\\']);
        if (lastSlash >= 0)
        {
            trimmed = trimmed[(lastSlash + 1)..].Trim();
        }

        if (trimmed.Length == 0 || trimmed is "." or "..")
        {
            throw DomainException.Invalid("invalid_file_name", "'fileName' must name a file.").WithField("fileName");
        }

        if (trimmed.Length > FileNameMax)
        {
            throw DomainException.Invalid("too_long", $"'fileName' must be at most {FileNameMax} characters.").WithField("fileName");
        }

        if (trimmed.Any(c => char.IsControl(c) || c is '"' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format))
        {
            // Format characters include the right-to-left override that makes "gpj.exe" read as "exe.jpg".
            throw DomainException.Invalid("invalid_file_name", "'fileName' contains characters a file name cannot have.").WithField("fileName");
        }

        return trimmed;
    }

    /// <summary>
    /// Checks a requested upload against the name's kind and the observatory's limits, before
    /// anything is stored. The processor checks again against the real bytes.
    /// </summary>
    public static FileKind CheckRequest(string fileName, long size, AttachmentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (FileSniffer.IsForbiddenName(fileName))
        {
            throw DomainException.Invalid("forbidden_file_type", "Programs and scripts cannot be attached.").WithField("fileName");
        }

        var kind = FileSniffer.KindFromName(fileName)
            ?? throw DomainException.Invalid("unsupported_file_type",
                "This kind of file cannot be attached: use images (JPEG, PNG, WebP, TIFF, FITS), videos (MP4, MOV, WebM) or documents (PDF, text, office files, ZIP).").WithField("fileName");
        if (size < 1)
        {
            throw DomainException.Invalid("invalid_size", "'size' must be the file's size in bytes.").WithField("size");
        }

        var max = limits.For(kind);
        if (size > max)
        {
            throw DomainException.Invalid("file_too_large", $"This {KindName(kind)} is {Megabytes(size)}; the limit is {Megabytes(max)}.").WithField("size");
        }

        return kind;
    }

    /// <summary>The state after the processor's verdict, refusing to leave a final state.</summary>
    public static AttachmentState Finish(AttachmentState current, bool accepted) => current switch
    {
        AttachmentState.AwaitingUpload or AttachmentState.Processing => accepted ? AttachmentState.Ready : AttachmentState.Rejected,
        _ => throw DomainException.Conflict("attachment_final", "This file was already processed."),
    };

    /// <summary>
    /// Who may see a file of a ticket they can see: anyone who may see its message, and before it is
    /// posted with a message only its uploader. An internal note's files are staff-only.
    /// </summary>
    public static bool CanSee(Actor actor, string uploaderId, string? messageId, Visibility? visibility)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return messageId is null
            ? actor.UserId == uploaderId
            : TicketAccess.CanSeeVisibility(actor, visibility ?? Visibility.Internal);
    }

    public static bool IsFinal(AttachmentState state) => state is AttachmentState.Ready or AttachmentState.Rejected or AttachmentState.Expired;

    public static string KindName(FileKind kind) => kind switch
    {
        FileKind.Image => "image",
        FileKind.Video => "video",
        _ => "document",
    };

    public static string Megabytes(long bytes) =>
        (bytes / (double)AttachmentLimits.MiB).ToString(bytes % AttachmentLimits.MiB == 0 ? "0" : "0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
