using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Persistence;

namespace Visitation.Web.Tests.Support;

/// <summary>
/// The real service on Kestrel at 127.0.0.1 and a free port (a browser needs a real socket), in
/// Development, on a fresh SQLite database seeded with the demo municipality. Hangfire's server does
/// not run (no deadline is due in these journeys); the outbox and the letter consumer do.
/// </summary>
public sealed class WebSite : WebApplicationFactory<Program>
{
    private readonly string _folder;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _services;
    private readonly IDictionary<string, string?> _extra;

    public WebSite(string environment = "Development", bool seedDemo = true, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        _folder = Path.Combine(Path.GetTempPath(), "visitation-web-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _environment = environment;
        _services = services;
        _extra = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Demo:Seed"] = seedDemo ? "true" : "false" };
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>http://127.0.0.1:port, once started.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public WebSite Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://127.0.0.1", StringComparison.Ordinal)));
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Visitation"] = $"Data Source={Path.Combine(_folder, "visitation.db")}",
            ["Jobs:SqlitePath"] = Path.Combine(_folder, "hangfire.db"),
            ["Jobs:RunServer"] = "false",
            ["Messaging:Transport"] = "InMemory",
            ["Municipality:LetterDropFolder"] = Path.Combine(_folder, "letters"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in _extra) values[key] = value;
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
        foreach (var (key, value) in values) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureServices(_services);
    }

    public async Task<T> WithDbAsync<T>(Func<VisitationDbContext, IServiceProvider, Task<T>> use)
    {
        using var scope = Services.CreateScope();
        return await use(scope.ServiceProvider.GetRequiredService<VisitationDbContext>(), scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<VisitationDbContext, Task<T>> use) => WithDbAsync((db, _) => use(db));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
