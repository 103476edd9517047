using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Knowledge;

public sealed class KnowledgeArticleTests(World world) : IClassFixture<World>
{
    [Fact]
    public async Task StaffWriteAnArticleAndACustomerReadsItRenderedSafely()
    {
        const string body = "# Aparcar la montura\n\n1. Pulse **Park**.\n2. Espere.\n\n<script>alert('x')</script> [trampa](javascript:alert(1)) [manual](https://example.org/park)";
        var (written, etag) = await world.WriteArticleAsync(world.L1, "  Aparcar la montura  ", body, tags: ["montura", "Montura", "rutina"], telescopeModel: "RC 16");
        var id = (string)written["id"]!;
        Assert.Equal("Aparcar la montura", (string?)written["title"]);
        Assert.Equal(["montura", "rutina"], written["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(world.L1.Id, (string?)written["authorId"]);
        Assert.Equal(1, (int)written["revision"]!);

        using var read = await world.GetArticleAsync(world.Ana, id);
        var article = await read.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(etag, read.ETag());
        Assert.Equal(body, (string?)article["body"]);
        Assert.Equal(
            "<h1>Aparcar la montura</h1>\n<ol>\n<li>Pulse <strong>Park</strong>.</li>\n<li>Espere.</li>\n</ol>\n" +
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; trampa <a href=\"https://example.org/park\" rel=\"noopener noreferrer nofollow\">manual</a></p>",
            (string?)article["html"]);
        Assert.Equal("customer_facing", (string?)article["visibility"]);
        Assert.Equal("RC 16", (string?)article["telescopeModel"]);
        Assert.Null((string?)article["authorId"]);
        Assert.Equal("l1@alpha.example", (string?)article["authorName"]);
    }

    [Fact]
    public async Task ACustomerNeverSeesAnInternalArticleNotByIdNotListedNotSearched()
    {
        var secret = await world.WriteArticleIdAsync(world.L2, "Contraseña del rack de la cúpula", "Solo personal: código zafiroquince.", "internal");

        using (var byId = await world.GetArticleAsync(world.Ana, secret))
        {
            await byId.ProblemAsync(HttpStatusCode.NotFound, "article_not_found");
        }

        Assert.DoesNotContain(secret, await world.ListIdsAsync(world.Alex));
        Assert.Empty(await world.SearchIdsAsync(world.Ana, "zafiroquince"));
        Assert.Empty(await world.SuggestIdsAsync(world.Bob, "rack de la cúpula zafiroquince"));

        Assert.Contains(secret, await world.ListIdsAsync(world.L1));
        Assert.Equal([secret], await world.SearchIdsAsync(world.L1, "zafiroquince"));
        using var staff = await world.GetArticleAsync(world.L1, secret);
        await staff.JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnotherObservatorysPeopleCannotReachTheArticle()
    {
        var id = await world.WriteArticleIdAsync(world.L1, "Público de alpha", "Visible para clientes de alpha.");

        using (var foreignToken = await world.Carla.Client.GetAsync(new Uri(world.Kb($"/articles/{id}"), UriKind.Relative)))
        {
            await foreignToken.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        using (var ownObservatory = await world.BetaAdmin.Client.GetAsync(new Uri(world.Kb($"/articles/{id}", world.Beta), UriKind.Relative)))
        {
            await ownObservatory.ProblemAsync(HttpStatusCode.NotFound, "article_not_found");
        }

        Assert.Empty(await world.SearchAsync(world.BetaAdmin, "alpha", world.Beta));
        using var anonymous = await world.Anonymous.GetAsync(new Uri(world.Kb("/search?q=alpha"), UriKind.Relative));
        await anonymous.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task CustomersCannotWriteChangeOrDeleteArticles()
    {
        var (article, etag) = await world.WriteArticleAsync(world.L1, "Solo lectura", "Los clientes leen.");
        var id = (string)article["id"]!;

        using (var create = await world.Ana.Client.PostAsync(world.Kb("/articles"), new { title = "Mío", body = "x", visibility = "customer_facing" }))
        {
            await create.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var patch = await world.Ana.Client.PatchAsync(world.Kb($"/articles/{id}"), new { title = "Cambiado" }, etag))
        {
            await patch.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var delete = await world.Ana.Client.DeleteAsync(world.Kb($"/articles/{id}")))
        {
            await delete.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using var read = await world.GetArticleAsync(world.Ana, id);
        Assert.Equal("Solo lectura", (string?)(await read.JsonAsync(HttpStatusCode.OK))["title"]);
    }

    [Fact]
    public async Task AnUpdateNeedsTheCurrentETag()
    {
        var (article, etag) = await world.WriteArticleAsync(world.L1, "Flat de cielo", "Tome flats al atardecer.");
        var url = world.Kb($"/articles/{(string)article["id"]!}");

        using (var blind = await world.L2.Client.PatchAsync(url, new { body = "Tome flats al amanecer." }, ifMatch: null))
        {
            await blind.ProblemAsync(HttpStatusCode.PreconditionRequired, "precondition_required");
        }

        string newEtag;
        using (var first = await world.L2.Client.PatchAsync(url, new { body = "Tome flats al amanecer.", tags = new[] { "calibración" } }, etag))
        {
            var updated = await first.JsonAsync(HttpStatusCode.OK);
            newEtag = first.ETag();
            Assert.NotEqual(etag, newEtag);
            Assert.Equal(2, (int)updated["revision"]!);
            Assert.Equal("l2@alpha.example", (string?)updated["updatedByName"]);
            Assert.Equal(world.L1.Id, (string?)updated["authorId"]);
        }

        using (var stale = await world.L1.Client.PatchAsync(url, new { title = "Flats" }, etag))
        {
            await stale.ProblemAsync(HttpStatusCode.PreconditionFailed, "stale_article");
        }

        using (var staleDelete = await world.L1.Client.DeleteAsync(url, etag))
        {
            await staleDelete.ProblemAsync(HttpStatusCode.PreconditionFailed, "stale_article");
        }

        var current = await world.L1.Client.GetJsonAsync(url);
        Assert.Equal("Flat de cielo", (string?)current["title"]);
        Assert.Equal("Tome flats al amanecer.", (string?)current["body"]);

        using var unchanged = await world.L1.Client.PatchAsync(url, new { title = "Flat de cielo" }, newEtag);
        await unchanged.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(newEtag, unchanged.ETag());
    }

    [Fact]
    public async Task MakingAnArticleInternalHidesItFromCustomersAtOnce()
    {
        var (article, etag) = await world.WriteArticleAsync(world.L1, "Reinicio del controlador bermellón", "Mantenga pulsado el botón.", tags: ["bermellón"]);
        var id = (string)article["id"]!;
        Assert.Equal([id], await world.SearchIdsAsync(world.Ana, "bermellon"));

        using (var patch = await world.L1.Client.PatchAsync(world.Kb($"/articles/{id}"), new { visibility = "internal" }, etag))
        {
            Assert.Equal("internal", (string?)(await patch.JsonAsync(HttpStatusCode.OK))["visibility"]);
        }

        Assert.Empty(await world.SearchIdsAsync(world.Ana, "bermellon"));
        Assert.DoesNotContain(id, await world.ListIdsAsync(world.Ana, "?tag=bermellon"));
        using (var read = await world.GetArticleAsync(world.Ana, id))
        {
            await read.ProblemAsync(HttpStatusCode.NotFound, "article_not_found");
        }

        Assert.Equal([id], await world.SearchIdsAsync(world.L2, "bermellon"));
        Assert.Equal([id], await world.ListIdsAsync(world.L2, "?tag=Bermellón"));
    }

    [Fact]
    public async Task OnlyAnAdminOrTheAuthorDeletesAndADeletedArticleCanBeRestored()
    {
        var id = await world.WriteArticleIdAsync(world.L1, "Cambio de fusible ámbar", "El fusible ambarino está detrás del panel.");
        var url = world.Kb($"/articles/{id}");

        using (var stranger = await world.L2.Client.DeleteAsync(url))
        {
            await stranger.ProblemAsync(HttpStatusCode.Forbidden, "not_author");
        }

        using (var author = await world.L1.Client.DeleteAsync(url))
        {
            Assert.Equal(HttpStatusCode.NoContent, author.StatusCode);
        }

        using (var gone = await world.GetArticleAsync(world.AlphaAdmin, id))
        {
            await gone.ProblemAsync(HttpStatusCode.NotFound, "article_not_found");
        }

        Assert.Empty(await world.SearchIdsAsync(world.AlphaAdmin, "ambarino"));
        Assert.DoesNotContain(id, await world.ListIdsAsync(world.AlphaAdmin));
        using (var again = await world.L1.Client.DeleteAsync(url))
        {
            await again.ProblemAsync(HttpStatusCode.NotFound, "article_not_found");
        }

        using (var customer = await world.Ana.Client.PostAsync(url + "/restore", Requests.RawJson("{}")))
        {
            await customer.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var restore = await world.AlphaAdmin.Client.PostAsync(url + "/restore", Requests.RawJson("{}")))
        {
            var restored = await restore.JsonAsync(HttpStatusCode.OK);
            Assert.Equal(2, (int)restored["revision"]!);
        }

        Assert.Equal([id], await world.SearchIdsAsync(world.Ana, "ambarino"));
        Assert.Contains(id, await world.ListIdsAsync(world.Ana));
    }

    public static TheoryData<string, string, string> BadArticles => new()
    {
        { """{"title":"","body":"x","visibility":"internal"}""", "required", "title" },
        { """{"title":"   ","body":"x","visibility":"internal"}""", "required", "title" },
        { """{"body":"x","visibility":"internal"}""", "invalid_field", "title" },
        { """{"title":"t","body":"","visibility":"internal"}""", "required", "body" },
        { """{"title":"t","body":"x","visibility":"public"}""", "invalid_field", "visibility" },
        { """{"title":"t","body":"x","visibility":1}""", "invalid_field", "visibility" },
        { """{"title":"t","body":"x"}""", "invalid_field", "visibility" },
        { """{"title":"t","body":"x","visibility":"internal","tags":["1","2","3","4","5","6","7","8","9","10","11"]}""", "too_many_tags", "tags" },
        { """{"title":"t","body":"x","visibility":"internal","tags":["ok",""]}""", "invalid_tag", "tags" },
        { """{"title":"t","body":"x","visibility":"internal","tags":"óptica"}""", "invalid_field", "tags" },
        { """{"title":"t","body":"x","visibility":"internal","author":"me"}""", "invalid_field", "author" },
        { "{\"title\":\"t\",\"body\":\"x\",\"visibility\":\"internal\",\"telescopeModel\":\"" + new string('m', 101) + "\"}", "too_long", "telescopeModel" },
        { "{\"title\":\"" + new string('t', 201) + "\",\"body\":\"x\",\"visibility\":\"internal\"}", "too_long", "title" },
        { "{\"title\":\"t\",\"body\":\"" + new string('b', 100_001) + "\",\"visibility\":\"internal\"}", "too_long", "body" },
    };

    [Theory]
    [MemberData(nameof(BadArticles))]
    public async Task ABadArticleIsA400NamingTheFieldAndWritesNothing(string json, string code, string field)
    {
        var before = (await world.ListIdsAsync(world.L1, "?limit=100")).Count;

        using var response = await world.L1.Client.PostAsync(world.Kb("/articles"), Requests.RawJson(json));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.NotNull(problem["errors"]?[field]);
        Assert.Equal(before, (await world.ListIdsAsync(world.L1, "?limit=100")).Count);
    }

    [Fact]
    public async Task ABadPatchIsA400AndChangesNothing()
    {
        var (article, etag) = await world.WriteArticleAsync(world.L1, "Parche", "Cuerpo.");
        var url = world.Kb($"/articles/{(string)article["id"]!}");

        using (var nullTitle = await world.L1.Client.PatchAsync(url, Requests.RawJson("""{"title":null}"""), etag))
        {
            await nullTitle.ProblemAsync(HttpStatusCode.BadRequest, "invalid_field");
        }

        using (var badVisibility = await world.L1.Client.PatchAsync(url, Requests.RawJson("""{"visibility":"everyone"}"""), etag))
        {
            await badVisibility.ProblemAsync(HttpStatusCode.BadRequest, "invalid_field");
        }

        using (var longBody = await world.L1.Client.PatchAsync(url, new { body = new string('b', 100_001) }, etag))
        {
            Assert.NotNull((await longBody.ProblemAsync(HttpStatusCode.BadRequest, "too_long"))["errors"]?["body"]);
        }

        using var read = await world.L1.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(etag, read.ETag());
    }

    [Fact]
    public async Task AHundredThousandCharacterBodyIsStoredWholeAndSearchable()
    {
        var words = string.Join(' ', Enumerable.Range(0, 20_000).Select(i => $"p{i:D5}"));
        var body = ("Procedimiento largo: " + words)[..100_000];

        var (article, _) = await world.WriteArticleAsync(world.L1, "Manual completo del observatorio", body);

        var read = await world.L1.Client.GetJsonAsync(world.Kb($"/articles/{(string)article["id"]!}"));
        Assert.Equal(body, (string?)read["body"]);
        Assert.Equal([(string)article["id"]!], await world.SearchIdsAsync(world.Ana, "p01500"));
    }

    [Fact]
    public async Task TheListPagesNewestFirstAndFiltersByTagIgnoringCaseAndAccents()
    {
        var first = await world.WriteArticleIdAsync(world.L1, "Primero", "uno", tags: ["Guía rápida"]);
        var second = await world.WriteArticleIdAsync(world.L1, "Segundo", "dos", tags: ["guia RAPIDA"]);
        var third = await world.WriteArticleIdAsync(world.L1, "Tercero", "tres", "internal", tags: ["guía rápida"]);

        var page1 = await world.Ana.Client.GetJsonAsync(world.Kb("/articles?tag=GUIA%20RAPIDA&limit=1"));
        Assert.Equal([second], page1["items"]!.AsArray().Select(a => (string)a!["id"]!));
        var cursor = (string)page1["nextCursor"]!;
        var page2 = await world.Ana.Client.GetJsonAsync(world.Kb($"/articles?tag=GUIA%20RAPIDA&limit=1&cursor={cursor}"));
        Assert.Equal([first], page2["items"]!.AsArray().Select(a => (string)a!["id"]!));
        Assert.Null((string?)page2["nextCursor"]);

        Assert.Equal([third, second, first], await world.ListIdsAsync(world.L2, "?tag=guía%20rápida"));

        using var foreignCursor = await world.Ana.Client.GetAsync(new Uri(world.Kb($"/articles?cursor={cursor}"), UriKind.Relative));
        await foreignCursor.ProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
    }
}
