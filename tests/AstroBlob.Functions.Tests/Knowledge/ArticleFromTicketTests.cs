using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Tests.Knowledge;

public sealed class ArticleFromTicketTests(World world) : IClassFixture<World>
{
    private string FromTicket(string code) => world.Kb($"/articles/from-ticket/{code}");

    /// <summary>A ticket of Ana's about her RC 16: a first reply, an internal note, the resolution, her thanks; then finished.</summary>
    private async Task<(string Code, string FirstReply, string Note, string Resolution, string Thanks)> ResolvedTicketAsync(string title, bool finish = true)
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title, type = "repair", telescopeId = world.AnaScope }))["code"]!;
        var first = (string)(await world.PostMessageAsync(world.L1, world.Alpha, code, "Revisamos el final de carrera."))["id"]!;
        var note = (string)(await world.PostMessageAsync(world.L2, world.Alpha, code, "Relé K3 sustituido; pedir repuesto al proveedor.", "internal"))["id"]!;
        var resolution = (string)(await world.PostMessageAsync(world.L1, world.Alpha, code, "Sustituimos el **relé** del motor de la cúpula; ya cierra."))["id"]!;
        var thanks = (string)(await world.PostMessageAsync(world.Ana, world.Alpha, code, "¡Gracias!"))["id"]!;
        if (finish)
        {
            await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });
        }

        return (code, first, note, resolution, thanks);
    }

    private async Task<List<JsonNode>> KnowledgeEntriesAsync(string code) =>
        [.. (await world.L1.Client.GetJsonAsync(world.Api(world.Alpha, $"/tickets/{code}/activity"))).AsArray()
            .Where(e => (string?)e!["action"] == "knowledge_article_created").Select(e => e!)];

    [Fact]
    public async Task AFinishedTicketsLastPublicStaffReplyBecomesAnInternalArticleRecordedInTheTicket()
    {
        var t = await ResolvedTicketAsync("La cúpula no cierra del todo");

        using var response = await world.L1.Client.PostAsync(new Uri(FromTicket(t.Code), UriKind.Relative), content: null);

        var article = await response.JsonAsync(HttpStatusCode.Created);
        var id = (string)article["id"]!;
        Assert.Equal(world.Kb($"/articles/{id}"), response.Headers.Location?.ToString());
        Assert.Equal("La cúpula no cierra del todo", (string?)article["title"]);
        Assert.Equal("Sustituimos el **relé** del motor de la cúpula; ya cierra.", (string?)article["body"]);
        Assert.Contains("<strong>relé</strong>", (string?)article["html"], StringComparison.Ordinal);
        Assert.Equal("internal", (string?)article["visibility"]);
        Assert.Equal("Model RC 16", (string?)article["telescopeModel"]);
        Assert.Equal(t.Code, (string?)article["source"]!["ticketCode"]);
        Assert.Equal(t.Resolution, (string?)article["source"]!["messageId"]);

        var entry = Assert.Single(await KnowledgeEntriesAsync(t.Code));
        Assert.Equal(world.L1.Id, (string?)entry["actorId"]);
        Assert.Equal(id, (string?)entry["changes"]![0]!["to"]);
        Assert.Equal(id, (await world.SearchIdsAsync(world.L2, "cúpula relé"))[0]);
    }

    [Fact]
    public async Task AskingAgainForTheSameMessageGivesTheSameArticleAndOneTrailEntry()
    {
        var t = await ResolvedTicketAsync("El enfocador patina");
        using var first = await world.L1.Client.PostAsync(FromTicket(t.Code), new { tags = new[] { "enfocador" } });
        var id = (string)(await first.JsonAsync(HttpStatusCode.Created))["id"]!;

        using (var again = await world.L2.Client.PostAsync(FromTicket(t.Code), new { messageId = t.Resolution }))
        {
            var replay = await again.JsonAsync(HttpStatusCode.OK);
            Assert.Equal(id, (string?)replay["id"]);
            Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => world.L2.Client.PostAsync(FromTicket(t.Code), new { messageId = t.FirstReply })));
        var other = new HashSet<string>();
        foreach (var r in concurrent)
        {
            using (r)
            {
                Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
                other.Add((string)(await r.JsonAsync(r.StatusCode))["id"]!);
            }
        }

        Assert.NotEqual(id, Assert.Single(other));
        Assert.Equal(2, (await KnowledgeEntriesAsync(t.Code)).Count);

        using (var delete = await world.L1.Client.DeleteAsync(world.Kb($"/articles/{id}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var afterDelete = await world.L1.Client.PostAsync(FromTicket(t.Code), new { messageId = t.Resolution });
        await afterDelete.ProblemAsync(HttpStatusCode.Conflict, "article_deleted");
    }

    /// <summary>The article and its trail entry are in different tables: a failure between the two is repaired by asking again.</summary>
    [Fact]
    public async Task ARetryAfterTheTrailEntryWasLostRecordsItExactlyOnce()
    {
        var t = await ResolvedTicketAsync("El guiado oscila");
        using (var first = await world.L1.Client.PostAsync(FromTicket(t.Code), Requests.RawJson("{}")))
        {
            await first.JsonAsync(HttpStatusCode.Created);
        }

        var entry = Assert.Single(await KnowledgeEntriesAsync(t.Code));
        var tickets = new TableClient((await AzuriteInstance.Shared).ConnectionString, world.Factory.TablePrefix + "Tickets");
        var rowKey = await tickets.QueryAsync<TableEntity>(e => e.PartitionKey == world.Alpha, select: ["RowKey"])
            .Select(e => e.RowKey)
            .SingleAsync(k => k.StartsWith($"a|{t.Code}|", StringComparison.Ordinal) && k.EndsWith("|" + (string)entry["id"]!, StringComparison.Ordinal));
        await tickets.DeleteEntityAsync(world.Alpha, rowKey);
        Assert.Empty(await KnowledgeEntriesAsync(t.Code));

        using (var retry = await world.L2.Client.PostAsync(FromTicket(t.Code), Requests.RawJson("{}")))
        {
            await retry.JsonAsync(HttpStatusCode.OK);
        }

        using (var again = await world.L2.Client.PostAsync(FromTicket(t.Code), Requests.RawJson("{}")))
        {
            await again.JsonAsync(HttpStatusCode.OK);
        }

        var restored = Assert.Single(await KnowledgeEntriesAsync(t.Code));
        Assert.Equal(entry.ToJsonString(), restored.ToJsonString());
    }

    [Fact]
    public async Task AClosedTicketCanFeedACustomerFacingArticleThatCustomersThenRead()
    {
        var t = await ResolvedTicketAsync("La rueda portafiltros se salta posiciones");
        using (var signoff = await world.Ana.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{t.Code}/signoff"), Requests.RawJson("{}")))
        {
            Assert.Equal("closed", (string?)(await signoff.JsonAsync(HttpStatusCode.OK))["status"]);
        }

        using var response = await world.L2.Client.PostAsync(FromTicket(t.Code), new { visibility = "customer_facing", tags = new[] { "filtros" }, telescopeModel = "Genérico" });
        var id = (string)(await response.JsonAsync(HttpStatusCode.Created))["id"]!;

        using var read = await world.GetArticleAsync(world.Bob, id);
        var seen = await read.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Genérico", (string?)seen["telescopeModel"]);
        Assert.Null(seen["source"]);
        Assert.Equal([id], await world.SearchIdsAsync(world.Bob, "portafiltros"));
    }

    [Fact]
    public async Task AnUnresolvedTicketAndUnsuitableMessagesAreRefused()
    {
        var open = await ResolvedTicketAsync("Sigue abierto", finish: false);
        using (var notResolved = await world.L1.Client.PostAsync(FromTicket(open.Code), Requests.RawJson("{}")))
        {
            await notResolved.ProblemAsync(HttpStatusCode.Conflict, "ticket_not_resolved");
        }

        var t = await ResolvedTicketAsync("Montura con holgura");
        using (var internalToCustomers = await world.L1.Client.PostAsync(FromTicket(t.Code), new { messageId = t.Note, visibility = "customer_facing" }))
        {
            await internalToCustomers.ProblemAsync(HttpStatusCode.Conflict, "internal_source");
        }

        using (var customerWords = await world.L1.Client.PostAsync(FromTicket(t.Code), new { messageId = t.Thanks }))
        {
            await customerWords.ProblemAsync(HttpStatusCode.Conflict, "source_not_staff");
        }

        using (var stranger = await world.L1.Client.PostAsync(FromTicket(t.Code), new { messageId = open.Resolution }))
        {
            var problem = await stranger.ProblemAsync(HttpStatusCode.BadRequest, "unknown_message");
            Assert.NotNull(problem["errors"]?["messageId"]);
        }

        using (var badVisibility = await world.L1.Client.PostAsync(FromTicket(t.Code), Requests.RawJson("""{"visibility":"public"}""")))
        {
            var problem = await badVisibility.ProblemAsync(HttpStatusCode.BadRequest, "invalid_field");
            Assert.NotNull(problem["errors"]?["visibility"]);
        }

        Assert.Empty(await KnowledgeEntriesAsync(t.Code));

        using var internalNote = await world.L1.Client.PostAsync(FromTicket(t.Code), new { messageId = t.Note, visibility = "internal" });
        Assert.Equal("Relé K3 sustituido; pedir repuesto al proveedor.", (string?)(await internalNote.JsonAsync(HttpStatusCode.Created))["body"]);
    }

    [Fact]
    public async Task AFinishedTicketWithoutAStaffReplyHasNoResolutionToWriteUp()
    {
        var code = (string)(await world.CreateTicketAsync(world.Bob, world.Alpha, new { title = "Pregunta sin respuesta", type = "question" }))["code"]!;
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Nota interna solamente.", "internal");
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });

        using var response = await world.L1.Client.PostAsync(FromTicket(code), Requests.RawJson("{}"));

        await response.ProblemAsync(HttpStatusCode.Conflict, "no_resolution_message");
    }

    [Fact]
    public async Task OnlyStaffOfTheTicketsObservatoryMakeArticlesFromIt()
    {
        var t = await ResolvedTicketAsync("Acceso");

        using (var customer = await world.Ana.Client.PostAsync(FromTicket(t.Code), Requests.RawJson("{}")))
        {
            await customer.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var foreignToken = await world.BetaAdmin.Client.PostAsync(FromTicket(t.Code), Requests.RawJson("{}")))
        {
            await foreignToken.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        using (var otherObservatory = await world.BetaAdmin.Client.PostAsync(world.Kb($"/articles/from-ticket/{t.Code}", world.Beta), Requests.RawJson("{}")))
        {
            await otherObservatory.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        using (var unknown = await world.L1.Client.PostAsync(FromTicket("ALPHA-999999"), Requests.RawJson("{}")))
        {
            await unknown.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        Assert.Empty(await KnowledgeEntriesAsync(t.Code));
    }
}
