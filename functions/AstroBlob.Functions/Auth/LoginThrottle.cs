using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AstroBlob.Functions.Auth;

/// <summary>
/// Counts failed logins per account within a sliding window; past the limit the account is
/// refused (even with the right password) until the window moves on. In memory per instance:
/// an attacker spread over instances gets at most limit x instances tries per window.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>When the account may try again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string account)
    {
        if (!_failures.TryGetValue(account, out var queue))
        {
            return null;
        }

        lock (queue)
        {
            Trim(queue);
            return queue.Count >= options.Value.MaxFailedLogins
                ? queue.Peek() + options.Value.FailedLoginWindow - clock.GetUtcNow()
                : null;
        }
    }

    public void Failed(string account)
    {
        var queue = _failures.GetOrAdd(account, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            Trim(queue);
            queue.Enqueue(clock.GetUtcNow());
        }
    }

    public void Succeeded(string account) => _failures.TryRemove(account, out _);

    private void Trim(Queue<DateTimeOffset> queue)
    {
        var since = clock.GetUtcNow() - options.Value.FailedLoginWindow;
        while (queue.Count > 0 && queue.Peek() < since)
        {
            queue.Dequeue();
        }
    }
}
