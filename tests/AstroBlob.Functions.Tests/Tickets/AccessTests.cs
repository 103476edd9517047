using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Tickets;

/// <summary>Nothing crosses customers or observatories; what a caller may not see does not exist for them.</summary>
public sealed class AccessTests(World world) : IClassFixture<World>
{
    private string Alpha(string path) => world.Api(world.Alpha, path);

    [Fact]
    public async Task AnotherCustomerCannotReadListOrWriteToATicket()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Privado de Ana", type = "question" }))["code"]!;

        using (var get = await world.Bob.Client.GetAsync(new Uri(Alpha($"/tickets/{code}"), UriKind.Relative)))
        {
            await get.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        using (var messages = await world.Bob.Client.GetAsync(new Uri(Alpha($"/tickets/{code}/messages"), UriKind.Relative)))
        {
            await messages.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        using (var post = await world.Bob.Client.PostAsync(Alpha($"/tickets/{code}/messages"), new { body = "Intruso" }))
        {
            await post.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        using (var activity = await world.Bob.Client.GetAsync(new Uri(Alpha($"/tickets/{code}/activity"), UriKind.Relative)))
        {
            await activity.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        using (var patch = await world.Bob.Client.PatchAsync(Alpha($"/tickets/{code}"), new { title = "x" }, "W/\"whatever\""))
        {
            await patch.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        }

        var bobList = await world.Bob.Client.GetJsonAsync(Alpha("/tickets?limit=100"));
        Assert.DoesNotContain(bobList["items"]!.AsArray(), t => (string?)t!["code"] == code);
        var bobAskingForA = await world.Bob.Client.GetJsonAsync(Alpha($"/tickets?customerId={world.CustomerA}"));
        Assert.Empty(bobAskingForA["items"]!.AsArray());
        var staffList = await world.L1.Client.GetJsonAsync(Alpha("/tickets?limit=100"));
        Assert.Contains(staffList["items"]!.AsArray(), t => (string?)t!["code"] == code);
    }

    [Fact]
    public async Task ACompanyWideContactSeesColleaguesTicketsAndAPlainContactDoesNot()
    {
        var anas = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "De Ana", type = "question" }))["code"]!;
        var alexs = (string)(await world.CreateTicketAsync(world.Alex, world.Alpha, new { title = "De Alex", type = "question" }))["code"]!;

        var alexSees = (await world.Alex.Client.GetJsonAsync(Alpha("/tickets?limit=100")))["items"]!.AsArray().Select(t => (string)t!["code"]!).ToList();
        Assert.Contains(anas, alexSees);
        Assert.Contains(alexs, alexSees);
        await world.GetTicketAsync(world.Alex, world.Alpha, anas);

        var anaSees = (await world.Ana.Client.GetJsonAsync(Alpha("/tickets?limit=100")))["items"]!.AsArray().Select(t => (string)t!["code"]!).ToList();
        Assert.Contains(anas, anaSees);
        Assert.DoesNotContain(alexs, anaSees);
        using var get = await world.Ana.Client.GetAsync(new Uri(Alpha($"/tickets/{alexs}"), UriKind.Relative));
        await get.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
    }

    [Fact]
    public async Task ATokenOfAnotherObservatoryIsNotValidHere()
    {
        using var response = await world.Carla.Client.GetAsync(new Uri(Alpha("/tickets"), UriKind.Relative));
        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        using var admin = await world.BetaAdmin.Client.GetAsync(new Uri(Alpha("/customers"), UriKind.Relative));
        await admin.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task ATicketOfAnotherObservatoryIsNotFoundEvenForItsAdmin()
    {
        var code = (string)(await world.CreateTicketAsync(world.Carla, world.Beta, new { title = "De Carla", type = "question" }))["code"]!;
        using var response = await world.AlphaAdmin.Client.GetAsync(new Uri(Alpha($"/tickets/{code}"), UriKind.Relative));
        await response.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
        var alphaList = await world.AlphaAdmin.Client.GetJsonAsync(Alpha("/tickets?limit=100"));
        Assert.DoesNotContain(alphaList["items"]!.AsArray(), t => (string?)t!["code"] == code);
    }

    [Fact]
    public async Task CustomersNeverSeeInternalNotesAnywhere()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Con notas", type = "question" }))["code"]!;
        await world.PostMessageAsync(world.L1, world.Alpha, code, "NOTA-INTERNA-SECRETA", "internal");
        using var messages = await world.Ana.Client.GetAsync(new Uri(Alpha($"/tickets/{code}/messages"), UriKind.Relative));
        var text = await messages.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        Assert.DoesNotContain("NOTA-INTERNA-SECRETA", text, StringComparison.Ordinal);
        var ticket = (await world.GetTicketAsync(world.Ana, world.Alpha, code)).Ticket;
        Assert.Equal(0, (int)ticket["messageCount"]!);
        var activity = await world.Ana.Client.GetStringAsync(new Uri(Alpha($"/tickets/{code}/activity"), UriKind.Relative));
        Assert.DoesNotContain("NOTA-INTERNA-SECRETA", activity, StringComparison.Ordinal);

        // Not even the update time betrays internal work: it moves for staff, not for the customer.
        var customerBefore = (string?)ticket["updatedAt"];
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { externalRef = "INT-1", supportLevel = 2 });
        var staffView = (await world.GetTicketAsync(world.L1, world.Alpha, code)).Ticket;
        var customerView = (await world.GetTicketAsync(world.Ana, world.Alpha, code)).Ticket;
        Assert.Equal(customerBefore, (string?)customerView["updatedAt"]);
        Assert.NotEqual(customerBefore, (string?)staffView["updatedAt"]);
        var listed = (await world.Ana.Client.GetJsonAsync(Alpha("/tickets?limit=100")))["items"]!.AsArray().Single(t => (string?)t!["code"] == code);
        Assert.Equal(customerBefore, (string?)listed!["updatedAt"]);

