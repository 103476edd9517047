using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace AstroBlob.Infra.Tests;

/// <summary>The Bicep compiler from its package, run on the templates in <c>infra/</c>, offline.</summary>
internal static class Bicep
{
    public static string InfraFolder { get; } = FindInfra();

    public static string MainTemplate => Path.Combine(InfraFolder, "main.bicep");

    private static string Executable
    {
        get
        {
            var package = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "BicepPackage").Value;
            var path = Path.Combine(package!, "tools", "bicep");
            Assert.True(File.Exists(path), $"The Bicep compiler is not at {path} (restore the test project).");
            return path;
        }
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = InfraFolder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry, and no attempt to reach a module registry: everything here is local.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static readonly Lazy<Task<JsonObject>> Compiled = new(async () =>
    {
        var (exit, output) = await RunAsync("build", MainTemplate, "--stdout");
        Assert.True(exit == 0, output);
        return JsonNode.Parse(output)!.AsObject();
    });

    /// <summary>main.bicep compiled to an ARM template.</summary>
    public static Task<JsonObject> TemplateAsync() => Compiled.Value;

    /// <summary>Every resource of the template and of its nested module deployments.</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template)
    {
        foreach (var resource in Items(template["resources"]))
        {
            yield return resource;
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    public static IEnumerable<JsonObject> OfType(JsonObject template, string type) =>
        Resources(template).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<JsonObject> Items(JsonNode? resources) => resources switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        // Templates with symbolic names keep resources in an object keyed by name.
        JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    private static string FindInfra()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "infra", "main.bicep");
            if (File.Exists(candidate))
            {
                return Path.GetDirectoryName(candidate)!;
            }
        }

        throw new InvalidOperationException("infra/main.bicep not found above " + AppContext.BaseDirectory);
    }
}
