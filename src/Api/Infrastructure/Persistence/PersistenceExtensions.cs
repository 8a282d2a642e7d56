using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Visitation.Api.Infrastructure.Audit;

namespace Visitation.Api.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>Which database, read from configuration; SQLite files under <c>data/</c> by default.</summary>
public sealed record PersistenceSettings(DatabaseProvider Provider, string ConnectionString, string HangfireSqlitePath)
{
    public static PersistenceSettings From(IConfiguration config)
    {
        var provider = config.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connection = config.GetConnectionString("Visitation") ?? (provider == DatabaseProvider.Sqlite
            ? "Data Source=data/visitation.db"
            : throw new InvalidOperationException($"ConnectionStrings:Visitation must be set for {provider}."));
        var hangfirePath = config["Jobs:SqlitePath"] ?? "data/hangfire.db";
        return new PersistenceSettings(provider, connection, hangfirePath);
    }
}

public static class PersistenceExtensions
{
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration config)
    {
        var settings = PersistenceSettings.From(config);
        services.AddSingleton(settings);
        services.AddScoped<CaseChangeInterceptor>();
        services.AddScoped<AuditLog>();
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                EnsureFolderFor(settings.ConnectionString);
                EnsureFolderFor("Data Source=" + settings.HangfireSqlitePath);
                services.AddDbContext<VisitationDbContext, SqliteVisitationDbContext>((sp, o) =>
                    o.UseSqlite(settings.ConnectionString, OneCollectionParameter).AddInterceptors(sp.GetRequiredService<CaseChangeInterceptor>()));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<VisitationDbContext, PostgresVisitationDbContext>((sp, o) =>
                    o.UseNpgsql(settings.ConnectionString, OneCollectionParameter).AddInterceptors(sp.GetRequiredService<CaseChangeInterceptor>()));
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<VisitationDbContext, SqlServerVisitationDbContext>((sp, o) =>
                    o.UseSqlServer(settings.ConnectionString, OneCollectionParameter).AddInterceptors(sp.GetRequiredService<CaseChangeInterceptor>()));
                break;
        }
        return services;
    }

    /// <summary>
    /// <c>ids.Contains(x.Id)</c> sends the list as one parameter (JSON on SQLite and SQL Server, an array on PostgreSQL).
    /// EF Core 10's default, one parameter per element, costs seconds of query compilation for a round's thousand
    /// referrals and breaks SQL Server's limit of 2,100 parameters.
    /// </summary>
    private static void OneCollectionParameter<TBuilder, TExtension>(RelationalDbContextOptionsBuilder<TBuilder, TExtension> o)
        where TBuilder : RelationalDbContextOptionsBuilder<TBuilder, TExtension>
        where TExtension : RelationalOptionsExtension, new() =>
        o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter);

    /// <summary>Brings the schema up to date; on SQLite also switches to write-ahead logging for concurrent readers.</summary>
    public static async Task MigrateAsync(this VisitationDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    private static void EnsureFolderFor(string sqliteConnectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqliteConnectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder) && builder.DataSource != ":memory:") Directory.CreateDirectory(folder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build each provider's context without starting the web host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteVisitationDbContext>
{
    public SqliteVisitationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteVisitationDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresVisitationDbContext>
{
    public PostgresVisitationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresVisitationDbContext>().UseNpgsql("Host=localhost;Database=visitation").Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerVisitationDbContext>
{
    public SqlServerVisitationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerVisitationDbContext>().UseSqlServer("Server=localhost;Database=Visitation;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
