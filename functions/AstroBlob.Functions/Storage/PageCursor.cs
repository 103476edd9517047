using System.Text;
using AstroBlob.Functions.Http;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Storage;

/// <summary>An opaque list cursor: the last row key a page read (base64url), valid only for the list it came from.</summary>
public static class PageCursor
{
    public static string Encode(string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The row key, or a 400 <c>invalid_cursor</c> when the cursor is malformed or belongs to a list outside <paramref name="prefix"/>.</summary>
    public static string Decode(string cursor, string prefix, int maxLength = 400)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(prefix);
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - (b64.Length % 4)) % 4);
            var key = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length < maxLength)
            {
                return key;
            }
        }
        catch (FormatException)
        {
            // Falls through to the same refusal as a cursor of another list.
        }

        throw ApiException.BadRequest("invalid_cursor", "The cursor is malformed or belongs to a different list.", "cursor");
    }

    /// <summary>The rows of a list under <paramref name="prefix"/>, after the cursor's row when there is one.</summary>
    public static string PageFilter(string partition, string prefix, string? cursor)
    {
        var after = cursor is null ? null : Decode(cursor, prefix);
        return after is null
            ? JsonRows.PrefixFilter(partition, prefix)
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after} and RowKey lt {prefix + Keys.RangeEnd}");
    }
}
