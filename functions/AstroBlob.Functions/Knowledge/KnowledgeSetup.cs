namespace AstroBlob.Functions.Knowledge;

/// <summary>Registrations and routes of the Knowledge feature.</summary>
public static class KnowledgeSetup
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services) => services;

    public static RouteGroupBuilder MapKnowledgeApi(this RouteGroupBuilder observatory) => observatory;
}
