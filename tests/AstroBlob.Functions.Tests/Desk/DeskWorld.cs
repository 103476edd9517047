using System.Net;
using System.Text.Json.Nodes;
using AstroBlob.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace AstroBlob.Functions.Tests.Desk;

/// <summary>
/// The usual two observatories on a host whose clock the test moves (due dates, overdue tasks),
/// with sessions long enough to outlive the days a test skips.
/// </summary>
public sealed class DeskWorld : World
{
    /// <summary>
    /// From Monday 2 March 2026, 10:00 in the Canaries (alpha's zone, UTC+0 in winter). Each read
    /// moves it on a millisecond, so that steps taken one after another are in time order.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:SessionLifetime"] = "365.00:00:00",
    };

    protected override Action<IServiceCollection>? Services =>
        services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));

    public string Url(string path) => Api(Alpha, path);

    /// <summary>Today in alpha's time zone, as the API writes dates.</summary>
    public string Today(int plusDays = 0)
    {
        var canary = TimeZoneInfo.FindSystemTimeZoneById("Atlantic/Canary");
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), canary).DateTime).AddDays(plusDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A ticket of Ana's about her first telescope; returns its code.</summary>
    public async Task<string> AnaTicketAsync(string title = "La cúpula no cierra", bool withTelescope = true)
    {
        var ticket = await CreateTicketAsync(Ana, Alpha, withTelescope
            ? new { title, type = "repair", telescopeId = AnaScope }
            : (object)new { title, type = "repair" });
        return (string)ticket["code"]!;
    }

    public async Task<JsonNode> FinishAsync(string code) => await PatchTicketAsync(L1, Alpha, code, new { status = "finished" });

    /// <summary>The ticket's trail as <paramref name="who"/> sees it.</summary>
    public async Task<JsonArray> ActivityAsync(Person who, string code) =>
        (await who.Client.GetJsonAsync(Url($"/tickets/{code}/activity"))).AsArray();

    public async Task<JsonNode> SendAsync(Person who, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, Url(path)) { Content = body is null ? null : body as HttpContent ?? Requests.Json(body) };
        using var response = await who.Client.SendAsync(request);
        return await response.JsonAsync(expected);
    }

    public async Task<JsonNode> ProblemAsync(Person who, HttpMethod method, string path, object? body, HttpStatusCode status, string code)
    {
        using var request = new HttpRequestMessage(method, Url(path)) { Content = body is null ? null : body as HttpContent ?? Requests.Json(body) };
        using var response = await who.Client.SendAsync(request);
        return await response.ProblemAsync(status, code);
    }
}
