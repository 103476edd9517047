namespace AstroBlob.Functions.Desk;

/// <summary>Registrations and routes of the Desk feature.</summary>
public static class DeskSetup
{
    public static IServiceCollection AddDesk(this IServiceCollection services) => services;

    public static RouteGroupBuilder MapDeskApi(this RouteGroupBuilder observatory) => observatory;
}
