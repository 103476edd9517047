using AstroBlob.Functions.Tests.Infrastructure;
using AstroBlob.Functions.Tests.Triggers;

namespace AstroBlob.Functions.Tests.Email;

/// <summary>A <see cref="PrivateSinkWorld"/> that also brings its own Azurite, which a test may stop and restart.</summary>
public sealed class PrivateStorageMailWorld : PrivateSinkWorld
{
    public override async Task InitializeAsync()
    {
        Azurite = await AzuriteInstance.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

/// <summary>
/// Found by the soak run: a mail the relay had accepted was sent a second time when storage went
/// away before the sender could record it, because the failed job was delivered again.
/// </summary>
public sealed class MailRecordOutageTests(PrivateStorageMailWorld world) : IClassFixture<PrivateStorageMailWorld>
{
    [Fact]
    public async Task AMailTheRelayAcceptedJustBeforeStorageWentAwayIsSentOnce()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Correo y corte de almacenamiento", type = "question" }))["code"]!;
        const string text = "Respuesta enviada justo antes del corte.";
        bool IsTheReply(CaughtMail m) => EmailWorld.IsOurs(m, world.Alpha) && m.EnvelopeTo.Contains("ana@a.example") && m.TextBody.Contains(text, StringComparison.Ordinal);

        // The relay takes the mail's data but keeps its answer back; storage goes away meanwhile.
        await world.Sink.HoldAsync();
        await world.PostMessageAsync(world.L1, world.Alpha, code, text);
        var mail = await world.Sink.WaitForAsync(IsTheReply, TimeSpan.FromSeconds(30));
        await world.Azurite.StopAsync();
        await world.Sink.ReleaseAsync();
        try
        {
            // The relay's "250 queued" reached the sender, which cannot record it now: it either keeps
            // trying (and says so) or gives the job back to the queue (which the runtime logs).
            await TriggerTestKit.WaitUntilAsync(
                () => world.Logs.Entries.Any(e => e.Message.Contains("was sent but storage is away", StringComparison.Ordinal)
                    || e.Message.Contains("EmailSendFunction failed", StringComparison.Ordinal)),
                "the sender tried to record the mail while storage was away");
        }
        finally
        {
            await world.Azurite.RestartAsync();
        }

        // Once the outbox queue is empty (no delivery left, visible or not), the mail went out once.
        await TriggerTestKit.WaitEmptyAsync(TriggerTestKit.RawQueue(world.Azurite.ConnectionString, world.Factory.TablePrefix + "-email-outbox"));
        var copies = (await world.Sink.MessagesAsync()).Where(m => m.MessageId == mail.MessageId).ToList();
        Assert.Single(copies);
    }
}
