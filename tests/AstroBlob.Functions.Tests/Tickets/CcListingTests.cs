using System.Net;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Tests.Console;
using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AstroBlob.Functions.Tests.Tickets;

/// <summary>Contacts copied on a ticket (its Cc) find it in their own list for as long as they are copied and may see it.</summary>
public sealed class CcListingTests(World world) : IClassFixture<World>
{
    private string Alpha(string path) => world.Api(world.Alpha, path);

    private async Task<List<string>> CodesAsync(Person who, string query) =>
        (await who.Client.GetJsonAsync(Alpha($"/tickets?limit=100&{query}")))["items"]!.AsArray().Select(t => (string)t!["code"]!).ToList();

    private Task<Person> NewContactOfAAsync(string name) =>
        world.ContactAsync(world.Alpha, world.AlphaAdmin, world.CustomerA, $"{name}.{Guid.NewGuid():N}@a.example", companyWide: false);

    private async Task<string> OpenAsync(Person who, string title) =>
        (string)(await world.CreateTicketAsync(who, world.Alpha, new { title, type = "question" }))["code"]!;

    [Fact]
    public async Task ACopiedContactListsTheTicketWithItsFiltersUntilTakenOffTheCc()
    {
        var cami = await NewContactOfAAsync("cami");
        var copied = await OpenAsync(world.Ana, "Con copia a Cami");
        var notCopied = await OpenAsync(world.Ana, "Sin copia a Cami");
        Assert.Empty(await CodesAsync(cami, string.Empty));

        await world.PatchTicketAsync(world.L1, world.Alpha, copied, new { cc = new[] { cami.Id } });

        Assert.Equal([copied], await CodesAsync(cami, string.Empty));
        Assert.Equal([copied], await CodesAsync(cami, "status=open"));
        Assert.Empty(await CodesAsync(cami, "status=in_progress"));
        Assert.Equal([copied], await CodesAsync(cami, "q=con%20copia"));
        Assert.Empty(await CodesAsync(cami, "q=sin%20copia"));

        // Its row follows the ticket's changes, like the requester's.
        await world.PatchTicketAsync(world.L1, world.Alpha, copied, new { status = "in_progress" });
        Assert.Equal([copied], await CodesAsync(cami, "status=in_progress"));
        Assert.Empty(await CodesAsync(cami, "status=open"));
        await world.GetTicketAsync(cami, world.Alpha, copied);

        // The requester's list is unchanged by the copy.
        var anaSees = await CodesAsync(world.Ana, string.Empty);
        Assert.Contains(copied, anaSees);
        Assert.Contains(notCopied, anaSees);

        await world.PatchTicketAsync(world.L1, world.Alpha, copied, new { cc = Array.Empty<string>() });

        Assert.Empty(await CodesAsync(cami, string.Empty));
        using (var get = await cami.Client.GetAsync(new Uri(Alpha($"/tickets/{copied}"), UriKind.Relative)))
        {
            await get.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        Assert.Contains(copied, await CodesAsync(world.Ana, string.Empty));
    }

    [Fact]
    public async Task AContactOfAnotherCustomerIsNeverListedNorLetInEvenWithARowUnderTheirName()
    {
        var code = await OpenAsync(world.Ana, "Copia a otro cliente");

        // The API refuses to copy a contact of another customer.
        var (_, etag) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        using (var patch = await world.L1.Client.PatchAsync(Alpha($"/tickets/{code}"), new { cc = new[] { world.Bob.Id } }, etag))
        {
            await patch.ProblemAsync(HttpStatusCode.BadRequest, "unknown_contact");
        }

        Assert.DoesNotContain(code, await CodesAsync(world.Bob, string.Empty));

        // As a ticket would look whose copied contact later left the customer: Bob is in its Cc,
        // so a row of Bob's list holds it, yet only the access check decides, and it says no.
        var store = world.Factory.Services.GetRequiredService<TicketStore>();
        var (ticket, storedEtag) = (await store.GetAsync(world.Alpha, code, CancellationToken.None))!.Value;
        await store.UpdateAsync(world.Alpha, ticket, ticket with { Cc = [world.Bob.Id] }, storedEtag, [], [], CancellationToken.None);

        Assert.DoesNotContain(code, await CodesAsync(world.Bob, string.Empty));
        Assert.DoesNotContain(code, await CodesAsync(world.Bob, "status=open"));
        using (var get = await world.Bob.Client.GetAsync(new Uri(Alpha($"/tickets/{code}"), UriKind.Relative)))
        {
            await get.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        Assert.Contains(code, await CodesAsync(world.Ana, string.Empty));
    }

    [Fact]
    public async Task ACopiedContactsListReadsRowsInProportionToTheirTicketsNotTheCustomers()
    {
        var dani = await NewContactOfAAsync("dani");
        for (var i = 0; i < 20; i++)
        {
            await OpenAsync(world.Ana, $"Ruido de Ana {i}");
        }

        var first = await OpenAsync(world.Ana, "Copiado a Dani 1");
        await OpenAsync(world.Ana, "Ruido entre medias");
        var second = await OpenAsync(world.Ana, "Copiado a Dani 2");
        var own = await OpenAsync(dani, "Propio de Dani");
        await world.PatchTicketAsync(world.L1, world.Alpha, first, new { cc = new[] { dani.Id } });
        await world.PatchTicketAsync(world.L1, world.Alpha, second, new { cc = new[] { world.Alex.Id, dani.Id } });

        using var rowsRead = new RowsReadRecorder(world.Alpha);
        var daniSees = await CodesAsync(dani, string.Empty);
        rowsRead.Dispose();

        Assert.Equal([own, second, first], daniSees);
        var read = Assert.Single(rowsRead.Reads);
        Assert.Equal(("req", 3), (read.Index, read.Rows));
    }

    [Fact]
    public async Task TheLargestPatchOfCcAssigneesStatusAndTelescopeStillFitsInOneTransaction()
    {
        // Everything a PATCH can move at once, at its limits: 20 tags stay, 10 copied contacts
        // and 10 assignees are all replaced, the ticket is finished and changes telescope.
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var contacts = new List<string>();
        var technicians = new List<string>();
        for (var i = 0; i < 2 * Limits.MaxCc; i++)
        {
            using var contact = await world.AlphaAdmin.Client.PostAsync(
                Alpha($"/customers/{world.CustomerA}/contacts"), new { name = $"Copia {i}", email = $"copia{i}.{stamp}@a.example", password = World.Password });
            contacts.Add((string)(await contact.JsonAsync(HttpStatusCode.Created))["id"]!);
        }

        for (var i = 0; i < 2 * Limits.MaxAssignees; i++)
        {
            using var staff = await world.AlphaAdmin.Client.PostAsync(
                Alpha("/staff"), new { name = $"Tecnico {i}", email = $"tec{i}.{stamp}@alpha.example", role = "technician", level = 1, password = World.Password });
            technicians.Add((string)(await staff.JsonAsync(HttpStatusCode.Created))["id"]!);
        }

        var code = await OpenAsync(world.Ana, "El cambio más grande");
        for (var i = 0; i < TagRules.MaxPerTicket; i++)
        {
            using var tag = await world.L1.Client.PostAsync(Alpha($"/tickets/{code}/tags"), new { tag = $"etiqueta-{i}" });
            await tag.JsonAsync(HttpStatusCode.OK);
        }

        await world.PatchTicketAsync(world.L1, world.Alpha, code, new
        {
            status = "in_progress",
            telescopeId = world.AnaScope,
            cc = contacts.Take(Limits.MaxCc),
            assignees = technicians.Take(Limits.MaxAssignees),
        });

        var finished = await world.PatchTicketAsync(world.L1, world.Alpha, code, new
        {
            status = "finished",
            telescopeId = world.AnaSecondScope,
            cc = contacts.Skip(Limits.MaxCc),
            assignees = technicians.Skip(Limits.MaxAssignees),
        });

        Assert.Equal("finished", (string?)finished["status"]);
        Assert.Equal(contacts.Skip(Limits.MaxCc), finished["cc"]!.AsArray().Select(c => (string)c!));
        Assert.Equal([code], await CodesAsync(world.L1, $"status=finished&telescopeId={world.AnaSecondScope}&q={code}"));
    }
}

/// <summary>Tickets copied to a contact before copied contacts were listed are brought into that contact's list, once per observatory.</summary>
public sealed class CcIndexBackfillTests(QueueBackfillWorld world) : IClassFixture<QueueBackfillWorld>
{
    private async Task<List<string>> CodesAsync(Person who) =>
        (await who.Client.GetJsonAsync(world.Api(world.Alpha, "/tickets?limit=100")))["items"]!.AsArray().Select(t => (string)t!["code"]!).ToList();

    private async Task<string> OpenCopiedAsync(string title, Person copied)
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title, type = "question" }))["code"]!;
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { cc = new[] { copied.Id } });
        return code;
    }

    private async Task RunBackfillAsync()
    {
        using var scope = world.Factory.Services.CreateScope();
        var backfill = scope.ServiceProvider.GetRequiredService<QueueIndexBackfillFunction>();
        await backfill.RunAsync(new TimerContext("backfill", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, false), CancellationToken.None);
    }

    private async Task DeleteListRowsAsync(Person of, string code)
    {
        // As a ticket stored by the previous version looks: no row in a copied contact's list.
        var table = world.Factory.Services.GetRequiredService<Tables>().Tickets;
        await foreach (var row in table.QueryAsync<TableEntity>(JsonRows.PrefixFilter(world.Alpha, $"x|req|{of.Id}|"), select: ["RowKey"]))
        {
            if (row.RowKey.EndsWith("|" + code, StringComparison.Ordinal))
            {
                await table.DeleteEntityAsync(world.Alpha, row.RowKey, ETag.All);
            }
        }
    }

    [Fact]
    public async Task TicketsCopiedBeforeContactsWereListedAreBroughtIntoTheirListsOnce()
    {
        var eli = await world.ContactAsync(world.Alpha, world.AlphaAdmin, world.CustomerA, $"eli.{Guid.NewGuid():N}@a.example", companyWide: false);
        var old = await OpenCopiedAsync("Copiado antes de listar las copias", eli);
        var recent = await OpenCopiedAsync("Copiado después", eli);
        await DeleteListRowsAsync(eli, old);

        var store = world.Factory.Services.GetRequiredService<TicketStore>();
        Assert.False(await store.IsCcIndexBuiltAsync(world.Alpha, CancellationToken.None));
        Assert.Equal([recent], await CodesAsync(eli));
        var (_, oldEtag) = await world.GetTicketAsync(world.L1, world.Alpha, old);
        var (_, recentEtag) = await world.GetTicketAsync(world.L1, world.Alpha, recent);

        await RunBackfillAsync();

        Assert.Equal([recent, old], await CodesAsync(eli));
        Assert.NotEqual(oldEtag, (await world.GetTicketAsync(world.L1, world.Alpha, old)).ETag);
        // A ticket whose rows are all there is left alone.
        Assert.Equal(recentEtag, (await world.GetTicketAsync(world.L1, world.Alpha, recent)).ETag);
        Assert.True(await store.IsCcIndexBuiltAsync(world.Alpha, CancellationToken.None));
        Assert.Empty(await store.ListUnindexedCcAsync(world.Alpha, CancellationToken.None));

        // Done once: a later run does not scan the observatory again.
        await DeleteListRowsAsync(eli, old);
        await RunBackfillAsync();
        Assert.Equal([recent], await CodesAsync(eli));
    }
}
