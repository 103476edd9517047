using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Tests.Knowledge;

public sealed class KnowledgeSearchTests(World world) : IClassFixture<World>
{
    [Fact]
    public async Task AccentsAndCaseAreIgnoredBothWays()
    {
        var accented = await world.WriteArticleIdAsync(world.L1, "Colimación del secundario", "Use el láser de colimación.");
        var plain = await world.WriteArticleIdAsync(world.L1, "Ajuste optico", "Guia rapida de colimacion sin tildes.");
        var dome = await world.WriteArticleIdAsync(world.L1, "La cúpula no gira", "Revise la corona dentada de la cúpula.");

        Assert.Equal([accented, plain], await world.SearchIdsAsync(world.Ana, "colimacion"));
        Assert.Equal([accented, plain], await world.SearchIdsAsync(world.Ana, "COLIMACIÓN"));
        Assert.Equal([dome], await world.SearchIdsAsync(world.Ana, "CÚPULA"));
        Assert.Equal([dome], await world.SearchIdsAsync(world.Ana, "cupula"));
        Assert.Equal([plain], await world.SearchIdsAsync(world.Ana, "guía rápida ÓPTICO"));
    }

    [Fact]
    public async Task EnglishAndSpanishWordsMeetTheirPlurals()
    {
        var dew = await world.WriteArticleIdAsync(world.L1, "Dew heater replacement", "Replace the dew heaters when the lenses fog up.");
        var motors = await world.WriteArticleIdAsync(world.L1, "Motores de la montura", "Los motores paso a paso se calientan.");

        Assert.Equal([dew], await world.SearchIdsAsync(world.Ana, "heaters"));
        Assert.Equal([dew], await world.SearchIdsAsync(world.Ana, "lens"));
        Assert.Equal([motors], await world.SearchIdsAsync(world.Ana, "motor montura"));
        Assert.Equal([motors], await world.SearchIdsAsync(world.Ana, "el MOTOR se calienta"));
    }

    [Fact]
    public async Task ATitleHitRanksAboveABodyHitAndAFullerMatchAboveBoth()
    {
        var inBody = await world.WriteArticleIdAsync(world.L1, "Mantenimiento mensual", "Limpie el enfocador y revise los cables.");
        var inTitle = await world.WriteArticleIdAsync(world.L1, "El enfocador se atasca", "Lubrique el piñón.");
        var both = await world.WriteArticleIdAsync(world.L1, "Enfocador y rueda portafiltros", "Cuando el enfocador y la rueda portafiltros fallan juntos.");

        Assert.Equal([inTitle, inBody], (await world.SearchIdsAsync(world.Ana, "enfocador")).Where(id => id != both));
        Assert.Equal(both, (await world.SearchIdsAsync(world.Ana, "enfocador portafiltros"))[0]);
    }

    [Fact]
    public async Task TheLastWordMatchesAsAPrefixWhileTypingAndHitsCarryASnippet()
    {
        var padding = string.Concat(Enumerable.Repeat("Texto de contexto que no interesa. ", 12));
        var id = await world.WriteArticleIdAsync(world.L2, "Alineación polar", padding + "Para la **alineación** use el buscador polar iluminado. " + padding);

        var hits = await world.SearchAsync(world.Ana, "buscador pol");

        var hit = Assert.Single(hits, h => (string)h!["id"]! == id);
        var snippet = (string)hit!["snippet"]!;
        Assert.Contains("Para la alineación use el buscador polar iluminado.", snippet, StringComparison.Ordinal);
        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        Assert.Equal("Alineación polar", (string?)hit["title"]);
        Assert.Contains(id, await world.SearchIdsAsync(world.Ana, "pol"));
        Assert.DoesNotContain(id, await world.SearchIdsAsync(world.Ana, "pol "));
    }

    [Fact]
    public async Task ACustomerSearchesCustomerFacingArticlesOnlyAndStaffSearchEverything()
    {
        var open = await world.WriteArticleIdAsync(world.L1, "Turquesa para clientes", "Procedimiento turquesa.");
        var closed = await world.WriteArticleIdAsync(world.L1, "Turquesa interno", "Procedimiento turquesa con claves.", "internal");

        Assert.Equal([open], await world.SearchIdsAsync(world.Alex, "turquesa"));
        Assert.Equal(new[] { open, closed }.Order(), (await world.SearchIdsAsync(world.L2, "turquesa")).Order());
    }

