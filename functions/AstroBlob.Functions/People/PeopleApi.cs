using AstroBlob.Domain.People;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.People;

/// <summary>Staff and customers of an observatory. Admins manage them; technicians may read them.</summary>
public static class PeopleApi
{
    public static RouteGroupBuilder MapPeopleApi(this RouteGroupBuilder observatory)
    {
        var staff = observatory.MapGroup("/staff").WithTags("People").RequireAuthorization(Policies.Staff);
        staff.MapGet("/", ListStaffAsync).WithSummary("Staff of the observatory.");
        staff.MapPost("/", CreateStaffAsync).RequireAuthorization(Policies.Admin).Accepts<CreateStaffRequest>("application/json").WithSummary("Add an admin or technician (admins).");
        staff.MapPatch("/{id}", PatchStaffAsync).RequireAuthorization(Policies.Admin).Accepts<PatchPersonRequest>("application/json").WithSummary("Change a staff member (admins).");

        var customers = observatory.MapGroup("/customers").WithTags("People").RequireAuthorization(Policies.Staff);
        customers.MapGet("/", ListCustomersAsync).WithSummary("Customer accounts.");
        customers.MapGet("/{id}", GetCustomerAsync).WithSummary("A customer with its contacts and telescopes.");
        customers.MapPost("/", CreateCustomerAsync).RequireAuthorization(Policies.Admin).Accepts<CustomerRequest>("application/json").WithSummary("Add a customer (admins).");
        customers.MapPatch("/{id}", PatchCustomerAsync).RequireAuthorization(Policies.Admin).Accepts<CustomerRequest>("application/json").WithSummary("Change a customer (admins).");
        customers.MapPost("/{id}/contacts", AddContactAsync).RequireAuthorization(Policies.Admin).Accepts<CreateContactRequest>("application/json").WithSummary("Add a contact who can sign in to the portal (admins).");
        customers.MapPatch("/{id}/contacts/{userId}", PatchContactAsync).RequireAuthorization(Policies.Admin).Accepts<PatchPersonRequest>("application/json").WithSummary("Change a contact, e.g. company-wide visibility (admins).");
        return observatory;
    }

    private static async Task<Ok<List<PersonDto>>> ListStaffAsync(Tenant tenant, DirectoryStore directory, CancellationToken ct) =>
        TypedResults.Ok((await directory.ListUsersAsync(tenant.Slug, ct)).Where(u => u.Role != Role.Customer).OrderBy(u => u.Name, StringComparer.CurrentCulture).Select(u => u.ToDto()).ToList());

    private static async Task<Created<PersonDto>> CreateStaffAsync(Tenant tenant, HttpRequest request, PeopleService people, CancellationToken ct)
    {
        var user = await people.CreateStaffAsync(tenant.Slug, await RequestBody.ReadAsync<CreateStaffRequest>(request, ct), ct);
        return TypedResults.Created($"/api/o/{tenant.Slug}/staff/{user.Id}", user.ToDto());
    }

    private static async Task<Ok<PersonDto>> PatchStaffAsync(Tenant tenant, string id, HttpRequest request, PeopleService people, CancellationToken ct) =>
        TypedResults.Ok((await people.PatchPersonAsync(tenant.Slug, id, await RequestBody.ReadAsync<PatchPersonRequest>(request, ct), staffList: true, ct)).ToDto());

    private static async Task<Ok<List<CustomerDto>>> ListCustomersAsync(Tenant tenant, DirectoryStore directory, CancellationToken ct) =>
        TypedResults.Ok((await directory.ListCustomersAsync(tenant.Slug, ct)).OrderBy(c => c.Name, StringComparer.CurrentCulture).Select(c => c.ToDto()).ToList());

    private static async Task<Ok<CustomerDetailDto>> GetCustomerAsync(Tenant tenant, string id, DirectoryStore directory, CancellationToken ct)
    {
        var (customer, _) = await directory.GetCustomerAsync(tenant.Slug, id, ct) ?? throw ApiException.NotFound("customer");
        var contacts = await directory.ListContactsAsync(tenant.Slug, id, ct);
        var telescopes = await directory.ListTelescopesAsync(tenant.Slug, id, ct);
        return TypedResults.Ok(new CustomerDetailDto(customer.ToDto(), contacts.Select(c => c.ToDto()).ToList(), telescopes.Select(t => t.ToDto()).ToList()));
    }

    private static async Task<Created<CustomerDto>> CreateCustomerAsync(Tenant tenant, HttpRequest request, PeopleService people, CancellationToken ct)
    {
        var customer = await people.SaveCustomerAsync(tenant.Slug, null, await RequestBody.ReadAsync<CustomerRequest>(request, ct), ct);
        return TypedResults.Created($"/api/o/{tenant.Slug}/customers/{customer.Id}", customer.ToDto());
    }

    private static async Task<Ok<CustomerDto>> PatchCustomerAsync(Tenant tenant, string id, HttpRequest request, PeopleService people, CancellationToken ct) =>
        TypedResults.Ok((await people.SaveCustomerAsync(tenant.Slug, id, await RequestBody.ReadAsync<CustomerRequest>(request, ct), ct)).ToDto());

    private static async Task<Created<PersonDto>> AddContactAsync(Tenant tenant, string id, HttpRequest request, PeopleService people, CancellationToken ct)
    {
        var user = await people.AddContactAsync(tenant.Slug, id, await RequestBody.ReadAsync<CreateContactRequest>(request, ct), ct);
        return TypedResults.Created($"/api/o/{tenant.Slug}/customers/{id}/contacts/{user.Id}", user.ToDto());
    }

    private static async Task<Ok<PersonDto>> PatchContactAsync(Tenant tenant, string id, string userId, HttpRequest request, DirectoryStore directory, PeopleService people, CancellationToken ct)
    {
        var found = await directory.GetUserAsync(tenant.Slug, userId, ct);
        if (found?.User.CustomerId != id)
        {
            throw ApiException.NotFound("person");
        }

        return TypedResults.Ok((await people.PatchPersonAsync(tenant.Slug, userId, await RequestBody.ReadAsync<PatchPersonRequest>(request, ct), staffList: false, ct)).ToDto());
    }
}
