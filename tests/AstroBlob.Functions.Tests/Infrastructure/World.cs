using System.Net;
using System.Text.Json.Nodes;

namespace AstroBlob.Functions.Tests.Infrastructure;

/// <summary>A person of a test observatory with a signed-in client.</summary>
public sealed record Person(string Id, string Email, HttpClient Client);

/// <summary>
/// Two observatories built through the public API, as an operator and admins would:
/// <c>alpha</c> (admin, technicians L1 and L2, customer A with contacts Ana and company-wide
/// Alex, customer B with contact Bob, a telescope each) and <c>beta</c> (admin, customer Carla).
/// </summary>
public class World : IAsyncLifetime
{
    public const string Password = "Test-Password-2026";

    public ApiFactory Factory { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;
    // Unique per world, so that anything keyed by slug (metrics, logs) never mixes parallel test classes.
    public string Alpha { get; } = "alpha-" + Guid.NewGuid().ToString("N")[..6];
    public string Beta { get; } = "beta-" + Guid.NewGuid().ToString("N")[..6];

    public Person AlphaAdmin { get; private set; } = null!;
    public Person L1 { get; private set; } = null!;
    public Person L2 { get; private set; } = null!;
    public Person Ana { get; private set; } = null!;
    public Person Alex { get; private set; } = null!;
    public Person Bob { get; private set; } = null!;
    public Person BetaAdmin { get; private set; } = null!;
    public Person Carla { get; private set; } = null!;
    public string CustomerA { get; private set; } = null!;
    public string CustomerB { get; private set; } = null!;
    public string AnaScope { get; private set; } = null!;
    public string AnaSecondScope { get; private set; } = null!;
    public string BobScope { get; private set; } = null!;
    public string CarlaScope { get; private set; } = null!;

    /// <summary>Where this world's host sends mail (shared by all worlds: match mails by <see cref="Alpha"/> or <see cref="Beta"/>).</summary>
    public SmtpSinkInstance Sink { get; protected set; } = null!;

    /// <summary>This world's storage: the shared Azurite unless the world brings its own (which it may stop and restart).</summary>
    public AzuriteInstance Azurite { get; protected set; } = null!;

    public string Api(string observatory, string path) => $"/api/o/{observatory}{path}";

    /// <summary>Host settings of this world's test class (e.g. fast trigger polling).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Service replacements of this world's host (e.g. a queue sender that loses messages).</summary>
    protected virtual Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services => null;

    /// <summary>Changes to this world's host before it starts (e.g. a real Kestrel port for browser tests).</summary>
    protected virtual void ConfigureFactory(ApiFactory factory)
    {
    }

    public virtual async Task InitializeAsync()
    {
        Azurite ??= await AzuriteInstance.Shared;
        var azurite = Azurite;
        // Every host mails into a real SMTP sink: the shared one unless the world brings its own.
        Sink ??= await SmtpSinkInstance.Shared;
        var settings = new Dictionary<string, string?>
        {
            ["Email:SmtpHost"] = Sink.Host,
            ["Email:SmtpPort"] = Sink.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        Factory = new ApiFactory(azurite.ConnectionString, settings, Services);
        ConfigureFactory(Factory);
        await Factory.WaitReadyAsync();
        Anonymous = Factory.CreateClient();

        AlphaAdmin = await ProvisionAsync(Alpha, "ALPHA", "Atlantic/Canary");
        BetaAdmin = await ProvisionAsync(Beta, "BETA", "Europe/Madrid");
        L1 = await StaffAsync(Alpha, AlphaAdmin, "l1@alpha.example", "technician", 1);
        L2 = await StaffAsync(Alpha, AlphaAdmin, "l2@alpha.example", "technician", 2);

        CustomerA = await CustomerAsync(Alpha, AlphaAdmin, "Cliente A");
        CustomerB = await CustomerAsync(Alpha, AlphaAdmin, "Cliente B");
        Ana = await ContactAsync(Alpha, AlphaAdmin, CustomerA, "ana@a.example", companyWide: false);
        Alex = await ContactAsync(Alpha, AlphaAdmin, CustomerA, "alex@a.example", companyWide: true);
        Bob = await ContactAsync(Alpha, AlphaAdmin, CustomerB, "bob@b.example", companyWide: false);
        AnaScope = await TelescopeAsync(Alpha, AlphaAdmin, CustomerA, "RC 16");
        AnaSecondScope = await TelescopeAsync(Alpha, AlphaAdmin, CustomerA, "TOA 130");
        BobScope = await TelescopeAsync(Alpha, AlphaAdmin, CustomerB, "Newton 300");

        var customerC = await CustomerAsync(Beta, BetaAdmin, "Carla Ruiz");
        Carla = await ContactAsync(Beta, BetaAdmin, customerC, "carla@c.example", companyWide: false);
        CarlaScope = await TelescopeAsync(Beta, BetaAdmin, customerC, "C14");
    }

    public async Task<Person> LoginAsync(string observatory, string email, string password = Password)
    {
        using var response = await Anonymous.PostAsync(Api(observatory, "/auth/login"), new { email, password });
        var body = await response.JsonAsync(HttpStatusCode.OK);
        var client = Factory.CreateClient().WithToken((string)body["token"]!);
        return new Person((string)body["user"]!["id"]!, email, client);
    }

    /// <summary>Opens a ticket and returns its JSON (code, ETag header is read separately when needed).</summary>
    public async Task<JsonNode> CreateTicketAsync(Person who, string observatory, object body)
    {
        using var response = await who.Client.PostAsync(Api(observatory, "/tickets"), body);
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    public async Task<(JsonNode Ticket, string ETag)> GetTicketAsync(Person who, string observatory, string code)
    {
        using var response = await who.Client.GetAsync(new Uri(Api(observatory, $"/tickets/{code}"), UriKind.Relative));
        return (await response.JsonAsync(HttpStatusCode.OK), response.ETag());
    }

    /// <summary>Reads the ticket's ETag and patches it; asserts 200 and returns the new ticket.</summary>
    public async Task<JsonNode> PatchTicketAsync(Person who, string observatory, string code, object patch)
    {
        var (_, etag) = await GetTicketAsync(who, observatory, code);
        using var response = await who.Client.PatchAsync(Api(observatory, $"/tickets/{code}"), patch, etag);
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    public async Task<JsonNode> PostMessageAsync(Person who, string observatory, string code, string body, string visibility = "public")
    {
        using var response = await who.Client.PostAsync(Api(observatory, $"/tickets/{code}/messages"), new { body, visibility });
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    /// <summary>Polls an attachment until the processor decided (ready, rejected) or its slot expired.</summary>
    public async Task<JsonNode> WaitAttachmentAsync(Person who, string observatory, string code, string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var attachment = await who.Client.GetJsonAsync(Api(observatory, $"/tickets/{code}/attachments/{id}"));
            if ((string?)attachment["state"] is "ready" or "rejected" or "expired")
            {
                return attachment;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Attachment {id} still {(string?)attachment["state"]} after the wait.");
            await Task.Delay(100);
        }
    }

    public virtual async Task DisposeAsync()
    {
        Anonymous?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }
    }

    private async Task<Person> ProvisionAsync(string slug, string prefix, string timeZone)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/platform/observatories")
        {
            Content = Requests.Json(new
            {
                slug,
                name = $"Observatorio {slug}",
                ticketPrefix = prefix,
                timeZone,
                adminName = $"Admin {slug}",
                adminEmail = $"admin@{slug.Split('-')[0]}.example",
                adminPassword = Password,
            }),
        };
        request.Headers.Add("X-Platform-Key", ApiFactory.PlatformKey);
        using var response = await Anonymous.SendAsync(request);
        await response.JsonAsync(HttpStatusCode.Created);
        return await LoginAsync(slug, $"admin@{slug.Split('-')[0]}.example");
    }

    private async Task<Person> StaffAsync(string observatory, Person admin, string email, string role, int level)
    {
        using var response = await admin.Client.PostAsync(Api(observatory, "/staff"), new { name = email, email, role, level, password = Password });
        await response.JsonAsync(HttpStatusCode.Created);
        return await LoginAsync(observatory, email);
    }

    private async Task<string> CustomerAsync(string observatory, Person admin, string name)
    {
        using var response = await admin.Client.PostAsync(Api(observatory, "/customers"), new { name });
        return (string)(await response.JsonAsync(HttpStatusCode.Created))["id"]!;
    }

    public async Task<Person> ContactAsync(string observatory, Person admin, string customerId, string email, bool companyWide)
    {
        using var response = await admin.Client.PostAsync(Api(observatory, $"/customers/{customerId}/contacts"), new { name = email, email, password = Password, companyWide });
        await response.JsonAsync(HttpStatusCode.Created);
        return await LoginAsync(observatory, email);
    }

    private async Task<string> TelescopeAsync(string observatory, Person admin, string customerId, string name)
    {
        using var response = await admin.Client.PostAsync(Api(observatory, "/telescopes"), new { name, customerId, model = "Model " + name });
        return (string)(await response.JsonAsync(HttpStatusCode.Created))["id"]!;
    }
}
