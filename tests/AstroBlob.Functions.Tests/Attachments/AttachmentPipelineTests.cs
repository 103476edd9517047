using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;
using ImageMagick;

namespace AstroBlob.Functions.Tests.Attachments;

/// <summary>Files go from the uploader's disk through Blob Storage and the processor into the conversation.</summary>
public sealed class AttachmentPipelineTests(AttachmentWorld world) : IClassFixture<AttachmentWorld>
{
    [Fact]
    public async Task APhoneJpegIsOrientedThumbnailedAndLosesItsGpsBeforeAnyoneSeesIt()
    {
        var code = await world.TicketAsync(world.Ana, "Foto del pilar");
        var photo = SampleFiles.PhoneJpegWithGps();
        var attachment = await world.UploadAsync(world.Ana, code, "pilar.jpg", photo);

        Assert.Equal("ready", (string?)attachment["state"]);
        Assert.Equal("image", (string?)attachment["kind"]);
        Assert.Equal("image/jpeg", (string?)attachment["contentType"]);
        // Stored 1200x800 with "rotate 90°": shown as the portrait it is.
        Assert.Equal(800, (int)attachment["width"]!);
        Assert.Equal(1200, (int)attachment["height"]!);

        var urls = attachment["urls"]!;
        var (thumbnail, thumbnailHeaders) = await world.DownloadAsync((string)urls["thumbnail"]!);
        Assert.Equal("image/jpeg", thumbnailHeaders.ContentType?.MediaType);
        using (var thumb = new MagickImage(thumbnail))
        {
            Assert.True(thumb.Width <= 320 && thumb.Height <= 320, $"thumbnail is {thumb.Width}x{thumb.Height}");
            Assert.True(thumb.Height > thumb.Width, "the thumbnail is upright (portrait)");
            Assert.Null(thumb.GetExifProfile());
        }

        var (preview, _) = await world.DownloadAsync((string)urls["preview"]!);
        var (download, downloadHeaders) = await world.DownloadAsync((string)urls["download"]!);
        Assert.Equal("attachment", downloadHeaders.ContentDisposition?.DispositionType);
        foreach (var bytes in new[] { preview, download })
        {
            using var shown = new MagickImage(bytes);
            Assert.True(shown.Height > shown.Width);
            var exif = shown.GetExifProfile();
            Assert.True(exif is null || exif.GetValue(ExifTag.GPSLatitude) is null, "no GPS in what others see");
            Assert.True(exif is null || exif.GetValue(ExifTag.Model) is null, "no camera metadata in what others see");
        }

        Assert.DoesNotContain("AstroPhone", System.Text.Encoding.Latin1.GetString(download), StringComparison.Ordinal);
        Assert.Null(urls["poster"]);
    }

