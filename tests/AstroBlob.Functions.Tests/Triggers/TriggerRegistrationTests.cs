using AstroBlob.Functions.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AstroBlob.Functions.Tests.Triggers;

/// <summary>Mistakes in the list of functions fail at registration, with a message that says what is wrong.</summary>
public sealed class TriggerRegistrationTests
{
    private static TriggerBuilder Triggers(string prefix = "", IServiceCollection? services = null) =>
        (services ?? new ServiceCollection()).AddTriggers(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Triggers:QueuePrefix"] = prefix, ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" })
            .Build());

    [Theory]
    [InlineData("Sla_Timers")]
    [InlineData("SLA-TIMERS")]
    [InlineData("ab")]
    [InlineData("-outbox")]
    [InlineData("outbox-")]
    [InlineData("out--box")]
    [InlineData("out box")]
    [InlineData("")]
    public void AnInvalidQueueNameIsRefused(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Triggers().Queue<ProbeQueueFunction>(name));
        Assert.Contains($"Queue '{name}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid Azure queue name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameWhosePoisonQueueWouldBeTooLongIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Triggers("staging-").Queue<ProbeQueueFunction>(new string('q', 50)));
        Assert.Contains("-poison", e.Message, StringComparison.Ordinal);
        Triggers("staging-").Queue<ProbeQueueFunction>(new string('q', 48));
    }

    [Fact]
    public void AValidListOfFunctionsIsAcceptedAndEachFunctionIsScoped()
    {
        var services = new ServiceCollection();
        Triggers("dev-", services)
            .Queue<ProbeQueueFunction>("sla-timers")
            .Queue<SecondQueueFunction>("outbox", maxConcurrency: 4)
            .Timer<ProbeTimerFunction>("0 * * * * *");
        Assert.Equal(ServiceLifetime.Scoped, services.Single(d => d.ServiceType == typeof(ProbeQueueFunction)).Lifetime);
        Assert.Equal(ServiceLifetime.Scoped, services.Single(d => d.ServiceType == typeof(ProbeTimerFunction)).Lifetime);
        Assert.Single(services, d => d.ServiceType == typeof(IQueueSender));
    }

    [Fact]
    public void AQueueRegisteredTwiceIsRefused()
    {
        var triggers = Triggers().Queue<ProbeQueueFunction>("outbox");
        Assert.Throws<ArgumentException>(() => triggers.Queue<SecondQueueFunction>("outbox"));
        Assert.Throws<ArgumentException>(() => triggers.Queue<SecondQueueFunction>("outbox-poison"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(5000)]
    public void AnOutOfRangeConcurrencyIsRefused(int maxConcurrency) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Triggers().Queue<ProbeQueueFunction>("outbox", maxConcurrency));

    [Theory]
    [InlineData("* * * * *")] // five fields: the seconds are missing
    [InlineData("61 * * * * *")]
    [InlineData("every minute")]
    public void AnInvalidScheduleIsRefused(string cron)
    {
        var e = Assert.Throws<ArgumentException>(() => Triggers().Timer<ProbeTimerFunction>(cron));
        Assert.Contains(cron, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoTimersWithTheSameNameAreRefused() =>
        Assert.Throws<ArgumentException>(() => Triggers()
            .Timer<ProbeTimerFunction>("0 * * * * *", "sweep")
            .Timer<ProbeTimerFunction>("30 * * * * *", "sweep"));

    [Theory]
    [InlineData("Staging-")]
    [InlineData("-staging")]
    [InlineData("stag_ing")]
    public void AnInvalidPrefixIsRefused(string prefix)
    {
        var e = Assert.Throws<ArgumentException>(() => Triggers(prefix));
        Assert.Contains("QueuePrefix", e.Message, StringComparison.Ordinal);
    }

    private sealed class SecondQueueFunction : IQueueFunction
    {
        public Task RunAsync(QueueMessageContext message, CancellationToken ct) => Task.CompletedTask;
    }
}
