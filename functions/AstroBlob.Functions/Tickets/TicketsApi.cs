using System.Security.Cryptography;
using System.Text.Json;
using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using AstroBlob.Functions.Desk;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Storage;
using AstroBlob.Domain.Sla;
using AstroBlob.Functions.Sla;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Tickets;

public static class TicketsApi
{
    public static RouteGroupBuilder MapTicketsApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/tickets").WithTags("Tickets").RequireAuthorization();
        group.MapPost("/", CreateAsync).Accepts<CreateTicketRequest>("application/json")
            .WithSummary("Open a ticket (customers for themselves, staff on behalf of a customer). Honours Idempotency-Key.");
        group.MapGet("/", ListAsync).WithSummary("List tickets, newest first, with filters and cursor paging. A customer sees the tickets they opened or are copied on (Cc), a company-wide contact all of their company's.");
        group.MapGet("/{code}", GetAsync).WithSummary("One ticket; its ETag is in the ETag header.");
        group.MapPatch("/{code}", PatchAsync).Accepts<PatchTicketRequest>("application/json")
            .WithSummary("Change fields; requires If-Match with the ticket's ETag.");
        group.MapGet("/{code}/activity", ActivityAsync).WithSummary("The audit trail: who changed what, when.");
        group.MapPost("/{code}/signoff", SignOffAsync).WithSummary("The customer accepts a finished ticket (VoBo): closed for good.");
        group.MapPost("/{code}/escalate", EscalateAsync).Accepts<EscalateRequest>("application/json")
            .WithSummary("Escalate to a higher support level by hand (staff).");
        group.MapPost("/{code}/reopen", ReopenAsync).Accepts<ReopenRequest>("application/json")
            .WithSummary("The customer rejects a finished ticket, saying why.");
        return observatory;
    }

    private static async Task<Results<Created<TicketDto>, Ok<TicketDto>>> CreateAsync(
        Tenant tenant, Caller caller, HttpRequest request, HttpResponse response,
        TicketService tickets, TicketViews views, CancellationToken ct)
    {
        var keyHash = IdempotencyKey.HashFor(request, caller.UserId);
        request.EnableBuffering();
        var body = await RequestBody.ReadAsync<CreateTicketRequest>(request, ct);
        request.Body.Position = 0;
        var bodyHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(request.Body, ct));

        var claim = keyHash is null ? null : new IdempotencyClaim(keyHash, bodyHash);
        var (ticket, etag, replayed) = await tickets.CreateAsync(tenant, caller.Actor, body, claim, ct);
        response.Headers.ETag = etag.ToString();
        var dto = await views.DtoAsync(tenant, caller.Actor, ticket, ct);
        var location = $"/api/o/{tenant.Slug}/tickets/{ticket.Code}";
        if (replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
            response.Headers.Location = location;
            return TypedResults.Ok(dto);
        }

        return TypedResults.Created(location, dto);
    }

    private static async Task<Ok<TicketListDto>> ListAsync(
        Tenant tenant, Caller caller, HttpRequest request, TicketStore store, TicketViews views, SlaPolicyStore policies, TimeProvider clock, CancellationToken ct)
    {
        var policy = await policies.GetAsync(tenant.Observatory, ct);
        var now = clock.GetUtcNow();
        var light = QueryParams.Enum<SlaLight>(request, "light");
        var atRisk = QueryParams.Bool(request, "atRisk");
        SlaLight LightOf(TicketState t) => t.Sla is null ? SlaLight.None : SlaMachine.Read(t.Sla, policy, now).Light;
        var query = new TicketQuery
        {
            Status = QueryParams.Enum<TicketStatus>(request, "status"),
            Priority = QueryParams.Enum<TicketPriority>(request, "priority"),
            Type = QueryParams.Enum<TicketType>(request, "type"),
            Assignee = QueryParams.Text(request, "assignee") is TicketQuery.Unassigned ? TicketQuery.Unassigned : QueryParams.Id(request, "assignee"),
            CustomerId = QueryParams.Id(request, "customerId"),
            TelescopeId = QueryParams.Id(request, "telescopeId"),
            ExternalRef = QueryParams.Text(request, "externalRef", Limits.ExternalRefMax),
            Text = QueryParams.Text(request, "q"),
            Active = QueryParams.Bool(request, "active"),
            Level = QueryParams.Text(request, "level") is null ? null : QueryParams.Int(request, "level", 1, Ticket.MinSupportLevel, Ticket.MaxSupportLevel),
            WaitingOn = QueryParams.Enum<WaitingOn>(request, "waitingOn"),
            Responsible = QueryParams.Id(request, "responsible"),
            Tag = QueryParams.Text(request, "tag", 200) is { } tag ? TagFilter(tag) : null,
            Flag = QueryParams.Enum<TicketFlag>(request, "flag"),
            CreatedFrom = QueryParams.Instant(request, "createdFrom"),
            CreatedBefore = QueryParams.Instant(request, "createdTo"),
            Cursor = QueryParams.Text(request, "cursor", 400),
            Limit = QueryParams.Int(request, "limit", 25, 1, 100),
            Also = light is null && atRisk is null ? null : t =>
            {
                var current = LightOf(t);
                return (light is null || current == light)
                    && (atRisk is null || (current is SlaLight.Yellow or SlaLight.Red) == atRisk);
            },
        };
        if (!caller.IsStaff && (query.Tag is not null || query.Flag is not null || query.Level is not null || query.Responsible is not null || query.ExternalRef is not null))
        {
            // Tags, flags, support level, responsible and provider reference are staff business:
            // to a customer no ticket has them (filtering by them must not reveal them either).
            return TypedResults.Ok(new TicketListDto([], null));
        }

        var page = await store.ListAsync(tenant.Slug, query, caller.Actor, ct);
        return TypedResults.Ok(new TicketListDto(await views.ListAsync(tenant, caller.Actor, page.Items, ct), page.NextCursor));
    }

    /// <summary>A tag filter, normalised like a typed tag; one that cannot be a tag matches nothing rather than failing.</summary>
    internal static string TagFilter(string tag)
    {
        try
        {
            return TagRules.Normalize(tag);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid)
        {
            throw ApiException.BadRequest("invalid_query", "'tag' is not a valid tag.", "tag");
        }
    }

    private static async Task<Ok<TicketDto>> GetAsync(Tenant tenant, Caller caller, string code, HttpResponse response, TicketService tickets, TicketViews views, CancellationToken ct)
    {
        var (ticket, etag) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        return await views.OkAsync(tenant, caller, ticket, etag, response, ct);
    }

    private static async Task<Ok<TicketDto>> EscalateAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, HttpResponse response, TicketService tickets, TicketViews views, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<EscalateRequest>(request, ct);
        var (ticket, etag) = await tickets.EscalateAsync(tenant, caller.Actor, code, body.Level, ct);
        return await views.OkAsync(tenant, caller, ticket, etag, response, ct);
    }

    private static async Task<Ok<TicketDto>> PatchAsync(
        Tenant tenant, Caller caller, string code, HttpRequest request, HttpResponse response, TicketService tickets, TicketViews views, CancellationToken ct)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            throw new ApiException(428, "precondition_required", "Send If-Match with the ETag you read, so that you do not overwrite someone else's change.");
        }

        var (body, raw) = await RequestBody.ReadWithShapeAsync<PatchTicketRequest>(request, ct);
        var (ticket, etag) = await tickets.PatchAsync(tenant, caller.Actor, code, ToPatch(body, raw), FieldValues(body.Fields), new Azure.ETag(ifMatch), ct);
        return await views.OkAsync(tenant, caller, ticket, etag, response, ct);
    }

    private static async Task<Ok<List<ActivityDto>>> ActivityAsync(Tenant tenant, Caller caller, string code, TicketService tickets, TicketStore store, CancellationToken ct)
    {
        var (ticket, _) = await tickets.GetVisibleAsync(tenant, caller.Actor, code, ct);
        var entries = await store.ListActivityAsync(tenant.Slug, ticket.Code, ct);
        return TypedResults.Ok(entries.ForViewer(caller.Actor).ToList());
    }

    private static async Task<Ok<TicketDto>> SignOffAsync(Tenant tenant, Caller caller, string code, HttpResponse response, TicketService tickets, TicketViews views, CancellationToken ct)
    {
        var (ticket, etag) = await tickets.SignOffAsync(tenant, caller.Actor, code, ct);
        return await views.OkAsync(tenant, caller, ticket, etag, response, ct);
    }

    private static async Task<Ok<TicketDto>> ReopenAsync(Tenant tenant, Caller caller, string code, HttpRequest request, HttpResponse response, TicketService tickets, TicketViews views, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync<ReopenRequest>(request, ct);
        var (ticket, etag) = await tickets.ReopenAsync(tenant, caller.Actor, code, body.Message, ct);
        return await views.OkAsync(tenant, caller, ticket, etag, response, ct);
    }

    /// <summary>Custom field values as text: strings as they are, numbers in their JSON spelling, null to clear.</summary>
    private static Dictionary<string, string?>? FieldValues(IReadOnlyDictionary<string, JsonElement>? fields)
    {
        if (fields is null)
        {
            return null;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            values[key] = value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => throw ApiException.BadRequest("invalid_field_value", $"'fields.{key}' must be a string, a number or null.", "fields." + key),
            };
        }

        return values;
    }

    /// <summary>Which fields the client sent decides what changes; an explicit null clears a clearable field.</summary>
    private static TicketPatch ToPatch(PatchTicketRequest b, JsonElement raw)
    {
        bool Has(string name) => raw.TryGetProperty(name, out _);
        T Required<T>(string name, T? value) where T : struct =>
            value ?? throw ApiException.BadRequest("invalid_field", $"'{name}' cannot be null.", name);
        string RequiredText(string name, string? value) =>
            value ?? throw ApiException.BadRequest("invalid_field", $"'{name}' cannot be null.", name);

        return new TicketPatch
        {
            Title = Has("title") ? RequiredText("title", b.Title) : default(Optional<string>),
            Description = Has("description") ? b.Description ?? string.Empty : default(Optional<string>),
            Type = Has("type") ? Required("type", b.Type) : default(Optional<TicketType>),
            Priority = Has("priority") ? Required("priority", b.Priority) : default(Optional<TicketPriority>),
            Status = Has("status") ? Required("status", b.Status) : default(Optional<TicketStatus>),
            Assignees = Has("assignees") ? new Optional<IReadOnlyList<string>>(true, b.Assignees ?? []) : default,
            Cc = Has("cc") ? new Optional<IReadOnlyList<string>>(true, b.Cc ?? []) : default,
            ResponsibleId = Has("responsibleId") ? new Optional<string?>(true, b.ResponsibleId) : default,
            SupportLevel = Has("supportLevel") ? Required("supportLevel", b.SupportLevel) : default(Optional<int>),
            WaitingOn = Has("waitingOn") ? Required("waitingOn", b.WaitingOn) : default(Optional<WaitingOn>),
            ExternalRef = Has("externalRef") ? new Optional<string?>(true, b.ExternalRef) : default,
            Billable = Has("billable") ? Required("billable", b.Billable) : default(Optional<bool>),
            TelescopeId = Has("telescopeId") ? new Optional<string?>(true, b.TelescopeId) : default,
        };
    }
}

