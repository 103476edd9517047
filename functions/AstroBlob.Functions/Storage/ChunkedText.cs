using System.Text;
using Azure.Data.Tables;

namespace AstroBlob.Functions.Storage;

/// <summary>
/// Long text across several properties: a Table string property holds at most 64 KiB of
/// UTF-16 (32K chars), while a message may be 64,000 characters. The entity limit (1 MiB) is
/// the real bound.
/// </summary>
public static class ChunkedText
{
    private const int ChunkChars = 30_000;

    public static void Write(TableEntity entity, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        for (var i = 0; i < text.Length || count == 0; i += ChunkChars)
        {
            entity[$"{name}{count}"] = text.Substring(i, Math.Min(ChunkChars, text.Length - i));
            count++;
        }

        entity[$"{name}Chunks"] = count;
    }

    public static string Read(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var count = entity.GetInt32($"{name}Chunks") ?? 0;
        if (count == 1)
        {
            return entity.GetString($"{name}0") ?? string.Empty;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            sb.Append(entity.GetString($"{name}{i}"));
        }

        return sb.ToString();
    }
}
