using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Visitation.Api;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Messaging;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Benchmarks;

/// <summary>
/// A fresh, throw-away database with the app's own services over it: <c>AddWorkflows</c>,
/// <c>AddPersistence</c>, <c>AddJobs</c> (Jobs:RunServer=false) and <c>AddReferrals</c> from in-memory configuration, as
/// <see cref="VisitationHost.AddVisitation"/> does. <c>AddMessaging</c> is left out (it would start
/// MassTransit and the outbox dispatcher); only its <see cref="OutboxSignal"/> is registered.
/// </summary>
internal sealed class BenchStore : IAsyncDisposable
{
    private readonly Func<Task> _cleanup;

    public string Name { get; }
    public string ConnectionString { get; }
    public ServiceProvider Services { get; }
    public School DistrictSchool { get; private set; } = null!;
    public SpecialOffer Offer { get; private set; } = null!;
    public VisitationRound Round { get; private set; } = null!;

    private BenchStore(string name, string connectionString, ServiceProvider services, Func<Task> cleanup)
    {
        Name = name;
        ConnectionString = connectionString;
        Services = services;
        _cleanup = cleanup;
    }

    /// <param name="addFeatures">More of the app's registrations (the letters benchmark adds <c>AddDecisions</c>); none for transitions.</param>
    public static async Task<BenchStore> SqliteAsync(Action<IServiceCollection, IConfiguration>? addFeatures = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "visitation-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connection = $"Data Source={Path.Combine(folder, "visitation.db")}";
        var services = Build("Sqlite", connection, Path.Combine(folder, "hangfire.db"), addFeatures);
        var store = new BenchStore("SQLite", connection, services, async () =>
        {
            await services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        });
        await PrepareOrDisposeAsync(store);
        return store;
    }

    public static async Task<BenchStore> PostgresAsync(string serverConnectionString)
    {
        var name = "visitation_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(serverConnectionString, $"CREATE DATABASE \"{name}\"");
        var connection = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
        var services = Build("Postgres", connection, hangfireSqlitePath: "unused-hangfire.db");
        var store = new BenchStore("PostgreSQL", connection, services, async () =>
        {
            await services.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(serverConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        });
        await PrepareOrDisposeAsync(store);
        return store;
    }

    private static async Task PrepareOrDisposeAsync(BenchStore store)
    {
        try
        {
            await store.PrepareAsync();
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    private static ServiceProvider Build(string provider, string connectionString, string hangfireSqlitePath,
        Action<IServiceCollection, IConfiguration>? addFeatures = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Visitation"] = connectionString,
            ["Jobs:SqlitePath"] = hangfireSqlitePath,
            ["Jobs:RunServer"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddWorkflows();
        services.AddPersistence(config);
        services.AddJobs(config);
        services.AddSingleton<OutboxSignal>();
        // The referral feature's save recorder writes the audit entries and outbox messages of each transition.
        services.AddReferrals();
        addFeatures?.Invoke(services, config);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Migrates, resolves the job storage now (Hangfire keeps it in a static), and plants the shared data.</summary>
    private async Task PrepareAsync()
    {
        _ = Services.GetRequiredService<JobStorage>();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        await db.MigrateAsync();

        var clock = Services.GetRequiredService<TimeProvider>();
        var rules = Services.GetRequiredService<RuleSetCatalog>().InForceAt(clock);
        var now = clock.GetUtcNow();
        DistrictSchool = new School(Guid.NewGuid(), "Benchmarkskolen", "Syntetisk Allé 1, 7100 Testby", new GeoPoint(55.70, 9.50), true);
        var host = new School(Guid.NewGuid(), "Benchmark-værtsskolen", "Syntetisk Allé 2, 7100 Testby", new GeoPoint(55.72, 9.55), false);
        Offer = new SpecialOffer(Guid.NewGuid(), "Benchmarktilbud", OfferCategory.Specialtilbud1, host.Id, 10_000);
        Round = VisitationRound.Plan(Guid.NewGuid(), "Benchmarkrunde", RoundKind.Regular,
            now.AddDays(30), now.AddDays(33), now.AddDays(40), rules, now);
        db.Schools.AddRange(DistrictSchool, host);
        db.Offers.Add(Offer);
        db.Rounds.Add(Round);
        await db.SaveChangesAsync();
    }

    /// <summary>What the header should say about how this store is wired, read from the live objects.</summary>
    public async Task<string> DescribeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        var jobs = scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
        var storage = scope.ServiceProvider.GetRequiredService<JobStorage>();
        _ = scope.ServiceProvider.GetRequiredService<DeadlineScheduler>();
        var server = db.Database.IsSqlite()
            ? $"SQLite {await ScalarAsync(db, "select sqlite_version()")}, journal_mode={await ScalarAsync(db, "PRAGMA journal_mode")}, synchronous={await ScalarAsync(db, "PRAGMA synchronous")} (2=FULL)"
            : $"PostgreSQL {await ScalarAsync(db, "show server_version")}, synchronous_commit={await ScalarAsync(db, "show synchronous_commit")}, fsync={await ScalarAsync(db, "show fsync")}";
        return $"{Name}: {server}; {db.GetType().Name} with {string.Join(", ", interceptors.Select(i => i.GetType().Name))}; "
               + $"DeadlineScheduler over {jobs.GetType().Name} on {storage.GetType().FullName} (no Hangfire server: jobs are created and deleted, never run)";
    }

    /// <summary>Counts that show the interceptor did its work: every step audited, deadlines and their jobs in step.</summary>
    public async Task<string> CheckAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        var steps = await db.Referrals.SelectMany(r => r.History).CountAsync();
        var audits = await db.AuditEntries.CountAsync();
        var outbox = await db.OutboxMessages.CountAsync();
        var scheduled = await db.Deadlines.CountAsync(d => d.Status == DeadlineStatus.Scheduled);
        var withJob = await db.Deadlines.CountAsync(d => d.Status == DeadlineStatus.Scheduled && d.JobId != null);
        var cancelled = await db.Deadlines.CountAsync(d => d.Status == DeadlineStatus.Cancelled);
        var monitor = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return $"{Name} check: {steps} referral history steps, {audits} audit entries, {outbox} outbox messages; "
               + $"deadlines {scheduled} scheduled ({withJob} with a job id), {cancelled} cancelled; "
               + $"Hangfire {monitor.ScheduledCount()} scheduled, {monitor.DeletedListCount()} deleted jobs";
    }

    private static async Task<string> ScalarAsync(VisitationDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await _cleanup();
}

/// <summary>Synthetic CPR numbers, unique within the run.</summary>
internal static class SyntheticCpr
{
    private static readonly HashSet<string> Used = [];
    private static readonly Random Random = new(20261126);
    private static readonly Lock Gate = new();

    public static CprNumber Next(bool adult = false)
    {
        lock (Gate)
        {
            while (true)
            {
                var birth = new DateOnly(adult ? 1975 : 2012, 1, 1).AddDays(Random.Next(0, 3650));
                var cpr = CprNumber.Synthetic(birth, Random);
                if (Used.Add(cpr.Value)) return cpr;
            }
        }
    }
}
