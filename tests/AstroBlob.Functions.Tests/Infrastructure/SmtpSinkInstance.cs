using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace AstroBlob.Functions.Tests.Infrastructure;

/// <summary>
/// A real SMTP sink for tests: <c>node tools/smtp-sink.js</c> on two free loopback ports (SMTP
/// and its HTTP API). It accepts every message without TLS or authentication and keeps what it
/// catches in memory. It can be stopped and restarted on the same ports, so a host under test sees
/// its SMTP server go away and come back.
/// </summary>
/// <remarks>
/// <para>
/// Use <see cref="Shared"/> for ordinary tests (one sink for the whole run) and
/// <see cref="StartAsync"/> for a private sink a test may stop, restart or clear.
/// </para>
/// <para>
/// xunit runs test classes in parallel and they all send to the shared sink, so it holds other
/// classes' mail too, before, after and in between yours. Find yours with a predicate on something
/// only your test uses (a unique recipient or subject, e.g. with a <see cref="Guid"/> in it);
/// never assume you are alone, that the list is empty, or count all the mail it holds.
/// </para>
/// <para>
/// The sink keeps mail in memory only: <see cref="StopAsync"/> and <see cref="RestartAsync"/>
/// forget every caught mail, and while stopped its HTTP API is down as well as SMTP.
/// </para>
/// </remarks>
public sealed partial class SmtpSinkInstance : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // The sink exits by itself at most 2 s after SIGTERM (it gives open SMTP sessions that long).
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(20);
    private static readonly Lazy<Task<SmtpSinkInstance>> SharedValue = new(StartSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    // Loopback only, so one client for every instance; a stopped sink fails a request at once.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A field the sink stops sending fails loudly here instead of surfacing as a null later.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly NodeProcess _node = new("the SMTP sink", NodeProcess.RepoRoot, GracefulStopTimeout);
    private readonly bool _isShared;
    private int _disposed;

    private SmtpSinkInstance(bool isShared) => _isShared = isShared;

    /// <summary>
    /// One sink for the whole test run, started on first use and killed when the test process
    /// exits. Other test classes use it at the same time: match your own mail (see the remarks on
    /// <see cref="SmtpSinkInstance"/>). Disposing it does nothing; stopping, restarting or clearing
    /// it throws.
    /// </summary>
    public static Task<SmtpSinkInstance> Shared => SharedValue.Value;

    /// <summary>The loopback address both servers listen on.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Read next to SmtpPort, as a property of the instance.")]
    public string Host => "127.0.0.1";

    /// <summary>The SMTP port (plain SMTP, no TLS, any or no authentication). Kept across restarts.</summary>
    public int SmtpPort { get; private set; }

    /// <summary>The port of the sink's HTTP API. Kept across restarts.</summary>
    public int HttpPort { get; private set; }

    private Uri MessagesUri => new($"http://{Host}:{Port(HttpPort)}/messages");

    /// <summary>Starts a private sink and waits until it accepts connections.</summary>
    public static Task<SmtpSinkInstance> StartAsync() => StartAsync(isShared: false);

    /// <summary>Every mail the sink holds, oldest first (on <see cref="Shared"/>, other classes' too).</summary>
    public async Task<IReadOnlyList<CaughtMail>> MessagesAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var messages = await Http.GetFromJsonAsync<List<WireMessage>>(MessagesUri, Json)
            ?? throw new InvalidOperationException($"GET {MessagesUri} returned null instead of a list.");
        return [.. messages.Select(m => new CaughtMail(m.Id, m.From, m.To, m.Subject, m.Date, m.Raw))];
    }

    /// <summary>
    /// Forgets every caught mail. Only for a private sink: on <see cref="Shared"/> it would delete
    /// mail other test classes are waiting for, so it throws there.
    /// </summary>
    public async Task ClearAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        ThrowIfShared("clear");
        using var response = await Http.DeleteAsync(MessagesUri);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// From now on the sink keeps each mail as it arrives but holds back its answer to the data,
    /// so the sender waits as it would on a slow relay, until <see cref="ReleaseAsync"/>. Only for a
    /// private sink.
    /// </summary>
    public Task HoldAsync() => PostAsync("hold");

    /// <summary>Answers every held mail ("250 queued"), so their senders go on, and stops holding.</summary>
    public Task ReleaseAsync() => PostAsync("release");

    private async Task PostAsync(string command)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        ThrowIfShared(command);
        using var response = await Http.PostAsync(new Uri($"http://{Host}:{Port(HttpPort)}/{command}"), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Polls every 50 ms until a caught mail matches and returns the oldest that does. On timeout
    /// (20 s unless given) throws a <see cref="TimeoutException"/> that lists what was caught.
    /// </summary>
    public async Task<CaughtMail> WaitForAsync(Func<CaughtMail, bool> match, TimeSpan? timeout = null) =>
        (await WaitAsync(match, 1, timeout))[0];

    /// <summary>
    /// Polls every 50 ms until at least <paramref name="count"/> caught mails match and returns all
    /// that match at that moment (oldest first, so possibly more than <paramref name="count"/>).
    /// On timeout (20 s unless given) throws a <see cref="TimeoutException"/> that lists what was caught.
    /// </summary>
    public Task<IReadOnlyList<CaughtMail>> WaitForCountAsync(Func<CaughtMail, bool> match, int count, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return WaitAsync(match, count, timeout);
    }

    /// <summary>
    /// Stops the sink: asks it to shut down (SIGTERM), kills it if it has not exited within 5 s,
    /// then waits until both ports refuse connections. The caught mail is lost.
    /// </summary>
    public async Task StopAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        ThrowIfShared("stop");
        await _node.StopAsync(SmtpPort, HttpPort);
    }

    /// <summary>
    /// Starts the sink again (stopping it first if it runs) on the same SMTP and HTTP ports and
    /// waits until both accept connections. It starts empty: mail caught before is gone.
    /// </summary>
    public async Task RestartAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        ThrowIfShared("restart");
        await _node.RestartAsync(() => LaunchAndWaitReadyAsync(SmtpPort, HttpPort), SmtpPort, HttpPort);
    }

    /// <summary>Kills the sink. Does nothing for <see cref="Shared"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_isShared || Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _node.DisposeAsync();
    }

    /// <summary>The sink's recent output, for diagnostics.</summary>
    public string RecentOutput() => _node.RecentOutput();

    private static async Task<SmtpSinkInstance> StartSharedAsync()
    {
        var instance = await StartAsync(isShared: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => instance.KillOnExit();
        return instance;
    }

    private static async Task<SmtpSinkInstance> StartAsync(bool isShared)
    {
        var instance = new SmtpSinkInstance(isShared);
        try
        {
            // Port 0: the sink binds free ports itself and reports them, so no probe-then-bind race.
            await instance.LaunchAndWaitReadyAsync(smtpPort: 0, httpPort: 0);
            return instance;
        }
        catch
        {
            instance.KillOnExit();
            throw;
        }
    }

    private static string ScriptPath()
    {
        var script = Path.Combine(NodeProcess.RepoRoot, "tools", "smtp-sink.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"The SMTP sink script {script} is missing.");
        }

        if (!File.Exists(Path.Combine(NodeProcess.NodeModules, "smtp-server", "package.json")))
        {
            throw new InvalidOperationException($"The SMTP sink needs the npm package smtp-server, which is not installed in {NodeProcess.NodeModules}: {NodeProcess.NpmHint}.");
        }

        return script;
    }

    private async Task<IReadOnlyList<CaughtMail>> WaitAsync(Func<CaughtMail, bool> match, int count, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var limit = timeout ?? DefaultWaitTimeout;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<CaughtMail> caught = [];
        HttpRequestException? lastError = null;
        while (true)
        {
            try
            {
                caught = await MessagesAsync();
                lastError = null;
                var matching = caught.Where(match).ToList();
                if (matching.Count >= count)
                {
                    return matching;
                }
            }
            catch (HttpRequestException e)
            {
                // A private sink may be restarting; keep polling and report the error if it lasts.
                lastError = e;
            }

            if (clock.Elapsed >= limit)
            {
                throw new TimeoutException(DescribeTimeout(limit, count, caught, match, lastError));
            }

            await Task.Delay(PollInterval);
        }
    }

    private string DescribeTimeout(TimeSpan limit, int count, IReadOnlyList<CaughtMail> caught, Func<CaughtMail, bool> match, HttpRequestException? lastError)
    {
        const int Shown = 50;
        var text = new StringBuilder();
        var matched = caught.Count(match);
        text.Append(CultureInfo.InvariantCulture, $"Waited {limit.TotalSeconds:0.###} s for {count} matching mail(s) in the SMTP sink on {Host}:{Port(SmtpPort)}; {matched} matched. ");
        text.Append(CultureInfo.InvariantCulture, $"It holds {caught.Count} mail(s)");
        if (caught.Count > Shown)
        {
            text.Append(CultureInfo.InvariantCulture, $", the newest {Shown} listed");
        }

        text.AppendLine(caught.Count == 0 ? "." : ":");
        foreach (var mail in caught.Skip(Math.Max(0, caught.Count - Shown)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  #{mail.Id} to {string.Join(", ", mail.EnvelopeTo)}: \"{mail.Subject}\"");
        }

        if (lastError is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"The last read failed: {lastError.Message}");
            text.Append(RecentOutput());
        }

        return text.ToString();
    }

    private void ThrowIfShared(string what)
    {
        if (_isShared)
        {
            throw new InvalidOperationException(
                $"Cannot {what} the shared SMTP sink: other test classes are using it. Start a private one with SmtpSinkInstance.StartAsync().");
        }
    }

    private async Task LaunchAndWaitReadyAsync(int smtpPort, int httpPort)
    {
        var ready = new TaskCompletionSource<(int Smtp, int Http)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _node.Start(ScriptPath(), ["--smtp-port", Port(smtpPort), "--http-port", Port(httpPort)], line =>
        {
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                ready.TrySetResult((ParsePort(match.Groups["smtp"].Value), ParsePort(match.Groups["http"].Value)));
            }
        });

        using var timeout = new CancellationTokenSource(StartTimeout);
        var exited = _node.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(ready.Task, exited) != ready.Task)
        {
            if (!_node.HasExited)
            {
                throw new TimeoutException($"The SMTP sink did not report ready within {StartTimeout.TotalSeconds:F0} s.\n{RecentOutput()}");
            }

            // Let the output readers drain before reporting.
            await _node.WaitForExitAsync();
            var output = RecentOutput();
            if (smtpPort != 0 && output.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The SMTP sink could not take back its ports (SMTP {Port(smtpPort)}, HTTP {Port(httpPort)}): another process bound one while it was stopped.\n{output}");
            }

            throw new InvalidOperationException($"The SMTP sink exited with code {_node.ExitCode} before it was ready.\n{output}");
        }

        // The sink prints its ready line once both servers listen, so both accept connections now.
        var (boundSmtp, boundHttp) = await ready.Task;
        if ((smtpPort != 0 && boundSmtp != smtpPort) || (httpPort != 0 && boundHttp != httpPort))
        {
            throw new InvalidOperationException(
                $"The SMTP sink was asked for ports {Port(smtpPort)}/{Port(httpPort)} but bound {Port(boundSmtp)}/{Port(boundHttp)}.\n{RecentOutput()}");
        }

        SmtpPort = boundSmtp;
        HttpPort = boundHttp;
    }

    private void KillOnExit() => _node.Kill();

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int ParsePort(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    // Printed by tools/smtp-sink.js once both servers listen; keep the two in step.
    [GeneratedRegex(@"^smtp-sink ready: smtp 127\.0\.0\.1:(?<smtp>[0-9]+), http http://127\.0\.0\.1:(?<http>[0-9]+)/$")]
    private static partial Regex ReadyLine();

    /// <summary>One element of the sink's <c>GET /messages</c> array (the fields we use).</summary>
    private sealed record WireMessage(string Id, string From, IReadOnlyList<string> To, string Subject, DateTimeOffset Date, string Raw);
}

