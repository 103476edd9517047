using System.Text.Json.Nodes;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Desk;
using AstroBlob.Functions.Email;
using AstroBlob.Functions.Sla;

namespace AstroBlob.Infra.Tests;

/// <summary>
/// The Azure templates compile and pass the linter with every rule as an error, offline; and the
/// compiled template keeps the promises the design makes (no shared keys, the quarantine flow,
/// scale to zero on HTTP and on every queue the host reads, secrets only in Key Vault).
/// </summary>
public sealed class TemplateTests
{
    private const string BlobCreated = "Microsoft.Storage.BlobCreated";

    [Fact]
    public async Task MainCompilesWithoutAnyDiagnosticAndUsesEveryModule()
    {
        var (exit, output) = await Bicep.RunAsync("build", Bicep.MainTemplate, "--outfile", Path.Combine(Path.GetTempPath(), $"astroblob-main-{Guid.NewGuid():N}.json"));
        Assert.True(exit == 0, output);
        Assert.True(string.IsNullOrWhiteSpace(output), "Bicep reported diagnostics:\n" + output);

        // Compiling and linting main covers its modules; a module it does not use would go unchecked.
        var main = await File.ReadAllTextAsync(Bicep.MainTemplate);
        foreach (var module in Directory.EnumerateFiles(Path.Combine(Bicep.InfraFolder, "modules"), "*.bicep"))
        {
            Assert.Contains($"'modules/{Path.GetFileName(module)}'", main, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheLinterFindsNothingWithEveryRuleAsAnError()
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Bicep.InfraFolder, "bicepconfig.json")))!;
        var rules = config["analyzers"]!["core"]!["rules"]!.AsObject();
        Assert.NotEmpty(rules);
        Assert.All(rules, rule => Assert.Equal("error", (string?)rule.Value!["level"]));

