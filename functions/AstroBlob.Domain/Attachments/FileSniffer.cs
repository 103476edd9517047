using System.Buffers.Binary;
using System.Buffers;
using System.Collections.Frozen;
using System.Numerics;
using System.Text;

namespace AstroBlob.Domain.Attachments;

public enum FileKind
{
    Image,
    Video,
    Document,
}

/// <summary>
/// What an upload really is. Accepted: <see cref="Kind"/>, <see cref="Format"/> and the <see cref="ContentType"/> to serve
/// it with are set. Refused: <see cref="RejectCode"/> (stable, snake_case) and a <see cref="RejectReason"/> a user can read.
/// </summary>
public sealed record SniffResult(FileKind? Kind, string? Format, string? ContentType, string? RejectCode, string? RejectReason)
{
    public bool Accepted => RejectCode is null;
}

/// <summary>
/// Decides an upload's type from its leading bytes, never from what the client claims, and checks the file name's
/// extension against it, so that what is stored and served is what its name says.
/// </summary>
/// <remarks>
/// Matroska (.mkv) is refused (<c>unsupported_type</c>): browsers do not play it reliably and it may hold any codec.
/// A WebM file is Matroska with DocType "webm"; only that is accepted.
/// </remarks>
public static class FileSniffer
{
    /// <summary>Callers pass at most this many leading bytes.</summary>
    public const int HeadLength = 8192;

    private sealed record KnownType(string Format, FileKind Kind, string ContentType, string Description, params string[] Extensions);

    private static readonly KnownType Jpeg = new("jpeg", FileKind.Image, "image/jpeg", "a JPEG image", "jpg", "jpeg", "jpe", "jfif");
    private static readonly KnownType Png = new("png", FileKind.Image, "image/png", "a PNG image", "png");
    private static readonly KnownType WebP = new("webp", FileKind.Image, "image/webp", "a WebP image", "webp");
    private static readonly KnownType Tiff = new("tiff", FileKind.Image, "image/tiff", "a TIFF image", "tif", "tiff");
    private static readonly KnownType Fits = new("fits", FileKind.Image, "image/fits", "a FITS image", "fits", "fit", "fts");
    private static readonly KnownType Mp4 = new("mp4", FileKind.Video, "video/mp4", "an MP4 video", "mp4", "m4v");
    private static readonly KnownType Mov = new("mov", FileKind.Video, "video/quicktime", "a QuickTime video", "mov", "qt");
    private static readonly KnownType WebM = new("webm", FileKind.Video, "video/webm", "a WebM video", "webm");
    private static readonly KnownType Pdf = new("pdf", FileKind.Document, "application/pdf", "a PDF document", "pdf");

