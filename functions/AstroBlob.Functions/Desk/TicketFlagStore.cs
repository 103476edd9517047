using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Desk;

/// <summary>
/// Spam and deleted flags of tickets, kept beside the ticket until the ticket itself carries
/// them (see the Desk report), in the observatory's partition of the Tickets table:
/// <c>flag|{code}</c> (the flags, guarded by ETag) and <c>flagx|{flag}|{code}</c> (one range
/// scan per flag), changed in one transaction with the ticket's activity entry.
/// </summary>
public sealed class TicketFlagStore(Tables tables)
{
    private const int MaxAttempts = 8;

    private TableClient Table => tables.Tickets;

    public async Task<TicketFlagsState> GetAsync(string observatory, string code, CancellationToken ct)
    {
        var row = await Table.GetOrNullAsync(observatory, Key(code), ct);
        return row is null ? new TicketFlagsState { Code = code } : JsonRows.Read<TicketFlagsState>(row);
    }

    /// <summary>Applies <paramref name="change"/>; if it changed the flags, commits them with their index rows and <paramref name="activity"/>.</summary>
    public async Task<TicketFlagsState> ChangeAsync(
        string observatory, string code, Func<TicketFlags, bool> change, TableTransactionAction activity, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await Table.GetOrNullAsync(observatory, Key(code), ct);
            var before = row is null ? new TicketFlagsState { Code = code } : JsonRows.Read<TicketFlagsState>(row);
            var flags = new TicketFlags(before);
            if (!change(flags))
            {
                return before;
            }

            var after = flags.State;
            var data = JsonRows.Create(observatory, Key(code), after);
            var actions = new List<TableTransactionAction>
            {
                row is null ? new(TableTransactionActionType.Add, data) : new(TableTransactionActionType.UpdateReplace, data, row.ETag),
                activity,
            };
            foreach (var flag in Enum.GetValues<TicketFlag>().Where(f => before.Has(f) != after.Has(f)))
            {
                var index = new TableEntity(observatory, IndexPrefix(flag) + code) { ["Code"] = code };
                actions.Add(after.Has(flag)
                    ? new(TableTransactionActionType.UpsertReplace, index)
                    : new(TableTransactionActionType.Delete, index, ETag.All));
            }

            try
            {
                await Table.SubmitTransactionAsync(actions, ct);
                return after;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Someone flagged or restored the ticket meanwhile: read again and reapply.
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }

    /// <summary>Codes of tickets with the flag, in code order, one page from the cursor on.</summary>
    public async Task<(IReadOnlyList<string> Codes, string? NextCursor)> ListAsync(string observatory, TicketFlag flag, string? cursor, int limit, CancellationToken ct)
    {
        var prefix = IndexPrefix(flag);
        var codes = new List<string>();
        string? last = null;
        await foreach (var row in Table.QueryAsync<TableEntity>(PageCursor.PageFilter(observatory, prefix, cursor), maxPerPage: Math.Min(limit + 1, 1000), select: ["RowKey", "Code"], cancellationToken: ct))
        {
            if (codes.Count == limit)
            {
                return (codes, PageCursor.Encode(last!));
            }

            codes.Add(row.GetString("Code")!);
            last = row.RowKey;
        }

        return (codes, null);
    }

    private static string Key(string code) => "flag|" + code;

    private static string IndexPrefix(TicketFlag flag) => $"flagx|{EnumText.ToWire(flag)}|";
}
