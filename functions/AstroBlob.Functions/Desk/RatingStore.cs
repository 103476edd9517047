using AstroBlob.Domain.Desk;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Desk;

/// <summary>
/// Satisfaction ratings in the observatory's partition of the Tickets table, added together
/// with the ticket's activity entry: <c>rating|{code}</c> (the rating: being added, never
/// replaced, is what makes it once only) and <c>ratingx|{newest-first time}|{code}</c> (a copy,
/// so staff read the latest ratings in one range scan).
/// </summary>
public sealed class RatingStore(Tables tables)
{
    private const string ListPrefix = "ratingx|";

    private TableClient Table => tables.Tickets;

    public async Task<SatisfactionRating?> GetAsync(string observatory, string code, CancellationToken ct)
    {
        var row = await Table.GetOrNullAsync(observatory, Key(code), ct);
        return row is null ? null : JsonRows.Read<SatisfactionRating>(row);
    }

    /// <summary>Adds the rating and its trail entry at once; a ticket already rated is a 409 and nothing is written.</summary>
    public async Task AddAsync(string observatory, SatisfactionRating rating, TableTransactionAction activity, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, JsonRows.Create(observatory, Key(rating.TicketCode), rating)),
            new(TableTransactionActionType.Add, JsonRows.Create(observatory, ListKey(rating), rating)),
            activity,
        };
        try
        {
            await Table.SubmitTransactionAsync(actions, ct);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            throw AlreadyRated();
        }
    }

    /// <summary>The latest ratings, newest first, one page from the cursor on.</summary>
    public async Task<(IReadOnlyList<SatisfactionRating> Items, string? NextCursor)> ListAsync(
        string observatory, int? score, string? cursor, int limit, CancellationToken ct)
    {
        const int maxScan = 1000;
        var items = new List<SatisfactionRating>();
        string? last = null;
        var scanned = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(PageCursor.PageFilter(observatory, ListPrefix, cursor), maxPerPage: Math.Min(limit * 2, 1000), cancellationToken: ct))
        {
            if (items.Count == limit || scanned == maxScan)
            {
                return (items, PageCursor.Encode(last!));
            }

            scanned++;
            last = row.RowKey;
            var rating = JsonRows.Read<SatisfactionRating>(row);
            if (score is null || rating.Score == score)
            {
                items.Add(rating);
            }
        }

        return (items, null);
    }

    private static ApiException AlreadyRated() => ApiException.Conflict("already_rated", "This ticket has been rated already; a rating is given once.");

    private static string Key(string code) => "rating|" + code;

    private static string ListKey(SatisfactionRating r) => ListPrefix + Keys.Descending(r.RatedAt) + "|" + r.TicketCode;
}
