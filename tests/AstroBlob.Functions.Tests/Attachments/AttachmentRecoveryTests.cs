using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Tests.Infrastructure;
using Azure.Storage.Queues;
using System.Collections.Concurrent;
using AstroBlob.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AstroBlob.Functions.Tests.Attachments;

/// <summary>Upload slots that run out quickly, so that the sweep's work happens within a test.</summary>
public sealed class ShortSlotWorld : AttachmentWorld
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Triggers:MinPollInterval"] = "00:00:00.050",
        ["Triggers:MaxPollInterval"] = "00:00:00.200",
        ["Attachments:SweepCron"] = "* * * * * *",
        ["Attachments:UploadUrlLifetime"] = "00:00:02",
        ["Attachments:UploadGrace"] = "00:00:00",
    };
}

/// <summary>
/// A host that loses the first blob-created event of every file (as if the queue message never
/// arrived) and gives processing 2 s before the sweep steps in.
/// </summary>
public sealed class LostEventWorld : AttachmentWorld
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Triggers:MinPollInterval"] = "00:00:00.050",
        ["Triggers:MaxPollInterval"] = "00:00:00.200",
        ["Attachments:SweepCron"] = "* * * * * *",
        ["Attachments:ProcessingTimeout"] = "00:00:02",
    };

    protected override Action<IServiceCollection>? Services => services =>
        services.Replace(ServiceDescriptor.Singleton<IQueueSender>(sp => new LosingSender(ActivatorUtilities.CreateInstance<QueueSender>(sp), Lost)));

    /// <summary>The subjects of the events that were dropped.</summary>
    public ConcurrentBag<string> Lost { get; } = [];

    private sealed class LosingSender(IQueueSender inner, ConcurrentBag<string> lost) : IQueueSender
    {
        private readonly ConcurrentDictionary<string, bool> _seen = new();

        public Task SendAsync(string queue, object body, TimeSpan? visibilityDelay = null, CancellationToken ct = default)
        {
            if (queue == AttachmentService.EventQueue && body is BlobCreatedEvent e && _seen.TryAdd(e.Subject, true))
            {
                lost.Add(e.Subject);
                return Task.CompletedTask;
            }

            return inner.SendAsync(queue, body, visibilityDelay, ct);
        }
    }
}

/// <summary>The sweep finds a file whose event was lost and has it processed.</summary>
public sealed class AttachmentLostEventTests(LostEventWorld world) : IClassFixture<LostEventWorld>
{
    [Fact]
    public async Task AFileWhoseEventWasLostIsProcessedOnceTheSweepSeesItOverdue()
    {
        var code = await world.TicketAsync(world.Ana);
        var slot = await world.SlotAsync(world.Ana, code, "informe.pdf", SampleFiles.Pdf().Length);
        await world.PutAsync(slot, SampleFiles.Pdf());
        var id = (string)slot["attachment"]!["id"]!;
        using (var confirm = await world.Ana.Client.PostAsync(world.Files(code, $"/{id}/confirm"), Requests.RawJson("{}")))
        {
            Assert.Equal("processing", (string?)(await confirm.JsonAsync(HttpStatusCode.OK))["state"]);
        }

        Assert.Contains(world.Lost, subject => subject.EndsWith(id, StringComparison.Ordinal));
        var done = await world.WaitFinishedAsync(world.Ana, code, id);
        Assert.Equal("ready", (string?)done["state"]);
    }
}

/// <summary>Processing is idempotent, survives being cut off mid-way, and takes events only for its own uploads.</summary>
public sealed class AttachmentRecoveryTests(AttachmentWorld world) : IClassFixture<AttachmentWorld>
{
    private AttachmentProcessor Processor => world.Factory.Services.GetRequiredService<AttachmentProcessor>();

    private Task<JsonNode> GetAsync(string code, string id) => world.Ana.Client.GetJsonAsync(world.Files(code, $"/{id}"));

    [Fact]
    public async Task TheSameEventTwiceAndTwoProcessorsAtOnceMakeOneResult()
    {
        var (code, id) = await world.UploadUnconfirmedAsync("pilar.jpg", SampleFiles.PhoneJpegWithGps());

        await Task.WhenAll(
            Processor.ProcessAsync(world.Alpha, code, id, CancellationToken.None),
            Processor.ProcessAsync(world.Alpha, code, id, CancellationToken.None));
        var first = await GetAsync(code, id);
        Assert.Equal("ready", (string?)first["state"]);

        // A late duplicate (Event Grid and the confirm both deliver one) changes nothing.
        await Processor.ProcessAsync(world.Alpha, code, id, CancellationToken.None);
        var again = await GetAsync(code, id);
        Assert.Equal((string?)first["finishedAt"], (string?)again["finishedAt"]);
        Assert.Equal((long)first["size"]!, (long)again["size"]!);
        var (thumbnail, _) = await world.DownloadAsync((string)again["urls"]!["thumbnail"]!);
        Assert.NotEmpty(thumbnail);
    }

