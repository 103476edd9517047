using AstroBlob.Domain.Common;
using AstroBlob.Domain.Tickets;
using AstroBlob.Domain.Work;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Sla;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AstroBlob.Functions.Work;

public sealed record WorkReportRowDto(
    string? Key,
    string? Name,
    string Currency,
    long BillableMinutes,
    long NonBillableMinutes,
    long UnpricedBillableMinutes,
    decimal TimeBillable,
    decimal TimeNonBillable,
    decimal CostsBillable,
    decimal CostsNonBillable,
    decimal BillableTotal,
    decimal NonBillableTotal);

public sealed record WorkReportDto(
    DateOnly From, DateOnly To, string TimeZone, ReportDimension By, IReadOnlyList<WorkReportRowDto> Rows, IReadOnlyList<WorkReportRowDto> Totals);

public sealed record SlaReportRowDto(
    string? Key,
    string? Name,
    int Tickets,
    int Met,
    int Breached,
    int Pending,
    int Cancelled,
    int FirstResponseBreached,
    int ResolutionBreached,
    decimal? MetShare,
    decimal? BreachedShare,
    decimal? MeanFirstResponseMinutes,
    decimal? MeanResolutionMinutes);

public sealed record WeeklyReportDto(DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<WeeklyRow> Items);

public sealed record SlaReportDto(
    DateOnly From, DateOnly To, string TimeZone, ReportDimension By, IReadOnlyList<SlaReportRowDto> Rows, SlaReportRowDto Total);

public sealed record WorkLineDto(
    WorkLineKind Kind,
    string Id,
    DateOnly Date,
    DateTimeOffset? StartedAt,
    string TicketCode,
    string? TicketTitle,
    string? CustomerId,
    string? CustomerName,
    string? TelescopeId,
    string? TelescopeName,
    TicketType? TicketType,
    string TechnicianId,
    string TechnicianName,
    string Text,
    long? Minutes,
    decimal? Quantity,
    decimal? UnitPrice,
    bool Billable,
    string Currency,
    decimal? Amount);

public sealed record WorkLinesDto(DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<WorkLineDto> Items);

/// <summary>
/// Admin reports over <c>[from, to)</c>, local dates in the observatory's time zone, as JSON or
/// (<c>?format=csv</c>) as a spreadsheet file. CSV is written for Spanish spreadsheets (<c>;</c>,
/// decimal comma) unless <c>?locale=en</c> or the observatory's language is English; see
/// <see cref="CsvDialect"/>. Column names are stable codes, like the JSON fields.
/// </summary>
public static class WorkReportsApi
{
    public static RouteGroupBuilder MapWorkReportsApi(this RouteGroupBuilder observatory)
    {
        var group = observatory.MapGroup("/reports").WithTags("Reports").RequireAuthorization().AdminOnly();
        group.MapGet("/work", WorkAsync)
            .WithSummary("Time and money per customer, telescope, technician or ticket type (?by=): work attributed by its local start date. ?format=csv for a spreadsheet.");
        group.MapGet("/sla", SlaAsync)
            .WithSummary("SLA compliance of the tickets opened in the period, by the same cuts: met and breached shares, mean first response and resolution.");
        group.MapGet("/lines", LinesAsync)
            .WithSummary("Every time entry, product and expense of the period with its ticket, customer and telescope: the detail behind /work.");
        group.MapGet("/weekly", WeeklyAsync)
            .WithSummary("Per week (Monday, local time) of the period: tickets opened, finished, and of those finished how many met or breached their SLA. ?format=csv.");
        return observatory;
    }

    private static async Task<Results<Ok<WeeklyReportDto>, FileContentHttpResult>> WeeklyAsync(
        Tenant tenant, Caller caller, HttpRequest request, WorkReports reports, Tickets.TicketStore tickets, SlaPolicyStore policies, TimeProvider clock, CancellationToken ct)
    {
        var (period, _, csv) = Parse(tenant, request, withDimension: false);
        var opened = await reports.TicketsOpenedAsync(tenant, caller.Actor, period, ct);
        var finished = await tickets.ListFinishedAsync(tenant.Slug, period.Start, period.End, ct);
        var rows = WeeklyReport.Build(period, opened, finished, await policies.GetAsync(tenant.Observatory, ct), clock.GetUtcNow());
        if (csv is null)
        {
            return TypedResults.Ok(new WeeklyReportDto(period.From, period.To, period.TimeZone, rows));
        }

        return File(csv, "weekly", period, Header("week_start", "opened", "finished", "sla_met", "sla_breached"),
            rows.Select(r => (IReadOnlyList<CsvCell>)
                [CsvCell.Of(r.WeekStart), CsvCell.Of((long)r.Opened), CsvCell.Of((long)r.Finished), CsvCell.Of((long)r.SlaMet), CsvCell.Of((long)r.SlaBreached)]));
    }