        await world.PostMessageAsync(world.L1, world.Alpha, code, "Respuesta pública");
        Assert.NotEqual(customerBefore, (string?)(await world.GetTicketAsync(world.Ana, world.Alpha, code)).Ticket["updatedAt"]);
    }

    [Fact]
    public async Task ACustomerCannotWriteInternalNotesNorChangeStaffFields()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Límites", type = "question" }))["code"]!;
        using (var note = await world.Ana.Client.PostAsync(Alpha($"/tickets/{code}/messages"), new { body = "psst", visibility = "internal" }))
        {
            await note.ProblemAsync(HttpStatusCode.Forbidden, "internal_not_allowed");
        }

        var (_, etag) = await world.GetTicketAsync(world.Ana, world.Alpha, code);
        using (var priority = await world.Ana.Client.PatchAsync(Alpha($"/tickets/{code}"), new { priority = "critical" }, etag))
        {
            await priority.ProblemAsync(HttpStatusCode.Forbidden, "staff_only_field");
        }

        using (var finish = await world.Ana.Client.PatchAsync(Alpha($"/tickets/{code}"), new { status = "finished" }, etag))
        {
            await finish.ProblemAsync(HttpStatusCode.Conflict, "illegal_transition");
        }

        var renamed = await world.PatchTicketAsync(world.Ana, world.Alpha, code, new { title = "Límites (editado)" });
        Assert.Equal("Límites (editado)", (string?)renamed["title"]);
        var cancelled = await world.PatchTicketAsync(world.Ana, world.Alpha, code, new { status = "cancelled" });
        Assert.Equal("cancelled", (string?)cancelled["status"]);
    }

    [Fact]
    public async Task ACustomerCannotUseOrSeeAnotherCustomersTelescope()
    {
        using (var create = await world.Ana.Client.PostAsync(Alpha("/tickets"), new { title = "Ajeno", type = "repair", telescopeId = world.BobScope }))
        {
            await create.ProblemAsync(HttpStatusCode.BadRequest, "unknown_telescope");
        }

        using (var get = await world.Ana.Client.GetAsync(new Uri(Alpha($"/telescopes/{world.BobScope}"), UriKind.Relative)))
        {
            await get.ProblemAsync(HttpStatusCode.NotFound, "telescope_not_found");
        }

        using (var foreign = await world.Ana.Client.PostAsync(Alpha("/tickets"), new { title = "Otro observatorio", type = "repair", telescopeId = world.CarlaScope }))
        {
            await foreign.ProblemAsync(HttpStatusCode.BadRequest, "unknown_telescope");
        }
    }

    [Fact]
    public async Task StaffCannotTieATicketToATelescopeOfAnotherCustomer()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Telescopio", type = "repair" }))["code"]!;
        var (_, etag) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        using var response = await world.L1.Client.PatchAsync(Alpha($"/tickets/{code}"), new { telescopeId = world.BobScope }, etag);
        await response.ProblemAsync(HttpStatusCode.BadRequest, "telescope_not_of_customer");
    }

    [Fact]
    public async Task OnlyAdminsManagePeopleAndSettings()
    {
        using (var tech = await world.L1.Client.PostAsync(Alpha("/customers"), new { name = "No" }))
        {
            await tech.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var customer = await world.Ana.Client.GetAsync(new Uri(Alpha("/customers"), UriKind.Relative)))
        {
            await customer.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var settings = await world.L2.Client.GetAsync(new Uri(Alpha("/settings"), UriKind.Relative)))
        {
            await settings.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using var anonymous = await world.Anonymous.GetAsync(new Uri(Alpha("/tickets"), UriKind.Relative));
        await anonymous.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
