using System.Diagnostics.Metrics;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Desk;
using AstroBlob.Functions.Email;
using AstroBlob.Functions.Observability;
using AstroBlob.Functions.Sla;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AstroBlob.Functions.Tests.Observability;

/// <summary>Logs name the ticket they are about; traces and metrics leave over OTLP; the product's own instruments count.</summary>
public sealed class ObservabilityTests(ObservabilityWorld world) : IClassFixture<ObservabilityWorld>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ARequestsLogLineCarriesItsObservatoryAndTicketCode()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Traza de registro", type = "question", priority = "low" }))["code"]!;
        await world.GetTicketAsync(world.L1, world.Alpha, code);

        var line = await Until(() => world.Logs.Lines.FirstOrDefault(l =>
            l.Category.EndsWith("EndpointMiddleware", StringComparison.Ordinal) && l.Message.StartsWith("Executed endpoint", StringComparison.Ordinal)
            && Equals(l.Scope.GetValueOrDefault(LogScopes.TicketCode), code)));
        Assert.Equal(world.Alpha, line.Scope[LogScopes.Observatory]);
    }

    [Fact]
    public async Task AQueueJobsLogLinesCarryTheTicketTheJobIsAbout()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Correo con traza", type = "question", priority = "low" }))["code"]!;
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Respuesta que se envía por correo");

        // The mail job's "executed" line, written by the trigger runtime, names the ticket.
        var line = await Until(() => world.Logs.Lines.FirstOrDefault(l =>
            l.Message.Contains(EmailSendFunction.Queue, StringComparison.Ordinal) && Equals(l.Scope.GetValueOrDefault(LogScopes.TicketCode), code)));
        Assert.Equal(world.Alpha, line.Scope[LogScopes.Observatory]);
    }

    [Fact]
    public async Task TracesAndMetricsReachTheConfiguredOtlpCollector()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Exportación OTLP", type = "question", priority = "low" }))["code"]!;
        await world.GetTicketAsync(world.Ana, world.Alpha, code);

        await Until(() => world.Collector.Posts.Any(p => p.Path == "/v1/traces" && p.Bytes > 0) ? "traces" : null);
        await Until(() => world.Collector.Posts.Any(p => p.Path == "/v1/metrics" && p.Bytes > 0) ? "metrics" : null);
    }

    [Fact]
    public async Task SentMailsAreCountedAndEveryWorkQueuesDepthIsSampled()
    {
        var meters = world.Factory.Services.GetRequiredService<IMeterFactory>();
        var sent = 0L;
        var depths = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        // Only this host's instruments: other hosts in the same process have meters of their own.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name is "astroblob.mail.sent" or "astroblob.queue.depth")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "astroblob.mail.sent")
            {
                Interlocked.Add(ref sent, value);
            }
            else
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "queue" && tag.Value is string queue)
                    {
                        lock (depths)
                        {
                            depths.Add(queue);
                        }
                    }
                }
            }
        });
        listener.Start();

        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Contar correos", type = "question", priority = "low" }))["code"]!;
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Respuesta contada");
        await world.Sink.WaitForAsync(m => m.Subject.Contains(code, StringComparison.Ordinal) && m.EnvelopeTo.Contains("ana@a.example", StringComparer.OrdinalIgnoreCase));
        await Until(() => Interlocked.Read(ref sent) > 0 ? "sent" : null);

        string[] queues = [SlaEngine.TimerQueue, EmailSendFunction.Queue, AttachmentService.EventQueue, MergeService.Queue];
        await Until(() =>
        {
            listener.RecordObservableInstruments();
            lock (depths)
            {
                return queues.All(depths.Contains) ? "sampled" : null;
            }
        });
    }

    /// <summary>Polls a condition (every 50 ms, at most <see cref="Patience"/>) and returns what it found.</summary>
    private static async Task<T> Until<T>(Func<T?> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The condition never held.");
    }
}
