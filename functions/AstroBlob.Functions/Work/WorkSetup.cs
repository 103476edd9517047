namespace AstroBlob.Functions.Work;

/// <summary>
/// Registrations and routes of the Work feature: time tracking (entries and a timer per
/// person), products and expenses on tickets, their settings, and the admins' reports.
/// </summary>
public static class WorkSetup
{
    public static IServiceCollection AddWork(this IServiceCollection services)
    {
        services.AddSingleton<WorkStore>();
        services.AddSingleton<WorkSettingsStore>();
        services.AddSingleton<TimeService>();
        services.AddSingleton<CostService>();
        services.AddSingleton<WorkReports>();
        return services;
    }

    public static RouteGroupBuilder MapWorkApi(this RouteGroupBuilder observatory) =>
        observatory
            .MapTimeEntriesApi()
            .MapTimerApi()
            .MapCostsApi()
            .MapWorkSummaryApi()
            .MapWorkSettingsApi()
            .MapWorkReportsApi();
}
