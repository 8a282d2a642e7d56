using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Visitation.Benchmarks;

/// <summary>
/// Two benchmarks, chosen by the first argument (see README.md): <c>transitions</c> (the default) measures
/// persisted referral transitions per second on SQLite and PostgreSQL, beside pgbench's simple-update
/// TPS on the same PostgreSQL; <c>letters</c> measures decision letters rendered and stored per second,
/// beside raw PDFsharp and Chromium HTML→PDF (<see cref="Letters.LettersBenchmark"/>).
/// </summary>
public static class Program
{
    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";
    private static readonly int[] ClientCounts = [1, 4];

    private sealed record Row(string Store, int Clients, int Transitions, double Seconds, double P50Ms, double P95Ms,
        int Errors, double? PgbenchTps, string Breakdown)
    {
        public double PerSecond => Transitions / Seconds;
    }

    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "letters":
                return await Letters.LettersBenchmark.RunAsync(args[1..]);
            case "rounds":
                return await Rounds.RoundsBenchmark.RunAsync(args[1..]);
            case "due":
                return await Due.DueBenchmark.RunAsync(args[1..]);
            case "transitions":
                args = args[1..];
                break;
        }

        if (!TryParse(args, out var seconds, out var warmup, out var pg, out var skipPg))
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Visitation.Benchmarks -- [transitions] [--seconds 10] [--warmup 3] [--pg \"<connection string>\"] [--skip-pg]");
            Console.Error.WriteLine("       dotnet run -c Release --project tests/Visitation.Benchmarks -- letters [--seconds 10] [--warmup 2] [--skip-chromium]");
            return 2;
        }
        var inv = CultureInfo.InvariantCulture;
