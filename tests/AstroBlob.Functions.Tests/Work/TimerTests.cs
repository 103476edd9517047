using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Work;

/// <summary>A technician's timer: start, pause, resume, stop into an entry; one per person across all tickets.</summary>
public sealed class TimerTests(World world) : IClassFixture<World>
{
    [Fact]
    public async Task StartingPausingResumingAndStoppingATimerLogsItsTimeOnTheTicketAndInTheTrail()
    {
        await world.NoTimerAsync(world.L1);
        var code = await world.TicketAsync(world.Ana, "La montura pierde el paso");
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { billable = true });

        using (var start = await world.L1.Client.PostAsync(world.Alpha($"/tickets/{code}/timer"), new { note = "Revisión de la montura" }))
        {
            var timer = await start.JsonAsync(HttpStatusCode.Created);
            Assert.Equal((code, true), ((string?)timer["ticketCode"], (bool)timer["running"]!));
        }

        using (var pause = await world.L1.Client.PostEmptyAsync(world.Alpha("/timer/pause")))
        {
            Assert.False((bool)(await pause.JsonAsync(HttpStatusCode.OK))["running"]!);
        }

        using (var pausedAgain = await world.L1.Client.PostEmptyAsync(world.Alpha("/timer/pause")))
        {
            await pausedAgain.ProblemAsync(HttpStatusCode.Conflict, "timer_paused");
        }

        using (var resume = await world.L1.Client.PostEmptyAsync(world.Alpha("/timer/resume")))
        {
            Assert.True((bool)(await resume.JsonAsync(HttpStatusCode.OK))["running"]!);
        }

        var mine = await world.L1.Client.GetJsonAsync(world.Alpha("/timer"));
        Assert.Equal(code, (string?)mine["ticketCode"]);

        using var stop = await world.L1.Client.PostEmptyAsync(world.Alpha("/timer/stop"));
        var entry = await stop.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(("timer", 1, "Revisión de la montura", true), ((string?)entry["source"], (int)entry["minutes"]!, (string?)entry["note"], (bool)entry["billable"]!));
        Assert.Equal(world.L1.Id, (string?)entry["userId"]);
        Assert.Equal($"/api/o/{world.Alpha}/tickets/{code}/time/{(string)entry["id"]!}", stop.Headers.Location?.ToString());

        using (var gone = await world.L1.Client.GetAsync(world.Url("/timer")))
        {
            await gone.ProblemAsync(HttpStatusCode.NotFound, "timer_not_found");
        }

        var listed = await world.TimeAsync(world.L2, code);
        Assert.Equal((string?)entry["id"], (string?)Assert.Single(listed["items"]!.AsArray())!["id"]);
        Assert.Equal(1, (long)listed["totals"]!["billableMinutes"]!);
        Assert.Equal(
            ["timer_started", "timer_paused", "timer_resumed", "timer_stopped"],
            (await world.TrailAsync(world.L1, code)).Where(a => a.StartsWith("timer", StringComparison.Ordinal) || a.StartsWith("time_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ASecondStartWhileATimerRunsIsAConflictEvenOnAnotherTicket()
    {
        await world.NoTimerAsync(world.L2);
        var first = await world.TicketAsync(world.Ana, "Primero");
        var second = await world.TicketAsync(world.Bob, "Segundo");
        using (var start = await world.L2.Client.PostEmptyAsync(world.Alpha($"/tickets/{first}/timer")))
        {
            await start.JsonAsync(HttpStatusCode.Created);
        }

        using (var again = await world.L2.Client.PostEmptyAsync(world.Alpha($"/tickets/{second}/timer")))
        {
            var problem = await again.ProblemAsync(HttpStatusCode.Conflict, "timer_already_running");
            Assert.Contains(first, (string?)problem["detail"], StringComparison.Ordinal);
        }

        // Another person's timer is theirs alone.
        await world.NoTimerAsync(world.AlphaAdmin);
        using (var admin = await world.AlphaAdmin.Client.PostEmptyAsync(world.Alpha($"/tickets/{second}/timer")))
        {
            await admin.JsonAsync(HttpStatusCode.Created);
        }

        Assert.Equal(first, (string?)(await world.L2.Client.GetJsonAsync(world.Alpha("/timer")))["ticketCode"]);
        await world.NoTimerAsync(world.AlphaAdmin);
        await world.NoTimerAsync(world.L2);
    }

    [Fact]
    public async Task OfConcurrentStartsOnDifferentTicketsExactlyOneWins()
    {
        await world.NoTimerAsync(world.L1);
        var codes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            codes.Add(await world.TicketAsync(world.Bob, $"Carrera {i}"));
        }

        var responses = await Task.WhenAll(codes.Select(c => world.L1.Client.PostEmptyAsync(world.Alpha($"/tickets/{c}/timer"))));
        try
        {
            Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
            var winner = codes[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Created)];
            Assert.Equal(winner, (string?)(await world.L1.Client.GetJsonAsync(world.Alpha("/timer")))["ticketCode"]);

            // Only the winner's trail says a timer started.
            foreach (var code in codes)
            {
                var started = (await world.TrailAsync(world.L1, code)).Count(a => a == "timer_started");
                Assert.Equal(code == winner ? 1 : 0, started);
            }
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }

        await world.NoTimerAsync(world.L1);
    }

    [Fact]
    public async Task TwoConcurrentStopsMakeOneEntry()
    {
        await world.NoTimerAsync(world.L1);
        var code = await world.TicketAsync(world.Ana, "Doble parada");
        using (var start = await world.L1.Client.PostEmptyAsync(world.Alpha($"/tickets/{code}/timer")))
        {
            await start.JsonAsync(HttpStatusCode.Created);
        }

        var stops = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => world.L1.Client.PostEmptyAsync(world.Alpha("/timer/stop"))));
        Assert.Equal(1, stops.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, stops.Count(r => r.StatusCode == HttpStatusCode.NotFound));
        foreach (var r in stops)
        {
            r.Dispose();
        }

        Assert.Single((await world.TimeAsync(world.L1, code))["items"]!.AsArray());
    }

    [Fact]
    public async Task StoppingCanSayHowLongTheWorkReallyWasAndADiscardedTimerLogsNothing()
    {
        await world.NoTimerAsync(world.L2);
        var code = await world.TicketAsync(world.Ana, "Olvidé el temporizador");
        using (var start = await world.L2.Client.PostAsync(world.Alpha($"/tickets/{code}/timer"), new { billable = false }))
        {
            await start.JsonAsync(HttpStatusCode.Created);
        }

        using (var tooMuch = await world.L2.Client.PostAsync(world.Alpha("/timer/stop"), new { minutes = 45 }))
        {
            await tooMuch.ProblemAsync(HttpStatusCode.BadRequest, "minutes_exceed_period");
        }

        using (var discard = await world.L2.Client.SendDeleteAsync(world.Alpha("/timer")))
        {
            Assert.Equal(HttpStatusCode.NoContent, discard.StatusCode);
        }

        Assert.Empty((await world.TimeAsync(world.L2, code))["items"]!.AsArray());
        Assert.Contains("timer_discarded", await world.TrailAsync(world.L2, code));
    }

    [Fact]
    public async Task ATimerDoesNotStartOnAFinishedTicket()
    {
        await world.NoTimerAsync(world.L1);
        var code = await world.TicketAsync(world.Ana, "Ya terminado");
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { status = "finished" });

        using var start = await world.L1.Client.PostEmptyAsync(world.Alpha($"/tickets/{code}/timer"));
        await start.ProblemAsync(HttpStatusCode.Conflict, "ticket_done");
    }
}
