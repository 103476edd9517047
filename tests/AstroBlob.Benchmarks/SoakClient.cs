using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AstroBlob.Benchmarks;

/// <summary>One definite answer of the host: its status, JSON body (if any) and ETag.</summary>
internal sealed record SoakAnswer(HttpStatusCode Status, JsonElement? Json, string? ETag)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    public string Text(string property) =>
        Json is { } json && json.TryGetProperty(property, out var value) && value.GetString() is { } text
            ? text
            : throw new BenchmarkException($"The answer ({(int)Status}) has no '{property}': {Json}");
}

/// <summary>The request asked for a definite answer and never got one within the give-up time.</summary>
internal sealed class SoakGaveUpException(string message) : Exception(message);

/// <summary>
/// What a well-behaved client does while the host or its storage is away: every request is sent
/// again until it gets a definite answer (below 500), with the same Idempotency-Key, If-Match or
/// raw mail, so a request whose first answer was lost cannot take effect twice. Counts what it met.
/// </summary>
internal sealed class SoakClient(HttpClient http, SoakCounters counters)
{
    /// <summary>A request still without a definite answer after this long is given up (and reported).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);

    public Task<SoakAnswer> JsonAsync(
        HttpMethod method, string path, string? token, object? body, CancellationToken ct, string? idempotencyKey = null, string? ifMatch = null) =>
        SendAsync(method, path, token, body is null ? null : (HostApi.Encode(body), "application/json"), ct, idempotencyKey, ifMatch);

    public async Task<SoakAnswer> SendAsync(
        HttpMethod method, string path, string? token, (byte[] Bytes, string ContentType)? content, CancellationToken ct,
        string? idempotencyKey = null, string? ifMatch = null, params (string Name, string Value)[] headers)
    {
        counters.Add(ref counters.Requests);
        var waited = Stopwatch.StartNew();
        var backoff = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                counters.Add(ref counters.Retries);
            }

            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute));
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (content is { } c)
            {
                request.Content = new ByteArrayContent(c.Bytes);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
            }

            string problem;
            var hostWrite = method != HttpMethod.Get && !request.RequestUri!.IsAbsoluteUri;
            if (hostWrite)
            {
                Interlocked.Increment(ref counters.WritesInFlight);
            }

            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attemptTimeout.CancelAfter(AttemptTimeout);
            try
            {
                using var response = await http.SendAsync(request, attemptTimeout.Token);
                var text = await response.Content.ReadAsStringAsync(attemptTimeout.Token);
                var status = (int)response.StatusCode;
                if (status < 500)
                {
                    if (response.Headers.TryGetValues("Idempotent-Replayed", out _))
                    {
                        counters.Add(ref counters.Replayed);
                    }

                    // The ETag exactly as sent (a weak one keeps its W/), to be sent back in If-Match.
                    return new SoakAnswer(response.StatusCode, Parse(text), response.Headers.ETag?.ToString());
                }

                counters.Add(ref status == 503 ? ref counters.Unavailable : ref counters.ServerErrors);
                if (status != 503)
                {
                    counters.Sample($"{method} {path} answered {status}: {(text.Length > 300 ? text[..300] : text)}");
                }

                problem = $"{status} {text}";
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested)
            {
                counters.Add(ref e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? ref counters.Refused : ref counters.Broken);
                problem = e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                counters.Add(ref counters.TimedOut);
                problem = $"no answer within {AttemptTimeout.TotalSeconds:F0} s";
            }
            catch (IOException e) when (!ct.IsCancellationRequested)
            {
                counters.Add(ref counters.Broken);
                problem = e.Message;
            }
            finally
            {
                if (hostWrite)
                {
                    Interlocked.Decrement(ref counters.WritesInFlight);
                }
            }

            if (waited.Elapsed > GiveUpAfter)
            {
                counters.Add(ref counters.GaveUp);
                throw new SoakGaveUpException($"{method} {path}: no definite answer after {waited.Elapsed.TotalSeconds:F0} s and {attempt} attempts; last: {problem}");
            }

            // A client backs off while the service is away; nothing to await but time.
            await Task.Delay(backoff, ct);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 2000));
        }
    }

    private static JsonElement? Parse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse(JsonSerializer.Serialize(text)).RootElement.Clone();
        }
    }

    public static (byte[] Bytes, string ContentType) Raw(string text, string contentType) => (Encoding.UTF8.GetBytes(text), contentType);
}

/// <summary>What the clients met, summed over the run.</summary>
internal sealed class SoakCounters
{
    public long Requests;
    public long Retries;
    public long Refused;
    public long Broken;
    public long TimedOut;
    public long Unavailable;
    public long ServerErrors;
    public long GaveUp;
    public long Conflicts;

    /// <summary>Answers the host gave from its idempotency record: the write had been applied before its first answer was lost.</summary>
    public long Replayed;

    /// <summary>Writes to the host sent and not yet answered, now (the fault injector kills the host while one is under way).</summary>
    public long WritesInFlight;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _samples = new();

    public IReadOnlyCollection<string> Samples => _samples;

    public void Add(ref long counter) => Interlocked.Increment(ref counter);

    public void Sample(string text)
    {
        if (_samples.Count < 10)
        {
            _samples.Enqueue(text);
        }
    }
}
