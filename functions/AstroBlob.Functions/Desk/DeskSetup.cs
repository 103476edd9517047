namespace AstroBlob.Functions.Desk;

/// <summary>Registrations and routes of the Desk feature: canned replies, tags, ratings, internal tasks, spam and soft-delete flags, custom fields, merging.</summary>
public static class DeskSetup
{
    public static IServiceCollection AddDesk(this IServiceCollection services)
    {
        services.AddSingleton<CannedReplyStore>();
        services.AddSingleton<RatingStore>();
        services.AddSingleton<DeskTaskStore>();
        services.AddSingleton<CustomFieldStore>();
        services.AddSingleton<MergeService>();
        return services;
    }

    public static RouteGroupBuilder MapDeskApi(this RouteGroupBuilder observatory) =>
        observatory
            .MapCannedRepliesApi()
            .MapTagsApi()
            .MapRatingsApi()
            .MapTasksApi()
            .MapTicketFlagsApi()
            .MapCustomFieldsApi()
            .MapMergeApi();
}
