using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Visitation.Api.Infrastructure.Persistence;

namespace Visitation.Api.Infrastructure.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Hangfire on the same kind of database as the cases (SQLite file, PostgreSQL or SQL Server). Poll intervals
    /// are one second: Hangfire's 15-second default would make deadlines visibly late.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration config)
    {
        var settings = PersistenceSettings.From(config);
        var poll = TimeSpan.FromSeconds(config.GetValue("Jobs:PollSeconds", 1.0));
        services.AddHangfire(cfg =>
        {
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (settings.Provider)
            {
                case DatabaseProvider.Sqlite:
                    cfg.UseSQLiteStorage(settings.HangfireSqlitePath, new SQLiteStorageOptions { QueuePollInterval = poll });
                    break;
                case DatabaseProvider.Postgres:
                    cfg.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(settings.ConnectionString),
                        new PostgreSqlStorageOptions { QueuePollInterval = poll, PrepareSchemaIfNecessary = true, SchemaName = "hangfire" });
                    break;
                case DatabaseProvider.SqlServer:
                    cfg.UseSqlServerStorage(settings.ConnectionString, new Hangfire.SqlServer.SqlServerStorageOptions
                    {
                        QueuePollInterval = poll,
                        PrepareSchemaIfNecessary = true,
                        SchemaName = "hangfire",
                    });
                    break;
            }
        });
        if (config.GetValue("Jobs:RunServer", true))
        {
            services.AddHangfireServer(o =>
            {
                o.SchedulePollingInterval = poll;
                o.WorkerCount = config.GetValue("Jobs:Workers", 2);
                o.ServerCheckInterval = TimeSpan.FromSeconds(5);
            });
        }
        services.AddScoped<DeadlineScheduler>();
        services.AddScoped<DeadlineJob>();
        services.AddScoped<DeadlineSweep>();
        services.AddHostedService<DeadlineRecovery>();
        return services;
    }
}
