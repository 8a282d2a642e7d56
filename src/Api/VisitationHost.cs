using Hangfire;
using Visitation.Api.Features.Allocation;
using Visitation.Api.Features.Children;
using Visitation.Api.Features.Committee;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Features.Figures;
using Visitation.Api.Features.Notifications;
using Visitation.Api.Features.Placements;
using Visitation.Api.Features.Ppv;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Features.Revisitation;
using Visitation.Api.Features.Rounds;
using Visitation.Api.Features.Schools;
using Visitation.Api.Features.Workflows;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Messaging;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Api.Infrastructure.Web;
using Visitation.Api.Seeding;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Rules;

namespace Visitation.Api;

/// <summary>Service registration and the request pipeline, one call per concern.</summary>
public static class VisitationHost
{
    public static WebApplicationBuilder AddVisitation(this WebApplicationBuilder builder)
    {
        builder.Services.AddWorkflows();
        builder.Services.AddPersistence(builder.Configuration);
        builder.Services.AddJobs(builder.Configuration);
        builder.Services.AddMessaging(builder.Configuration);
        builder.Services.AddReferrals();
        builder.Services.AddDecisions(builder.Configuration);
        builder.Services.AddPpv();
        builder.Services.AddPlacements();
        builder.Services.AddRevisitation();
        builder.Services.AddDanishProblemDetails();
        builder.Services.AddOpenApi();
        builder.AddAuth();
        builder.Services.AddWebPages();
        return builder;
    }

    /// <summary>The domain's catalogues. Further workflow versions are registered here as they are published.</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => RuleSetCatalog.LoadEmbedded());
        services.AddSingleton<IWorkflowDefinition, ReferralWorkflowV1>();
        services.AddSingleton<IWorkflowDefinition, PpvWorkflowV1>();
        services.AddSingleton<IWorkflowDefinition, RevisitationWorkflowV1>();
        // Version 2 is a draft until the municipality publishes it (Workflows:Revisitation:PublishVersion2=true).
        services.AddSingleton<IWorkflowDefinition>(sp => new RevisitationWorkflowV2(
            sp.GetService<IConfiguration>()?.GetValue("Workflows:Revisitation:PublishVersion2", false) ?? false));
        services.AddSingleton(sp => new WorkflowCatalog(sp.GetServices<IWorkflowDefinition>()));
        return services;
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        if (app.Configuration.GetValue("Database:MigrateOnStart", true))
            await db.MigrateAsync();
        if (app.Configuration.GetValue("Demo:Seed", false))
            await DemoMunicipality.SeedAsync(scope.ServiceProvider, CancellationToken.None);
    }

    public static WebApplication UseVisitation(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebPages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous().ExcludeFromDescription();
        if (app.Environment.IsDevelopment())
        {
            app.MapDevAuthApi();
            app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [] }).AllowAnonymous();
        }
        app.MapSchoolsApi();
        app.MapChildrenApi();
        app.MapReferralsApi();
        app.MapRoundsApi();
        app.MapCommitteeApi();
        app.MapAllocationApi();
        app.MapFiguresApi();
        app.MapWorkflowsApi();
        app.MapNotificationsApi();
        app.MapDecisionsApi();
        app.MapPpvApi();
        app.MapPlacementsApi();
        app.MapRevisitationApi();
        app.MapRevisitationPlannerApi();
        app.MapWebPages();
        return app;
    }
}
