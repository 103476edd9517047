using System.Globalization;
using System.Text;
using AstroBlob.Domain.Common;

namespace AstroBlob.Domain.Desk;

/// <summary>
/// Staff labels on a ticket. A tag is normalised so that the same word is one tag however it
/// was typed: Unicode-composed, trimmed, inner spaces collapsed, lower-case with its accents
/// kept ("Óptica " and "óptica" are one tag, "optica" is another).
/// </summary>
public static class TagRules
{
    public const int MaxLength = 40;
    public const int MaxPerTicket = 20;

    public static string Normalize(string? raw, string field = "tag")
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw DomainException.Invalid("required", $"'{field}' is required.").WithField(field);
        }

        var text = new StringBuilder(raw.Length);
        var space = false;
        foreach (var c in raw.Normalize(NormalizationForm.FormC).Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (!Allowed(c))
            {
                throw DomainException.Invalid("invalid_tag", $"'{field}' may contain only letters, digits, spaces, '-', '_' and '.'.").WithField(field);
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(char.ToLowerInvariant(c));
        }

        if (text.Length > MaxLength)
        {
            throw DomainException.Invalid("too_long", $"'{field}' must be at most {MaxLength} characters.").WithField(field);
        }

        return text.ToString();
    }

    private static bool Allowed(char c) =>
        char.IsLetterOrDigit(c)
        || c is '-' or '_' or '.'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}

/// <summary>The tags of one ticket, changed only through methods that keep them normalised and bounded.</summary>
public sealed class TicketTags(IEnumerable<string> tags)
{
    private readonly List<string> _tags = [.. tags];

    /// <summary>Sorted, so the stored set and the trail read the same however the tags were added.</summary>
    public IReadOnlyList<string> Tags => [.. _tags.Order(StringComparer.Ordinal)];

    /// <summary>Adds a tag; false when the ticket already has it (nothing to record).</summary>
    public bool Add(string normalizedTag)
    {
        if (_tags.Contains(normalizedTag, StringComparer.Ordinal))
        {
            return false;
        }

        if (_tags.Count >= TagRules.MaxPerTicket)
        {
            throw DomainException.Conflict("too_many_tags", $"A ticket can have at most {TagRules.MaxPerTicket} tags; remove one first.");
        }

        _tags.Add(normalizedTag);
        return true;
    }

    /// <summary>Removes a tag; false when the ticket does not have it.</summary>
    public bool Remove(string normalizedTag) =>
        _tags.RemoveAll(t => string.Equals(t, normalizedTag, StringComparison.Ordinal)) > 0;
}
