using System.Text;
using AstroBlob.Domain.Attachments;

namespace AstroBlob.Domain.Tests.Attachments;

public class FileSnifferTests
{
    /// <summary>The leading bytes of each kind of file, built here as the real formats lay them out.</summary>
    private static readonly Dictionary<string, byte[]> Heads = new()
    {
        ["jpeg"] = Pad([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8]),
        ["png"] = Pad([0x89, .. "PNG\r\n"u8, 0x1A, (byte)'\n', 0x00, 0x00, 0x00, 0x0D, .. "IHDR"u8]),
        ["webp"] = Pad([.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8]),
        ["gif"] = Pad([.. "GIF89a"u8]),
        ["tiff-intel"] = Pad([.. "II*\0"u8, 0x08, 0x00, 0x00, 0x00]),
        ["tiff-motorola"] = Pad([.. "MM\0*"u8, 0x00, 0x00, 0x00, 0x08]),
        ["fits"] = Ascii("SIMPLE  =                    T / conforms to FITS standard".PadRight(80) + "BITPIX  =                   16".PadRight(80)),
        ["mp4-isom"] = Ftyp("isom", "isom", "iso2", "avc1", "mp41"),
        ["mp4-mp42"] = Ftyp("mp42", "mp42", "isom"),
        ["mp4-iso6"] = Ftyp("iso6", "iso6", "dash"),
        ["mp4-m4v"] = Ftyp("M4V ", "M4V ", "M4A ", "mp42", "isom"),
        ["mp4-camera"] = Ftyp("XAVC", "XAVC", "mp42", "iso2"),
        ["mp4-compatible-brand"] = Ftyp("zzzz", "zzzz", "mp42"),
        ["mov-ftyp"] = Ftyp("qt  ", "qt  "),
        ["mov-moov"] = Atom("moov"),
        ["mov-mdat"] = Atom("mdat"),
        ["mov-wide"] = Atom("wide"),
        ["heic"] = Ftyp("heic", "mif1", "heic"),
        ["avif"] = Ftyp("avif", "avif", "mif1", "miaf", "iso8"),
        ["m4a"] = Ftyp("M4A ", "M4A ", "mp42"),
        ["webm"] = Ebml("webm"),
        ["matroska"] = Ebml("matroska"),
        ["pdf"] = Ascii("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
        ["zip"] = Pad([.. "PK\x03\x04"u8, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]),
        ["ole"] = Pad([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00, 0x00]),
        ["text"] = Utf8("Seeing 1.2\" at 02:14 UTC, dome °C −3. Guiding lost twice.\n"),
        ["text-bom"] = [0xEF, 0xBB, 0xBF, .. Utf8("time,seeing\n02:14,1.2\n")],
        ["json"] = Utf8("{ \"telescope\": \"T1\", \"fwhm\": 2.1 }\n"),
        ["xml"] = Utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<night><frame id=\"1\"/></night>\n"),
        ["html"] = Utf8("<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"),
        ["html-lower"] = Utf8("  \n<html><head><title>x</title></head></html>"),
        ["svg"] = Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>"),
        ["svg-with-declaration"] = Utf8("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ["latin1"] = [.. "Temp "u8, 0xB0, (byte)'C', (byte)'\n'],
        ["nul"] = [.. "seeing"u8, 0x00, .. "1.2"u8],
        ["utf16"] = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("seeing 1.2")],
        ["mz"] = Pad([.. "MZ"u8, 0x90, 0x00, 0x03]),
        ["elf"] = Pad([0x7F, .. "ELF"u8, 0x02, 0x01, 0x01]),
        ["macho-32"] = Pad([0xFE, 0xED, 0xFA, 0xCE]),
        ["macho-64"] = Pad([0xFE, 0xED, 0xFA, 0xCF]),
        ["macho-32-le"] = Pad([0xCE, 0xFA, 0xED, 0xFE]),
        ["macho-64-le"] = Pad([0xCF, 0xFA, 0xED, 0xFE]),
        ["macho-universal"] = Pad([0xCA, 0xFE, 0xBA, 0xBE]),
        ["shebang"] = Utf8("#!/bin/sh\nrm -rf ~\n"),
        ["random"] = [0x13, 0x37, 0xC0, 0xDE, 0x42, 0x00, 0x99, 0x11, 0x22, 0x33, 0x44, 0x55],
    };