/// <summary>
/// A mail the SMTP sink caught: its SMTP envelope, the time the sink received it, and its raw
/// RFC 822 source, parsed by MimeKit on first use of <see cref="Message"/> or a convenience property.
/// </summary>
/// <remarks>
/// Equality compares the data (envelope recipients element by element), not the parsed message.
/// Message ids come from MimeKit without angle brackets.
/// </remarks>
public sealed record CaughtMail
{
    private readonly Lazy<MimeMessage> _message;

    public CaughtMail(string id, string envelopeFrom, IReadOnlyList<string> envelopeTo, string subject, DateTimeOffset receivedAt, string raw)
    {
        Id = id;
        EnvelopeFrom = envelopeFrom;
        EnvelopeTo = envelopeTo;
        Subject = subject;
        ReceivedAt = receivedAt;
        Raw = raw;
    }

    /// <summary>The sink's id: unique within one run of the sink, restarts count from 1 again.</summary>
    public string Id { get; init; }

    /// <summary>The SMTP <c>MAIL FROM</c> address (empty for a null sender).</summary>
    public string EnvelopeFrom { get; init; }

    /// <summary>The SMTP <c>RCPT TO</c> addresses, in order, Bcc recipients included.</summary>
    public IReadOnlyList<string> EnvelopeTo { get; init; }