    // A ZIP or OLE container says nothing about what it holds; the extension picks the content type.
    private static readonly KnownType[] ZipFamily =
    [
        new("zip", FileKind.Document, "application/zip", "a ZIP archive", "zip"),
        new("docx", FileKind.Document, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a ZIP archive", "docx"),
        new("xlsx", FileKind.Document, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "a ZIP archive", "xlsx"),
        new("pptx", FileKind.Document, "application/vnd.openxmlformats-officedocument.presentationml.presentation", "a ZIP archive", "pptx"),
        new("odt", FileKind.Document, "application/vnd.oasis.opendocument.text", "a ZIP archive", "odt"),
        new("ods", FileKind.Document, "application/vnd.oasis.opendocument.spreadsheet", "a ZIP archive", "ods"),
        new("odp", FileKind.Document, "application/vnd.oasis.opendocument.presentation", "a ZIP archive", "odp"),
    ];

    private static readonly KnownType[] OleFamily =
    [
        new("doc", FileKind.Document, "application/msword", "a legacy Microsoft Office file", "doc"),
        new("xls", FileKind.Document, "application/vnd.ms-excel", "a legacy Microsoft Office file", "xls"),
        new("ppt", FileKind.Document, "application/vnd.ms-powerpoint", "a legacy Microsoft Office file", "ppt"),
        new("msg", FileKind.Document, "application/vnd.ms-outlook", "a legacy Microsoft Office file", "msg"),
    ];

    // Text has no signature: it is accepted only under one of these names, and served as plain text whatever it holds.
    private static readonly KnownType Text = new("text", FileKind.Document, "text/plain; charset=utf-8", "a text file",
        "txt", "log", "csv", "md", "json", "xml", "yaml", "yml", "ini", "cfg", "conf");

    private static readonly FrozenDictionary<string, KnownType> ByExtension =
        new[] { Jpeg, Png, WebP, Tiff, Fits, Mp4, Mov, WebM, Pdf, Text }.Concat(ZipFamily).Concat(OleFamily)
            .SelectMany(type => type.Extensions, (type, extension) => KeyValuePair.Create(extension, type))
            .ToFrozenDictionary();

    private static readonly FrozenSet<string> ForbiddenExtensions = FrozenSet.Create(
        // Windows executables, installers, libraries and shortcuts
        "exe", "dll", "msi", "msp", "msc", "bat", "cmd", "com", "scr", "pif", "cpl", "lnk", "reg", "inf", "hta", "gadget", "sys", "drv", "ocx",
        // scripts
        "ps1", "psm1", "psd1", "vbs", "vbe", "js", "jse", "mjs", "wsf", "wsh", "sh", "bash", "zsh", "csh", "ksh", "command", "py", "pyc", "pl", "rb", "php", "asp", "aspx", "jsp", "cgi",
        // other platforms' executables, packages and disk images that open as programs
        "jar", "class", "app", "apk", "ipa", "elf", "bin", "run", "so", "dylib", "deb", "rpm", "pkg", "dmg", "iso", "img", "vhd", "vhdx");

    // Brands (ISO/IEC 14496-12 'ftyp') of files we serve as MP4. 'iso2'..'iso9' are matched by prefix.
    private static readonly FrozenSet<string> Mp4Brands = FrozenSet.Create("isom", "mp41", "mp42", "avc1", "M4V ", "M4VH", "M4VP", "dash", "mmp4", "msnv", "XAVC", "MSNV");

    // HEIF/AVIF stills also start with 'ftyp'; some list an 'iso*' brand too, so their own brands decide first.
    private static readonly FrozenSet<string> StillImageBrands = FrozenSet.Create("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "mif2", "msf1", "avif", "avis", "jpeg", "crx ");

    // Audio-only MP4 (iTunes music, audiobooks) declares itself by its major brand, though it lists 'mp42' as compatible.
    private static readonly FrozenSet<string> AudioBrands = FrozenSet.Create("M4A ", "M4B ", "M4P ", "F4A ", "F4B ");

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> OleMagic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static ReadOnlySpan<byte> EbmlMagic => [0x1A, 0x45, 0xDF, 0xA3];
    private static ReadOnlySpan<byte> EbmlDocTypeId => [0x42, 0x82];
    private static ReadOnlySpan<byte> ElfMagic => [0x7F, 0x45, 0x4C, 0x46];
    private static ReadOnlySpan<byte> MachO32 => [0xFE, 0xED, 0xFA, 0xCE];
    private static ReadOnlySpan<byte> MachO64 => [0xFE, 0xED, 0xFA, 0xCF];
    private static ReadOnlySpan<byte> MachO32Reversed => [0xCE, 0xFA, 0xED, 0xFE];
    private static ReadOnlySpan<byte> MachO64Reversed => [0xCF, 0xFA, 0xED, 0xFE];
    private static ReadOnlySpan<byte> MachOUniversal => [0xCA, 0xFE, 0xBA, 0xBE];
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static readonly string[] MarkupStarts = ["<!doctype html", "<!doctype svg", "<html", "<svg", "<script", "<head", "<body", "<iframe"];

    /// <summary>Decides the real type from the leading bytes, and checks it against the file name's extension.</summary>
    /// <param name="head">The file's first bytes (at most <see cref="HeadLength"/> are looked at).</param>
    /// <param name="totalLength">The whole file's length in bytes.</param>
    /// <param name="fileName">The name the uploader gave; only its last extension counts.</param>
    public static SniffResult Inspect(ReadOnlySpan<byte> head, long totalLength, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        head = head[..Math.Min(head.Length, HeadLength)];
        var extension = ExtensionOf(fileName);

        if (ForbiddenExtensions.Contains(extension))
        {
            return Reject("executable", "Programs and scripts cannot be attached.");
        }

        if (totalLength <= 0 || head.IsEmpty)
        {
            return Reject("empty", "The file is empty.");
        }

        if (LooksExecutable(head))
        {
            return Reject("executable", "Programs and scripts cannot be attached.");
        }

        var candidates = Sniff(head);
        if (candidates.Length > 0)
        {
            return Match(candidates, extension);
        }

        if (ByExtension.GetValueOrDefault(extension) == Text)
        {
            return InspectText(head, truncated: totalLength > head.Length);
        }

        return Reject("unsupported_type", "This type of file cannot be attached. Images, videos, PDF, Office documents, ZIP archives and UTF-8 text files can.");
    }

    /// <summary>The kind a file name claims by its extension; null when the extension is unknown or forbidden.</summary>
    public static FileKind? KindFromName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return ByExtension.GetValueOrDefault(ExtensionOf(fileName))?.Kind;
    }

    /// <summary>Whether the name ends in an executable or script extension: such files are refused even before upload.</summary>
    public static bool IsForbiddenName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return ForbiddenExtensions.Contains(ExtensionOf(fileName));
    }

