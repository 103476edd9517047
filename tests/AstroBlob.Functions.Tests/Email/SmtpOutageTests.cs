using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tests.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AstroBlob.Functions.Tests.Email;

/// <summary>A world with its own SMTP sink, which a test may take down, and its host's log at hand.</summary>
public class PrivateSinkWorld : EmailWorld
{
    public LogSink Logs { get; } = new();

    /// <summary>How many times the mail sender found SMTP unreachable and scheduled another attempt.</summary>
    public int SendFailures => Logs.Entries.Count(e => e.Message.Contains("not sent (attempt", StringComparison.Ordinal));

    protected override Action<IServiceCollection>? Services => services => services.AddSingleton<ILoggerProvider>(Logs);

    public override async Task InitializeAsync()
    {
        Sink = await SmtpSinkInstance.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

public sealed class SmtpOutageTests(PrivateSinkWorld world) : IClassFixture<PrivateSinkWorld>
{
    [Fact]
    public async Task MailsWrittenWhileSmtpIsDownAreDeliveredWhenItComesBack()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "SMTP caído", type = "question" }))["code"]!;
        await world.Sink.StopAsync();
        try
        {
            await world.PostMessageAsync(world.L1, world.Alpha, code, "Respuesta escrita con el correo caído.");
            await world.PostMessageAsync(world.L2, world.Alpha, code, "Y otra más.");

            // The sender has tried and failed for both mails before SMTP returns.
            await WaitUntilAsync(() => world.SendFailures >= 2);
        }
        finally
        {
            await world.Sink.RestartAsync();
        }

        var mails = await world.Sink.WaitForCountAsync(m => EmailWorld.IsOurs(m, world.Alpha) && m.EnvelopeTo.Contains("ana@a.example"), 2, TimeSpan.FromSeconds(60));
        Assert.Contains(mails, m => m.TextBody.Contains("con el correo caído", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.TextBody.Contains("Y otra más.", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition never held.");
            await Task.Delay(50);
        }
    }
}
