using System.Security.Cryptography;
using System.Text;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Integration;

public sealed record IntegrationTelescopeRequest
{
    public required string Name { get; init; }
    public required string CustomerExternalId { get; init; }
    public string? Model { get; init; }
    public string? Mount { get; init; }
    public string? Camera { get; init; }
    public string? Location { get; init; }
    public Domain.People.TelescopeStatus? Status { get; init; }
}

/// <summary>
/// The hosting platform keeps customers and telescopes in step by its own ids, authenticated
/// with the observatory's integration key (header <c>X-Integration-Key</c>).
/// </summary>
public static class IntegrationApi
{
    public static RouteGroupBuilder MapIntegrationApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/integration").WithTags("Integration").AllowAnonymous()
            .AddEndpointFilter(async (context, next) =>
            {
                var tenant = await Tenant.BindAsync(context.HttpContext);
                var key = context.HttpContext.Request.Headers["X-Integration-Key"].ToString();
                var expected = tenant!.Observatory.IntegrationKeyHash;
                if (key.Length == 0 || expected is null
                    || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ObservatoryApi.HashKey(key)), Encoding.ASCII.GetBytes(expected)))
                {
                    throw new ApiException(401, "invalid_integration_key", "Send this observatory's integration key in X-Integration-Key.");
                }

                return await next(context);
            });
        group.MapPut("/customers/{externalId}", UpsertCustomerAsync).Accepts<CustomerRequest>("application/json")
            .WithSummary("Create or update a customer by the platform's id.");
        group.MapPut("/telescopes/{externalId}", UpsertTelescopeAsync).Accepts<IntegrationTelescopeRequest>("application/json")
            .WithSummary("Create or update a telescope by the platform's id, owned by a customer given by the platform's id.");
        return observatory;
    }

    private static async Task<Ok<CustomerDto>> UpsertCustomerAsync(Tenant tenant, string externalId, HttpRequest request, DirectoryStore directory, PeopleService people, CancellationToken ct)
    {
        externalId = CheckExternalId(externalId);
        var body = await RequestBody.ReadAsync<CustomerRequest>(request, ct);
        var id = await directory.FindCustomerIdByExternalIdAsync(tenant.Slug, externalId, ct);
        var customer = await people.SaveCustomerAsync(tenant.Slug, id, body with { ExternalId = externalId }, ct);
        return TypedResults.Ok(customer.ToDto());
    }

    private static async Task<Ok<TelescopeDto>> UpsertTelescopeAsync(Tenant tenant, string externalId, HttpRequest request, DirectoryStore directory, PeopleService people, CancellationToken ct)
    {
        externalId = CheckExternalId(externalId);
        var body = await RequestBody.ReadAsync<IntegrationTelescopeRequest>(request, ct);
        var customerId = await directory.FindCustomerIdByExternalIdAsync(tenant.Slug, body.CustomerExternalId, ct)
            ?? throw ApiException.BadRequest("unknown_customer", "No customer has that 'customerExternalId'; upsert the customer first.", "customerExternalId");
        var id = await directory.FindTelescopeIdByExternalIdAsync(tenant.Slug, externalId, ct);
        var telescope = await people.SaveTelescopeAsync(tenant.Slug, id, new TelescopeRequest
        {
            Name = body.Name,
            CustomerId = customerId,
            Model = body.Model,
            Mount = body.Mount,
            Camera = body.Camera,
            Location = body.Location,
            Status = body.Status,
            ExternalId = externalId,
        }, ct);
        return TypedResults.Ok(telescope.ToDto());
    }

    /// <summary>
    /// Routing decodes every escape in a path segment except %2F (so that it cannot split the
    /// path); an external id may contain '/', so that one is decoded here.
    /// </summary>
    private static string CheckExternalId(string raw)
    {
        var externalId = raw.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (externalId.Length is 0 or > 100 || externalId.Any(char.IsControl))
        {
            throw ApiException.BadRequest("invalid_external_id", "The external id must be 1 to 100 printable characters.", "externalId");
        }

        return externalId;
    }
}
