using AstroBlob.Domain.Desk;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Desk;

public sealed record CustomFieldListDto(IReadOnlyList<CustomFieldDefinition> Fields);

/// <summary>
/// The observatory's custom ticket fields (the <c>fields</c> row of its Directory partition),
/// replaced as a whole by an admin. Cached briefly: every ticket view reads them.
/// </summary>
public sealed class CustomFieldStore(SettingsRows settings)
{
    private const string Row = "fields";

    public Task<CustomFieldSet> GetAsync(string observatory, CancellationToken ct) =>
        settings.GetAsync<CustomFieldListDto, CustomFieldSet>(observatory, Row, d => new CustomFieldSet(d.Fields), () => CustomFieldSet.Empty, ct);

    public Task SaveAsync(string observatory, IReadOnlyList<CustomFieldDefinition> fields, CancellationToken ct) =>
        settings.SaveAsync(observatory, Row, new CustomFieldListDto(fields), ct);
}

/// <summary>
/// Custom fields per observatory: text, number, date or choice. Values are set on a ticket with
/// <c>PATCH /tickets/{code}</c> and <c>"fields": {"key": value}</c> (staff); customers see the
/// values of the fields marked <c>customerVisible</c>.
/// </summary>
public static class CustomFieldsApi
{
    public static RouteGroupBuilder MapCustomFieldsApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/fields").WithTags("Desk").RequireAuthorization();
        group.MapGet("/", GetAsync).WithSummary("The observatory's custom ticket fields (customers: those they see).");
        group.MapPut("/", PutAsync).Accepts<CustomFieldListDto>("application/json")
            .WithSummary("Replace the custom fields (admins). A key keeps its kind; a removed field's values stay on tickets, hidden, and come back with it.");
        return observatory;
    }

    private static async Task<Ok<CustomFieldListDto>> GetAsync(Tenant tenant, Caller caller, CustomFieldStore store, CancellationToken ct)
    {
        var fields = (await store.GetAsync(tenant.Slug, ct)).Definitions;
        return TypedResults.Ok(new CustomFieldListDto([.. fields.Where(f => caller.IsStaff || f.CustomerVisible)]));
    }

    private static async Task<Ok<CustomFieldListDto>> PutAsync(Tenant tenant, Caller caller, HttpRequest request, CustomFieldStore store, CancellationToken ct)
    {
        caller.EnsureAdmin("define custom fields");
        var body = await RequestBody.ReadAsync<CustomFieldListDto>(request, ct);
        var fields = CustomFieldRules.Define(body.Fields ?? [], await store.GetAsync(tenant.Slug, ct));
        await store.SaveAsync(tenant.Slug, fields, ct);
        return TypedResults.Ok(new CustomFieldListDto(fields));
    }
}
