using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using AstroBlob.Functions.Tests.Attachments;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Branding;

/// <summary>An admin uploads the observatory's logo; everyone (signed in or not) gets a clean PNG of it.</summary>
public sealed class LogoTests(World world) : IClassFixture<World>
{
    private async Task<HttpResponseMessage> PutAsync(Person who, byte[] bytes, string contentType, string? observatory = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await who.Client.PutAsync(new Uri(world.Api(observatory ?? world.Alpha, "/settings/logo"), UriKind.Relative), content);
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public async Task APhotoBecomesASmallMetadataFreePngThatThePortalBrandingPointsTo()
    {
        using var put = await PutAsync(world.AlphaAdmin, SampleFiles.PhoneJpegWithGps(1200, 800), "image/jpeg");
        var logoUrl = (string)(await put.JsonAsync(HttpStatusCode.OK))["logoUrl"]!;
        Assert.Contains($"/api/o/{world.Alpha}/branding/logo?v=", logoUrl, StringComparison.Ordinal);

        var portal = await world.Anonymous.GetJsonAsync(world.Api(world.Alpha, "/portal"));
        Assert.Equal(logoUrl, (string?)portal["logoUrl"]);

        using var logo = await world.Anonymous.GetAsync(new Uri(new Uri(logoUrl).PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", logo.Headers.GetValues("X-Content-Type-Options").Single());
        var png = await logo.Content.ReadAsByteArrayAsync();
        // The phone photo is stored sideways with an EXIF orientation: the logo comes out upright.
        Assert.Equal((341, 512), PngSize(png));
        var text = System.Text.Encoding.Latin1.GetString(png);
        Assert.DoesNotContain("eXIf", text, StringComparison.Ordinal);
        Assert.DoesNotContain("GPS", text, StringComparison.Ordinal);

        // A new logo gets a new URL, so no cache shows the old one.
        using var again = await PutAsync(world.AlphaAdmin, SampleFiles.Png(300, 300), "image/png");
        var second = (string)(await again.JsonAsync(HttpStatusCode.OK))["logoUrl"]!;
        Assert.NotEqual(logoUrl, second);
    }

    [Fact]
    public async Task OnlyAdminsUploadAndOnlyRealImagesWithinTheLimitAreTaken()
    {
        var before = (string?)(await world.Anonymous.GetJsonAsync(world.Api(world.Beta, "/portal")))["logoUrl"];
        using (var technician = await PutAsync(world.L1, SampleFiles.Png(10, 10), "image/png"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, technician.StatusCode);
        }

        using (var customer = await PutAsync(world.Ana, SampleFiles.Png(10, 10), "image/png"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);
        }

        using (var otherAdmin = await PutAsync(world.AlphaAdmin, SampleFiles.Png(10, 10), "image/png", world.Beta))
        {
            Assert.NotEqual(HttpStatusCode.OK, otherAdmin.StatusCode);
        }

        using (var pdf = await PutAsync(world.BetaAdmin, SampleFiles.Pdf(), "image/png", world.Beta))
        {
            await pdf.ProblemAsync(HttpStatusCode.BadRequest, "name_mismatch");
        }

        using (var svg = await PutAsync(world.BetaAdmin, "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"u8.ToArray(), "image/svg+xml", world.Beta))
        {
            await svg.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }

        using (var huge = await PutAsync(world.BetaAdmin, new byte[(1024 * 1024) + 1], "image/png", world.Beta))
        {
            await huge.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "too_large");
        }

        using (var empty = await PutAsync(world.BetaAdmin, [], "image/png", world.Beta))
        {
            await empty.ProblemAsync(HttpStatusCode.BadRequest, "empty");
        }

        Assert.Equal(before, (string?)(await world.Anonymous.GetJsonAsync(world.Api(world.Beta, "/portal")))["logoUrl"]);
        using var none = await world.Anonymous.GetAsync(new Uri(world.Api(world.Beta, "/branding/logo"), UriKind.Relative));
        await none.ProblemAsync(HttpStatusCode.NotFound, "logo_not_found");
    }
}
