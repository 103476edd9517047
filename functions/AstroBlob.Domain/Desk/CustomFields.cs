using System.Globalization;
using System.Text.RegularExpressions;
using AstroBlob.Domain.Common;

namespace AstroBlob.Domain.Desk;

public enum CustomFieldKind
{
    Text,
    Number,
    Date,
    Choice,
}

/// <summary>
/// A field an observatory adds to its tickets (e.g. "Número de serie", "Fecha de la visita").
/// <see cref="Key"/> is what the API and stored values use; labels are what people read.
/// </summary>
public sealed record CustomFieldDefinition
{
    public required string Key { get; init; }
    public required string Label { get; init; }

    /// <summary>The English label; the Spanish one serves when absent.</summary>
    public string? LabelEn { get; init; }
    public required CustomFieldKind Kind { get; init; }

    /// <summary>The values a choice field accepts, in the order they are offered.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Whether the ticket's customer sees the value (staff always do).</summary>
    public bool CustomerVisible { get; init; }
}

/// <summary>An observatory's custom fields, looked up by key.</summary>
public sealed class CustomFieldSet(IReadOnlyList<CustomFieldDefinition> definitions)
{
    public static readonly CustomFieldSet Empty = new([]);

    public IReadOnlyList<CustomFieldDefinition> Definitions { get; } = definitions;

    public CustomFieldDefinition? Find(string key) => Definitions.FirstOrDefault(d => d.Key == key);
}

/// <summary>
/// Rules of custom fields: what a definition may be, and each kind's canonical text form of a
/// value, which is what a ticket stores (numbers with '.' and no exponent, dates yyyy-MM-dd,
/// choices spelled exactly as the option).
/// </summary>
public static partial class CustomFieldRules
{
    public const int MaxFields = 30;
    public const int KeyMax = 40;
    public const int LabelMax = 80;
    public const int MaxOptions = 50;
    public const int OptionMax = 80;
    public const int TextMax = 500;
    private const decimal NumberLimit = 1_000_000_000_000m;

    /// <summary>
    /// Checks and tidies a whole new set of definitions. A key keeps its kind once defined
    /// (<paramref name="previous"/>): values already stored would no longer fit another kind.
    /// </summary>
    public static IReadOnlyList<CustomFieldDefinition> Define(IReadOnlyList<CustomFieldDefinition> fields, CustomFieldSet previous)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(previous);
        if (fields.Count > MaxFields)
        {
            throw DomainException.Invalid("too_many_fields", $"An observatory can define at most {MaxFields} custom fields.").WithField("fields");
        }

        var result = new List<CustomFieldDefinition>(fields.Count);
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i] ?? throw DomainException.Invalid("required", "A field definition cannot be null.").WithField($"fields[{i}]");
            var path = $"fields[{i}]";
            var key = f.Key?.Trim() ?? string.Empty;
            if (!KeyPattern().IsMatch(key))
            {
                throw DomainException.Invalid("invalid_field_key", $"'key' must be 1-{KeyMax} characters: lower-case letters, digits and '_', starting with a letter.").WithField(path + ".key");
            }

            if (result.Exists(r => r.Key == key))
            {
                throw DomainException.Invalid("duplicate_field_key", $"The key '{key}' is defined twice.").WithField(path + ".key");
            }

            if (previous.Find(key) is { } before && before.Kind != f.Kind)
            {
                throw DomainException.Conflict("field_kind_changed", $"'{key}' is a {EnumText.ToWire(before.Kind)} field; tickets hold such values. Define a new key instead.");
            }

            var options = f.Options?.Select(o => o?.Trim() ?? string.Empty).ToList() ?? [];
            if (f.Kind == CustomFieldKind.Choice)
            {
                if (options.Count == 0 || options.Count > MaxOptions)
                {
                    throw DomainException.Invalid("invalid_options", $"A choice field needs 1 to {MaxOptions} options.").WithField(path + ".options");
                }

                if (options.Exists(o => o.Length == 0 || o.Length > OptionMax) || options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count)
                {
                    throw DomainException.Invalid("invalid_options", $"Options must be distinct, non-empty and at most {OptionMax} characters.").WithField(path + ".options");
                }
            }
            else if (options.Count > 0)
            {
                throw DomainException.Invalid("invalid_options", "Only choice fields have options.").WithField(path + ".options");
            }

            result.Add(new CustomFieldDefinition
            {
                Key = key,
                Label = Label(f.Label, path + ".label")!,
                LabelEn = string.IsNullOrWhiteSpace(f.LabelEn) ? null : Label(f.LabelEn, path + ".labelEn"),
                Kind = f.Kind,
                Options = options,
                CustomerVisible = f.CustomerVisible,
            });
        }

        return result;
    }

    /// <summary>The canonical text of <paramref name="raw"/> for the field; an empty text clears the value (null).</summary>
    public static string? Canonical(CustomFieldDefinition field, string raw)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(raw);
        var text = raw.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var path = "fields." + field.Key;
        switch (field.Kind)
        {
            case CustomFieldKind.Text:
                Validate.Length(path, text, TextMax);
                return text;
            case CustomFieldKind.Number:
                if (text.Length > 40 || !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                    || Math.Abs(number) >= NumberLimit)
                {
                    throw DomainException.Invalid("invalid_field_value", $"'{field.Key}' must be a number such as 12.5 (below {NumberLimit:0} in size).").WithField(path);
                }

                // Dividing by 1.000… drops trailing zeros, so 12.50 and 12.5 are one value.
                return (number / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
            case CustomFieldKind.Date:
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw DomainException.Invalid("invalid_field_value", $"'{field.Key}' must be a date as yyyy-MM-dd.").WithField(path);
                }

                return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case CustomFieldKind.Choice:
                return field.Options.FirstOrDefault(o => string.Equals(o, text, StringComparison.OrdinalIgnoreCase))
                    ?? throw DomainException.Invalid("invalid_field_value", $"'{field.Key}' must be one of: {string.Join(", ", field.Options)}.").WithField(path);
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field.Kind, "Unknown field kind.");
        }
    }

    private static string? Label(string? label, string path)
    {
        var text = label?.Trim();
        Validate.Required(path, text, LabelMax);
        return text;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
