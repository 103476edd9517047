using System.Globalization;
using AstroBlob.Domain.Common;

namespace AstroBlob.Domain.Work;

/// <summary>
/// Money is a <see cref="decimal"/> in a currency, rounded to cents half away from zero (how
/// invoices round). Every amount is rounded once, per line; totals are sums of rounded lines,
/// so a total always equals the sum of the lines a customer is shown.
/// </summary>
public static class Money
{
    public const string DefaultCurrency = "EUR";

    /// <summary>To cents, always with two decimals (12.5 becomes 12.50), so JSON and CSV show them.</summary>
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;

    /// <summary>What a number of minutes costs at an hourly rate; null when there is no rate.</summary>
    public static decimal? ForMinutes(decimal? hourlyRate, long minutes) =>
        hourlyRate is { } rate ? Round(rate * minutes / 60m) : null;

    public static decimal ForQuantity(decimal unitPrice, decimal quantity) => Round(unitPrice * quantity);

    /// <summary>An ISO 4217 code: three upper-case letters.</summary>
    public static string Currency(string? code, string field = "currency")
    {
        if (code is not { Length: 3 } || !code.All(c => c is >= 'A' and <= 'Z'))
        {
            throw DomainException.Invalid("invalid_currency", $"'{field}' must be an ISO 4217 code of three capital letters, e.g. EUR.").WithField(field);
        }

        return code;
    }

    /// <summary>Refuses a number outside [min, max] or with more decimals than allowed.</summary>
    public static decimal Checked(string field, decimal value, decimal min, decimal max, int decimals, bool minExclusive = false)
    {
        if (value < min || (minExclusive && value == min) || value > max)
        {
            var lower = minExclusive ? $"more than {Text(min)}" : $"at least {Text(min)}";
            throw DomainException.Invalid("out_of_range", $"'{field}' must be {lower} and at most {Text(max)}.").WithField(field);
        }

        if (Math.Round(value, decimals) != value)
        {
            throw DomainException.Invalid("too_many_decimals", $"'{field}' may have at most {decimals} decimals.").WithField(field);
        }

        return value;
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Sums of rounded lines in one currency, billable and not.</summary>
public sealed record MoneyTotal(string Currency, decimal Billable, decimal NonBillable)
{
    public decimal Total => Billable + NonBillable;

    /// <summary>Sums per currency, in currency order; lines without an amount add nothing.</summary>
    public static IReadOnlyList<MoneyTotal> Sum(IEnumerable<(string Currency, bool Billable, decimal? Amount)> lines) =>
        [.. lines
            .GroupBy(l => l.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MoneyTotal(
                g.Key,
                g.Where(l => l.Billable).Sum(l => l.Amount ?? 0m) + 0.00m,
                g.Where(l => !l.Billable).Sum(l => l.Amount ?? 0m) + 0.00m))];
}
