using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.Triggers;

namespace AstroBlob.Functions.Tickets;

/// <summary>
/// Puts the tickets written before the open-work index existed into it, once per observatory:
/// the console's queues read only that index, so without this an old open ticket would be in
/// no queue until it next changed. After an observatory is done it costs one point read a run.
/// </summary>
public sealed partial class QueueIndexBackfillFunction(ObservatoryStore observatories, TicketStore store, ILogger<QueueIndexBackfillFunction> logger) : ITimerFunction
{
    public async Task RunAsync(TimerContext timer, CancellationToken ct)
    {
        await foreach (var slug in observatories.ListSlugsAsync(ct))
        {
            if (await store.IsQueueIndexBuiltAsync(slug, ct))
            {
                continue;
            }

            var missing = await store.ListUnindexedActiveAsync(slug, ct);
            var written = 0;
            foreach (var code in missing)
            {
                written += await store.ReindexAsync(slug, code, ct) ? 1 : 0;
            }

            await store.MarkQueueIndexBuiltAsync(slug, ct);
            if (missing.Count > 0)
            {
                LogBackfilled(logger, slug, written, missing.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Open-work index of {Observatory}: reindexed {Written} of {Missing} tickets that predate it")]
    private static partial void LogBackfilled(ILogger logger, string observatory, int written, int missing);
}
