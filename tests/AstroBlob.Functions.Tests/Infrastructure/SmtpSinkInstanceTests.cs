using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace AstroBlob.Functions.Tests.Infrastructure;

/// <summary>The test SMTP sink really catches mail, really goes away, and comes back on its ports.</summary>
public sealed class SmtpSinkInstanceTests
{
    [Fact]
    public async Task CatchesAMailWithItsEnvelopeHeadersAndBothBodies()
    {
        var sink = await SmtpSinkInstance.Shared;
        var tag = Guid.NewGuid().ToString("N");
        var to = $"vera.{tag}@example.test";
        var bcc = $"audit.{tag}@example.test";
        var subject = $"Dome shutter stuck (Störung) {tag}";
        var message = new MimeMessage
        {
            Subject = subject,
            MessageId = $"{tag}@astroblob.test",
            InReplyTo = "earlier@astroblob.test",
            Body = new BodyBuilder
            {
                TextBody = "The shutter is stuck at 40°.",
                HtmlBody = "<p>The shutter is stuck at <b>40°</b>.</p>",
            }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress("AstroBlob Support", "support@astroblob.test"));
        message.To.Add(new MailboxAddress("Vera Rubin", to));
        message.Bcc.Add(MailboxAddress.Parse(bcc));
        message.ReplyTo.Add(MailboxAddress.Parse($"reply+{tag}@astroblob.test"));
        message.References.Add("first@astroblob.test");
        message.References.Add("earlier@astroblob.test");
        var before = DateTimeOffset.UtcNow;

        await SendAsync(sink, message);

        var mail = await sink.WaitForAsync(m => m.EnvelopeTo.Contains(to));
        Assert.Equal("support@astroblob.test", mail.EnvelopeFrom);
        Assert.Equal([to, bcc], mail.EnvelopeTo);
        Assert.DoesNotContain(bcc, mail.Raw, StringComparison.Ordinal);
        Assert.Equal(subject, mail.Subject);
        Assert.Equal(subject, mail.Message.Subject);
        Assert.InRange(mail.ReceivedAt, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal("The shutter is stuck at 40°.", mail.TextBody);
        Assert.Equal("<p>The shutter is stuck at <b>40°</b>.</p>", mail.HtmlBody);
        Assert.Equal($"{tag}@astroblob.test", mail.MessageId);
        Assert.Equal("earlier@astroblob.test", mail.InReplyTo);
        Assert.Equal(["first@astroblob.test", "earlier@astroblob.test"], mail.References);
        Assert.Equal($"reply+{tag}@astroblob.test", mail.ReplyTo);
    }

    [Fact]
    public async Task WaitsForSeveralMailsAndListsThemOldestFirst()
    {
        var sink = await SmtpSinkInstance.Shared;
        var to = $"ops.{Guid.NewGuid():N}@example.test";

        await SendAsync(sink, Mail(to, "first"));
        await SendAsync(sink, Mail(to, "second"));

        var mails = await sink.WaitForCountAsync(m => m.EnvelopeTo.Contains(to), 2);
        Assert.Equal(["first", "second"], mails.Select(m => m.Subject));
    }

    [Fact]
    public async Task StopTakesSmtpDownAndRestartBringsItBackOnTheSamePortsEmpty()
    {
        await using var sink = await SmtpSinkInstance.StartAsync();
        var (smtpPort, httpPort) = (sink.SmtpPort, sink.HttpPort);
        Assert.NotEqual(smtpPort, httpPort);
        await SendAsync(sink, Mail("vera@example.test", "before the stop"));
        await sink.WaitForAsync(m => m.Subject == "before the stop");

        await sink.StopAsync();
        await Assert.ThrowsAsync<SocketException>(() => SendAsync(sink, Mail("vera@example.test", "while stopped")));

        await sink.RestartAsync();
        Assert.Equal((smtpPort, httpPort), (sink.SmtpPort, sink.HttpPort));
        await SendAsync(sink, Mail("vera@example.test", "after the restart"));
        await sink.WaitForAsync(m => m.Subject == "after the restart");
        // The sink keeps mail in memory only: the restart forgot the first one.
        Assert.Equal(["after the restart"], (await sink.MessagesAsync()).Select(m => m.Subject));
    }

    [Fact]
    public async Task AWaitThatTimesOutListsWhatWasCaught()
    {
        await using var sink = await SmtpSinkInstance.StartAsync();
        await SendAsync(sink, Mail("vera@example.test", "Mirror recoated"));

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => sink.WaitForAsync(m => m.Subject == "never sent", TimeSpan.FromMilliseconds(300)));

        Assert.Contains("0 matched", error.Message, StringComparison.Ordinal);
        Assert.Contains("to vera@example.test: \"Mirror recoated\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClearForgetsEveryMailOnAPrivateSink()
    {
        await using var sink = await SmtpSinkInstance.StartAsync();
        await SendAsync(sink, Mail("vera@example.test", "soon gone"));
        Assert.Single(await sink.MessagesAsync());

        await sink.ClearAsync();

        Assert.Empty(await sink.MessagesAsync());
    }

    [Fact]
    public async Task TheSharedSinkIsOneForTheWholeRunAndRefusesToBeStoppedOrCleared()
    {
        var tasks = Enumerable.Range(0, 4).Select(_ => Task.Run(() => SmtpSinkInstance.Shared)).ToArray();
        var instances = await Task.WhenAll(tasks);
        Assert.All(instances, i => Assert.Same(instances[0], i));
        var shared = instances[0];

        await Assert.ThrowsAsync<InvalidOperationException>(shared.StopAsync);
        await Assert.ThrowsAsync<InvalidOperationException>(shared.RestartAsync);
        await Assert.ThrowsAsync<InvalidOperationException>(shared.ClearAsync);

        // Disposing the shared sink is a no-op: other test classes keep using it.
        await shared.DisposeAsync();
        var to = $"still.{Guid.NewGuid():N}@example.test";
        await SendAsync(shared, Mail(to, "still there"));
        await shared.WaitForAsync(m => m.EnvelopeTo.Contains(to));
    }

    [Fact]
    public async Task DisposingAPrivateSinkKillsIt()
    {
        var sink = await SmtpSinkInstance.StartAsync();

        await sink.DisposeAsync();

        await Assert.ThrowsAsync<SocketException>(() => SendAsync(sink, Mail("vera@example.test", "into the void")));
        await Assert.ThrowsAsync<ObjectDisposedException>(sink.MessagesAsync);
    }

    private static MimeMessage Mail(string to, string subject)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = subject } };
        message.From.Add(MailboxAddress.Parse("support@astroblob.test"));
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }

    private static async Task SendAsync(SmtpSinkInstance sink, MimeMessage message)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(sink.Host, sink.SmtpPort, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
    }
}
