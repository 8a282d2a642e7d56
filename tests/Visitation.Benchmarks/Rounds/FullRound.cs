using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Visitation.Api;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Benchmarks.Rounds;

/// <summary>
/// A full round of complete referrals through the real service: the app as <c>Program.cs</c> builds it
/// (<c>AddVisitation</c>, <c>UseVisitation</c>, Development auth), listening on a loopback port, driven over
/// HTTP as the committee. Setting up the municipality and the assigned referrals goes through the domain
/// and is not measured. Measured, stage by stage and end to end: the triage meeting (one call), opening the
/// meeting, the suggestion, one decision call per case (the suggested offer where there is a seat, else a
/// return to the general school), attendance, minutes and closing (which issues every written decision),
/// and the letters rendered, stored and delivered by the outbox dispatcher, the in-memory bus and
/// <c>DeliverDecisionLetters</c>, until the last guardian's letter has its receipt.
/// </summary>
internal static class FullRound
{
    public enum Store { Sqlite, Postgres }

    public sealed record Stage(string Name, double Seconds, string Detail);

    public sealed record Result(string Store, int Referrals, int Letters, double SetupSeconds, IReadOnlyList<Stage> Stages, string Check)
    {
        public double Total => Stages.Sum(s => s.Seconds);
    }

    private const double TargetSeconds = 10;
    private const int MaxDecisionsPerCall = Visitation.Api.Features.Committee.CommitteeApi.MaxDecisionsPerCall;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static async Task<Result> RunAsync(Store store, int referrals, string pgServer, bool oneByOne)
    {
        var name = store == Store.Sqlite ? "SQLite" : "PostgreSQL";
        Console.WriteLine($"2. Full round on {name}: {referrals} complete referrals assigned to one round; setting up ...");
        var folder = Path.Combine(Path.GetTempPath(), "visitation-bench-rounds", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string connection;
        string? pgDatabase = null;
        if (store == Store.Sqlite)
        {
            connection = $"Data Source={Path.Combine(folder, "visitation.db")}";
        }
        else
        {
            pgDatabase = "visitation_bench_rounds_" + Guid.NewGuid().ToString("N")[..10];
            await ExecuteAsync(pgServer, $"CREATE DATABASE \"{pgDatabase}\"");
            connection = new NpgsqlConnectionStringBuilder(pgServer) { Database = pgDatabase }.ConnectionString;
        }
        try
        {
            return await RunOnAsync(name, store, connection, folder, referrals, oneByOne);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (pgDatabase is not null) await ExecuteAsync(pgServer, $"DROP DATABASE IF EXISTS \"{pgDatabase}\" WITH (FORCE)");
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<Result> RunOnAsync(string name, Store store, string connection, string folder, int count, bool oneByOne)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ApplicationName = typeof(VisitationHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = store == Store.Sqlite ? "Sqlite" : "Postgres",
            ["ConnectionStrings:Visitation"] = connection,
            ["Jobs:SqlitePath"] = Path.Combine(folder, "hangfire.db"),
            ["Jobs:RunServer"] = "false",
            ["Messaging:Transport"] = "InMemory",
            ["Demo:Seed"] = "false",
            ["Auth:DevSigningKey"] = "benchmark-only-signing-key-not-a-secret-0123456789",
            ["Municipality:LetterDropFolder"] = Path.Combine(folder, "letters"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
            ["Logging:LogLevel:MassTransit"] = "Error",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddVisitation();
        await using var app = builder.Build();
        await app.PrepareDatabaseAsync();
        app.UseVisitation();
        await app.StartAsync();
        try
        {
            var setup = Stopwatch.StartNew();
            var town = await ArrangeAsync(app.Services, count);
            setup.Stop();
            Console.WriteLine(string.Create(Inv, $"   set up in {setup.Elapsed.TotalSeconds:F1} s: {town.Referrals.Count} referrals, {town.Offers} offers, {town.Guardians} guardians; measuring ..."));

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(10) };
            var token = await (await http.PostAsJsonAsync("/dev/token", new { userId = town.CommitteeUserId }, Json)).Content.ReadFromJsonAsync<JsonObject>(Json);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!["accessToken"]!.GetValue<string>());

            var stages = new List<Stage>();
            var round = $"/api/rounds/{town.RoundId}";
            var watch = Stopwatch.StartNew();
            _cpuAtLastLap = Process.GetCurrentProcess().TotalProcessorTime;

            var agenda = await SendAsync(http, HttpMethod.Post, $"{round}/triage",
                new { tracks = town.Referrals.Select(r => new { referralId = r.Id, track = (int)r.Track }) });
            stages.Add(Lap(watch, "triage meeting (1 call)", $"{agenda["items"]!.AsArray().Count} cases on the agenda"));

            var meeting = await SendAsync(http, HttpMethod.Post, $"{round}/meeting", new { });
            stages.Add(Lap(watch, "open meeting (1 call)", $"{meeting["cases"]!.AsArray().Count} cases"));

            var suggestion = await SendAsync(http, HttpMethod.Get, $"{round}/suggestions", null);
            var start = suggestion["startDate"]!.GetValue<string>();
            var offerOf = suggestion["suggestions"]!.AsArray().ToDictionary(s => s!["referralId"]!.GetValue<Guid>(), s => s!["offerId"]!.GetValue<Guid>());
            stages.Add(Lap(watch, "suggestion (1 call)", string.Create(Inv,
                $"{offerOf.Count} placed, {suggestion["unplaced"]!.AsArray().Count} without a seat, {suggestion["totalDistanceKm"]!.GetValue<double>():F0} km (greedy {suggestion["nearestFirst"]!["totalDistanceKm"]!.GetValue<double>():F0} km)")));

            object DecisionFor(Guid referralId) => offerOf.TryGetValue(referralId, out var offerId)
                ? new { referralId, outcome = "Placement", offerId, startDate = start, reasons = "Barnets behov imødekommes bedst i tilbuddet, der også ligger nærmest. (Benchmark.)" }
                : new
                {
                    referralId, outcome = "ReturnToGeneral", recommendations = "Tolærerordning i otte uger og vejledning fra TCBU.",
                    helpToBeGiven = "TCBU's psykolog vejleder teamet.", reasons = "Ingen passende plads; støtte i almenundervisningen. (Benchmark.)",
                };
            if (oneByOne)
            {
                var latencies = new List<double>();
                foreach (var referral in town.Referrals)
                {
                    var one = Stopwatch.StartNew();
                    await SendAsync(http, HttpMethod.Post, $"{round}/meeting/cases/{referral.Id}/decision", DecisionFor(referral.Id));
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                }
                latencies.Sort();
                stages.Add(Lap(watch, $"decisions ({town.Referrals.Count} calls, one by one)", string.Create(Inv,
                    $"p50 {Percentile(latencies, 0.5):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms; {offerOf.Count} placements, {town.Referrals.Count - offerOf.Count} returns")));
            }
            else
            {
                var calls = 0;
                foreach (var chunk in town.Referrals.Chunk(MaxDecisionsPerCall))
                {
                    await SendAsync(http, HttpMethod.Post, $"{round}/meeting/decisions", new { decisions = chunk.Select(r => DecisionFor(r.Id)).ToList() });
                    calls++;
                }
                stages.Add(Lap(watch, $"decisions ({calls} call{(calls == 1 ? "" : "s")}, the agenda at once)",
                    $"{offerOf.Count} placements, {town.Referrals.Count - offerOf.Count} returns"));
            }

            await SendAsync(http, HttpMethod.Put, $"{round}/meeting/attendance", new { attendees = new[] { new { userId = town.CommitteeUserId, function = "formand" } } });
            await SendAsync(http, HttpMethod.Put, $"{round}/meeting/minutes", new { minutes = "Udvalget behandlede rundens sager. (Benchmark.)" });
            var closed = await SendAsync(http, HttpMethod.Post, $"{round}/meeting/close", new { });
            stages.Add(Lap(watch, "attendance, minutes, close (3 calls)", $"{closed["issued"]!.AsArray().Count} written decisions issued"));

            var delivered = await WaitForLettersAsync(app.Services, town.Guardians, town.Referrals.Count, TimeSpan.FromMinutes(10));
            var letterStage = Lap(watch, "letters rendered, stored, delivered", "");
            stages.Add(letterStage with
            {
                Detail = letterStage.Detail + string.Create(Inv, $"{delivered} of {town.Guardians} letters with a receipt and every decision marked dispatched; {delivered / letterStage.Seconds:F0} letters/s"),
            });
            var check = await CheckAsync(app.Services);
            foreach (var stage in stages) Console.WriteLine(string.Create(Inv, $"   {stage.Name,-38} {stage.Seconds,7:F2} s  {stage.Detail}"));
            return new Result(name, town.Referrals.Count, delivered, setup.Elapsed.TotalSeconds, stages, check);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    public static void Print(IReadOnlyList<Result> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"store",-11} {"referrals",9} {"letters",8} {"end to end s",12} {"target s",8} {"met",4}   (set-up, not measured, in brackets)");
        foreach (var r in results)
            Console.WriteLine(string.Create(Inv, $"{r.Store,-11} {r.Referrals,9} {r.Letters,8} {r.Total,12:F1} {TargetSeconds,8:F0} {(r.Total <= TargetSeconds ? "yes" : "no"),4}   ({r.SetupSeconds:F1} s)"));
        foreach (var r in results) Console.WriteLine($"{r.Store} check: {r.Check}");
    }

    private sealed record Arranged(Guid RoundId, Guid CommitteeUserId, IReadOnlyList<(Guid Id, Track Track)> Referrals, int Offers, int Guardians);

    /// <summary>The municipality of <see cref="SyntheticRound"/> in the database, and its children's complete referrals assigned to one round.</summary>
    private static async Task<Arranged> ArrangeAsync(IServiceProvider services, int count)
    {
        var synthetic = SyntheticRound.Create(2026, count, 50, 30, homePerChild: false);
        var clock = services.GetRequiredService<TimeProvider>();
        var rules = services.GetRequiredService<RuleSetCatalog>().InForceAt(clock);
        var workflow = services.GetRequiredService<WorkflowCatalog>().Latest<ReferralWorkflow>(ReferralWorkflow.DefinitionKey);
        var now = clock.GetUtcNow();
        var random = new Random(7);

        var schools = new Dictionary<GeoPoint, School>();
        School SchoolAt(GeoPoint at, bool district) =>
            schools.TryGetValue(at, out var s) ? s : schools[at] = new School(Guid.NewGuid(), $"Skole {schools.Count + 1}", $"Syntetisk Allé {schools.Count + 1}, 7100 Testby", at, district);
        foreach (var child in synthetic.Children) SchoolAt(child.Home, true);
        var offers = synthetic.Offers.Select(o => new SpecialOffer(o.OfferId, o.Name, o.Category, SchoolAt(o.Location, false).Id, o.SeatsLeft)).ToList();
        var committee = new AppUser(Guid.NewGuid(), "bench-committee", "Udvalgsmedlem (benchmark)", Role.CommitteeMember, null, null, null, null);
        var round = VisitationRound.Plan(Guid.NewGuid(), "Benchmarkrunde", RoundKind.Regular, now.AddDays(1), now.AddDays(2), now.AddDays(3), rules, now);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
            db.Schools.AddRange(schools.Values);
            db.Offers.AddRange(offers);
            db.Users.Add(committee);
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
        }

        var committeeActor = Actor.Committee(committee.Id, committee.DisplayName);
        var pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% Syntetisk bilag\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf));
        var assigned = new List<(Guid, Track)>();
        var guardians = 0;
        var used = new HashSet<string>();
        CprNumber Cpr(DateOnly birth)
        {
            for (var attempt = 0; ; attempt++)
                if (CprNumber.Synthetic(birth.AddDays(attempt), random) is var cpr && used.Add(cpr.Value)) return cpr;
        }
        foreach (var batch in synthetic.Children.Chunk(100))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
            var at = now.AddDays(-5);
            foreach (var c in batch)
            {
                var school = schools[c.Home];
                var family = Enumerable.Range(0, random.NextDouble() < 0.7 ? 2 : 1)
                    .Select(i => new Guardian(Guid.NewGuid(), $"Forælder {guardians + i + 1}", Cpr(new DateOnly(1980, 1, 1).AddDays(random.Next(5000))),
                        "Syntetisk Vej 1, 7100 Testby", null))
                    .ToList();
                guardians += family.Count;
                var child = new Child(Guid.NewGuid(), $"Barn {assigned.Count + 1}", Cpr(new DateOnly(2013, 1, 1).AddDays(random.Next(3000))), school.Id,
                    family.Select(g => g.Id));
                db.Guardians.AddRange(family);
                db.Children.Add(child);
                var leader = Actor.SchoolLeader(Guid.NewGuid(), $"Skoleleder, {school.Name}", school.Id);
                var referral = workflow.Start(Guid.NewGuid(), child, leader, rules, at = at.AddSeconds(1));
                foreach (var part in Enum.GetValues<ReferralPartType>())
                {
                    var file = new StoredFile(Guid.NewGuid(), $"{part}.pdf", "application/pdf", pdf, sha, at = at.AddSeconds(1));
                    db.StoredFiles.Add(file);
                    workflow.AttachDocument(referral, leader, part, new StoredFileInfo(file.Id, file.FileName, file.ContentType, file.Length, file.Sha256), at,
                        external: part == ReferralPartType.PPV ? new Visitation.Workflows.Ppv.ExternalPpv("PPR (syntetisk)", DanishTime.Date(at).AddDays(-14)) : null);
                }
                workflow.Submit(referral, leader, rules, at = at.AddSeconds(1));
                workflow.AssignToRound(referral, committeeActor, round, at = at.AddSeconds(1));
                db.Referrals.Add(referral);
                assigned.Add((referral.Id, c.Track));
            }
            await db.SaveChangesAsync();
        }
        return new Arranged(round.Id, committee.Id, assigned, offers.Count, guardians);
    }

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>
    /// Until every guardian's letter has its receipt and every decision is marked dispatched (the consumer's last write),
    /// or the time is up. Returns the letters delivered.
    /// </summary>
    private static async Task<int> WaitForLettersAsync(IServiceProvider services, int expected, int decisions, TimeSpan timeout)
    {
        var until = Stopwatch.StartNew();
        var delivered = 0;
        while (until.Elapsed < timeout)
        {
            var dispatched = 0;
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
                delivered = await db.Letters.CountAsync(l => l.DeliveredAt != null);
                if (delivered >= expected)
                    dispatched = await db.Referrals.SelectMany(r => r.Decisions).CountAsync(d => d.DispatchedAt != null);
            }
            if (delivered >= expected && dispatched >= decisions) return delivered;
            await Task.Delay(50);
        }
        return delivered;
    }

    private static async Task<string> CheckAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        var written = await db.WrittenDecisions.CountAsync();
        var letters = await db.Letters.CountAsync();
        var pdfs = await db.StoredFiles.CountAsync(f => f.ContentType == "application/pdf" && f.FileName.StartsWith("afgoerelse-"));
        var dispatched = await db.Referrals.SelectMany(r => r.Decisions).CountAsync(d => d.DispatchedAt != null);
        var pending = await db.OutboxMessages.CountAsync(m => m.PublishedAt == null);
        var audits = await db.AuditEntries.CountAsync();
        var closedRounds = await db.Rounds.CountAsync(r => r.Status == RoundStatus.Closed);
        return $"{written} written decisions, {letters} letters ({pdfs} letter PDFs stored), {dispatched} decisions marked dispatched, "
               + $"{closedRounds} round closed, {pending} outbox messages unpublished, {audits} audit entries";
    }

    private static TimeSpan _cpuAtLastLap = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>The stage's wall-clock time; its detail gets the process's CPU time over it, which other work on the machine skews less.</summary>
    private static Stage Lap(Stopwatch watch, string name, string detail)
    {
        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var cpuSeconds = (cpu - _cpuAtLastLap).TotalSeconds;
        _cpuAtLastLap = cpu;
        watch.Restart();
        return new Stage(name, seconds, string.Create(Inv, $"[cpu {cpuSeconds:F2} s] {detail}"));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