    [Fact]
    public async Task AVideoGetsItsDurationResolutionCodecAndAPosterFrameAndLosesItsLocationTag()
    {
        var code = await world.TicketAsync(world.Ana, "Vídeo del ruido de la montura");
        var video = await SampleFiles.Mp4Async();
        Assert.Contains("location", await SampleFiles.ProbeTagsAsync(video), StringComparison.Ordinal);

        var attachment = await world.UploadAsync(world.Ana, code, "montura.mp4", video);

        Assert.Equal("ready", (string?)attachment["state"]);
        Assert.Equal("video", (string?)attachment["kind"]);
        Assert.Equal("video/mp4", (string?)attachment["contentType"]);
        Assert.Equal(320, (int)attachment["width"]!);
        Assert.Equal(240, (int)attachment["height"]!);
        Assert.InRange((double)attachment["durationSeconds"]!, 1.9, 2.1);
        Assert.False(string.IsNullOrEmpty((string?)attachment["codec"]));

        var (poster, posterHeaders) = await world.DownloadAsync((string)attachment["urls"]!["poster"]!);
        Assert.Equal("image/jpeg", posterHeaders.ContentType?.MediaType);
        using (var frame = new MagickImage(poster))
        {
            Assert.Equal(320u, frame.Width);
        }

        var (clean, _) = await world.DownloadAsync((string)attachment["urls"]!["download"]!);
        var tags = await SampleFiles.ProbeTagsAsync(clean);
        Assert.DoesNotContain("location", tags, StringComparison.Ordinal);
        Assert.DoesNotContain("montura", tags, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APdfIsStoredAsItIsAndDownloadsUnderItsName()
    {
        var code = await world.TicketAsync(world.Ana);
        var pdf = SampleFiles.Pdf();
        var attachment = await world.UploadAsync(world.Ana, code, "Informe colimación.pdf", pdf);

        Assert.Equal("ready", (string?)attachment["state"]);
        Assert.Equal("document", (string?)attachment["kind"]);
        Assert.Equal("application/pdf", (string?)attachment["contentType"]);
        Assert.Equal(pdf.Length, (long)attachment["size"]!);
        Assert.Null(attachment["urls"]!["thumbnail"]);
        var (bytes, headers) = await world.DownloadAsync((string)attachment["urls"]!["download"]!);
        Assert.Equal(pdf, bytes);
        Assert.Equal("application/pdf", headers.ContentType?.MediaType);
        Assert.Equal("attachment", headers.ContentDisposition?.DispositionType);
        Assert.Equal("Informe colimación.pdf", headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task ARenamedExecutableIsRejectedWithAReasonAndNothingIsServed()
    {
        var code = await world.TicketAsync(world.Ana);
        var attachment = await world.UploadAsync(world.Ana, code, "manual.pdf", SampleFiles.Executable());

        Assert.Equal("rejected", (string?)attachment["state"]);
        Assert.Equal("executable", (string?)attachment["rejectCode"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)attachment["rejectReason"]));
        Assert.Null(attachment["urls"]);
        using var content = await world.Ana.Client.GetAsync(new Uri(world.Files(code, $"/{attachment["id"]}/content"), UriKind.Relative));
        await content.ProblemAsync(HttpStatusCode.Conflict, "attachment_not_ready");
    }

    [Fact]
    public async Task ATextFileNamedLikeAPhotoIsRejectedBecauseItsBytesAreNotAnImage()
    {
        var code = await world.TicketAsync(world.Ana);
        var attachment = await world.UploadAsync(world.Ana, code, "foto.jpg", SampleFiles.Text());

        Assert.Equal("rejected", (string?)attachment["state"]);
        Assert.Contains((string?)attachment["rejectCode"], new[] { "name_mismatch", "unsupported_type" });
    }

    [Fact]
    public async Task ProgramsAndUnknownKindsAreRefusedBeforeAnyUploadSlotIsIssued()
    {
        var code = await world.TicketAsync(world.Ana);
        using (var exe = await world.Ana.Client.PostAsync(world.Files(code), new { fileName = "driver.exe", size = 1000 }))
        {
            await exe.ProblemAsync(HttpStatusCode.BadRequest, "forbidden_file_type");
        }

        using (var doubled = await world.Ana.Client.PostAsync(world.Files(code), new { fileName = "foto.jpg.sh", size = 1000 }))
        {
            await doubled.ProblemAsync(HttpStatusCode.BadRequest, "forbidden_file_type");
        }

        using (var unknown = await world.Ana.Client.PostAsync(world.Files(code), new { fileName = "datos.xyz", size = 1000 }))
        {
            await unknown.ProblemAsync(HttpStatusCode.BadRequest, "unsupported_file_type");
        }

        using (var path = await world.Ana.Client.PostAsync(world.Files(code), new { fileName = "../../etc/x\u202Egpj.exe", size = 10 }))
        {
            await path.ProblemAsync(HttpStatusCode.BadRequest, "invalid_file_name");
        }

        using (var empty = await world.Ana.Client.PostAsync(world.Files(code), new { fileName = "a.pdf", size = 0 }))
        {
            await empty.ProblemAsync(HttpStatusCode.BadRequest, "invalid_size");
        }

        var files = await world.Ana.Client.GetJsonAsync(world.Files(code));
        Assert.Empty(files["items"]!.AsArray());
    }

    [Fact]
    public async Task TheObservatorysSizeLimitsApplyToTheDeclaredSizeAndAgainToTheRealBytes()
    {
        var code = await world.TicketAsync(world.Bob);
        using (var tooBig = await world.Bob.Client.PostAsync(world.Files(code), new { fileName = "video.mp4", size = 501L * 1024 * 1024 }))
        {
            var problem = await tooBig.ProblemAsync(HttpStatusCode.BadRequest, "file_too_large");
            Assert.Contains("500 MB", (string?)problem["detail"], StringComparison.Ordinal);
        }

        // The admin lowers the document limit; a client that declares a small size but uploads more is caught by the processor.
        using (var denied = await world.Bob.Client.PutAsync(new Uri(world.Api(world.Alpha, "/settings/attachments"), UriKind.Relative),
                   Requests.Json(new { imageMaxBytes = 25L << 20, videoMaxBytes = 500L << 20, documentMaxBytes = 4096 })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        var limits = new { imageMaxBytes = 25L << 20, videoMaxBytes = 500L << 20, documentMaxBytes = 4096 };
        using (var put = await world.AlphaAdmin.Client.PutAsync(new Uri(world.Api(world.Alpha, "/settings/attachments"), UriKind.Relative), Requests.Json(limits)))
        {
            await put.JsonAsync(HttpStatusCode.OK);
        }

        try
        {
            using (var declared = await world.Bob.Client.PostAsync(world.Files(code), new { fileName = "log.txt", size = 5000 }))
            {
                await declared.ProblemAsync(HttpStatusCode.BadRequest, "file_too_large");
            }

            var lying = await world.UploadAsync(world.Bob, code, "log.txt", SampleFiles.Text(400), declaredSize: 1000);
            Assert.Equal("rejected", (string?)lying["state"]);
            Assert.Equal("too_large", (string?)lying["rejectCode"]);

            var fits = await world.UploadAsync(world.Bob, code, "log.txt", SampleFiles.Text(10));
            Assert.Equal("ready", (string?)fits["state"]);
            Assert.Equal("text/plain; charset=utf-8", (string?)fits["contentType"]);
        }
        finally
        {
            using var reset = await world.AlphaAdmin.Client.PutAsync(new Uri(world.Api(world.Alpha, "/settings/attachments"), UriKind.Relative),
                Requests.Json(new { imageMaxBytes = 25L << 20, videoMaxBytes = 500L << 20, documentMaxBytes = 50L << 20 }));
            await reset.JsonAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task LimitsOutsideTheirBoundsAreRefusedAndChangeNothing()
    {
        using var response = await world.AlphaAdmin.Client.PutAsync(new Uri(world.Api(world.Beta, "/settings/attachments"), UriKind.Relative),
            Requests.Json(new { imageMaxBytes = 1, videoMaxBytes = 1, documentMaxBytes = 1 }));
        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated"); // alpha's token means nothing at beta

        using var bad = await world.BetaAdmin.Client.PutAsync(new Uri(world.Api(world.Beta, "/settings/attachments"), UriKind.Relative),
            Requests.Json(new { imageMaxBytes = 10L << 30, videoMaxBytes = 500L << 20, documentMaxBytes = 50L << 20 }));
        var problem = await bad.ProblemAsync(HttpStatusCode.BadRequest, "limit_out_of_range");
        var current = await world.BetaAdmin.Client.GetJsonAsync(world.Api(world.Beta, "/settings/attachments"));
        Assert.Equal(25L << 20, (long)current["imageMaxBytes"]!);
        Assert.NotNull(problem);
    }

    [Fact]
    public async Task AMessageCarriesItsFilesAndTheTicketListsThem()
    {
        var code = await world.TicketAsync(world.Ana);
        var pdf = await world.UploadAsync(world.Ana, code, "informe.pdf", SampleFiles.Pdf());
        var png = await world.UploadAsync(world.Ana, code, "captura.png", SampleFiles.Png(640, 480));

        using var post = await world.Ana.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/messages"),
            new { body = "", attachmentIds = new[] { (string)png["id"]!, (string)pdf["id"]! } });
        var message = await post.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(["captura.png", "informe.pdf"], message["attachments"]!.AsArray().Select(a => (string)a!["fileName"]!).ToList());

        // The technician sees the message with its files, thumbnails and dimensions.
        var conversation = await world.L1.Client.GetJsonAsync(world.Api(world.Alpha, $"/tickets/{code}/messages"));
        var shown = conversation["items"]!.AsArray().Single(m => (string?)m!["id"] == (string?)message["id"])!;
        var image = shown["attachments"]![0]!;
        Assert.Equal(640, (int)image["width"]!);
        Assert.NotNull((string?)image["urls"]!["thumbnail"]);
        await world.DownloadAsync((string)image["urls"]!["thumbnail"]!);

        var files = await world.L1.Client.GetJsonAsync(world.Files(code));
        Assert.Equal(2, files["items"]!.AsArray().Count);
        Assert.All(files["items"]!.AsArray(), f => Assert.Equal((string?)message["id"], (string?)f!["messageId"]));

        // A file is posted once.
        using var again = await world.Ana.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/messages"),
            new { body = "otra vez", attachmentIds = new[] { (string)pdf["id"]! } });
        await again.ProblemAsync(HttpStatusCode.Conflict, "attachment_already_posted");
    }

    [Fact]
    public async Task AClientMayUploadAndPostWithoutConfirmingAndTheFileIsProcessedAfterwards()
    {
        var code = await world.TicketAsync(world.Ana);
        var slot = await world.SlotAsync(world.Ana, code, "notas.txt", SampleFiles.Text().Length);
        await world.PutAsync(slot, SampleFiles.Text());
        var id = (string)slot["attachment"]!["id"]!;

        using var post = await world.Ana.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/messages"), new { body = "Adjunto notas", attachmentIds = new[] { id } });
        var message = await post.JsonAsync(HttpStatusCode.Created);
        Assert.Contains((string?)message["attachments"]![0]!["state"], new[] { "processing", "ready" });
        var done = await world.WaitFinishedAsync(world.Ana, code, id);
        Assert.Equal("ready", (string?)done["state"]);
        Assert.Equal((string?)message["id"], (string?)done["messageId"]);
    }

    [Fact]
    public async Task PostingAFileThatWasNeverUploadedIsRefusedAndPostsNothing()
    {
        var code = await world.TicketAsync(world.Ana);
        var slot = await world.SlotAsync(world.Ana, code, "nada.pdf", 1000);
        using var post = await world.Ana.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/messages"),
            new { body = "sin subir", attachmentIds = new[] { (string)slot["attachment"]!["id"]! } });
        await post.ProblemAsync(HttpStatusCode.Conflict, "upload_missing");
        var conversation = await world.Ana.Client.GetJsonAsync(world.Api(world.Alpha, $"/tickets/{code}/messages"));
        Assert.Empty(conversation["items"]!.AsArray());
    }
}
