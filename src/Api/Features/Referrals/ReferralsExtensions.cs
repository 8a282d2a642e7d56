using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Persistence;

namespace Visitation.Api.Features.Referrals;

public static class ReferralsExtensions
{
    public static IServiceCollection AddReferrals(this IServiceCollection services)
    {
        services.AddScoped<ICaseChangeRecorder, ReferralChangeRecorder>();
        services.AddScoped<IDeadlineReaction, ReferralDeadlineReactions>();
        return services;
    }
}
