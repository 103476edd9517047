using System.Threading.RateLimiting;
using AstroBlob.Functions.Attachments;
using AstroBlob.Functions.Attachments.Media;
using AstroBlob.Functions.Auth;
using AstroBlob.Functions.Demo;
using AstroBlob.Functions.Desk;
using AstroBlob.Functions.Knowledge;
using AstroBlob.Functions.Work;
using AstroBlob.Functions.Email;
using AstroBlob.Functions.Http;
using AstroBlob.Functions.Integration;
using AstroBlob.Functions.Messages;
using AstroBlob.Functions.Notifications;
using AstroBlob.Functions.Observability;
using AstroBlob.Functions.Observatories;
using AstroBlob.Functions.People;
using AstroBlob.Functions.Portal;
using AstroBlob.Functions.StaffConsole;
using AstroBlob.Functions.Sla;
using AstroBlob.Functions.Storage;
using AstroBlob.Functions.Telescopes;
using AstroBlob.Functions.Tickets;
using AstroBlob.Functions.Triggers;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace AstroBlob.Functions;

/// <summary>Registrations and routes of the whole host, so that Program.cs reads in a glance.</summary>
public static class AstroBlobSetup
{
    public static IServiceCollection AddAstroBlob(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.Configure<StorageMonitorOptions>(configuration.GetSection("StorageMonitor"));
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.Configure<PlatformOptions>(configuration.GetSection(PlatformOptions.Section));
        services.Configure<AttachmentOptions>(configuration.GetSection(AttachmentOptions.Section));
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));

        services.AddSingleton(TimeProvider.System);
        services.AddAstroBlobTelemetry(configuration);
        services.AddMemoryCache();
        services.AddApiJson();
        services.AddApiProblems();
        services.AddOpenApi();

        services.AddSingleton<Tables>();
        services.AddSingleton<StorageState>();
        services.AddHostedService<StorageMonitor>();
        services.AddSingleton<ObservatoryStore>();
        services.AddSingleton<DirectoryStore>();
        services.AddSingleton<TicketStore>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<PeopleService>();
        services.AddSingleton<TicketService>();
        services.AddSingleton<ObservatoryProvisioning>();
        services.AddSingleton<BlobFiles>();
        services.AddSingleton<IStartupTask, AttachmentContainers>();
        services.AddSingleton<IStartupTask, DemoSeeder>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<AttachmentLimitsStore>();
        services.AddSingleton<AttachmentService>();
        services.AddSingleton<AttachmentViews>();
        services.AddSingleton<AttachmentProcessor>();
        services.AddSingleton<ImageWork>();
        services.AddSingleton<SmtpMailer>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<MailSentStore>();
        services.AddSingleton<EmailSettingsStore>();
        services.AddSingleton<InboundLog>();
        services.AddSingleton<InboundEmailService>();
        services.AddSingleton<VideoWork>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<SettingsRows>();
        services.AddSingleton<SlaPolicyStore>();
        services.AddSingleton<SlaEngine>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<TicketViews>();

        // The functions of this app and their triggers, one line each.
        services.AddTriggers(configuration)
            .Queue<SlaTimerFunction>(SlaEngine.TimerQueue)
            .Timer<SlaSweepFunction>(configuration["Sla:SweepCron"] ?? "0 * * * * *")
            .Timer<QueueIndexBackfillFunction>(configuration["Tickets:IndexBackfillCron"] ?? "45 * * * * *")
            .Queue<AttachmentEventFunction>(AttachmentService.EventQueue, configuration.GetValue(AttachmentOptions.Section + ":ProcessorConcurrency", 2))
            .Queue<EmailSendFunction>(EmailSendFunction.Queue, maxConcurrency: 4)
            .Queue<TicketMergeFunction>(MergeService.Queue, maxConcurrency: 1)
            .Timer<AttachmentSweepFunction>(configuration[AttachmentOptions.Section + ":SweepCron"] ?? new AttachmentOptions().SweepCron);

        services.AddWork();
        services.AddKnowledge();
        services.AddDesk();

        services.AddSessionAuth();
        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider, ObservatoryCorsPolicyProvider>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(Problems.Create(429, "too_many_requests", "Too many sign-in attempts from your address; wait a minute.")).ExecuteAsync(context.HttpContext);
            };
            o.AddPolicy(AuthApi.LoginRateLimit, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.LoginRequestsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "local",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }

    public static WebApplication UseAstroBlob(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseTicketLogScope();
        app.UseCors();
        app.UseStorageGate();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.UseStaticLandingPage();
        app.MapPortalSite();
        app.MapConsoleSite();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapHealthApi();
        app.MapPlatformApi();

        var observatory = app.MapGroup("/api/o/{observatory}").RequireCors(ObservatoryCorsPolicy.Name);
        observatory
            .MapAuthApi()
            .MapObservatoryApi()
            .MapLogoApi()
            .MapEmbedApi()
            .MapPeopleApi()
            .MapTelescopesApi()
            .MapTicketsApi()
            .MapQueuesApi()
            .MapMessagesApi()
            .MapAttachmentsApi()
            .MapAttachmentSettingsApi()
            .MapEmailSettingsApi()
            .MapInboundEmailApi()
            .MapWorkApi()
            .MapKnowledgeApi()
            .MapDeskApi()
            .MapSlaApi()
            .MapNotificationsApi()
            .MapIntegrationApi();
        return app;
    }
}

internal static class LandingPage
{
    /// <summary>Serves static-portal/index.html at "/" when the folder is beside the host (local runs).</summary>
    public static void UseStaticLandingPage(this WebApplication app)
    {
        var root = FindStaticPortal(app.Environment.ContentRootPath);
        if (root is null)
        {
            return;
        }

        var files = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    internal static string? FindStaticPortal(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "static-portal");
            if (File.Exists(Path.Combine(candidate, "index.html")))
            {
                return candidate;
            }
        }

        return null;
    }
}

internal static class ObservatoryCorsPolicy
{
    public const string Name = ObservatoryCorsPolicyProvider.Policy;
}