    [Fact]
    public async Task AnEditedArticleIsFoundByItsNewWordsOnlyAndKeepsOneSetOfSearchRows()
    {
        var (article, etag) = await world.WriteArticleAsync(world.L1, "Secador de espejo", "El ventilador carmesí seca el espejo.");
        var id = (string)article["id"]!;

        using (var patch = await world.L1.Client.PatchAsync(world.Kb($"/articles/{id}"), new { body = "El ventilador índigo seca el espejo." }, etag))
        {
            await patch.JsonAsync(HttpStatusCode.OK);
        }

        Assert.Empty(await world.SearchIdsAsync(world.Ana, "carmesi"));
        Assert.Equal([id], await world.SearchIdsAsync(world.Ana, "indigo"));

        var rows = await SearchRowsOfAsync(id);
        Assert.Single(rows.Select(r => r.Split('|')[4]).Distinct());
        Assert.Contains(rows, r => r.StartsWith("w|c|indigo|", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.StartsWith("w|c|carmesi|", StringComparison.Ordinal));
    }

    /// <summary>What a crash between writing search rows and the article leaves: rows no article names.</summary>
    [Fact]
    public async Task SearchRowsThatNoArticleNamesNeverShowAnArticle()
    {
        var internalId = await world.WriteArticleIdAsync(world.L1, "Llave del armario", "Está en recepción.", "internal");
        var table = await KnowledgeTableAsync();
        await table.UpsertEntityAsync(new TableEntity(world.Alpha, $"w|c|fantasma|{internalId}|000000000000000000000000") { ["F"] = 4, ["At"] = DateTimeOffset.UtcNow });
        await table.UpsertEntityAsync(new TableEntity(world.Alpha, "w|c|fantasma|ffffffffffffffffffffffff|000000000000000000000000") { ["F"] = 4, ["At"] = DateTimeOffset.UtcNow });

        Assert.Empty(await world.SearchIdsAsync(world.Ana, "fantasma"));
        Assert.Empty(await world.SearchIdsAsync(world.L1, "fantasma"));
        Assert.Equal([internalId], await world.SearchIdsAsync(world.L1, "armario"));
    }

    [Fact]
    public async Task SuggestionsAreTheTopFiveCustomerFacingArticlesForATitleBeingTyped()
    {
        var internalOne = await world.WriteArticleIdAsync(world.L1, "La persiana del observatorio no cierra (interno)", "Relé K3.", "internal");
        var best = await world.WriteArticleIdAsync(world.L1, "La persiana del observatorio no cierra", "Compruebe el final de carrera.");
        for (var i = 0; i < 6; i++)
        {
            await world.WriteArticleIdAsync(world.L1, $"Persiana: caso {i}", "Otra avería de la persiana.");
        }

        var forCustomer = await world.SuggestIdsAsync(world.Ana, "La persiana del observatorio no cier");
        var forStaff = await world.SuggestIdsAsync(world.L1, "La persiana del observatorio no cier");

        Assert.Equal(5, forCustomer.Count);
        Assert.Equal(best, forCustomer[0]);
        Assert.DoesNotContain(internalOne, forCustomer);
        Assert.Equal(forCustomer, forStaff);
        Assert.Empty(await world.SuggestIdsAsync(world.Ana, "zzzz qqqq"));
    }

    [Theory]
    [InlineData("/search", "invalid_query", "q")]
    [InlineData("/search?q=a&q=b", "invalid_query", "q")]
    [InlineData("/search?q=motor&limit=0", "invalid_query", "limit")]
    [InlineData("/search?q=motor&limit=21", "invalid_query", "limit")]
    [InlineData("/suggest", "invalid_query", "title")]
    [InlineData("/suggest?title=%00x", "invalid_query", "title")]
    public async Task ABadQueryIsA400NamingTheParameter(string path, string code, string field)
    {
        using var response = await world.Ana.Client.GetAsync(new Uri(world.Kb(path), UriKind.Relative));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.NotNull(problem["errors"]?[field]);
    }

    [Fact]
    public async Task AnOverlongQueryIsRefusedAndOneOfOnlyStopWordsFindsNothing()
    {
        using (var response = await world.Ana.Client.GetAsync(new Uri(world.Kb("/search?q=" + new string('a', 201)), UriKind.Relative)))
        {
            await response.ProblemAsync(HttpStatusCode.BadRequest, "invalid_query");
        }

        Assert.Empty(await world.SearchAsync(world.Ana, "de la y el "));
    }

    private async Task<TableClient> KnowledgeTableAsync() =>
        new((await AzuriteInstance.Shared).ConnectionString, world.Factory.TablePrefix + "Knowledge");

    private async Task<List<string>> SearchRowsOfAsync(string articleId)
    {
        var table = await KnowledgeTableAsync();
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == world.Alpha, select: ["RowKey"]))
        {
            if (row.RowKey.StartsWith("w|", StringComparison.Ordinal) && row.RowKey.Split('|')[3] == articleId)
            {
                rows.Add(row.RowKey);
            }
        }

        return rows;
    }
}