    private static async Task<Results<Ok<WorkReportDto>, FileContentHttpResult>> WorkAsync(
        Tenant tenant, HttpRequest request, WorkReports reports, CancellationToken ct)
    {
        var (period, by, csv) = Parse(tenant, request);
        var lines = await reports.LinesAsync(tenant, period, ct);
        var names = await reports.NamesAsync(tenant.Slug, ct);
        WorkReportRowDto Dto(WorkReportRow r) => new(
            r.Key, names.Of(by, r.Key), r.Currency, r.BillableMinutes, r.NonBillableMinutes, r.UnpricedBillableMinutes,
            r.TimeBillable, r.TimeNonBillable, r.CostsBillable, r.CostsNonBillable, r.BillableTotal, r.NonBillableTotal);
        var report = new WorkReportDto(
            period.From, period.To, period.TimeZone, by, [.. WorkReport.Aggregate(lines, by).Select(Dto)], [.. WorkReport.Totals(lines).Select(Dto)]);
        if (csv is null)
        {
            return TypedResults.Ok(report);
        }

        IReadOnlyList<CsvCell> Row(string kind, WorkReportRowDto r) =>
        [
            CsvCell.Of(kind), CsvCell.Of(r.Key), CsvCell.Of(r.Name), CsvCell.Of(r.Currency),
            CsvCell.Of(r.BillableMinutes), CsvCell.Of(r.NonBillableMinutes), CsvCell.Of(r.UnpricedBillableMinutes),
            CsvCell.Of(r.TimeBillable), CsvCell.Of(r.TimeNonBillable), CsvCell.Of(r.CostsBillable), CsvCell.Of(r.CostsNonBillable),
            CsvCell.Of(r.BillableTotal), CsvCell.Of(r.NonBillableTotal),
        ];
        return File(csv, $"work-{EnumText.ToWire(by)}", period,
            Header("row", "key", "name", "currency", "billable_minutes", "non_billable_minutes", "unpriced_billable_minutes",
                "time_billable", "time_non_billable", "costs_billable", "costs_non_billable", "billable_total", "non_billable_total"),
            report.Rows.Select(r => Row("group", r)).Concat(report.Totals.Select(r => Row("total", r))));
    }

    private static async Task<Results<Ok<SlaReportDto>, FileContentHttpResult>> SlaAsync(
        Tenant tenant, Caller caller, HttpRequest request, WorkReports reports, SlaPolicyStore policies, TimeProvider clock, CancellationToken ct)
    {
        var (period, by, csv) = Parse(tenant, request);
        var opened = await reports.TicketsOpenedAsync(tenant, caller.Actor, period, ct);
        var policy = await policies.GetAsync(tenant.Observatory, ct);
        var names = await reports.NamesAsync(tenant.Slug, ct);
        var now = clock.GetUtcNow();
        SlaReportRowDto Dto(SlaReportRow r) => new(
            r.Key, names.Of(by, r.Key), r.Tickets, r.Met, r.Breached, r.Pending, r.Cancelled, r.FirstResponseBreached, r.ResolutionBreached,
            r.MetShare, r.BreachedShare, r.MeanFirstResponseMinutes, r.MeanResolutionMinutes);
        var report = new SlaReportDto(
            period.From, period.To, period.TimeZone, by, [.. SlaReport.Aggregate(opened, by, policy, now).Select(Dto)], Dto(SlaReport.Total(opened, policy, now)));
        if (csv is null)
        {
            return TypedResults.Ok(report);
        }

        IReadOnlyList<CsvCell> Row(string kind, SlaReportRowDto r) =>
        [
            CsvCell.Of(kind), CsvCell.Of(r.Key), CsvCell.Of(r.Name), CsvCell.Of((long)r.Tickets), CsvCell.Of((long)r.Met), CsvCell.Of((long)r.Breached),
            CsvCell.Of((long)r.Pending), CsvCell.Of((long)r.Cancelled), CsvCell.Of((long)r.FirstResponseBreached), CsvCell.Of((long)r.ResolutionBreached),
            CsvCell.Of(r.MetShare), CsvCell.Of(r.BreachedShare), CsvCell.Of(r.MeanFirstResponseMinutes), CsvCell.Of(r.MeanResolutionMinutes),
        ];
        return File(csv, $"sla-{EnumText.ToWire(by)}", period,
            Header("row", "key", "name", "tickets", "met", "breached", "pending", "cancelled", "first_response_breached", "resolution_breached",
                "met_share", "breached_share", "mean_first_response_minutes", "mean_resolution_minutes"),
            report.Rows.Select(r => Row("group", r)).Append(Row("total", report.Total)));
    }

