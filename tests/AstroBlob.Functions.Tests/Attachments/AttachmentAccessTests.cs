using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Attachments;

/// <summary>Who gets a file: only people who may see its message, through URLs that do one thing for a short while.</summary>
public sealed class AttachmentAccessTests(AttachmentWorld world) : IClassFixture<AttachmentWorld>
{
    private string Messages(string code) => world.Api(world.Alpha, $"/tickets/{code}/messages");

    private async Task<JsonNode> PostAsync(Person who, string code, string body, string visibility, params string[] ids)
    {
        using var response = await who.Client.PostAsync(Messages(code), new { body, visibility, attachmentIds = ids });
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ACustomerNeverGetsTheFilesOfAnInternalNote()
    {
        var code = await world.TicketAsync(world.Ana);
        var file = await world.UploadAsync(world.L1, code, "esquema-interno.pdf", SampleFiles.Pdf());
        var id = (string)file["id"]!;
        await PostAsync(world.L1, code, "Esquema del cableado (interno)", "internal", id);

        var conversation = await world.Ana.Client.GetJsonAsync(Messages(code));
        Assert.DoesNotContain(conversation["items"]!.AsArray(), m => m!["attachments"]!.AsArray().Count > 0);
        var list = await world.Ana.Client.GetJsonAsync(world.Files(code));
        Assert.Empty(list["items"]!.AsArray());
        using (var one = await world.Ana.Client.GetAsync(new Uri(world.Files(code, $"/{id}"), UriKind.Relative)))
        {
            await one.ProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
        }

        using (var content = await world.Ana.Client.GetAsync(new Uri(world.Files(code, $"/{id}/content"), UriKind.Relative)))
        {
            await content.ProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
        }

        // Other staff see it, with its URLs.
        var staffView = await world.L2.Client.GetJsonAsync(world.Files(code, $"/{id}"));
        Assert.Equal("internal", (string?)staffView["visibility"]);
        await world.DownloadAsync((string)staffView["urls"]!["download"]!);
    }

    [Fact]
    public async Task AFileNotYetPostedIsSeenOnlyByItsUploader()
    {
        var code = await world.TicketAsync(world.Ana);
        var file = await world.UploadAsync(world.Ana, code, "borrador.txt", SampleFiles.Text(3));
        var id = (string)file["id"]!;

        foreach (var other in new[] { world.L1, world.Alex, world.AlphaAdmin })
        {
            using var response = await other.Client.GetAsync(new Uri(world.Files(code, $"/{id}"), UriKind.Relative));
            await response.ProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
        }

        // Nobody else can post it either, not even staff.
        using (var stolen = await world.L1.Client.PostAsync(Messages(code), new { body = "mío", attachmentIds = new[] { id } }))
        {
            await stolen.ProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
        }

        using (var confirm = await world.L1.Client.PostAsync(world.Files(code, $"/{id}/confirm"), Requests.RawJson("{}")))
        {
            await confirm.ProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
        }

        // Once posted publicly, the company-wide colleague and staff see it.
        await PostAsync(world.Ana, code, "Adjunto", "public", id);
        var alexView = await world.Alex.Client.GetJsonAsync(world.Files(code, $"/{id}"));
        Assert.Equal("ready", (string?)alexView["state"]);
        await world.L1.Client.GetJsonAsync(world.Files(code, $"/{id}"));
    }

    [Fact]
    public async Task AnotherCustomerOrObservatoryGetsNothingAndCannotUploadIntoTheTicket()
    {
        var code = await world.TicketAsync(world.Ana);
        var file = await world.UploadAsync(world.Ana, code, "informe.pdf", SampleFiles.Pdf());
        var id = (string)file["id"]!;
        await PostAsync(world.Ana, code, "Informe", "public", id);

        using (var bob = await world.Bob.Client.GetAsync(new Uri(world.Files(code, $"/{id}/content"), UriKind.Relative)))
        {
            await bob.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        using (var bobSlot = await world.Bob.Client.PostAsync(world.Files(code), new { fileName = "x.pdf", size = 10 }))
        {
            await bobSlot.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        using (var carla = await world.Carla.Client.GetAsync(new Uri(world.Files(code), UriKind.Relative)))
        {
            await carla.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        // Bob cannot post Ana's file into his own ticket either: it belongs to her ticket.
        var bobs = await world.TicketAsync(world.Bob);
        using var post = await world.Bob.Client.PostAsync(Messages(bobs), new { body = "robado", attachmentIds = new[] { id } });
        await post.ProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
    }

    [Fact]
    public async Task ContentRedirectsToAShortLivedReadUrlThatOpensThatFileOnly()
    {
        var code = await world.TicketAsync(world.Ana);
        var pdf = SampleFiles.Pdf();
        var first = await world.UploadAsync(world.Ana, code, "uno.pdf", pdf);
        var second = await world.UploadAsync(world.Ana, code, "dos.txt", SampleFiles.Text(2));
        await PostAsync(world.Ana, code, "Dos ficheros", "public", (string)first["id"]!, (string)second["id"]!);

        using var noRedirect = world.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        noRedirect.DefaultRequestHeaders.Authorization = world.Ana.Client.DefaultRequestHeaders.Authorization;
        using var response = await noRedirect.GetAsync(new Uri(world.Files(code, $"/{first["id"]}/content"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Contains("sp=r", location.Query, StringComparison.Ordinal);
        Assert.Contains("se=", location.Query, StringComparison.Ordinal);
        var (bytes, _) = await world.DownloadAsync(location.ToString());
        Assert.Equal(pdf, bytes);

        // The signature covers the blob: pointing it at the other file is refused by storage.
        var tampered = location.ToString().Replace((string)first["id"]!, (string)second["id"]!, StringComparison.Ordinal);
        using var forged = await world.Storage.GetAsync(new Uri(tampered));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        using var badVariant = await world.Ana.Client.GetAsync(new Uri(world.Files(code, $"/{first["id"]}/content?variant=original"), UriKind.Relative));
        await badVariant.ProblemAsync(HttpStatusCode.BadRequest, "invalid_variant");
        using var noThumb = await world.Ana.Client.GetAsync(new Uri(world.Files(code, $"/{first["id"]}/content?variant=thumbnail"), UriKind.Relative));
        await noThumb.ProblemAsync(HttpStatusCode.NotFound, "variant_not_found");
    }

    [Fact]
    public async Task AnUploadUrlCanOnlyWriteItsOwnBlob()
    {
        var code = await world.TicketAsync(world.Ana);
        var slot = await world.SlotAsync(world.Ana, code, "datos.txt", 100);
        var url = (string)slot["uploadUrl"]!;

        // It cannot read what it wrote...
        await world.PutAsync(slot, SampleFiles.Text(1));
        using (var read = await world.Storage.GetAsync(new Uri(url)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }

        // ...nor write anywhere else, such as another ticket's or observatory's blob.
        var elsewhere = new Uri(url.Replace((string)slot["attachment"]!["id"]!, "0123456789abcdef01234567", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Put, elsewhere) { Content = new ByteArrayContent([1, 2, 3]) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var write = await world.Storage.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task NothingCanBeUploadedToACancelledTicketByItsCustomer()
    {
        var code = await world.TicketAsync(world.Ana);
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "cancelled" });
        using var response = await world.Ana.Client.PostAsync(world.Files(code), new { fileName = "tarde.pdf", size = 100 });
        await response.ProblemAsync(HttpStatusCode.Conflict, "ticket_closed");
    }
}
