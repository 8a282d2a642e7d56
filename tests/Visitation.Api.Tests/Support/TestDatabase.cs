using Npgsql;

namespace Visitation.Api.Tests.Support;

public enum Db
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh, empty database for one test fixture: a SQLite file in a temp folder, or a new database on
/// the PostgreSQL server named by VISITATION_TEST_PG (scripts/test.sh starts one). Tests never share
/// a database with another fixture, so they can run in any order.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Pooling=true";

    public Db Kind { get; }
    public string ConnectionString { get; }
    public string HangfireSqlitePath { get; }
    public string Folder { get; }
    private readonly string? _postgresName;

    private TestDatabase(Db kind, string connectionString, string folder, string? postgresName)
    {
        Kind = kind;
        ConnectionString = connectionString;
        Folder = folder;
        HangfireSqlitePath = Path.Combine(folder, "hangfire.db");
        _postgresName = postgresName;
    }

    public static TestDatabase Create(Db kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), "visitation-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (kind == Db.Sqlite)
            return new TestDatabase(kind, $"Data Source={Path.Combine(folder, "visitation.db")}", folder, null);

        var name = "visitation_test_" + Guid.NewGuid().ToString("N")[..12];
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString());
        using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }
        server.Database = name;
        return new TestDatabase(kind, server.ConnectionString, folder, name);
    }

    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable("VISITATION_TEST_PG") is { Length: > 0 } configured ? configured : DefaultPostgres;

    public void Dispose()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(ServerConnectionString());
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