#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release for numbers worth comparing.");
#endif
        Console.WriteLine($"Visitation benchmark — referral transitions (persisted, audited) — {DateTime.Now.ToString("yyyy-MM-dd", inv)}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; {warmup} s warm-up and {seconds} s measured per row; load average {LoadAverage()}");
        Console.WriteLine($"One transition = new scope (DbContext + CaseChangeInterceptor) → load referral with owned collections → one workflow operation → SaveChangesAsync.");
        Console.WriteLine($"Cycle per client ({ReferralClient.TransitionsPerCycle} transitions): Start, 5×AttachDocument (4 KiB file row each), Submit incomplete (reminder deadline + Hangfire job),");
        Console.WriteLine("  AttachDocument, Submit complete (deadline cancelled, job deleted), AssignToRound, Triage, PutOnAgenda, RecordHearing, DecidePlacement|DecideReturnToGeneral (dispatch deadline + job).");
        Console.WriteLine("Outbox rows are written by the interceptor; no outbox dispatcher or Hangfire server runs during the measurement.");

        var rows = new List<Row>();
        var checks = new List<string>();
        var notes = new List<string>();

        await using (var sqlite = await BenchStore.SqliteAsync())
        {
            Console.WriteLine(await sqlite.DescribeAsync());
            foreach (var clients in ClientCounts)
                rows.Add(await MeasureAsync(sqlite, clients, warmup, seconds, notes));
            checks.Add(await sqlite.CheckAsync());
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
            catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                notes.Add($"PostgreSQL not measured: could not create a database with \"{Redact(pg)}\": {e.GetBaseException().Message}");
            }
            if (postgres is not null)
            {
                await using (postgres)
                {
                    Console.WriteLine(await postgres.DescribeAsync());
                    PgBench? bench = null;
                    if (PgBench.Find() is { } executable)
                    {
                        bench = new PgBench(executable, postgres.ConnectionString);
                        Console.WriteLine($"pgbench: {await bench.VersionAsync()} ({executable}), -i -s 1, then -N (simple-update) -c N -j N for {seconds} s in total, split around our row, in the same database");
                        await bench.InitAsync();
                    }
                    else
                    {
                        Console.WriteLine(PgBench.InstallHint);
                        notes.Add(PgBench.InstallHint + " The pgbench TPS and ratio columns are empty.");
                    }
                    // pgbench runs half its time just before our row and half just after, so a machine
                    // whose load drifts during the run skews both sides of the ratio alike.
                    var half = Math.Max(1, (seconds + 1) / 2);
                    foreach (var clients in ClientCounts)
                    {
                        double? before = null;
                        if (bench is not null)
                        {
                            Console.WriteLine($"  pgbench -N -c {clients} -j {clients} -T {half} (before) ...");
                            before = await bench.SimpleUpdateTpsAsync(clients, half);
                        }
                        var row = await MeasureAsync(postgres, clients, warmup, seconds, notes);
                        if (bench is not null && before is { } b)
                        {
                            Console.WriteLine($"  pgbench -N -c {clients} -j {clients} -T {half} (after) ...");
                            var after = await bench.SimpleUpdateTpsAsync(clients, half);
                            row = row with { PgbenchTps = (b + after) / 2 };
                            notes.Add(string.Create(inv, $"pgbench -N -c {clients}: {b:F0} TPS in the {half} s before our row, {after:F0} in the {half} s after."));
                        }
                        rows.Add(row);
                    }
                    checks.Add(await postgres.CheckAsync());
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"store",-11} {"clients",7} {"transitions",11} {"seconds",7} {"per second",10} {"p50 ms",7} {"p95 ms",7} {"errors",6} {"pgbench TPS",11} {"ratio",6}");
        foreach (var r in rows)
        {
            var tps = r.PgbenchTps is { } t ? t.ToString("F0", inv) : "-";
            var ratio = r.PgbenchTps is { } b and > 0 ? (r.PerSecond / b).ToString("F3", inv) : "-";
            Console.WriteLine(string.Create(inv,
                $"{r.Store,-11} {r.Clients,7} {r.Transitions,11} {r.Seconds,7:F1} {r.PerSecond,10:F1} {r.P50Ms,7:F2} {r.P95Ms,7:F2} {r.Errors,6} {tps,11} {ratio,6}"));
        }
        Console.WriteLine("ratio = our transitions per second ÷ pgbench simple-update TPS at the same client count.");
        Console.WriteLine("Median ms per operation:");
        foreach (var r in rows) Console.WriteLine($"  {r.Store} ×{r.Clients}: {r.Breakdown}");
        foreach (var line in checks.Concat(notes)) Console.WriteLine(line);
        Console.WriteLine($"Load average at the end: {LoadAverage()} (other work on the machine skews both our numbers and pgbench's).");
        return 0;
    }

    private static async Task<Row> MeasureAsync(BenchStore store, int clientCount, int warmupSeconds, int seconds, List<string> notes)
    {
        Console.WriteLine($"  {store.Name}, {clientCount} client(s): {warmupSeconds} s warm-up, {seconds} s measured ...");
        var clients = new List<ReferralClient>();
        for (var i = 0; i < clientCount; i++) clients.Add(await ReferralClient.CreateAsync(store, i));
        await RunAsync(clients, TimeSpan.FromSeconds(warmupSeconds));
        var warmupErrors = clients.Sum(c => c.Errors.Values.Sum());
        if (warmupErrors > 0) notes.Add($"{store.Name}, {clientCount} client(s): {warmupErrors} error(s) during warm-up.");
        foreach (var client in clients) client.Reset();

        var elapsed = await RunAsync(clients, TimeSpan.FromSeconds(seconds));
        var latencies = clients.SelectMany(c => c.Latencies).Select(l => l.Ms).Order().ToList();
        var breakdown = string.Join(", ", clients.SelectMany(c => c.Latencies).GroupBy(l => l.Operation)
            .OrderBy(g => Array.IndexOf(ReferralClient.Operations, g.Key))
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {Percentile(g.Select(l => l.Ms).Order().ToList(), 0.50):F1}")));
        var errors = clients.SelectMany(c => c.Errors).GroupBy(e => e.Key, e => e.Value).ToDictionary(g => g.Key, g => g.Sum());
        foreach (var (message, count) in errors)
            notes.Add($"{store.Name}, {clientCount} client(s): {count}× {message}");
        return new Row(store.Name, clientCount, latencies.Count, elapsed.TotalSeconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), errors.Values.Sum(), null, breakdown);
    }

    /// <summary>Runs every client on its own task until the time is up; the clock stops when the last one finishes its transition.</summary>
    private static async Task<TimeSpan> RunAsync(List<ReferralClient> clients, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(c => Task.Run(() => c.RunAsync(clock, duration))));
        return clock.Elapsed;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    internal static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Redact(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString;

    private static bool TryParse(string[] args, out int seconds, out int warmup, out string pg, out bool skipPg)
    {
        seconds = 10;
        warmup = 3;
        pg = Environment.GetEnvironmentVariable("VISITATION_TEST_PG") is { Length: > 0 } configured ? configured : DefaultPostgres;
        skipPg = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s > 0:
                    seconds = s;
                    i++;
                    break;
                case "--warmup" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var w) && w >= 0:
                    warmup = w;
                    i++;
                    break;
                case "--pg" when i + 1 < args.Length:
                    pg = args[++i];
                    break;
                case "--skip-pg":
                    skipPg = true;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
