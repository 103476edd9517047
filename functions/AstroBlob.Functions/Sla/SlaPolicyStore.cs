using AstroBlob.Domain.People;
using AstroBlob.Domain.Sla;
using AstroBlob.Functions.Storage;

namespace AstroBlob.Functions.Sla;

/// <summary>
/// The observatory's SLA policy (the <c>sla</c> row of its Directory partition), or the
/// default for its time zone when the admin has not set one. Cached briefly: every ticket read
/// computes its light with it.
/// </summary>
public sealed class SlaPolicyStore(SettingsRows settings)
{
    private const string Row = "sla";

    public Task<SlaPolicy> GetAsync(Observatory observatory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(observatory);
        return settings.GetAsync<SlaPolicyDto, SlaPolicy>(observatory.Slug, Row, dto => dto.ToPolicy(), () => SlaPolicy.Default(observatory.TimeZone), ct);
    }

    /// <summary>Last writer wins: a policy is replaced as a whole by an admin.</summary>
    public Task SaveAsync(string observatory, SlaPolicy policy, CancellationToken ct) => settings.SaveAsync(observatory, Row, policy.ToDto(), ct);
}