    [Fact]
    public async Task ProcessingCutOffAtAnyPointIsFinishedCorrectlyByTheNextDelivery()
    {
        var video = await SampleFiles.Mp4Async();
        var (code, id) = await world.UploadUnconfirmedAsync("montura.mp4", video);

        // Kill the work after more and more time, so the cut lands in the download, in ffmpeg,
        // between variant uploads, or not at all; each run must leave a state the next can finish.
        foreach (var after in new[] { 0, 5, 20, 60, 150, 300, 600 })
        {
            using var cut = new CancellationTokenSource(TimeSpan.FromMilliseconds(after));
            try
            {
                await Processor.ProcessAsync(world.Alpha, code, id, cut.Token);
            }
            catch (OperationCanceledException)
            {
                // The "crash".
            }

            var state = (string?)(await GetAsync(code, id))["state"];
            Assert.Contains(state, new[] { "awaiting_upload", "ready" });
        }

        await Processor.ProcessAsync(world.Alpha, code, id, CancellationToken.None);
        var done = await GetAsync(code, id);
        Assert.Equal("ready", (string?)done["state"]);
        Assert.InRange((double)done["durationSeconds"]!, 1.9, 2.1);
        var (poster, _) = await world.DownloadAsync((string)done["urls"]!["poster"]!);
        using var frame = new ImageMagick.MagickImage(poster);
        Assert.Equal(320u, frame.Width);
    }

    [Fact]
    public async Task AnEventGridBlobCreatedEventInTheQueueIsProcessedLikeAConfirm()
    {
        var (code, id) = await world.UploadUnconfirmedAsync("datos.csv", Encoding.UTF8.GetBytes("ra,dec\n10.68,41.27\n"));
        var blobs = world.Factory.Services.GetRequiredService<BlobFiles>();
        var subject = $"/blobServices/default/containers/{blobs.Quarantine.Name}/blobs/{world.Alpha}/{code}/{id}";
        // As Event Grid delivers to a storage queue: the event array, base64-encoded.
        var eventGrid = $$"""[{"topic":"/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z","subject":"{{subject}}","eventType":"Microsoft.Storage.BlobCreated","id":"{{Guid.NewGuid()}}","data":{"api":"PutBlob","contentLength":19,"url":"http://example/{{id}}"},"dataVersion":"","metadataVersion":"1","eventTime":"2026-11-23T20:00:00Z"}]""";
        var queue = new QueueClient(
            (await AzuriteInstance.Shared).ConnectionString, world.Factory.TablePrefix + "-" + AttachmentService.EventQueue);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(eventGrid)));

        var done = await world.WaitFinishedAsync(world.Ana, code, id);
        Assert.Equal("ready", (string?)done["state"]);
        Assert.Equal("document", (string?)done["kind"]);
    }

    [Fact]
    public async Task EventsNamingSomethingElseAreIgnoredWithoutTouchingAnyFile()
    {
        var (code, id) = await world.UploadUnconfirmedAsync("notas.txt", SampleFiles.Text(2));
        var function = ActivatorUtilities.CreateInstance<AttachmentEventFunction>(world.Factory.Services);
        var blobs = world.Factory.Services.GetRequiredService<BlobFiles>();
        string[] hostile =
        [
            "not json",
            """{"eventType":"Microsoft.Storage.BlobDeleted","subject":"/blobServices/default/containers/x/blobs/a/b/c"}""",
            $$$"""{"eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/other/blobs/{{{world.Alpha}}}/{{{code}}}/{{{id}}}","id":"1","eventTime":"2026-11-23T20:00:00Z","data":{"api":"PutBlob","contentLength":1,"url":"x"}}""",
            $$$"""{"eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/{{{blobs.Quarantine.Name}}}/blobs/{{{world.Beta}}}/{{{code}}}/{{{id}}}","id":"1","eventTime":"2026-11-23T20:00:00Z","data":{"api":"PutBlob","contentLength":1,"url":"x"}}""",
            $$$"""{"eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/{{{blobs.Quarantine.Name}}}/blobs/{{{world.Alpha}}}/../{{{id}}}","id":"1","eventTime":"2026-11-23T20:00:00Z","data":{"api":"PutBlob","contentLength":1,"url":"x"}}""",
        ];
        foreach (var body in hostile)
        {
            await function.RunAsync(new AstroBlob.Functions.Triggers.QueueMessageContext(AttachmentService.EventQueue, "m1", body, 1, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        Assert.Equal("awaiting_upload", (string?)(await GetAsync(code, id))["state"]);
    }
}

/// <summary>Nothing is left behind by clients that upload and never confirm, or never upload.</summary>
public sealed class AttachmentSweepTests(ShortSlotWorld world) : IClassFixture<ShortSlotWorld>
{
    [Fact]
    public async Task AnUploadNeverConfirmedIsProcessedByTheSweepOnceItsSlotRunsOut()
    {
        var (code, id) = await world.UploadUnconfirmedAsync("informe.pdf", SampleFiles.Pdf());
        var done = await world.WaitFinishedAsync(world.Ana, code, id);
        Assert.Equal("ready", (string?)done["state"]);
        Assert.Equal("application/pdf", (string?)done["contentType"]);
    }

    [Fact]
    public async Task ASlotNobodyUploadedToExpiresAndCannotBePosted()
    {
        var code = await world.TicketAsync(world.Ana);
        var slot = await world.SlotAsync(world.Ana, code, "nunca.pdf", 1000);
        var id = (string)slot["attachment"]!["id"]!;
        var done = await world.WaitFinishedAsync(world.Ana, code, id);
        Assert.Equal("expired", (string?)done["state"]);

        using var post = await world.Ana.Client.PostAsync(world.Api(world.Alpha, $"/tickets/{code}/messages"), new { body = "tarde", attachmentIds = new[] { id } });
        await post.ProblemAsync(HttpStatusCode.Conflict, "attachment_expired");

        // The URL itself stopped working too: storage refuses a write after its expiry.
        using var request = new HttpRequestMessage(HttpMethod.Put, (string)slot["uploadUrl"]!) { Content = new ByteArrayContent(SampleFiles.Pdf()) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var late = await world.Storage.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
    }
}
