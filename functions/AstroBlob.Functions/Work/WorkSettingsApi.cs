using AstroBlob.Domain.Work;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Work;

public sealed record WorkSettingsDto(string Currency, decimal? DefaultHourlyRate = null);

/// <summary>
/// The observatory's currency and default hourly rate (the <c>work</c> row of its Directory
/// partition), or EUR without a rate. Cached briefly: every new entry reads them.
/// </summary>
public sealed class WorkSettingsStore(SettingsRows settings)
{
    private const string Row = "work";

    public Task<WorkSettings> GetAsync(string observatory, CancellationToken ct) =>
        settings.GetAsync<WorkSettingsDto, WorkSettings>(observatory, Row, d => d.ToSettings(), () => WorkSettings.Default, ct);

    /// <summary>
    /// Last writer wins: settings are replaced as a whole by an admin. Entries already made keep
    /// the currency and rate they were made with.
    /// </summary>
    public Task SaveAsync(string observatory, WorkSettings value, CancellationToken ct) => settings.SaveAsync(observatory, Row, value.ToDto(), ct);
}

public static class WorkSettingsApi
{
    public static RouteGroupBuilder MapWorkSettingsApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/settings/work").WithTags("Work").RequireAuthorization().AdminOnly();
        group.MapGet("/", GetAsync).WithSummary("The currency of amounts and the default hourly rate of new time entries (admins).");
        group.MapPut("/", PutAsync).Accepts<WorkSettingsDto>("application/json")
            .WithSummary("Replace them (admins). Entries already made keep their currency and rate.");
        return observatory;
    }

    private static async Task<Ok<WorkSettingsDto>> GetAsync(Tenant tenant, WorkSettingsStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.GetAsync(tenant.Slug, ct)).ToDto());

    private static async Task<Ok<WorkSettingsDto>> PutAsync(Tenant tenant, HttpRequest request, WorkSettingsStore store, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<WorkSettingsDto>(request, ct);
        var settings = body.ToSettings().Validated();
        await store.SaveAsync(tenant.Slug, settings, ct);
        return TypedResults.Ok(settings.ToDto());
    }

    internal static WorkSettingsDto ToDto(this WorkSettings s) => new(s.Currency, s.DefaultHourlyRate);

    internal static WorkSettings ToSettings(this WorkSettingsDto d) => new(d.Currency, d.DefaultHourlyRate);
}
