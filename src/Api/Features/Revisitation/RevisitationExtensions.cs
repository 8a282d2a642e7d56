using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Persistence;

namespace Visitation.Api.Features.Revisitation;

public static class RevisitationExtensions
{
    /// <summary>
    /// The revisitation case's audit and its deadlines: the reminders and escalation around a placement's due
    /// date and the late handleplan answer all go through <see cref="RevisitationDeadlineReactions"/>.
    /// </summary>
    public static IServiceCollection AddRevisitation(this IServiceCollection services)
    {
        services.AddScoped<ICaseChangeRecorder, RevisitationChangeRecorder>();
        services.AddScoped<IDeadlineReaction, RevisitationDeadlineReactions>();
        return services;
    }
}