    /// <summary>The decoded <c>Subject</c> header (empty if there is none).</summary>
    public string Subject { get; init; }

    /// <summary>When the sink received the mail (its clock, UTC).</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The RFC 822 source as the sink decoded it (UTF-8).</summary>
    public string Raw
    {
        get;
        [MemberNotNull(nameof(_message))]
        init
        {
            field = value;
            // Set with Raw so that a `with { Raw = ... }` copy never keeps the old parse.
            _message = new(() => Parse(value), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    /// <summary>The parsed message (parsed once, on first use).</summary>
    public MimeMessage Message => _message.Value;

    /// <summary>The text/plain body, or empty if the mail has none (so predicates can call <c>Contains</c> directly).</summary>
    public string TextBody => Message.TextBody ?? "";

    /// <summary>The text/html body, or empty if the mail has none.</summary>
    public string HtmlBody => Message.HtmlBody ?? "";

    /// <summary>The <c>Message-Id</c>, without angle brackets.</summary>
    public string? MessageId => Message.MessageId;

    /// <summary>The <c>In-Reply-To</c> id, without angle brackets.</summary>
    public string? InReplyTo => Message.InReplyTo;

    /// <summary>The <c>References</c> ids in header order, without angle brackets.</summary>
    public IReadOnlyList<string> References => [.. Message.References];

    /// <summary>The address of the first <c>Reply-To</c> mailbox, or null if there is none.</summary>
    public string? ReplyTo => Message.ReplyTo.Mailboxes.FirstOrDefault()?.Address;

    public bool Equals(CaughtMail? other) =>
        other is not null
        && Id == other.Id
        && EnvelopeFrom == other.EnvelopeFrom
        && EnvelopeTo.SequenceEqual(other.EnvelopeTo)
        && Subject == other.Subject
        && ReceivedAt == other.ReceivedAt
        && Raw == other.Raw;

    public override int GetHashCode() => HashCode.Combine(Id, Subject, ReceivedAt, Raw);

    private static MimeMessage Parse(string raw)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw), writable: false);
        return MimeMessage.Load(stream);
    }

    // Keeps assertion messages short: no raw source, and no parse just to print.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Id = {Id}, EnvelopeFrom = {EnvelopeFrom}, EnvelopeTo = [{string.Join(", ", EnvelopeTo)}], Subject = {Subject}, ReceivedAt = {ReceivedAt:O}");
        return true;
    }
}
