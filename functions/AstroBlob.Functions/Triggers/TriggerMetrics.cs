using System.Diagnostics.Metrics;

namespace AstroBlob.Functions.Triggers;

/// <summary>Counters of the trigger runtime, on the meter <see cref="MeterName"/>.</summary>
public sealed class TriggerMetrics
{
    public const string MeterName = "AstroBlob.Triggers";
    public const string PollsInstrument = "astroblob.triggers.queue.polls";

    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _poisoned;
    private readonly Counter<long> _polls;
    private readonly Counter<long> _timerRuns;
    private readonly Histogram<double> _duration;

    public TriggerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _processed = meter.CreateCounter<long>("astroblob.triggers.messages.processed", "{message}", "Queue messages handled successfully and deleted.");
        _failed = meter.CreateCounter<long>("astroblob.triggers.messages.failed", "{message}", "Failed attempts at handling a queue message.");
        _poisoned = meter.CreateCounter<long>("astroblob.triggers.messages.poisoned", "{message}", "Queue messages moved to their poison queue.");
        _polls = meter.CreateCounter<long>(PollsInstrument, "{poll}", "Receive requests made by queue listeners (outcome: messages, empty).");
        _timerRuns = meter.CreateCounter<long>("astroblob.triggers.timer.runs", "{run}", "Timer occurrences run by this instance (outcome: succeeded, failed, cancelled).");
        _duration = meter.CreateHistogram<double>("astroblob.triggers.duration", "s", "How long function invocations take.");
    }

    internal void Processed(string queue, string function, TimeSpan duration)
    {
        _processed.Add(1, Tag("queue", queue), Tag("function", function));
        Duration(function, "queue", "succeeded", duration);
    }

    internal void Failed(string queue, string function, TimeSpan duration)
    {
        _failed.Add(1, Tag("queue", queue), Tag("function", function));
        Duration(function, "queue", "failed", duration);
    }

    internal void Poisoned(string queue, string function) =>
        _poisoned.Add(1, Tag("queue", queue), Tag("function", function));

    internal void Polled(string queue, int received) =>
        _polls.Add(1, Tag("queue", queue), Tag("outcome", received > 0 ? "messages" : "empty"));

    internal void TimerRan(string function, string outcome, TimeSpan duration)
    {
        _timerRuns.Add(1, Tag("function", function), Tag("outcome", outcome));
        Duration(function, "timer", outcome, duration);
    }

    private void Duration(string function, string trigger, string outcome, TimeSpan duration) =>
        _duration.Record(duration.TotalSeconds, Tag("function", function), Tag("trigger", trigger), Tag("outcome", outcome));

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