    private static async Task<Results<Ok<WorkLinesDto>, FileContentHttpResult>> LinesAsync(
        Tenant tenant, HttpRequest request, WorkReports reports, CancellationToken ct)
    {
        var (period, _, csv) = Parse(tenant, request, withDimension: false);
        var lines = await reports.LinesAsync(tenant, period, ct);
        var names = await reports.NamesAsync(tenant.Slug, ct);
        var items = lines
            .OrderBy(l => l.Date)
            .ThenBy(l => l.StartedAt)
            .ThenBy(l => l.TicketCode, StringComparer.Ordinal)
            .ThenBy(l => l.Id, StringComparer.Ordinal)
            .Select(l => new WorkLineDto(
                l.Kind, l.Id, l.Date, l.StartedAt, l.TicketCode, l.TicketTitle,
                l.CustomerId, names.Of(ReportDimension.Customer, l.CustomerId), l.TelescopeId, names.Of(ReportDimension.Telescope, l.TelescopeId),
                l.TicketType, l.TechnicianId, names.Of(ReportDimension.Technician, l.TechnicianId) ?? l.TechnicianName, l.Text,
                l.Minutes, l.Quantity, l.UnitPrice, l.Billable, l.Currency, l.Amount))
            .ToList();
        if (csv is null)
        {
            return TypedResults.Ok(new WorkLinesDto(period.From, period.To, period.TimeZone, items));
        }

        return File(csv, "lines", period,
            Header("kind", "date", "started_at", "ticket", "ticket_title", "customer_id", "customer", "telescope_id", "telescope", "type",
                "technician_id", "technician", "text", "minutes", "quantity", "unit_price", "billable", "currency", "amount"),
            items.Select(l => (IReadOnlyList<CsvCell>)
            [
                CsvCell.Of(EnumText.ToWire(l.Kind)), CsvCell.Of(l.Date), CsvCell.Of(l.StartedAt), CsvCell.Of(l.TicketCode), CsvCell.Of(l.TicketTitle),
                CsvCell.Of(l.CustomerId), CsvCell.Of(l.CustomerName), CsvCell.Of(l.TelescopeId), CsvCell.Of(l.TelescopeName),
                CsvCell.Of(l.TicketType is { } type ? EnumText.ToWire(type) : null), CsvCell.Of(l.TechnicianId), CsvCell.Of(l.TechnicianName),
                CsvCell.Of(l.Text), CsvCell.Of(l.Minutes), CsvCell.Of(l.Quantity), CsvCell.Of(l.UnitPrice), CsvCell.Of(l.Billable),
                CsvCell.Of(l.Currency), CsvCell.Of(l.Amount),
            ]));
    }

    /// <summary>The period, the cut and the CSV dialect (null for JSON), refused with the parameter named.</summary>
    private static (ReportPeriod Period, ReportDimension By, CsvDialect? Csv) Parse(Tenant tenant, HttpRequest request, bool withDimension = true)
    {
        var period = ReportPeriod.Parse(QueryParams.Text(request, "from", 10), QueryParams.Text(request, "to", 10), tenant.Observatory.TimeZone);
        var by = withDimension ? QueryParams.Enum<ReportDimension>(request, "by") ?? ReportDimension.Customer : ReportDimension.Customer;
        var csv = QueryParams.Text(request, "format", 10) switch
        {
            null or "json" => false,
            "csv" => true,
            _ => throw ApiException.BadRequest("invalid_query", "'format' must be json or csv.", "format"),
        };
        var locale = QueryParams.Text(request, "locale", 5);
        var dialect = locale is null
            ? (tenant.Observatory.DefaultLanguage == "en" ? CsvDialect.English : CsvDialect.Spanish)
            : CsvDialect.Named(locale) ?? throw ApiException.BadRequest("invalid_query", "'locale' must be es or en.", "locale");
        return (period, by, csv ? dialect : null);
    }

    private static IReadOnlyList<CsvCell> Header(params string[] names) => [.. names.Select(n => CsvCell.Of(n))];

    private static FileContentHttpResult File(
        CsvDialect dialect, string name, ReportPeriod period, IReadOnlyList<CsvCell> header, IEnumerable<IReadOnlyList<CsvCell>> rows)
    {
        var text = Csv.Write(rows.Prepend(header), dialect);
        var fileName = FormattableString.Invariant($"{name}-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.csv");
        return TypedResults.File(Csv.Encode(text), "text/csv; charset=utf-8", fileName);
    }
}
