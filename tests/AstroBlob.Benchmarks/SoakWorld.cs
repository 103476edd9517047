using System.Globalization;
using System.Net;
using System.Text.Json;

namespace AstroBlob.Benchmarks;

/// <summary>A person signed in for the soak.</summary>
internal sealed record SoakPerson(string Id, string Token, string Email);

/// <summary>A customer company with its one signed-in contact and its telescopes.</summary>
internal sealed record SoakCustomer(int Index, string CustomerId, SoakPerson Contact, IReadOnlyList<string> TelescopeIds);

/// <summary>
/// The soak's observatory, set up through the public API as an operator and its admin would:
/// a 40-second first-response SLA for critical tickets (yellow at half of it, one rung of
/// escalation on breach), the inbound mail webhook's secret, technicians, customers and telescopes.
/// </summary>
internal sealed record SoakWorld(string Slug, SoakPerson Admin, IReadOnlyList<SoakPerson> Technicians, IReadOnlyList<SoakCustomer> Customers, string InboundSecret)
{
    public const string Password = "Soak-2026!x";

    /// <summary>First-response target of critical tickets; every other priority has hours.</summary>
    public static readonly TimeSpan CriticalFirstResponse = TimeSpan.FromSeconds(40);

    /// <summary>Yellow at this share of the target.</summary>
    public const int WarningPercent = 50;

    public static readonly TimeSpan OtherFirstResponse = TimeSpan.FromHours(4);

    public static readonly TimeSpan Resolution = TimeSpan.FromHours(8);

    public string Api => $"/api/o/{Slug}";

    public static async Task<SoakWorld> ProvisionAsync(SoakClient client, string platformKey, SoakOptions options, CancellationToken ct)
    {
        const string slug = "soak";
        var adminEmail = $"admin@{slug}.example";
        await Expect(client.SendAsync(HttpMethod.Post, "/api/platform/observatories", null, (HostApi.Encode(new
        {
            slug,
            name = "Observatorio de la Resistencia",
            ticketPrefix = "SOAK",
            timeZone = "Atlantic/Canary",
            adminName = "Admin",
            adminEmail,
            adminPassword = Password,
        }), "application/json"), ct, headers: ("X-Platform-Key", platformKey)), HttpStatusCode.Created);
        var admin = await LoginAsync(client, slug, adminEmail, ct);
        var api = $"/api/o/{slug}";

        static string Text(TimeSpan t) => t.ToString("c", CultureInfo.InvariantCulture);
        await Expect(client.JsonAsync(HttpMethod.Put, $"{api}/settings/sla", admin.Token, new
        {
            targets = new[] { "low", "medium", "high", "critical" }
                .Select(p => new { priority = p, firstResponse = Text(p == "critical" ? CriticalFirstResponse : OtherFirstResponse), resolution = Text(Resolution) })
                .ToArray(),
            warning = new { percent = WarningPercent },
            ladder = new[] { new { level = 2, timeAtLevel = "01:00:00", reassignToLevel = false, notifyUserIds = Array.Empty<string>() } },
            reopen = "restart_resolution",
            calendar = new { timeZone = "UTC", alwaysOpen = true },
        }, ct), HttpStatusCode.OK);
        var secret = (await Expect(client.JsonAsync(HttpMethod.Post, $"{api}/settings/email/inbound-secret", admin.Token, null, ct), HttpStatusCode.OK)).Text("secret");

        var technicians = new List<SoakPerson>();
        for (var i = 1; i <= options.Technicians; i++)
        {
            var email = $"tecnico{i}@{slug}.example";
            await Expect(client.JsonAsync(HttpMethod.Post, $"{api}/staff", admin.Token,
                new { name = $"Técnica {i}", email, role = "technician", level = 1, password = Password }, ct), HttpStatusCode.Created);
            technicians.Add(await LoginAsync(client, slug, email, ct));
        }

        var customers = new List<SoakCustomer>();
        for (var i = 1; i <= options.Customers; i++)
        {
            var customerId = (await Expect(client.JsonAsync(HttpMethod.Post, $"{api}/customers", admin.Token, new { name = $"Astroclub {i}" }, ct), HttpStatusCode.Created)).Text("id");
            var email = $"socio{i}@club{i}.example";
            await Expect(client.JsonAsync(HttpMethod.Post, $"{api}/customers/{customerId}/contacts", admin.Token,
                new { name = $"Socio {i}", email, password = Password }, ct), HttpStatusCode.Created);
            var telescopes = new List<string>();
            foreach (var name in new[] { $"RC 16\" #{i}", $"APO 130 #{i}" })
            {
                telescopes.Add((await Expect(client.JsonAsync(HttpMethod.Post, $"{api}/telescopes", admin.Token,
                    new { name, customerId, model = name, location = "Caseta " + i.ToString(CultureInfo.InvariantCulture) }, ct), HttpStatusCode.Created)).Text("id"));
            }

            customers.Add(new SoakCustomer(i, customerId, await LoginAsync(client, slug, email, ct), telescopes));
        }

        return new SoakWorld(slug, admin, technicians, customers, secret);
    }

    private static async Task<SoakPerson> LoginAsync(SoakClient client, string slug, string email, CancellationToken ct)
    {
        var login = await Expect(client.JsonAsync(HttpMethod.Post, $"/api/o/{slug}/auth/login", null, new { email, password = Password }, ct), HttpStatusCode.OK);
        var user = login.Json!.Value.GetProperty("user");
        return new SoakPerson(user.GetProperty("id").GetString()!, login.Text("token"), email);
    }

    public static async Task<SoakAnswer> Expect(Task<SoakAnswer> call, HttpStatusCode expected)
    {
        var answer = await call;
        return answer.Status == expected
            ? answer
            : throw new BenchmarkException($"Setting up the soak: expected {(int)expected}, got {(int)answer.Status}: {(answer.Json is { } j ? JsonSerializer.Serialize(j) : "")}");
    }
}
