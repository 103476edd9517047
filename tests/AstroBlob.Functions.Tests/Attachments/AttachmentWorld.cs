using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Attachments;

/// <summary>
/// A world whose host polls the attachment queue often and sweeps every second, with helpers
/// that upload the way a browser does: ask for a slot, PUT the bytes straight to Blob Storage
/// with the SAS URL, confirm, wait for the verdict.
/// </summary>
public class AttachmentWorld : World
{
    public static readonly TimeSpan ProcessingWait = TimeSpan.FromSeconds(60);

    /// <summary>Talks to Azurite's blob endpoint directly, as a browser would, without any API token.</summary>
    public HttpClient Storage { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Triggers:MinPollInterval"] = "00:00:00.050",
        ["Triggers:MaxPollInterval"] = "00:00:00.200",
        ["Attachments:SweepCron"] = "* * * * * *",
    };

    public string Files(string code, string path = "") => Api(Alpha, $"/tickets/{code}/attachments{path}");

    public async Task<string> TicketAsync(Person who, string title = "Con adjuntos") =>
        (string)(await CreateTicketAsync(who, Alpha, new { title, type = "repair" }))["code"]!;

    /// <summary>Asks for an upload slot; asserts 201 and returns the slot.</summary>
    public async Task<JsonNode> SlotAsync(Person who, string code, string fileName, long size, string? contentType = null)
    {
        using var response = await who.Client.PostAsync(Files(code), new { fileName, size, contentType });
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    /// <summary>PUTs the bytes to the slot's URL as a browser does; asserts storage accepted them.</summary>
    public async Task PutAsync(JsonNode slot, byte[] bytes, string contentType = "application/octet-stream")
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, (string)slot["uploadUrl"]!) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in slot["uploadHeaders"]!.AsObject())
        {
            request.Headers.Add(name, (string)value!);
        }

        using var response = await Storage.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Slot, upload, confirm, and wait until the processor decided. Returns the attachment.</summary>
    public async Task<JsonNode> UploadAsync(Person who, string code, string fileName, byte[] bytes, long? declaredSize = null)
    {
        var slot = await SlotAsync(who, code, fileName, declaredSize ?? bytes.Length);
        await PutAsync(slot, bytes);
        var id = (string)slot["attachment"]!["id"]!;
        using (var confirm = await who.Client.PostAsync(Files(code, $"/{id}/confirm"), Requests.RawJson("{}")))
        {
            var confirmed = await confirm.JsonAsync(HttpStatusCode.OK);
            Assert.Contains((string?)confirmed["state"], new[] { "processing", "ready", "rejected" });
        }

        return await WaitFinishedAsync(who, code, id);
    }

    /// <summary>Uploads as Ana without confirming: the row waits, no event is queued, only the sweep or the caller drives processing.</summary>
    public async Task<(string Code, string Id)> UploadUnconfirmedAsync(string fileName, byte[] bytes)
    {
        var code = await TicketAsync(Ana);
        var slot = await SlotAsync(Ana, code, fileName, bytes.Length);
        await PutAsync(slot, bytes);
        return (code, (string)slot["attachment"]!["id"]!);
    }

    /// <summary>Polls the attachment until it is ready, rejected or expired.</summary>
    public Task<JsonNode> WaitFinishedAsync(Person who, string code, string id) => WaitAttachmentAsync(who, Alpha, code, id, ProcessingWait);

    /// <summary>Downloads what a read URL serves (no API token: the URL alone authorises).</summary>
    public async Task<(byte[] Bytes, HttpContentHeaders Headers)> DownloadAsync(string url)
    {
        using var response = await Storage.GetAsync(new Uri(url));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Download answered {(int)response.StatusCode}");
        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers);
    }

    public override async Task DisposeAsync()
    {
        Storage.Dispose();
        await base.DisposeAsync();
    }
}
