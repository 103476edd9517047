using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.Triggers;

namespace AstroBlob.Functions.Tickets;

/// <summary>
/// Brings the tickets written before an index existed into it, once per observatory and index,
/// by rewriting each of them unchanged (see <see cref="TicketStore.ReindexAsync"/>):
/// <list type="bullet">
/// <item>the open-work index (<c>x|act|</c>, <c>x|actlvl|</c>): the console's queues read only
/// that index, so without this an old open ticket would be in no queue until it next changed;</item>
/// <item>the rows of copied contacts in their own lists (<c>x|req|{userId}|</c> for each Cc
/// contact): without this a contact copied on an old ticket would not find it in their list
/// until the ticket next changed.</item>
/// </list>
/// Each index has its marker row (<c>meta|index|act</c>, <c>meta|index|cc</c>); once an
/// observatory is done, a run costs one point read per index.
/// </summary>
public sealed partial class QueueIndexBackfillFunction(ObservatoryStore observatories, TicketStore store, ILogger<QueueIndexBackfillFunction> logger) : ITimerFunction
{
    public async Task RunAsync(TimerContext timer, CancellationToken ct)
    {
        await foreach (var slug in observatories.ListSlugsAsync(ct))
        {
            if (!await store.IsQueueIndexBuiltAsync(slug, ct))
            {
                await BackfillAsync(slug, "Open-work", await store.ListUnindexedActiveAsync(slug, ct), ct);
                await store.MarkQueueIndexBuiltAsync(slug, ct);
            }

            if (!await store.IsCcIndexBuiltAsync(slug, ct))
            {
                await BackfillAsync(slug, "Copied contacts'", await store.ListUnindexedCcAsync(slug, ct), ct);
                await store.MarkCcIndexBuiltAsync(slug, ct);
            }
        }
    }

    private async Task BackfillAsync(string slug, string index, IReadOnlyList<string> missing, CancellationToken ct)
    {
        var written = 0;
        foreach (var code in missing)
        {
            written += await store.ReindexAsync(slug, code, ct) ? 1 : 0;
        }

        if (missing.Count > 0)
        {
            LogBackfilled(logger, index, slug, written, missing.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Index} index of {Observatory}: reindexed {Written} of {Missing} tickets that predate it")]
    private static partial void LogBackfilled(ILogger logger, string index, string observatory, int written, int missing);
}
