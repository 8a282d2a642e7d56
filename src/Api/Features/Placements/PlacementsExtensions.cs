using Visitation.Api.Infrastructure.Persistence;

namespace Visitation.Api.Features.Placements;

public static class PlacementsExtensions
{
    public static IServiceCollection AddPlacements(this IServiceCollection services)
    {
        services.AddScoped<ICaseChangeRecorder, PlacementChangeRecorder>();
        return services;
    }
}
