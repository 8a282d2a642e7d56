using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Visitation.Api.Features.Placements;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Placements;

namespace Visitation.Benchmarks.Due;

/// <summary>
/// Item 8: the due-revisitation query (due within N days, municipality-wide and for one offer) as the
/// <c>GET /api/placements/due</c> endpoint runs it (<see cref="PlacementsApi.DuePageQuery"/>: a page of 100,
/// joined to the children for their names), at growing numbers of placements on SQLite and PostgreSQL.
/// The table grows in one database (10k, then 100k, then 1M rows); after each step the statistics are
/// refreshed and each query is timed many times. Its time should stay flat (within 2×) as the table grows.
/// </summary>
public static class DueBenchmark
{
    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";
    /// <summary>Children per offer, so the number of offers grows with the placements (a bigger "municipality" has more offers).</summary>
    private const int PlacementsPerOffer = 50;
    private const int PageSize = 100;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Row(string Store, int Placements, string Query, int Rows, double P50Ms, double P95Ms, double MeanMs);

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var sizes, out var runs, out var days, out var pg, out var skipPg, out var skipSqlite))
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Visitation.Benchmarks -- due [--sizes 10000,100000,1000000] [--runs 300] [--days 30] [--pg \"<connection string>\"] [--skip-pg] [--skip-sqlite]");
            return 2;
        }
