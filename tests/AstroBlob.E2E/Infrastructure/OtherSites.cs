using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AstroBlob.E2E.Infrastructure;

/// <summary>
/// An observatory's own website, on two other origins of this machine: <see cref="Declared"/>
/// (which the observatory lists among its embed origins) and <see cref="Undeclared"/> (which it
/// does not). Both serve the page a test sets (the embed snippet) and the observatory's logo.
/// </summary>
public sealed class OtherSites : IAsyncDisposable
{
    public const string Logo = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40"><rect width="120" height="40" fill="#5b2a86"/><circle cx="20" cy="20" r="12" fill="#f4a300"/><text x="40" y="26" font-size="14" fill="#fff">OBS</text></svg>
        """;

    private readonly WebApplication _app;
    private string _page = "<!doctype html><title>empty</title>";

    private OtherSites(WebApplication app, Uri declared, Uri undeclared)
    {
        _app = app;
        Declared = declared;
        Undeclared = undeclared;
    }

    public Uri Declared { get; }

    public Uri Undeclared { get; }

    /// <summary>The origin (scheme, host, port) of a site, as an embed origin is declared.</summary>
    public static string Origin(Uri site) => site.GetLeftPart(UriPartial.Authority);

    public static async Task<OtherSites> StartAsync()
    {
        var declared = new Uri($"http://127.0.0.1:{FreePort()}/");
        var undeclared = new Uri($"http://127.0.0.1:{FreePort()}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Origin(declared), Origin(undeclared));
        var app = builder.Build();
        var sites = new OtherSites(app, declared, undeclared);
        app.MapGet("/", () => Results.Content(sites._page, "text/html; charset=utf-8"));
        app.MapGet("/logo.svg", () => Results.Content(Logo, "image/svg+xml"));
        await app.StartAsync();
        return sites;
    }

    /// <summary>What both sites serve at "/" from now on.</summary>
    public void Serve(string html) => _page = html;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
