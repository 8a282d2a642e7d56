using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Visitation.Workflows.Allocation;

namespace Visitation.Benchmarks.Rounds;

/// <summary>
/// Issue 5, item 8, in two parts (see Rounds/README.md):
/// <list type="number">
/// <item>placement suggestions for a synthetic round (default 1,000 referrals over 50 offers): time and total
/// distance of the least-total-distance suggester (min-cost flow) against the child-by-child nearest-first baseline;</item>
/// <item>a full round end to end through the service's HTTP API on an in-process Kestrel host (<see cref="FullRound"/>):
/// triage, meeting, suggestion, every decision, closing (which issues the written decisions), and the letters
/// rendered and delivered through the outbox and the message bus, on SQLite and PostgreSQL.</item>
/// </list>
/// </summary>
internal static class RoundsBenchmark
{
    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var options))
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Visitation.Benchmarks -- rounds [--referrals 1000] [--offers 50] [--runs 5] "
                                    + "[--skip-e2e] [--skip-pg] [--one-by-one] [--pg \"<connection string>\"]");
            return 2;
        }
#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release for numbers worth comparing.");
#endif
        Console.WriteLine($"Visitation benchmark — visitation rounds — {DateTime.Now.ToString("yyyy-MM-dd HH:mm", Inv)}, {Environment.ProcessorCount} cores, "
                          + $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; load average {LoadAverage()}");
        Console.WriteLine();
        Suggestions(options);
        if (!options.SkipE2E)
        {
            Console.WriteLine();
            var rows = new List<FullRound.Result> { await FullRound.RunAsync(FullRound.Store.Sqlite, options.Referrals, options.Pg, options.OneByOne) };
            if (!options.SkipPg)
            {
                try
                {
                    rows.Add(await FullRound.RunAsync(FullRound.Store.Postgres, options.Referrals, options.Pg, options.OneByOne));
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
                {
                    Console.WriteLine($"PostgreSQL not measured: {e.GetBaseException().Message}");
                }
            }
            FullRound.Print(rows);
        }
        Console.WriteLine($"Load average at the end: {LoadAverage()}.");
        return 0;
    }

    private static void Suggestions(Options o)
    {
        Console.WriteLine($"1. Placement suggestions: {o.Referrals} referrals over {o.Offers} offers, seats ≈ {SyntheticRound.SeatsPerChild:P0} of the children each category fits;");
        Console.WriteLine($"   median of {o.Runs} runs after one warm-up, same input for both methods. 'optimal' = least total distance (min-cost flow over the whole round);");
        Console.WriteLine("   'greedy' = children in submission order, each to the nearest fitting offer with a seat left. Both also explain every suggestion.");
        Console.WriteLine();
        Console.WriteLine($"{"homes",-26} {"method",-8} {"ms (median)",11} {"placed",7} {"total km",10} {"km/child",9} {"vs greedy",10} {"max overfill",12}");
        foreach (var (label, homePerChild) in new[] { ("30 district schools", false), ($"{o.Referrals} distinct addresses", true) })
        {
            var round = SyntheticRound.Create(2026, o.Referrals, o.Offers, 30, homePerChild);
            var optimal = Measure(new PlacementSuggester(), round, o.Runs);
            var greedy = Measure(new GreedySuggester(), round, o.Runs);
            foreach (var (name, (ms, result)) in new[] { ("optimal", optimal), ("greedy", greedy) })
            {
                var vs = name == "optimal" ? (result.TotalDistanceKm / greedy.Result.TotalDistanceKm - 1).ToString("+0.0%;-0.0%", Inv) : "";
                Console.WriteLine(string.Create(Inv,
                    $"{label,-26} {name,-8} {ms,11:F1} {result.Placements.Count,7} {result.TotalDistanceKm,10:F1} {result.TotalDistanceKm / Math.Max(1, result.Placements.Count),9:F2} {vs,10} {Overfill(result, round),12}"));
            }
        }
        Console.WriteLine("max overfill = the most any offer is over its seats in the suggestion (must be 0).");
    }

    private static (double Ms, RoundSuggestion Result) Measure(IPlacementSuggester suggester, SyntheticRound round, int runs)
    {
        var result = suggester.Suggest(round.Children, round.Offers);
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            result = suggester.Suggest(round.Children, round.Offers);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], result);
    }

    private static int Overfill(RoundSuggestion suggestion, SyntheticRound round) =>
        round.Offers.Max(offer => suggestion.Placements.Count(p => p.OfferId == offer.OfferId) - offer.SeatsLeft) is var worst && worst > 0 ? worst : 0;

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record Options(int Referrals, int Offers, int Runs, bool SkipE2E, bool SkipPg, string Pg, bool OneByOne = false);

    private static bool TryParse(string[] args, out Options options)
    {
        var pg = Environment.GetEnvironmentVariable("VISITATION_TEST_PG") is { Length: > 0 } configured ? configured : DefaultPostgres;
        options = new Options(1000, 50, 5, false, false, pg);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--referrals" when i + 1 < args.Length && int.TryParse(args[i + 1], Inv, out var r) && r > 0:
                    options = options with { Referrals = r };
                    i++;
                    break;
                case "--offers" when i + 1 < args.Length && int.TryParse(args[i + 1], Inv, out var o) && o >= 4:
                    options = options with { Offers = o };
                    i++;
                    break;
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], Inv, out var n) && n > 0:
                    options = options with { Runs = n };
                    i++;
                    break;
                case "--skip-e2e":
                    options = options with { SkipE2E = true };
                    break;
                case "--one-by-one":
                    options = options with { OneByOne = true };
                    break;
                case "--skip-pg":
                    options = options with { SkipPg = true };
                    break;
                case "--pg" when i + 1 < args.Length:
                    options = options with { Pg = args[++i] };
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
