using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Domain.People;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Desk;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.Tests.Attachments;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tests.Triggers;
using AstroBlob.Functions.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace AstroBlob.Functions.Tests.Desk;

/// <summary>
/// Merging a duplicate into another ticket, on a host with real attachment processing and fast
/// queue triggers: everything moves, the duplicate points to the survivor and is frozen, the
/// customer keeps seeing exactly what they saw, and an interrupted merge finishes by itself.
/// </summary>
public sealed class MergeTests(MergeTests.MergeWorld world) : IClassFixture<MergeTests.MergeWorld>
{
    /// <summary>Attachments processed for real, and an SLA sweep every second (it carries out a dead request's merge row).</summary>
    public sealed class MergeWorld : AttachmentWorld
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Triggers:MinPollInterval"] = "00:00:00.050",
            ["Triggers:MaxPollInterval"] = "00:00:00.200",
            ["Attachments:SweepCron"] = "* * * * * *",
            ["Sla:SweepCron"] = "* * * * * *",
        };
    }

    private string Url(string path) => world.Api(world.Alpha, path);

    private async Task<JsonNode> MergeAsync(Person who, string code, string into, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await who.Client.PostAsync(Url($"/tickets/{code}/merge"), new { into });
        return await response.JsonAsync(expected);
    }

    private async Task<JsonNode> PostAsync(Person who, string path, object body, HttpStatusCode expected)
    {
        using var response = await who.Client.PostAsync(Url(path), body);
        return await response.JsonAsync(expected);
    }

    private async Task<List<JsonNode>> MessagesAsync(Person who, string code) =>
        [.. (await who.Client.GetJsonAsync(Url($"/tickets/{code}/messages?limit=100")))["items"]!.AsArray().Select(m => m!)];

    [Fact]
    public async Task MergingMovesMessagesFilesTimeCostsTimersAndTagsAndFreezesTheDuplicate()
    {
        var survivor = await world.TicketAsync(world.Ana, "El enfoque no responde");
        var duplicate = await world.TicketAsync(world.Ana, "Enfoque roto (otra vez)");
        var image = await world.UploadAsync(world.Ana, duplicate, "enfoque.png", SampleFiles.Png(64, 48));
        Assert.Equal("ready", (string?)image["state"]);
        var imageId = (string)image["id"]!;
        await PostAsync(world.Ana, $"/tickets/{duplicate}/messages", new { body = "Foto del enfocador", attachmentIds = new[] { imageId } }, HttpStatusCode.Created);
        await world.PostMessageAsync(world.L1, world.Alpha, survivor, "Lo miramos esta noche.");
        await world.PostMessageAsync(world.L1, world.Alpha, duplicate, "Es el mismo caso que el otro.", "internal");
        await PostAsync(world.L1, $"/tickets/{duplicate}/time", new { minutes = 30, note = "Diagnóstico remoto", billable = true }, HttpStatusCode.Created);
        await PostAsync(world.L1, $"/tickets/{duplicate}/costs", new { kind = "product", description = "Motor de enfoque", quantity = 1, unitPrice = 149.90m }, HttpStatusCode.Created);
        await PostAsync(world.L2, $"/tickets/{duplicate}/timer", new { note = "Revisando" }, HttpStatusCode.Created);
        await PostAsync(world.L1, $"/tickets/{duplicate}/tags", new { tag = "enfocador" }, HttpStatusCode.OK);
        var customerBefore = (await MessagesAsync(world.Ana, duplicate)).Concat(await MessagesAsync(world.Ana, survivor)).Select(m => (string)m["id"]!).ToHashSet();

        var result = await MergeAsync(world.L1, duplicate, survivor.ToLowerInvariant());
        Assert.Equal(("cancelled", survivor), ((string?)result["merged"]!["status"], (string?)result["merged"]!["mergedInto"]));
        Assert.Equal([duplicate], result["into"]!["mergedFrom"]!.AsArray().Select(c => (string)c!));

        // The survivor has the whole conversation in time order, and its counters say so.
        var staffView = await MessagesAsync(world.L1, survivor);
        Assert.Equal(3, staffView.Count);
        Assert.Equal(staffView.OrderBy(m => (DateTimeOffset)m["createdAt"]!).Select(m => (string)m["id"]!), staffView.Select(m => (string)m["id"]!));
        Assert.Empty(await MessagesAsync(world.L1, duplicate));
        var (after, _) = await world.GetTicketAsync(world.L1, world.Alpha, survivor);
        Assert.Equal(3, (int)after["messageCount"]!);
        Assert.Contains("enfocador", after["tags"]!.AsArray().Select(t => (string)t!));

        // The customer sees what they saw before, now in one place, the internal note still hidden.
        var customerView = await MessagesAsync(world.Ana, survivor);
        Assert.Equal(customerBefore, customerView.Select(m => (string)m["id"]!).ToHashSet());
        var (anaSees, _) = await world.GetTicketAsync(world.Ana, world.Alpha, survivor);
        Assert.Equal(2, (int)anaSees["messageCount"]!);

        // The file travels with its message and still downloads (its bytes stay where they were stored).
        var moved = await world.Ana.Client.GetJsonAsync(Url($"/tickets/{survivor}/attachments/{imageId}"));
        Assert.Equal("ready", (string?)moved["state"]);
        var (bytes, _) = await world.DownloadAsync((string)moved["urls"]!["download"]!);
        Assert.NotEmpty(bytes);
        using (var gone = await world.Ana.Client.GetAsync(Url($"/tickets/{duplicate}/attachments/{imageId}")))
        {
            await gone.ProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
        }

        // Time, costs and the running timer now belong to the survivor.
        var time = await world.L1.Client.GetJsonAsync(Url($"/tickets/{survivor}/time"));
        Assert.Equal(30, (int)Assert.Single(time["items"]!.AsArray())!["minutes"]!);
        Assert.Empty((await world.L1.Client.GetJsonAsync(Url($"/tickets/{duplicate}/time")))["items"]!.AsArray());
        var costs = await world.L1.Client.GetJsonAsync(Url($"/tickets/{survivor}/costs"));
        Assert.Equal("Motor de enfoque", (string?)Assert.Single(costs["items"]!.AsArray())!["description"]);
        Assert.Equal(survivor, (string?)(await world.L2.Client.GetJsonAsync(Url("/timer")))["ticketCode"]);

        // The duplicate is frozen: no changes, messages or work; its trail says where it went, to its customer too.
        var (frozen, etag) = await world.GetTicketAsync(world.L1, world.Alpha, duplicate);
        using (var patch = await world.L1.Client.PatchAsync(Url($"/tickets/{duplicate}"), new { priority = "high" }, etag))
        {
            await patch.ProblemAsync(HttpStatusCode.Conflict, "ticket_merged");
        }

        using (var reply = await world.Ana.Client.PostAsync(Url($"/tickets/{duplicate}/messages"), new { body = "¿Y ahora?" }))
        {
            await reply.ProblemAsync(HttpStatusCode.Conflict, "ticket_merged");
        }

        using (var work = await world.L1.Client.PostAsync(Url($"/tickets/{duplicate}/time"), new { minutes = 5 }))
        {
            await work.ProblemAsync(HttpStatusCode.Conflict, "ticket_merged");
        }

        Assert.Equal(survivor, (string?)frozen["mergedInto"]);
        var trail = (await world.Ana.Client.GetJsonAsync(Url($"/tickets/{duplicate}/activity"))).AsArray();
        var merged = Assert.Single(trail, e => (string?)e!["action"] == "merged")!;
        Assert.Contains(merged["changes"]!.AsArray(), c => (string?)c!["field"] == "mergedInto" && (string?)c["to"] == survivor);
        Assert.Contains((await world.L1.Client.GetJsonAsync(Url($"/tickets/{survivor}/activity"))).AsArray(), e => (string?)e!["action"] == "merged_from");

        // Asking again finishes nothing twice.
        var again = await MergeAsync(world.L1, duplicate, survivor);
        Assert.Equal((0, 0, 0), ((int)again["movedMessages"]!, (int)again["movedFiles"]!, (int)again["movedWorkLines"]!));
        Assert.Equal([duplicate], again["into"]!["mergedFrom"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(3, (int)again["into"]!["messageCount"]!);
    }

    [Fact]
    public async Task AMergeIsStaffWorkBetweenTicketsOfOneCustomerAndARefusedOneChangesNothing()
    {
        var a = await world.TicketAsync(world.Ana, "Uno");
        var b = await world.TicketAsync(world.Ana, "Dos");
        var bobs = await world.TicketAsync(world.Bob, "De Bob");
        var betas = (string)(await world.CreateTicketAsync(world.Carla, world.Beta, new { title = "Beta", type = "question" }))["code"]!;
        var (_, before) = await world.GetTicketAsync(world.L1, world.Alpha, a);

        using (var customer = await world.Ana.Client.PostAsync(Url($"/tickets/{a}/merge"), new { into = b }))
        {
            await customer.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        await MergeProblemAsync(a, bobs, HttpStatusCode.Conflict, "different_customer");
        await MergeProblemAsync(a, a, HttpStatusCode.BadRequest, "merge_into_itself");
        await MergeProblemAsync(a, betas, HttpStatusCode.BadRequest, "unknown_ticket");
        await MergeProblemAsync(a, "ALPHA-999999", HttpStatusCode.BadRequest, "unknown_ticket");
        await MergeProblemAsync(a, "<script>", HttpStatusCode.BadRequest, "unknown_ticket");
        using (var empty = await world.L1.Client.PostAsync(Url($"/tickets/{a}/merge"), Requests.RawJson("{}")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }

        using (var cross = await world.BetaAdmin.Client.PostAsync(world.Api(world.Beta, $"/tickets/{a}/merge"), new { into = b }))
        {
            await cross.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        var (_, after) = await world.GetTicketAsync(world.L1, world.Alpha, a);
        Assert.Equal(before, after);

        // A chain is refused at both ends: into a merged ticket, or merging a merged one elsewhere.
        await MergeAsync(world.L1, b, a);
        await MergeProblemAsync(a, b, HttpStatusCode.Conflict, "ticket_merged");
        var c = await world.TicketAsync(world.Ana, "Tres");
        await MergeProblemAsync(b, c, HttpStatusCode.Conflict, "ticket_merged");
    }

    [Fact]
    public async Task APostedFileStillBeingProcessedHoldsTheMergeBackAndAnUnpostedOneStaysBehind()
    {
        var survivor = await world.TicketAsync(world.Ana, "Destino");
        var duplicate = await world.TicketAsync(world.Ana, "Con un fichero en proceso");
        var posted = (string)(await world.UploadAsync(world.Ana, duplicate, "informe.pdf", SampleFiles.Pdf()))["id"]!;
        await PostAsync(world.Ana, $"/tickets/{duplicate}/messages", new { body = "Va el informe", attachmentIds = new[] { posted } }, HttpStatusCode.Created);
        var unposted = (string)(await world.SlotAsync(world.Ana, duplicate, "borrador.pdf", 100))["attachment"]!["id"]!;

        // As when the sweep sends a stuck file back to the processor.
        var files = world.Factory.Services.GetRequiredService<AttachmentStore>();
        var (file, etag) = (await files.GetAsync(world.Alpha, duplicate, posted, CancellationToken.None))!.Value;
        var processingEtag = await files.ReplaceAsync(world.Alpha, file with { State = AstroBlob.Domain.Attachments.AttachmentState.Processing }, etag, CancellationToken.None);
        await MergeProblemAsync(duplicate, survivor, HttpStatusCode.Conflict, "files_in_progress");
        var (ticket, _) = await world.GetTicketAsync(world.L1, world.Alpha, duplicate);
        Assert.Null((string?)ticket["mergedInto"]);

        await files.ReplaceAsync(world.Alpha, file, processingEtag, CancellationToken.None);
        await MergeAsync(world.L1, duplicate, survivor);
        Assert.Equal([posted], (await world.Ana.Client.GetJsonAsync(Url($"/tickets/{survivor}/attachments")))["items"]!.AsArray().Select(a => (string)a!["id"]!));
        Assert.Equal([unposted], (await world.Ana.Client.GetJsonAsync(Url($"/tickets/{duplicate}/attachments")))["items"]!.AsArray().Select(a => (string)a!["id"]!));
    }

    [Fact]
    public async Task AMergeWhoseRequestDiedAfterMarkingTheDuplicateIsFinishedFromTheQueue()
    {
        var survivor = await world.TicketAsync(world.Ana, "Superviviente");
        var duplicate = await world.TicketAsync(world.Ana, "Duplicado");
        await world.PostMessageAsync(world.Ana, world.Alpha, duplicate, "Primer mensaje del duplicado");
        await PostAsync(world.L1, $"/tickets/{duplicate}/time", new { minutes = 15 }, HttpStatusCode.Created);

        // Exactly what the request commits before it moves anything, and nothing after it: the
        // sweep finds the row and the queue's merge function finishes the job.
        var services = world.Factory.Services;
        var tenant = new Tenant((await services.GetRequiredService<ObservatoryStore>().GetAsync(world.Alpha, CancellationToken.None))!);
        var staff = new Actor(world.L1.Id, "L1", Role.Technician);
        var tickets = services.GetRequiredService<TicketService>();
        var (target, _) = await tickets.GetVisibleAsync(tenant, staff, survivor, CancellationToken.None);
        var job = new MergeJob(world.Alpha, duplicate, survivor, staff.UserId, staff.Name);
        await tickets.ChangeAsync(tenant, staff, duplicate, "merged", (t, now) =>
        {
            t.MergeInto(target, staff, now);
            return true;
        }, CancellationToken.None, outbox: [job.ToOutbox()]);

        await TriggerTestKit.WaitUntilAsync(
            async () => (await world.GetTicketAsync(world.L1, world.Alpha, survivor)).Ticket["mergedFrom"]!.AsArray().Count == 1,
            "the swept and queued merge job records the merge on the survivor");
        Assert.Single(await MessagesAsync(world.Ana, survivor));
        Assert.Single((await world.L1.Client.GetJsonAsync(Url($"/tickets/{survivor}/time")))["items"]!.AsArray());
        Assert.Empty(await MessagesAsync(world.L1, duplicate));
    }

    private async Task MergeProblemAsync(string code, string into, HttpStatusCode status, string problem)
    {
        using var response = await world.L1.Client.PostAsync(Url($"/tickets/{code}/merge"), new { into });
        await response.ProblemAsync(status, problem);
    }
}
