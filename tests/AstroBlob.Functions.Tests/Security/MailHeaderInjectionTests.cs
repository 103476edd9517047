using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Security;

/// <summary>Text people type ends up in mail headers (subject, display names): it can never add a header or a recipient.</summary>
public sealed class MailHeaderInjectionTests(World world) : IClassFixture<World>
{
    private const string Evil = "evil@attacker.example";

    [Fact]
    public async Task LineBreaksInATitleAndANameAddNoHeaderAndNoRecipient()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var title = $"Fallo {marker}\r\nBcc: {Evil}\r\nX-Injected: yes\nCc: {Evil}";
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title, type = "repair", priority = "high" }))["code"]!;
        await world.PostMessageAsync(world.L1, world.Alpha, code, "Respuesta pública");

        var mail = await world.Sink.WaitForAsync(m => m.Subject.Contains(marker, StringComparison.Ordinal) && m.EnvelopeTo.Contains("ana@a.example"));
        Assert.DoesNotContain(Evil, mail.EnvelopeTo);
        Assert.Empty(mail.Message.Bcc);
        Assert.Empty(mail.Message.Cc);
        Assert.Null(mail.Message.Headers["X-Injected"]);
        Assert.DoesNotContain('\n', mail.Message.Subject ?? string.Empty);
        Assert.DoesNotContain('\r', mail.Message.Subject ?? string.Empty);
        // Only the real recipient, whatever the title said.
        Assert.Equal(["ana@a.example"], mail.EnvelopeTo);
    }
}