    [Theory]
    [InlineData("photo.jpg", "jpeg", FileKind.Image, "jpeg", "image/jpeg")]
    [InlineData("chart.png", "png", FileKind.Image, "png", "image/png")]
    [InlineData("sky.webp", "webp", FileKind.Image, "webp", "image/webp")]
    [InlineData("scan.tiff", "tiff-intel", FileKind.Image, "tiff", "image/tiff")]
    [InlineData("scan.tif", "tiff-motorola", FileKind.Image, "tiff", "image/tiff")]
    [InlineData("m31.fits", "fits", FileKind.Image, "fits", "image/fits")]
    [InlineData("clip.mp4", "mp4-isom", FileKind.Video, "mp4", "video/mp4")]
    [InlineData("clip.mp4", "mp4-mp42", FileKind.Video, "mp4", "video/mp4")]
    [InlineData("clip.mp4", "mp4-iso6", FileKind.Video, "mp4", "video/mp4")]
    [InlineData("clip.m4v", "mp4-m4v", FileKind.Video, "mp4", "video/mp4")]
    [InlineData("camera.mp4", "mp4-camera", FileKind.Video, "mp4", "video/mp4")]
    [InlineData("odd-brand.mp4", "mp4-compatible-brand", FileKind.Video, "mp4", "video/mp4")]
    [InlineData("iphone.mov", "mov-ftyp", FileKind.Video, "mov", "video/quicktime")]
    [InlineData("old.mov", "mov-moov", FileKind.Video, "mov", "video/quicktime")]
    [InlineData("old.mov", "mov-mdat", FileKind.Video, "mov", "video/quicktime")]
    [InlineData("old.mov", "mov-wide", FileKind.Video, "mov", "video/quicktime")]
    [InlineData("timelapse.webm", "webm", FileKind.Video, "webm", "video/webm")]
    [InlineData("report.pdf", "pdf", FileKind.Document, "pdf", "application/pdf")]
    [InlineData("logs.zip", "zip", FileKind.Document, "zip", "application/zip")]
    [InlineData("letter.docx", "zip", FileKind.Document, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("budget.xlsx", "zip", FileKind.Document, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("talk.pptx", "zip", FileKind.Document, "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")]
    [InlineData("letter.odt", "zip", FileKind.Document, "odt", "application/vnd.oasis.opendocument.text")]
    [InlineData("budget.ods", "zip", FileKind.Document, "ods", "application/vnd.oasis.opendocument.spreadsheet")]
    [InlineData("talk.odp", "zip", FileKind.Document, "odp", "application/vnd.oasis.opendocument.presentation")]
    [InlineData("letter.doc", "ole", FileKind.Document, "doc", "application/msword")]
    [InlineData("budget.xls", "ole", FileKind.Document, "xls", "application/vnd.ms-excel")]
    [InlineData("talk.ppt", "ole", FileKind.Document, "ppt", "application/vnd.ms-powerpoint")]
    [InlineData("mail.msg", "ole", FileKind.Document, "msg", "application/vnd.ms-outlook")]
    public void EachSupportedFormatIsRecognisedFromItsBytes(string fileName, string head, FileKind kind, string format, string contentType)
    {
        var result = Inspect(head, fileName);

        Assert.True(result.Accepted, result.RejectReason);
        Assert.Equal(kind, result.Kind);
        Assert.Equal(format, result.Format);
        Assert.Equal(contentType, result.ContentType);
        Assert.Null(result.RejectCode);
        Assert.Null(result.RejectReason);
    }

    [Theory]
    [InlineData("night.txt", "text")]
    [InlineData("guider.log", "text")]
    [InlineData("seeing.csv", "text-bom")]
    [InlineData("README.md", "text")]
    [InlineData("settings.json", "json")]
    [InlineData("night.xml", "xml")]
    [InlineData("mount.yaml", "text")]
    [InlineData("mount.yml", "text")]
    [InlineData("camera.ini", "text")]
    [InlineData("focuser.cfg", "text")]
    [InlineData("nginx.conf", "text")]
    public void UtfEightTextIsAcceptedUnderATextExtensionAndServedAsPlainText(string fileName, string head)
    {
        var result = Inspect(head, fileName);

        Assert.True(result.Accepted, result.RejectReason);
        Assert.Equal(FileKind.Document, result.Kind);
        Assert.Equal("text", result.Format);
        Assert.Equal("text/plain; charset=utf-8", result.ContentType);
    }

    [Theory]
    [InlineData("photo.jpeg", "jpeg", "jpeg")]
    [InlineData("photo.jpe", "jpeg", "jpeg")]
    [InlineData("photo.jfif", "jpeg", "jpeg")]
    [InlineData("scan.tif", "tiff-intel", "tiff")]
    [InlineData("m31.fit", "fits", "fits")]
    [InlineData("m31.fts", "fits", "fits")]
    [InlineData("clip.qt", "mov-ftyp", "mov")]
    [InlineData("clip.m4v", "mp4-isom", "mp4")]
    public void EveryAliasOfAnExtensionIsAccepted(string fileName, string head, string format)
    {
        var result = Inspect(head, fileName);

        Assert.True(result.Accepted, result.RejectReason);
        Assert.Equal(format, result.Format);
    }

    [Theory]
    [InlineData("PHOTO.JPG", "jpeg", "jpeg")]
    [InlineData("Photo.JpEg", "jpeg", "jpeg")]
    [InlineData("Report.PDF", "pdf", "pdf")]
    [InlineData("CLIP.MOV", "mov-ftyp", "mov")]
    [InlineData("Letter.DOCX", "zip", "docx")]
    [InlineData("NOTES.TXT", "text", "text")]
    public void ExtensionsMatchWhateverTheirCase(string fileName, string head, string format)
    {
        var result = Inspect(head, fileName);

        Assert.True(result.Accepted, result.RejectReason);
        Assert.Equal(format, result.Format);
    }

    [Theory]
    [InlineData("photo", "jpeg", FileKind.Image, "jpeg")]
    [InlineData("clip", "mp4-isom", FileKind.Video, "mp4")]
    [InlineData("clip", "webm", FileKind.Video, "webm")]
    [InlineData("report", "pdf", FileKind.Document, "pdf")]
    [InlineData("report.", "pdf", FileKind.Document, "pdf")]
    public void AFileWithoutExtensionIsAcceptedAsTheImageVideoOrPdfItsBytesShow(string fileName, string head, FileKind kind, string format)
    {
        var result = Inspect(head, fileName);

        Assert.True(result.Accepted, result.RejectReason);
        Assert.Equal(kind, result.Kind);
        Assert.Equal(format, result.Format);
    }

    [Theory]
    [InlineData("archive", "zip")]
    [InlineData("letter", "ole")]
    [InlineData("notes", "text")]
    public void AFileWithoutExtensionIsRefusedWhenItsBytesDoNotSayWhatToServeItAs(string fileName, string head) =>
        AssertRejected("unsupported_type", Inspect(head, fileName));

    [Theory]
    [InlineData("photo.jpg", "pdf")]
    [InlineData("report.pdf", "png")]
    [InlineData("photo.png", "jpeg")]
    [InlineData("photo.jpg", "webp")]
    [InlineData("scan.tiff", "fits")]
    [InlineData("m31.fits", "tiff-intel")]
    [InlineData("clip.mp4", "mov-ftyp")]
    [InlineData("clip.mov", "mp4-isom")]
    [InlineData("clip.webm", "mp4-isom")]
    [InlineData("clip.mp4", "webm")]
    [InlineData("clip.mkv", "webm")]
    [InlineData("notes.txt", "png")]
    [InlineData("data.csv", "pdf")]
    [InlineData("photo.jpg", "zip")]
    [InlineData("report.pdf", "ole")]
    [InlineData("letter.doc", "zip")]
    [InlineData("letter.docx", "ole")]
    [InlineData("photo.jpg.pdf", "jpeg")]
    [InlineData("photo.xyz", "jpeg")]
    public void BytesOfOneAcceptableTypeUnderAnotherTypesNameAreANameMismatch(string fileName, string head) =>
        AssertRejected("name_mismatch", Inspect(head, fileName));

    [Fact]
    public void ANameMismatchReasonSaysWhatTheFileReallyIsWithoutRepeatingTheName()
    {
        var result = Inspect("pdf", "<img src=x onerror=alert(1)>.jpg");

        AssertRejected("name_mismatch", result);
        Assert.Contains("PDF", result.RejectReason, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", result.RejectReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page.html", "html")]
    [InlineData("page.htm", "html")]
    [InlineData("page", "html")]
    [InlineData("page.txt", "html")]
    [InlineData("page.txt", "html-lower")]
    [InlineData("icon.svg", "svg")]
    [InlineData("icon.xml", "svg")]
    [InlineData("icon.xml", "svg-with-declaration")]
    [InlineData("anim.gif", "gif")]
    [InlineData("photo.heic", "heic")]
    [InlineData("photo.jpg", "heic")]
    [InlineData("photo.mp4", "avif")]
    [InlineData("song.mp4", "m4a")]
    [InlineData("movie.mkv", "matroska")]
    [InlineData("movie.webm", "matroska")]
    [InlineData("photo.jpg", "random")]
    [InlineData("data.dat", "random")]
    [InlineData("notes.txt", "random")]
    [InlineData("notes.txt", "latin1")]
    [InlineData("notes.txt", "nul")]
    [InlineData("notes.txt", "utf16")]
    [InlineData("notes.xyz", "text")]
    public void EverythingElseIsAnUnsupportedType(string fileName, string head) =>
        AssertRejected("unsupported_type", Inspect(head, fileName));

    [Theory]
    [InlineData("setup.pdf", "mz")]
    [InlineData("photo.jpg", "elf")]
    [InlineData("notes.txt", "macho-32")]
    [InlineData("notes.txt", "macho-64")]
    [InlineData("clip.mp4", "macho-32-le")]
    [InlineData("clip.mp4", "macho-64-le")]
    [InlineData("report.pdf", "macho-universal")]
    [InlineData("notes.txt", "shebang")]
    [InlineData("install", "shebang")]
    public void AProgramIsRefusedByItsBytesWhateverItsName(string fileName, string head) =>
        AssertRejected("executable", Inspect(head, fileName));

    [Theory]
    [InlineData("setup.exe")]
    [InlineData("SETUP.EXE")]
    [InlineData("report.pdf.exe")]
    [InlineData("report.pdf.exe.")]
    [InlineData("report.pdf.exe  ")]
    [InlineData("C:\\fakepath\\report.exe")]
    [InlineData("tool.dll")]
    [InlineData("tool.msi")]
    [InlineData("run.bat")]
    [InlineData("run.cmd")]
    [InlineData("run.com")]
    [InlineData("saver.scr")]
    [InlineData("run.ps1")]
    [InlineData("run.vbs")]
    [InlineData("run.js")]
    [InlineData("tool.jar")]
    [InlineData("run.sh")]
    [InlineData("Tool.app")]
    [InlineData("tool.apk")]
    [InlineData("tool.elf")]
    [InlineData("firmware.bin")]
    [InlineData("libtool.so")]
    [InlineData("libtool.dylib")]
    public void AForbiddenExtensionIsRefusedWhateverTheBytes(string fileName)
    {
        Assert.True(FileSniffer.IsForbiddenName(fileName));
        Assert.Null(FileSniffer.KindFromName(fileName));
        AssertRejected("executable", Inspect("pdf", fileName));
        AssertRejected("executable", Inspect("text", fileName));
        AssertRejected("executable", FileSniffer.Inspect([], 0, fileName));
    }

    [Theory]
    [InlineData("report.exe.pdf")]
    [InlineData("settings.json")]
    [InlineData("script.js.txt")]
    [InlineData("exe")]
    [InlineData("binary-star.fits")]
    public void OnlyTheLastExtensionDecidesWhetherANameIsForbidden(string fileName) =>
        Assert.False(FileSniffer.IsForbiddenName(fileName));

    [Fact]
    public void ADoubleExtensionEndingInAnAcceptableOneIsJudgedByItsLastExtension()
    {
        var result = Inspect("pdf", "report.exe.pdf");

        Assert.True(result.Accepted, result.RejectReason);
        Assert.Equal("pdf", result.Format);
    }

    [Theory]
    [InlineData("photo.jpg")]
    [InlineData("notes.txt")]
    [InlineData("noextension")]
    public void AnEmptyFileIsRefused(string fileName) =>
        AssertRejected("empty", FileSniffer.Inspect([], 0, fileName));

    [Fact]
    public void TextCutInsideAMultiByteCharacterAtTheEndOfTheHeadIsAcceptedWhenTheFileGoesOn()
    {
        // "°" is C2 B0 and "€" is E2 82 AC: the head ends after the first two bytes of the euro sign.
        byte[] head = [.. Utf8("Dome 3 °C, price 5 "), 0xE2, 0x82];

        var result = FileSniffer.Inspect(head, head.Length + 1, "notes.txt");

        Assert.True(result.Accepted, result.RejectReason);
        Assert.Equal("text", result.Format);
    }

    [Fact]
    public void TextEndingInsideAMultiByteCharacterIsRefusedWhenThatIsTheWholeFile()
    {
        byte[] head = [.. Utf8("price 5 "), 0xE2, 0x82];

        AssertRejected("unsupported_type", FileSniffer.Inspect(head, head.Length, "notes.txt"));
    }

    [Fact]
    public void AnInvalidByteInTheMiddleOfTextIsRefusedEvenWhenTheFileGoesOn()
    {
        byte[] head = [.. Utf8("price 5 "), 0xE2, 0x28, 0xA1, .. Utf8(" more text")];

        AssertRejected("unsupported_type", FileSniffer.Inspect(head, head.Length + 1_000, "notes.txt"));
    }

    [Fact]
    public void ANulByteAnywhereInTheHeadMakesTextUnacceptable()
    {
        var head = Utf8(new string('a', 5_000) + "\0" + "b");

        AssertRejected("unsupported_type", FileSniffer.Inspect(head, head.Length, "notes.txt"));
    }

    [Fact]
    public void BytesBeyondTheHeadLengthAreNotLookedAt()
    {
        var head = Utf8(new string('a', FileSniffer.HeadLength) + "\0");

        var result = FileSniffer.Inspect(head, 1_000_000, "notes.txt");

        Assert.True(result.Accepted, result.RejectReason);
    }

    [Fact]
    public void NoAcceptedFileIsEverServedAsHtml()
    {
        foreach (var (head, bytes) in Heads)
        {
            foreach (var fileName in new[] { "x.html", "x.htm", "x.svg", "x.txt", "x.xml", "x" })
            {
                var result = FileSniffer.Inspect(bytes, bytes.Length, fileName);
                Assert.False(result.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false, $"{head} as {fileName}");
                Assert.False(result.ContentType?.Contains("svg", StringComparison.OrdinalIgnoreCase) ?? false, $"{head} as {fileName}");
            }
        }
    }

    [Theory]
    [InlineData("photo.JPG", FileKind.Image)]
    [InlineData("scan.tiff", FileKind.Image)]
    [InlineData("m31.fts", FileKind.Image)]
    [InlineData("clip.mov", FileKind.Video)]
    [InlineData("clip.m4v", FileKind.Video)]
    [InlineData("clip.webm", FileKind.Video)]
    [InlineData("report.pdf", FileKind.Document)]
    [InlineData("letter.docx", FileKind.Document)]
    [InlineData("letter.doc", FileKind.Document)]
    [InlineData("notes.md", FileKind.Document)]
    [InlineData("report.exe.pdf", FileKind.Document)]
    public void KindFromNameReadsTheKindTheExtensionClaims(string fileName, FileKind kind) =>
        Assert.Equal(kind, FileSniffer.KindFromName(fileName));

    [Theory]
    [InlineData("setup.exe")]
    [InlineData("report.pdf.exe")]
    [InlineData("page.html")]
    [InlineData("icon.svg")]
    [InlineData("movie.mkv")]
    [InlineData("photo.heic")]
    [InlineData("noextension")]
    [InlineData("")]
    public void KindFromNameKnowsNothingOfUnknownOrForbiddenExtensions(string fileName) =>
        Assert.Null(FileSniffer.KindFromName(fileName));

    private static SniffResult Inspect(string head, string fileName) =>
        FileSniffer.Inspect(Heads[head], Heads[head].Length, fileName);

    private static void AssertRejected(string code, SniffResult result)
    {
        Assert.False(result.Accepted);
        Assert.Equal(code, result.RejectCode);
        Assert.False(string.IsNullOrWhiteSpace(result.RejectReason));
        Assert.Null(result.Kind);
        Assert.Null(result.Format);
        Assert.Null(result.ContentType);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>A signature followed by binary filler, as the rest of a real head would be.</summary>
    private static byte[] Pad(byte[] signature) => [.. signature, .. Enumerable.Range(0, 256).Select(i => (byte)(i * 7))];

    /// <summary>An ISO base media file ('ftyp' box first) with the given brands, followed by an empty 'mdat'.</summary>
    private static byte[] Ftyp(string major, params string[] compatible)
    {
        var size = 16 + (4 * compatible.Length);
        return [0, 0, 0, (byte)size, .. Ascii("ftyp" + major), 0, 0, 2, 0, .. Ascii(string.Concat(compatible)), 0, 0, 0, 8, .. Ascii("mdat")];
    }

    /// <summary>A QuickTime file from before 'ftyp': its first atom is of this type.</summary>
    private static byte[] Atom(string type) => Pad([0, 0, 0x10, 0, .. Ascii(type)]);

    /// <summary>An EBML header as Matroska and WebM writers lay it out, followed by the start of a Segment.</summary>
    private static byte[] Ebml(string docType)
    {
        byte[] body =
        [
            0x42, 0x86, 0x81, 0x01, // EBMLVersion 1
            0x42, 0xF7, 0x81, 0x01, // EBMLReadVersion 1
            0x42, 0xF2, 0x81, 0x04, // EBMLMaxIDLength 4
            0x42, 0xF3, 0x81, 0x08, // EBMLMaxSizeLength 8
            0x42, 0x82, (byte)(0x80 | docType.Length), .. Ascii(docType),
            0x42, 0x87, 0x81, 0x04, // DocTypeVersion 4
            0x42, 0x85, 0x81, 0x02, // DocTypeReadVersion 2
        ];
        return [0x1A, 0x45, 0xDF, 0xA3, (byte)(0x80 | body.Length), .. body, 0x18, 0x53, 0x80, 0x67, 0x01, 0xFF];
    }
}