        var (exit, output) = await Bicep.RunAsync("lint", Bicep.MainTemplate);
        Assert.True(exit == 0 && string.IsNullOrWhiteSpace(output), output);
    }

    [Fact]
    public async Task TheStorageAccountTakesNoSharedKeyAndHidesItsBlobs()
    {
        var template = await Bicep.TemplateAsync();
        var account = Assert.Single(Bicep.OfType(template, "Microsoft.Storage/storageAccounts"), r => r["existing"] is null);
        var properties = account["properties"]!;
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);

        var containers = Assert.Single(Bicep.OfType(template, "Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Contains("'quarantine'", (string)containers["name"]!, StringComparison.Ordinal);
        Assert.Contains("'attachments'", (string)containers["name"]!, StringComparison.Ordinal);
        Assert.Equal("None", (string?)containers["properties"]!["publicAccess"]);

        var lifecycle = Assert.Single(Bicep.OfType(template, "Microsoft.Storage/storageAccounts/managementPolicies"));
        var rule = lifecycle["properties"]!["policy"]!["rules"]![0]!["definition"]!;
        Assert.Equal("quarantine/", (string?)rule["filters"]!["prefixMatch"]![0]);
        Assert.NotNull(rule["actions"]!["baseBlob"]!["delete"]);
    }

    [Fact]
    public async Task TheTemplatesCreateAndScaleOnEveryQueueTheHostReads()
    {
        string[] hostQueues = [SlaEngine.TimerQueue, EmailSendFunction.Queue, AttachmentService.EventQueue, MergeService.Queue];
        var template = await Bicep.TemplateAsync();
        var storage = StorageModule(template);
        var declared = storage["variables"]!["workQueues"]!.AsArray().Select(q => (string)q!).ToList();
        Assert.Equal(hostQueues.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));

        var app = Assert.Single(Bicep.OfType(template, "Microsoft.App/containerApps"));
        var scale = app["properties"]!["template"]!["scale"]!;
        Assert.Equal(0, (int)scale["minReplicas"]!);
        var rules = (string)scale["rules"]!;
        // One HTTP rule plus one azure-queue rule per work queue, read with the host's identity.
        Assert.Contains("'http'", rules, StringComparison.Ordinal);
        Assert.Contains("map(parameters('workQueues')", rules, StringComparison.Ordinal);
        Assert.Contains("'azure-queue', 'identity', parameters('identityId')", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("connection", rules, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BlobCreatedInQuarantineReachesTheAttachmentQueueWithTheTopicsOwnIdentity()
    {
        var template = await Bicep.TemplateAsync();
        var topic = Assert.Single(Bicep.OfType(template, "Microsoft.EventGrid/systemTopics"));
        Assert.Equal("SystemAssigned", (string?)topic["identity"]!["type"]);
        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["properties"]!["topicType"]);

        var subscription = Assert.Single(Bicep.OfType(template, "Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        var properties = subscription["properties"]!;
        Assert.Equal([BlobCreated], properties["filter"]!["includedEventTypes"]!.AsArray().Select(e => (string)e!));
        Assert.Equal("/blobServices/default/containers/quarantine/", (string?)properties["filter"]!["subjectBeginsWith"]);
        var delivery = properties["deliveryWithResourceIdentity"]!;
        Assert.Equal("SystemAssigned", (string?)delivery["identity"]!["type"]);
        Assert.Equal("StorageQueue", (string?)delivery["destination"]!["endpointType"]);

        var events = Assert.Single(Bicep.OfType(template, "Microsoft.Resources/deployments"), d => d["properties"]!["template"]!["resources"]!.ToJsonString().Contains("systemTopics", StringComparison.Ordinal));
        Assert.EndsWith(".outputs.attachmentQueue.value]", (string)events["properties"]!["parameters"]!["queueName"]!["value"]!, StringComparison.Ordinal);
        Assert.Equal(AttachmentService.EventQueue, (string?)StorageModule(template)["outputs"]!["attachmentQueue"]!["value"]);
    }

    [Fact]
    public async Task TheHostGetsItsStorageRolesAndReadsEverySecretFromKeyVault()
    {
        var template = await Bicep.TemplateAsync();
        var roles = StorageModule(template)["variables"]!["roles"]!.AsObject().Select(r => (string)r.Value!).ToList();
        Assert.Contains("ba92f5b4-2d11-453d-a403-e96b0029c9fe", roles); // Storage Blob Data Contributor
        Assert.Contains("db58b8e5-c6ad-4a2a-8342-4190687cbf4a", roles); // Storage Blob Delegator (user delegation SAS)
        Assert.Contains("974c5e8b-45b9-4653-ba55-5f855dd0fb88", roles); // Storage Queue Data Contributor
        Assert.Contains("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", roles); // Storage Table Data Contributor

        var app = Assert.Single(Bicep.OfType(template, "Microsoft.App/containerApps"));
        var secrets = app["properties"]!["configuration"]!["secrets"]!.AsArray();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, s =>
        {
            Assert.Null(s!["value"]);
            Assert.NotNull(s["keyVaultUrl"]);
            Assert.NotNull(s["identity"]);
        });

        var vault = Assert.Single(Bicep.OfType(template, "Microsoft.KeyVault/vaults"));
        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!);

        // Secure parameters never leave through an output.
        Assert.DoesNotContain("password", template["outputs"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheContainerProbesAskTheHostsLivenessAndReadinessEndpoints()
    {
        var template = await Bicep.TemplateAsync();
        var app = Assert.Single(Bicep.OfType(template, "Microsoft.App/containerApps"));
        var probes = app["properties"]!["template"]!["containers"]![0]!["probes"]!.AsArray();
        Assert.Equal("/api/health/live", (string?)probes.Single(p => (string?)p!["type"] == "Liveness")!["httpGet"]!["path"]);
        Assert.Equal("/api/health/ready", (string?)probes.Single(p => (string?)p!["type"] == "Readiness")!["httpGet"]!["path"]);
    }

    [Fact]
    public async Task TheHostTakesTheClientsAddressAndSchemeFromItsIngress()
    {
        var template = await Bicep.TemplateAsync();
        var app = Assert.Single(Bicep.OfType(template, "Microsoft.App/containerApps"));

        // ForwardedHeadersTests shows what the host does with it (and that it ignores the headers without it).
        var env = (string)app["properties"]!["template"]!["containers"]![0]!["env"]!;
        Assert.Contains("createObject('name', 'ASPNETCORE_FORWARDEDHEADERS_ENABLED', 'value', 'true')", env, StringComparison.Ordinal);
        Assert.False((bool?)app["properties"]!["configuration"]!["ingress"]!["allowInsecure"] ?? true);
    }

    private static JsonObject StorageModule(JsonObject template) =>
        Bicep.OfType(template, "Microsoft.Resources/deployments")
            .Select(d => d["properties"]!["template"]!.AsObject())
            .Single(t => t["variables"]?["workQueues"] is not null);
}
