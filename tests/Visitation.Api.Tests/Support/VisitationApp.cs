using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Persistence;

namespace Visitation.Api.Tests.Support;

/// <summary>
/// The real service in memory (Development environment, so /dev/token exists) on a test database.
/// Hangfire's server runs only where a test asks for it, so scheduled jobs stay put otherwise.
/// </summary>
public sealed class VisitationApp(TestDatabase database, bool runJobs = false, IDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.Kind == Db.Sqlite ? "Sqlite" : "Postgres",
            ["ConnectionStrings:Visitation"] = Database.ConnectionString,
            ["Jobs:SqlitePath"] = Database.HangfireSqlitePath,
            ["Jobs:RunServer"] = runJobs ? "true" : "false",
            ["Jobs:PollSeconds"] = "0.5",
            ["Demo:Seed"] = "false",
            ["Messaging:Transport"] = "InMemory",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        // Command-line style configuration wins over appsettings*.json, which the host loads first.
        builder.UseSetting("Database:Provider", values["Database:Provider"]);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
        foreach (var (key, value) in values) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }

    public T WithDb<T>(Func<VisitationDbContext, T> use)
    {
        using var scope = Services.CreateScope();
        return use(scope.ServiceProvider.GetRequiredService<VisitationDbContext>());
    }

    public async Task<T> WithDbAsync<T>(Func<VisitationDbContext, Task<T>> use)
    {
        using var scope = Services.CreateScope();
        return await use(scope.ServiceProvider.GetRequiredService<VisitationDbContext>());
    }

    public async Task WithDbAsync(Func<VisitationDbContext, Task> use)
    {
        using var scope = Services.CreateScope();
        await use(scope.ServiceProvider.GetRequiredService<VisitationDbContext>());
    }

    /// <summary>An HTTP client signed in as <paramref name="userId"/> through the development token endpoint.</summary>
    public async Task<HttpClient> ClientForAsync(Guid userId)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/dev/token", new { userId });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    private sealed record TokenBody(string AccessToken);
}
