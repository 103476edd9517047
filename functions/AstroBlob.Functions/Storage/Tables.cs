using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Storage;

/// <summary>The tables the host uses. Names carry the configured prefix.</summary>
public sealed class Tables
{
    public static readonly string[] All = ["Directory", "Tickets", "Messages", "Sessions", "Notifications", "Knowledge"];

    private readonly TableServiceClient _service;
    private readonly string _prefix;

    public Tables(IOptions<StorageOptions> options)
    {
        var o = options.Value;
        var clientOptions = new TableClientOptions();
        // Fail fast when storage is down: requests answer 503 instead of hanging, and the
        // initializer and health probe do their own backoff.
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            _service = new TableServiceClient(o.ConnectionString, clientOptions);
        }
        else if (o.TableEndpoint is not null)
        {
            _service = new TableServiceClient(o.TableEndpoint, new DefaultAzureCredential(), clientOptions);
        }
        else
        {
            throw new InvalidOperationException("Set Storage:ConnectionString (local) or Storage:TableEndpoint (managed identity).");
        }

        _prefix = o.TablePrefix;
        Directory = Get("Directory");
        Tickets = Get("Tickets");
        Messages = Get("Messages");
        Sessions = Get("Sessions");
        Notifications = Get("Notifications");
        Knowledge = Get("Knowledge");
    }

    /// <summary>Per observatory: its profile, people, customers, telescopes and their unique-key rows.</summary>
    public TableClient Directory { get; }

    /// <summary>Per observatory: tickets, their index rows, activity trail, code counter, idempotency keys.</summary>
    public TableClient Tickets { get; }

    /// <summary>Per ticket (<c>{observatory}|{code}</c>): the conversation in time order.</summary>
    public TableClient Messages { get; }

    /// <summary>
    /// Per session or magic-link token hash: who it is and until when. Per observatory
    /// (<c>{observatory}|~login</c>): the recent failed sign-ins of each account, by e-mail hash.
    /// </summary>
    public TableClient Sessions { get; }

    /// <summary>Per person (<c>{observatory}|{user}</c>): their notifications, newest first.</summary>
    public TableClient Notifications { get; }

    /// <summary>Per observatory: knowledge-base articles and their search rows.</summary>
    public TableClient Knowledge { get; }

    public TableServiceClient Service => _service;

    public IEnumerable<string> Names => All.Select(n => _prefix + n);

    private TableClient Get(string name) => _service.GetTableClient(_prefix + name);
}
