using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Email;

/// <summary>
/// A world whose host sends mail to the shared SMTP sink and polls its queues often; Bob reads
/// English; alpha has an inbound webhook secret. Mails are matched by the world's observatory
/// slug (in every Message-ID), since other test classes mail into the same sink.
/// </summary>
public class EmailWorld : World
{
    public const string MessageIdDomain = "mail.astroblob.test";
    public const string ReplyDomain = "reply.astroblob.test";

    public string InboundSecret { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Triggers:MinPollInterval"] = "00:00:00.050",
        ["Triggers:MaxPollInterval"] = "00:00:00.200",
        ["Email:MessageIdDomain"] = MessageIdDomain,
        ["Email:ReplyDomain"] = ReplyDomain,
        ["Email:PublicBaseUrl"] = "https://soporte.example/",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using (var secret = await AlphaAdmin.Client.PostAsync(Api(Alpha, "/settings/email/inbound-secret"), Requests.RawJson("{}")))
        {
            InboundSecret = (string)(await secret.JsonAsync(HttpStatusCode.OK))["secret"]!;
        }

        using var english = await AlphaAdmin.Client.PatchAsync(Api(Alpha, $"/customers/{CustomerB}/contacts/{Bob.Id}"), new { language = "en" }, null);
        await english.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Waits for the mail of this world's observatory to <paramref name="to"/> whose subject contains <paramref name="subjectPart"/>.</summary>
    public Task<CaughtMail> MailAsync(string to, string subjectPart, string? observatory = null) =>
        Sink.WaitForAsync(m => IsOurs(m, observatory ?? Alpha) && m.EnvelopeTo.Contains(to) && m.Subject.Contains(subjectPart, StringComparison.Ordinal));

    public async Task<IReadOnlyList<CaughtMail>> MailsToAsync(string to, string? observatory = null) =>
        [.. (await Sink.MessagesAsync()).Where(m => IsOurs(m, observatory ?? Alpha) && m.EnvelopeTo.Contains(to))];

    public static bool IsOurs(CaughtMail mail, string observatory) =>
        mail.MessageId?.Contains("." + observatory + "@", StringComparison.Ordinal) == true;

    /// <summary>Posts a raw mail to alpha's inbound webhook with the right secret (unless told otherwise).</summary>
    public async Task<HttpResponseMessage> InboundAsync(string raw, string? secret = null, string? observatory = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Api(observatory ?? Alpha, "/inbound/email"))
        {
            Content = new StringContent(raw, Encoding.UTF8, "message/rfc822"),
        };
        request.Headers.Add("X-Inbound-Secret", secret ?? InboundSecret);
        return await Anonymous.SendAsync(request);
    }

    public async Task<JsonNode> InboundOkAsync(string raw) => await (await InboundAsync(raw)).JsonAsync(HttpStatusCode.OK);

    public async Task<JsonArray> ConversationAsync(Person who, string code) =>
        (await who.Client.GetJsonAsync(Api(Alpha, $"/tickets/{code}/messages")))["items"]!.AsArray();
}
