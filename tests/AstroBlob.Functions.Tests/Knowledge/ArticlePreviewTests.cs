using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Knowledge;

/// <summary>The editor's preview: the article renderer run on unsaved Markdown.</summary>
public sealed class ArticlePreviewTests(World world) : IClassFixture<World>
{
    [Fact]
    public async Task StaffPreviewMarkdownRenderedSafelyAndNothingIsStored()
    {
        const string body = "## Colimar\n\n- Paso *uno*\n\n<script>alert(1)</script> [trampa](javascript:alert(1)) [guía](https://example.org/g)";
        var before = await world.L1.Client.GetJsonAsync(world.Kb("/articles"));

        using var response = await world.L1.Client.PostAsync(world.Kb("/preview"), new { body });
        var preview = await response.JsonAsync(HttpStatusCode.OK);

        Assert.Equal(
            "<h2>Colimar</h2>\n<ul>\n<li>Paso <em>uno</em></li>\n</ul>\n" +
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; trampa <a href=\"https://example.org/g\" rel=\"noopener noreferrer nofollow\">guía</a></p>",
            (string?)preview["html"]);
        var after = await world.L1.Client.GetJsonAsync(world.Kb("/articles"));
        Assert.Equal(before["items"]!.AsArray().Count, after["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task CustomersMayNotPreviewAndABodyMissingOrTooLongIsRefusedByField()
    {
        using (var customer = await world.Ana.Client.PostAsync(world.Kb("/preview"), new { body = "hola" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);
        }

        using (var missing = await world.L1.Client.PostAsync(world.Kb("/preview"), new { }))
        {
            var problem = await missing.ProblemAsync(HttpStatusCode.BadRequest, "invalid_field");
            Assert.NotNull(problem["errors"]!["body"]);
        }

        using (var tooLong = await world.L1.Client.PostAsync(world.Kb("/preview"), new { body = new string('x', 100_001) }))
        {
            var problem = await tooLong.ProblemAsync(HttpStatusCode.BadRequest, "invalid_field");
            Assert.NotNull(problem["errors"]!["body"]);
        }
    }
}