    private static SniffResult Match(KnownType[] candidates, string extension)
    {
        if (Array.Find(candidates, type => type.Extensions.Contains(extension)) is { } match)
        {
            return Accept(match);
        }

        var sniffed = candidates[0];
        if (extension.Length == 0)
        {
            // Without an extension the bytes decide, but only for types whose content type follows from the bytes alone.
            return sniffed.Kind is not FileKind.Document || sniffed == Pdf
                ? Accept(sniffed)
                : Reject("unsupported_type", $"The file has no extension; it is {sniffed.Description}. Add the right extension and try again.");
        }

        return Reject("name_mismatch", $"The file's extension does not match its content, which is {sniffed.Description}.");
    }

    private static KnownType[] Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(JpegMagic))
        {
            return [Jpeg];
        }

        if (head.StartsWith(PngMagic))
        {
            return [Png];
        }

        if (head.StartsWith("RIFF"u8) && head.Length >= 12 && head[8..12].SequenceEqual("WEBP"u8))
        {
            return [WebP];
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return [Tiff];
        }

        if (head.StartsWith("SIMPLE  ="u8))
        {
            return [Fits];
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return [Pdf];
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            return ZipFamily;
        }

        if (head.StartsWith(OleMagic))
        {
            return OleFamily;
        }

        if (head.StartsWith(EbmlMagic))
        {
            // Matroska that is not WebM is refused: see the class remarks.
            return EbmlDocType(head) == "webm" ? [WebM] : [];
        }

        return IsoMediaType(head) is { } video ? [video] : [];
    }

    /// <summary>MP4 or QuickTime from the first box: an 'ftyp' with a known brand, or a QuickTime atom that predates 'ftyp'.</summary>
    private static KnownType? IsoMediaType(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12)
        {
            return null;
        }

        var boxType = head[4..8];
        if (boxType.SequenceEqual("moov"u8) || boxType.SequenceEqual("mdat"u8) || boxType.SequenceEqual("wide"u8))
        {
            return Mov;
        }

        if (!boxType.SequenceEqual("ftyp"u8))
        {
            return null;
        }

        // ftyp: size, 'ftyp', major brand, minor version, then compatible brands up to the box's end.
        var boxEnd = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(head), (uint)head.Length);
        var major = Encoding.ASCII.GetString(head[8..12]);
        var compatible = new List<string>();
        for (var offset = 16; offset + 4 <= boxEnd; offset += 4)
        {
            compatible.Add(Encoding.ASCII.GetString(head.Slice(offset, 4)));
        }

        if (StillImageBrands.Contains(major) || AudioBrands.Contains(major) || compatible.Exists(StillImageBrands.Contains))
        {
            return null;
        }

        return BrandType(major) ?? compatible.Select(BrandType).FirstOrDefault(type => type is not null);
    }

    private static KnownType? BrandType(string brand) =>
        brand == "qt  " ? Mov
        : Mp4Brands.Contains(brand) || (brand.StartsWith("iso", StringComparison.Ordinal) && char.IsAsciiDigit(brand[3])) ? Mp4
        : null;

    /// <summary>The DocType string of an EBML header ("webm", "matroska"), or null when it cannot be found.</summary>
    private static string? EbmlDocType(ReadOnlySpan<byte> head)
    {
        var position = 4;
        if (!TryReadVint(head, ref position, out var headerSize))
        {
            return null;
        }

        var end = (int)Math.Min(position + headerSize, head.Length);
        while (position < end)
        {
            // Element IDs are variable-length too, marked by their first byte's leading zeros; DocType is 0x4282.
            var idLength = VintLength(head[position]);
            if (idLength > 4 || position + idLength > end)
            {
                return null;
            }

            var id = head.Slice(position, idLength);
            position += idLength;
            if (!TryReadVint(head, ref position, out var size) || position + size > end)
            {
                return null;
            }

            if (id.SequenceEqual(EbmlDocTypeId))
            {
                return Encoding.ASCII.GetString(head.Slice(position, (int)size)).TrimEnd('\0');
            }

            position += (int)size;
        }

        return null;
    }

    /// <summary>Reads an EBML variable-length integer: the count of leading zero bits in the first byte gives its length.</summary>
    private static bool TryReadVint(ReadOnlySpan<byte> head, ref int position, out long value)
    {
        value = 0;
        if (position >= head.Length)
        {
            return false;
        }

        var length = VintLength(head[position]);
        if (length > 8 || position + length > head.Length)
        {
            return false;
        }

        value = head[position] & (0xFF >> length);
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | head[position + i];
        }

        position += length;
        return true;
    }

    /// <summary>1 + the number of leading zero bits of the first byte (9 for a zero byte, which is never valid).</summary>
    private static int VintLength(byte first) => BitOperations.LeadingZeroCount((uint)first) - 24 + 1;

    private static bool LooksExecutable(ReadOnlySpan<byte> head) =>
        head.StartsWith("MZ"u8)
        || head.StartsWith(ElfMagic)
        || head.StartsWith(MachO32)
        || head.StartsWith(MachO64)
        || head.StartsWith(MachO32Reversed)
        || head.StartsWith(MachO64Reversed)
        || head.StartsWith(MachOUniversal)
        || head.StartsWith("#!"u8);

    private static SniffResult InspectText(ReadOnlySpan<byte> head, bool truncated)
    {
        var text = head.StartsWith(Utf8Bom) ? head[3..] : head;
        if (text.Contains((byte)0) || !IsUtf8(text, truncated))
        {
            return Reject("unsupported_type", "Text files must be UTF-8 text.");
        }

        if (StartsWithMarkup(text))
        {
            return Reject("unsupported_type", "HTML and SVG files cannot be attached.");
        }

        return Accept(Text);
    }

    /// <summary>Whether the bytes are UTF-8; a sequence cut off at the end is fine when the head is not the whole file.</summary>
    private static bool IsUtf8(ReadOnlySpan<byte> bytes, bool truncated)
    {
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status == OperationStatus.NeedMoreData)
            {
                return truncated;
            }

            if (status != OperationStatus.Done)
            {
                return false;
            }

            bytes = bytes[consumed..];
        }

        return true;
    }

    // A browser that second-guesses text/plain could still render these; they are refused outright.
    private static bool StartsWithMarkup(ReadOnlySpan<byte> text)
    {
        var start = Encoding.UTF8.GetString(text[..Math.Min(text.Length, 512)]).TrimStart();
        if (start.StartsWith("<?xml", StringComparison.Ordinal) && start.IndexOf("?>", StringComparison.Ordinal) is var end and > 0)
        {
            start = start[(end + 2)..].TrimStart();
        }

        return Array.Exists(MarkupStarts, markup => start.StartsWith(markup, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The last extension, lower-case, without the dot; empty when there is none.</summary>
    private static string ExtensionOf(string fileName)
    {
        // Windows drops trailing dots and spaces when it saves a file, so "x.exe." would become "x.exe".
        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..].TrimEnd('.', ' ');
        var dot = name.LastIndexOf('.');
        return dot <= 0 ? string.Empty : name[(dot + 1)..].ToLowerInvariant();
    }

    private static SniffResult Accept(KnownType type) => new(type.Kind, type.Format, type.ContentType, null, null);

    private static SniffResult Reject(string code, string reason) => new(null, null, null, code, reason);
}
