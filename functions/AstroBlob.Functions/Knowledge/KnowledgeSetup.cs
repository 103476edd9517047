namespace AstroBlob.Functions.Knowledge;

/// <summary>Registrations and routes of the Knowledge feature.</summary>
public static class KnowledgeSetup
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddSingleton<KnowledgeStore>();
        services.AddSingleton<KnowledgeService>();
        return services;
    }

    public static RouteGroupBuilder MapKnowledgeApi(this RouteGroupBuilder observatory) => KnowledgeApi.Map(observatory);
}