/// <summary>Maps tickets to what the caller sees, with their SLA as of now and the observatory's custom fields.</summary>
public sealed class TicketViews(SlaPolicyStore policies, CustomFieldStore fields, TimeProvider clock)
{
    public async Task<SlaView?> SlaAsync(Tenant tenant, TicketState ticket, CancellationToken ct) =>
        ticket.Sla is null ? null : SlaMachine.Read(ticket.Sla, await policies.GetAsync(tenant.Observatory, ct), clock.GetUtcNow());

    public async Task<TicketDto> DtoAsync(Tenant tenant, Actor viewer, TicketState ticket, CancellationToken ct) =>
        ticket.ToDto(viewer, await SlaAsync(tenant, ticket, ct), await fields.GetAsync(tenant.Slug, ct));

    /// <summary>List items (without descriptions), reading the policy and the fields once for all.</summary>
    public async Task<List<TicketDto>> ListAsync(Tenant tenant, Actor viewer, IEnumerable<TicketState> tickets, CancellationToken ct)
    {
        var policy = await policies.GetAsync(tenant.Observatory, ct);
        var set = await fields.GetAsync(tenant.Slug, ct);
        var now = clock.GetUtcNow();
        return [.. tickets.Select(t => t.ToDto(viewer, t.Sla is null ? null : SlaMachine.Read(t.Sla, policy, now), set, withDescription: false))];
    }

    public async Task<Ok<TicketDto>> OkAsync(Tenant tenant, Caller caller, TicketState ticket, Azure.ETag etag, HttpResponse response, CancellationToken ct)
    {
        response.Headers.ETag = etag.ToString();
        return TypedResults.Ok(await DtoAsync(tenant, caller.Actor, ticket, ct));
    }
}
