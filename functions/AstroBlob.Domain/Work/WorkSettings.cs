namespace AstroBlob.Domain.Work;

/// <summary>
/// An observatory's terms for work: the currency its amounts are in and the hourly rate an
/// entry gets when none is given (null: time has no amount until someone prices it).
/// </summary>
public sealed record WorkSettings(string Currency, decimal? DefaultHourlyRate)
{
    public static readonly WorkSettings Default = new(Money.DefaultCurrency, null);

    public WorkSettings Validated() =>
        new(Money.Currency(Currency), TimeEntries.CheckedRate(DefaultHourlyRate, "defaultHourlyRate"));
}
