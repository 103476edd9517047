using System.Net;
using System.Text.Json.Nodes;

namespace AstroBlob.Functions.Tests.Desk;

/// <summary>
/// The ticket's trail shows staff the details of internal work (time, costs, tasks, tags), marked
/// internal, while its customer sees none of it.
/// </summary>
public sealed class ActivityTrailTests(DeskWorld world) : IClassFixture<DeskWorld>
{
    private static readonly string[] InternalActions = ["time_entry_added", "time_entry_updated", "cost_added", "task_created", "tag_added", "marked_spam", "restored"];

    [Fact]
    public async Task StaffSeeWhatInternalWorkDidAndTheCustomerSeesNoneOfIt()
    {
        var code = await world.AnaTicketAsync("Seguimiento del guiado");
        var entry = await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/time", new { minutes = 45, note = "Ajuste de PEC", billable = true }, HttpStatusCode.Created);
        var entryId = (string)entry["id"]!;
        await world.SendAsync(world.L1, HttpMethod.Patch, $"/tickets/{code}/time/{entryId}", new { minutes = 50 }, HttpStatusCode.OK);
        var cost = await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/costs", new { kind = "product", description = "Correa de AR", quantity = 2, unitPrice = 18.5m }, HttpStatusCode.Created);
        var task = await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, "/tasks", new { title = "Pedir repuesto", ticketCode = code, assigneeId = world.L1.Id, dueDate = world.Today(3) }, HttpStatusCode.Created);
        await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/tags", new { tag = "guiado" }, HttpStatusCode.OK);
        await world.SendAsync(world.L1, HttpMethod.Post, $"/tickets/{code}/spam", null, HttpStatusCode.OK);
        await world.SendAsync(world.AlphaAdmin, HttpMethod.Post, $"/tickets/{code}/restore", null, HttpStatusCode.OK);
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "in_progress" });

        var staff = await world.ActivityAsync(world.L1, code);
        JsonNode Entry(string action) => Assert.Single(staff, e => (string?)e!["action"] == action)!;
        string? To(JsonNode e, string field) => (string?)e["changes"]!.AsArray().Single(c => (string?)c!["field"] == field)!["to"];

        var added = Entry("time_entry_added");
        Assert.Equal((true, entryId, "45", "true"), ((bool)added["internal"]!, (string?)added["subject"], To(added, "minutes"), To(added, "billable")));
        var updated = Entry("time_entry_updated");
        Assert.Equal(("45", "50"), ((string?)updated["changes"]!.AsArray().Single(c => (string?)c!["field"] == "minutes")!["from"], To(updated, "minutes")));
        var costAdded = Entry("cost_added");
        Assert.Equal(((string)cost["id"]!, "Correa de AR", "2"), ((string?)costAdded["subject"], To(costAdded, "description"), To(costAdded, "quantity")));
        var taskCreated = Entry("task_created");
        Assert.Equal(((string)task["id"]!, "Pedir repuesto"), ((string?)taskCreated["subject"], To(taskCreated, "task")));
        Assert.Equal("guiado", To(Entry("tag_added"), "tags"));
        Assert.True((bool)Entry("marked_spam")["internal"]!);
        Assert.False((bool)Entry("updated")["internal"]!);

        // The customer's trail: their ticket's life, none of the desk's work.
        var customer = await world.ActivityAsync(world.Ana, code);
        Assert.DoesNotContain(customer, e => InternalActions.Contains((string?)e!["action"]));
        Assert.All(customer, e => Assert.False((bool)e!["internal"]!));
        Assert.All(customer, e => Assert.Null((string?)e!["subject"]));
        Assert.Contains(customer, e => (string?)e!["action"] == "updated"
            && e["changes"]!.AsArray().Any(c => (string?)c!["field"] == "status" && (string?)c["to"] == "in_progress"));
    }
}