#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release for numbers worth comparing.");
#endif
        Console.WriteLine($"Visitation benchmark — due-revisitation query — {DateTime.Now.ToString("yyyy-MM-dd", Inv)}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; load average {Program.LoadAverage()}");
        Console.WriteLine($"Query = PlacementsApi.DuePageQuery as GET /api/placements/due runs it: due within {days} days (overdue included), ordered by (due date, id),");
        Console.WriteLine($"  first page of {PageSize} (+1 to see if there is more), joined to Children for the name; a new DbContext per run, no tracking.");
        Console.WriteLine($"  municipality-wide: the committee's list; one offer: a random offer each run (~{PlacementsPerOffer} placements per offer).");
        Console.WriteLine($"Data: one child per placement; due dates uniform from 10 days ago to 355 days ahead; 5 % ended (no due date). {runs} timed runs after {Math.Max(10, runs / 10)} warm-up runs per row.");

        var rows = new List<Row>();
        var notes = new List<string>();
        if (skipSqlite)
        {
            notes.Add("SQLite skipped (--skip-sqlite).");
        }
        else
        {
            await using var sqlite = await BenchStore.SqliteAsync();
            rows.AddRange(await MeasureStoreAsync(sqlite, sizes, runs, days, notes));
        }
        if (skipPg)
        {
            notes.Add("PostgreSQL skipped (--skip-pg).");
        }
        else
        {
            BenchStore? postgres = null;
            try
            {
                postgres = await BenchStore.PostgresAsync(pg);
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                notes.Add($"PostgreSQL not measured: {e.GetBaseException().Message}");
            }
            if (postgres is not null)
            {
                await using (postgres)
                    rows.AddRange(await MeasureStoreAsync(postgres, sizes, runs, days, notes));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"store",-11} {"query",-20} {"placements",10} {"rows",5} {"p50 ms",8} {"p95 ms",8} {"mean ms",8} {"p50 / smallest",14}");
        foreach (var group in rows.GroupBy(r => (r.Store, r.Query)))
        {
            var first = group.First();
            foreach (var r in group)
                Console.WriteLine(string.Create(Inv,
                    $"{r.Store,-11} {r.Query,-20} {r.Placements,10} {r.Rows,5} {r.P50Ms,8:F3} {r.P95Ms,8:F3} {r.MeanMs,8:F3} {r.P50Ms / first.P50Ms,13:F2}×"));
        }
        Console.WriteLine();
        foreach (var group in rows.GroupBy(r => (r.Store, r.Query)))
        {
            // Flat: no larger table makes the query more than twice as slow as the smallest one did.
            var smallest = group.First().P50Ms;
            var worst = group.Max(r => r.P50Ms) / smallest;
            Console.WriteLine(string.Create(Inv,
                $"{group.Key.Store} {group.Key.Query}: p50 at {group.Last().Placements:N0} ÷ p50 at {group.First().Placements:N0} = {group.Last().P50Ms / smallest:F2}×, worst size {worst:F2}× — {(worst <= 2 ? "flat (within 2×)" : "NOT flat")}"));
        }
        foreach (var note in notes) Console.WriteLine(note);
        Console.WriteLine($"Load average at the end: {Program.LoadAverage()}.");
        return 0;
    }

    private static async Task<List<Row>> MeasureStoreAsync(BenchStore store, IReadOnlyList<int> sizes, int runs, int days, List<string> notes)
    {
        var rows = new List<Row>();
        var today = DanishTime.Date(DateTimeOffset.UtcNow);
        var data = new DataGenerator(store, today);
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            await data.GrowToAsync(size);
            Console.WriteLine(string.Create(Inv, $"{store.Name}: {size:N0} placements in {data.OfferIds.Count:N0} offers (inserted in {clock.Elapsed.TotalSeconds:F1} s, statistics refreshed)"));
            var committee = Actor.Committee(Guid.NewGuid(), "Benchmark");
            var random = new Random(size);
            var wide = await MeasureAsync(store, runs, () => null, committee, today, days);
            rows.Add(new Row(store.Name, size, "municipality-wide", wide.Rows, wide.P50, wide.P95, wide.Mean));
            var perOffer = await MeasureAsync(store, runs, () => data.OfferIds[random.Next(data.OfferIds.Count)], committee, today, days);
            rows.Add(new Row(store.Name, size, "one offer", perOffer.Rows, perOffer.P50, perOffer.P95, perOffer.Mean));
            Console.WriteLine(string.Create(Inv, $"  municipality-wide p50 {wide.P50:F3} ms (p95 {wide.P95:F3}); one offer p50 {perOffer.P50:F3} ms (p95 {perOffer.P95:F3})"));
            if (size == sizes[^1])
            {
                notes.Add($"{store.Name} plan at {size:N0}, municipality-wide: {await PlanAsync(store, null, today, days)}");
                notes.Add($"{store.Name} plan at {size:N0}, one offer: {await PlanAsync(store, data.OfferIds[0], today, days)}");
            }
        }
        return rows;
    }

    private static async Task<(int Rows, double P50, double P95, double Mean)> MeasureAsync(BenchStore store, int runs, Func<Guid?> offer, Actor actor,
        DateOnly today, int days)
    {
        var warmup = Math.Max(10, runs / 10);
        var times = new List<double>(runs);
        var rows = 0;
        for (var i = 0; i < warmup + runs; i++)
        {
            await using var scope = store.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
            var offerId = offer();
            var clock = Stopwatch.StartNew();
            var page = await PlacementsApi.DuePageAsync(db, PlacementsApi.VisibleTo(db.Set<Placement>().AsNoTracking(), actor), today, days, offerId, 0,
                PageSize, CancellationToken.None);
            clock.Stop();
            if (i < warmup) continue;
            times.Add(clock.Elapsed.TotalMilliseconds);
            rows = Math.Max(rows, page.Items.Count);
        }
        times.Sort();
        return (rows, Program.Percentile(times, 0.50), Program.Percentile(times, 0.95), times.Average());
    }

    /// <summary>The database's plan for the very command EF sends (same SQL, same parameters).</summary>
    private static async Task<string> PlanAsync(BenchStore store, Guid? offerId, DateOnly today, int days)
    {
        await using var scope = store.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        var query = PlacementsApi.DuePageQuery(db, db.Set<Placement>().AsNoTracking(), today, days, offerId, 0, PageSize);
        await using var command = query.CreateDbCommand();
        var sqlite = db.Database.IsSqlite();
        command.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ") + command.CommandText;
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync()) lines.Add(reader.GetString(sqlite ? 3 : 0).Trim());
            return string.Join(" | ", lines);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Writes synthetic offers, children and placements straight into the tables (SQLite: one prepared insert per row in
    /// one transaction; PostgreSQL: binary COPY), in the formats EF Core reads back, and refreshes the planner's statistics.
    /// </summary>
    private sealed class DataGenerator(BenchStore store, DateOnly today)
    {
        private readonly Random _random = new(8);
        private int _placements;

        public List<Guid> OfferIds { get; } = [];

        public async Task GrowToAsync(int size)
        {
            if (size <= _placements) return;
            var offersWanted = Math.Max(1, size / PlacementsPerOffer);
            var newOffers = Enumerable.Range(0, offersWanted - OfferIds.Count).Select(_ => Guid.NewGuid()).ToList();
            var placements = Enumerable.Range(_placements, size - _placements).Select(n => NewPlacement(n, offersWanted)).ToList();
            if (store.Name == "SQLite") await WriteSqliteAsync(newOffers, placements);
            else await WritePostgresAsync(newOffers, placements);
            OfferIds.AddRange(newOffers);
            _placements = size;
        }

        private sealed record NewRow(Guid Id, Guid ChildId, int Number, int OfferIndex, DateOnly LastDecision, DateOnly? Due);

        /// <summary>A placement in any of the offers that exist at this size, so offers keep about the same number of children.</summary>
        private NewRow NewPlacement(int n, int offers)
        {
            var offerIndex = _random.Next(offers);
            var due = today.AddDays(_random.Next(-10, 356));
            var ended = _random.NextDouble() < 0.05;
            return new NewRow(Guid.NewGuid(), Guid.NewGuid(), n, offerIndex, due.AddMonths(-12), ended ? null : due);
        }

        private Guid OfferOf(NewRow row, List<Guid> newOffers) =>
            row.OfferIndex < OfferIds.Count ? OfferIds[row.OfferIndex] : newOffers[row.OfferIndex - OfferIds.Count];

        private async Task WriteSqliteAsync(List<Guid> newOffers, List<NewRow> placements)
        {
            await using var connection = new SqliteConnection(store.ConnectionString);
            await connection.OpenAsync();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            static string Id(Guid id) => id.ToString().ToUpperInvariant();
            static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);

            await using (var offer = Command(connection, transaction,
                "INSERT INTO Offers (Id, Name, Category, HostSchoolId, Seats, IsActive, Revision) VALUES ($id, $name, 'Specialtilbud1', $host, 60, 1, 0)",
                "$id", "$name", "$host"))
            {
                foreach (var id in newOffers)
                {
                    offer.Parameters["$id"].Value = Id(id);
                    offer.Parameters["$name"].Value = $"Benchmarktilbud {OfferIds.Count + newOffers.IndexOf(id) + 1}";
                    offer.Parameters["$host"].Value = Id(store.Offer.HostSchoolId);
                    await offer.ExecuteNonQueryAsync();
                }
            }
            await using var child = Command(connection, transaction,
                "INSERT INTO Children (Id, Name, Cpr, DistrictSchoolId, CurrentOfferId, GuardianIds) VALUES ($id, $name, $cpr, $school, $offer, '[]')",
                "$id", "$name", "$cpr", "$school", "$offer");
            await using var placement = Command(connection, transaction,
                "INSERT INTO Placements (Id, ChildId, DistrictSchoolId, OfferId, RuleSetVersion, StartDate, CreatedAt, Status, LastDecisionDate, NextRevisitationDue, Revision) "
                + "VALUES ($id, $child, $school, $offer, '2026.1', $start, $created, $status, $last, $due, 1)",
                "$id", "$child", "$school", "$offer", "$start", "$created", "$status", "$last", "$due");
            var created = DateTimeOffset.UtcNow.UtcTicks;
            foreach (var row in placements)
            {
                var offerId = OfferOf(row, newOffers);
                child.Parameters["$id"].Value = Id(row.ChildId);
                child.Parameters["$name"].Value = $"Barn {row.Number + 1}";
                child.Parameters["$cpr"].Value = Cpr(row.Number);
                child.Parameters["$school"].Value = Id(store.DistrictSchool.Id);
                child.Parameters["$offer"].Value = row.Due is null ? DBNull.Value : Id(offerId);
                await child.ExecuteNonQueryAsync();
                placement.Parameters["$id"].Value = Id(row.Id);
                placement.Parameters["$child"].Value = Id(row.ChildId);
                placement.Parameters["$school"].Value = Id(store.DistrictSchool.Id);
                placement.Parameters["$offer"].Value = Id(offerId);
                placement.Parameters["$start"].Value = Day(row.LastDecision.AddDays(14));
                placement.Parameters["$created"].Value = created;
                placement.Parameters["$status"].Value = row.Due is null ? "Ended" : "Active";
                placement.Parameters["$last"].Value = Day(row.LastDecision);
                placement.Parameters["$due"].Value = row.Due is { } due ? Day(due) : DBNull.Value;
                await placement.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE";
            await analyze.ExecuteNonQueryAsync();
        }

        private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
            command.Prepare();
            return command;
        }

        private async Task WritePostgresAsync(List<Guid> newOffers, List<NewRow> placements)
        {
            await using var connection = new NpgsqlConnection(store.ConnectionString);
            await connection.OpenAsync();
            await using (var offers = await connection.BeginBinaryImportAsync(
                "COPY \"Offers\" (\"Id\", \"Name\", \"Category\", \"HostSchoolId\", \"Seats\", \"IsActive\", \"Revision\") FROM STDIN (FORMAT BINARY)"))
            {
                offers.Timeout = CopyTimeout;
                for (var i = 0; i < newOffers.Count; i++)
                {
                    await offers.StartRowAsync();
                    await offers.WriteAsync(newOffers[i], NpgsqlDbType.Uuid);
                    await offers.WriteAsync($"Benchmarktilbud {OfferIds.Count + i + 1}", NpgsqlDbType.Varchar);
                    await offers.WriteAsync("Specialtilbud1", NpgsqlDbType.Varchar);
                    await offers.WriteAsync(store.Offer.HostSchoolId, NpgsqlDbType.Uuid);
                    await offers.WriteAsync(60, NpgsqlDbType.Integer);
                    await offers.WriteAsync(true, NpgsqlDbType.Boolean);
                    await offers.WriteAsync(0, NpgsqlDbType.Integer);
                }
                await offers.CompleteAsync();
            }
            await using (var children = await connection.BeginBinaryImportAsync(
                "COPY \"Children\" (\"Id\", \"Name\", \"Cpr\", \"DistrictSchoolId\", \"CurrentOfferId\", \"GuardianIds\") FROM STDIN (FORMAT BINARY)"))
            {
                children.Timeout = CopyTimeout;
                foreach (var row in placements)
                {
                    await children.StartRowAsync();
                    await children.WriteAsync(row.ChildId, NpgsqlDbType.Uuid);
                    await children.WriteAsync($"Barn {row.Number + 1}", NpgsqlDbType.Varchar);
                    await children.WriteAsync(Cpr(row.Number), NpgsqlDbType.Varchar);
                    await children.WriteAsync(store.DistrictSchool.Id, NpgsqlDbType.Uuid);
                    if (row.Due is null) await children.WriteNullAsync();
                    else await children.WriteAsync(OfferOf(row, newOffers), NpgsqlDbType.Uuid);
                    await children.WriteAsync(Array.Empty<Guid>(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                }
                await children.CompleteAsync();
            }
            await using (var rows = await connection.BeginBinaryImportAsync(
                "COPY \"Placements\" (\"Id\", \"ChildId\", \"DistrictSchoolId\", \"OfferId\", \"RuleSetVersion\", \"StartDate\", \"CreatedAt\", \"Status\", "
                + "\"LastDecisionDate\", \"NextRevisitationDue\", \"Revision\") FROM STDIN (FORMAT BINARY)"))
            {
                rows.Timeout = CopyTimeout;
                var created = DateTime.UtcNow;
                foreach (var row in placements)
                {
                    await rows.StartRowAsync();
                    await rows.WriteAsync(row.Id, NpgsqlDbType.Uuid);
                    await rows.WriteAsync(row.ChildId, NpgsqlDbType.Uuid);
                    await rows.WriteAsync(store.DistrictSchool.Id, NpgsqlDbType.Uuid);
                    await rows.WriteAsync(OfferOf(row, newOffers), NpgsqlDbType.Uuid);
                    await rows.WriteAsync("2026.1", NpgsqlDbType.Varchar);
                    await rows.WriteAsync(row.LastDecision.AddDays(14), NpgsqlDbType.Date);
                    await rows.WriteAsync(created, NpgsqlDbType.TimestampTz);
                    await rows.WriteAsync(row.Due is null ? "Ended" : "Active", NpgsqlDbType.Varchar);
                    await rows.WriteAsync(row.LastDecision, NpgsqlDbType.Date);
                    if (row.Due is { } due) await rows.WriteAsync(due, NpgsqlDbType.Date);
                    else await rows.WriteNullAsync();
                    await rows.WriteAsync(1, NpgsqlDbType.Integer);
                }
                await rows.CompleteAsync();
            }
            await using var analyze = new NpgsqlCommand("ANALYZE \"Offers\"; ANALYZE \"Children\"; ANALYZE \"Placements\";", connection) { CommandTimeout = 900 };
            await analyze.ExecuteNonQueryAsync();
        }

        /// <summary>A million rows with four indexes take longer than Npgsql's 30-second default.</summary>
        private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(15);

        /// <summary>Ten digits, unique per child, in a range the benchmark's other modes do not draw from.</summary>
        private static string Cpr(int n) => (9_000_000_000L + n).ToString(Inv);
    }

    private static bool TryParse(string[] args, out IReadOnlyList<int> sizes, out int runs, out int days, out string pg, out bool skipPg, out bool skipSqlite)
    {
        sizes = [10_000, 100_000, 1_000_000];
        runs = 300;
        days = 30;
        pg = Environment.GetEnvironmentVariable("VISITATION_TEST_PG") is { Length: > 0 } configured ? configured : DefaultPostgres;
        skipPg = false;
        skipSqlite = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sizes" when i + 1 < args.Length:
                    var parsed = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => int.TryParse(s, Inv, out var n) && n > 0 ? n : -1).ToList();
                    if (parsed.Count == 0 || parsed.Any(n => n < 0)) return false;
                    sizes = parsed.Order().ToList();
                    break;
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], Inv, out var r) && r > 0:
                    runs = r;
                    i++;
                    break;
                case "--days" when i + 1 < args.Length && int.TryParse(args[i + 1], Inv, out var d) && d >= 0:
                    days = d;
                    i++;
                    break;
                case "--pg" when i + 1 < args.Length:
                    pg = args[++i];
                    break;
                case "--skip-pg":
                    skipPg = true;
                    break;
                case "--skip-sqlite":
                    skipSqlite = true;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
