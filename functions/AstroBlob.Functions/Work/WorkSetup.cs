namespace AstroBlob.Functions.Work;

/// <summary>Registrations and routes of the Work feature.</summary>
public static class WorkSetup
{
    public static IServiceCollection AddWork(this IServiceCollection services) => services;

    public static RouteGroupBuilder MapWorkApi(this RouteGroupBuilder observatory) => observatory;
}
