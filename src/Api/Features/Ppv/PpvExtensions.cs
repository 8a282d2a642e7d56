using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Persistence;

namespace Visitation.Api.Features.Ppv;

public static class PpvExtensions
{
    /// <summary>The PPV workflow's part of every save (audit) and of every deadline (reminders, escalation, hearing).</summary>
    public static IServiceCollection AddPpv(this IServiceCollection services)
    {
        services.AddScoped<ICaseChangeRecorder, PpvChangeRecorder>();
        services.AddScoped<IDeadlineReaction, PpvDeadlineReactions>();
        return services;
    }
}
