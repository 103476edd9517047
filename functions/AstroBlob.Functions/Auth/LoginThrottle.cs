using System.Security.Cryptography;
using System.Text;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Auth;

/// <summary>
/// Counts failed logins per account (observatory + e-mail) within a sliding window of
/// <see cref="AuthOptions.FailedLoginWindow"/>; after <see cref="AuthOptions.MaxFailedLogins"/>
/// the account is refused (even with the right password) until the window moves on, and a
/// successful sign-in clears the count.
/// </summary>
/// <remarks>
/// The failures live in the <c>Sessions</c> table, so every host instance sees the same count
/// and a restart (or a scale to zero) forgets nothing: one row per account in the partition
/// <c>{observatory}|~login</c>, keyed by a SHA-256 of the normalized e-mail (the address itself
/// is never in a key), holding the failure times still inside the window (at most twice the
/// limit). Recording a failure is a read and an ETag-guarded insert or replace, retried when
/// another instance wrote first, so concurrent failures are all counted. Storage errors
/// propagate like those of any other store.
/// </remarks>
public sealed class LoginThrottle(Tables tables, IOptions<AuthOptions> options, TimeProvider clock)
{
    private const string PartitionSuffix = "|~login";

    // Each round of a contended write lets at least one writer through; jittered backoff spreads
    // the rest. Past this many rounds the account is under a concurrent burst: refuse, not skip.
    private const int MaxWriteAttempts = 20;

    private TableClient Table => tables.Sessions;

    /// <summary>When the account may try again, or null when it may try now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string observatory, string email, CancellationToken ct)
    {
        var row = await Table.GetOrNullAsync(Partition(observatory), RowKey(email), ct);
        if (row is null)
        {
            return null;
        }

        var o = options.Value;
        var now = clock.GetUtcNow();
        var recent = Recent(JsonRows.Read<FailedLogins>(row).At, now);
        if (recent.Count == 0 || recent.Count < o.MaxFailedLogins)
        {
            return null;
        }

        // The account may try again once enough failures have left the window to bring it below the limit.
        return recent[Math.Max(0, recent.Count - o.MaxFailedLogins)] + o.FailedLoginWindow - now;
    }

    /// <summary>Records a failed sign-in of the account, without losing one recorded at the same time elsewhere.</summary>
    public async Task FailedAsync(string observatory, string email, CancellationToken ct)
    {
        var partition = Partition(observatory);
        var rowKey = RowKey(email);
        var cap = Math.Max(1, 2 * options.Value.MaxFailedLogins);
        for (var attempt = 0; ; attempt++)
        {
            var row = await Table.GetOrNullAsync(partition, rowKey, ct);
            var now = clock.GetUtcNow();
            List<DateTimeOffset> recent = [.. Recent(row is null ? [] : JsonRows.Read<FailedLogins>(row).At, now), now];
            var updated = JsonRows.Create(partition, rowKey, new FailedLogins([.. recent.TakeLast(cap)]));
            try
            {
                if (row is null)
                {
                    await Table.AddEntityAsync(updated, ct);
                }
                else
                {
                    await Table.UpdateEntityAsync(updated, row.ETag, TableUpdateMode.Replace, ct);
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
                // Another instance inserted (409), changed (412) or cleared (404) the row since we read it: read again.
                if (attempt + 1 >= MaxWriteAttempts)
                {
                    throw new ApiException(429, "too_many_attempts", "Too many concurrent sign-ins for this account; wait and try again.");
                }

                await Task.Delay(Random.Shared.Next(0, 5 + (Math.Min(attempt, 10) * 5)), ct);
            }
        }
    }

    /// <summary>Clears the account's failures (a successful sign-in).</summary>
    public async Task SucceededAsync(string observatory, string email, CancellationToken ct)
    {
        try
        {
            await Table.DeleteEntityAsync(Partition(observatory), RowKey(email), ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Nothing was counted.
        }
    }

    /// <summary>The failure times still inside the window, oldest first.</summary>
    private List<DateTimeOffset> Recent(IEnumerable<DateTimeOffset> at, DateTimeOffset now)
    {
        var since = now - options.Value.FailedLoginWindow;
        return [.. at.Where(t => t >= since).Order()];
    }

    private static string Partition(string observatory) => observatory + PartitionSuffix;

    private static string RowKey(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    /// <summary>The stored document: when the account's recent sign-ins failed.</summary>
    private sealed record FailedLogins(IReadOnlyList<DateTimeOffset> At);
}
