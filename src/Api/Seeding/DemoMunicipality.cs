namespace Visitation.Api.Seeding;

/// <summary>Placeholder replaced by the demo seeder.</summary>
public static class DemoMunicipality
{
    public static Task SeedAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
