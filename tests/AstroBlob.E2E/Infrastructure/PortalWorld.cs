using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AstroBlob.E2E.Infrastructure;

/// <summary>
/// The integration suite's two-observatory <see cref="World"/>, with the host on a real Kestrel
/// port (Chromium needs real HTTP), the observatory's own website on two other origins, and one
/// headless Debian Chromium driven by Playwright. Observatory <c>alpha</c> is branded (name,
/// logo from its website, colours) and declares one of the two origins for embedding.
/// </summary>
public sealed class PortalWorld : World
{
    public const string PrimaryColor = "#5b2a86";
    public const string AccentColor = "#f4a300";

    private static readonly string[] ChromiumCandidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    private readonly int _port = OtherSites.FreePort();

    public Uri HostBase => new($"http://127.0.0.1:{_port}/");

    public OtherSites Sites { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string AlphaName => $"Observatorio {Alpha} <b>Teide</b>";

    public string LogoUrl => new Uri(Sites.Declared, "logo.svg").ToString();

    public string PortalUrl(string observatory) => $"{HostBase}portal/{observatory}/";

    public string ConsoleUrl(string observatory) => $"{HostBase}console/{observatory}/";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // Links in mails (magic links) and the embed snippet point at this host.
        ["Email:PublicBaseUrl"] = HostBase.ToString(),
        // Browsers PUT uploads and GET files straight from Azurite (blob-service CORS).
        ["Attachments:BlobCorsOrigins:0"] = "*",
    };

    protected override void ConfigureFactory(ApiFactory factory) => factory.UseKestrel(_port);

    public override async Task InitializeAsync()
    {
        Sites = await OtherSites.StartAsync();
        await base.InitializeAsync();

        // The name carries markup on purpose: it must show as text everywhere.
        using (var patch = await AlphaAdmin.Client.PatchAsync(Api(Alpha, "/settings"), new
        {
            name = AlphaName,
            logoUrl = LogoUrl,
            primaryColor = PrimaryColor,
            accentColor = AccentColor,
            embedOrigins = new[] { OtherSites.Origin(Sites.Declared) },
        }, ifMatch: null))
        {
            await patch.JsonAsync(HttpStatusCode.OK);
        }

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        await base.DisposeAsync();
        if (Sites is not null)
        {
            await Sites.DisposeAsync();
        }
    }

    /// <summary>A fresh browser profile (no stored session, Spanish unless a test switches).</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, bool isMobile = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = isMobile,
            HasTouch = isMobile,
            Locale = "es-ES",
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Opens the portal of <paramref name="observatory"/> and signs in with the form.</summary>
    public async Task<IPage> SignInAsync(string email, string? observatory = null, IPage? page = null)
    {
        page ??= await NewPageAsync();
        await page.GotoAsync(PortalUrl(observatory ?? Alpha));
        await page.Locator("#signin-email").FillAsync(email);
        await page.Locator("#signin-password").FillAsync(Password);
        await page.Locator("#signin-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Opens the staff console of <paramref name="observatory"/> and signs in with the form.</summary>
    public async Task<IPage> ConsoleSignInAsync(string email, string? observatory = null, IPage? page = null)
    {
        page ??= await NewPageAsync();
        await page.GotoAsync(ConsoleUrl(observatory ?? Alpha));
        await page.Locator("#signin-email").FillAsync(email);
        await page.Locator("#signin-password").FillAsync(Password);
        await page.Locator("#signin-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        return page;
    }

    public async Task<string> CreateTicketCodeAsync(Person who, string title, string? telescopeId = null)
    {
        JsonNode ticket = await CreateTicketAsync(who, Alpha, new { title, type = "repair", priority = "high", telescopeId });
        return (string)ticket["code"]!;
    }

    /// <summary>Saves a screenshot under TestResults/screenshots (git-ignored) for people to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AzuriteInstance.RepoRoot, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    private static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        return ChromiumCandidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed: apt-get install -y --no-install-recommends chromium (./test.sh does it), or set CHROMIUM_PATH.");
    }
}

/// <summary>All browser tests share one host, one pair of other sites and one Chromium, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalWorld>
{
    public const string Name = "portal";
}
