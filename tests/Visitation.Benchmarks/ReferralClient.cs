using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;

namespace Visitation.Benchmarks;

/// <summary>
/// One user walking referrals for one child round and round: Start, five attachments, an incomplete
/// Submit (reminder deadline and job), the sixth attachment, a complete Submit (deadline cancelled, job
/// deleted), AssignToRound, Triage, PutOnAgenda, RecordHearing, then a placement or a return to the
/// general school (dispatch deadline and job): 14 transitions. Each transition is what an endpoint does:
/// a new scope (DbContext, CaseChangeInterceptor), load, one workflow operation, SaveChangesAsync.
/// </summary>
internal sealed class ReferralClient(BenchStore store, Guid childId, Actor leader, Actor committee)
{
    public const int TransitionsPerCycle = 14;

    /// <summary>The operations in the order a cycle fires them, for reporting.</summary>
    public static readonly string[] Operations =
    [
        "Start", "AttachDocument", "Submit incomplete", "Submit complete", "AssignToRound", "Triage", "PutOnAgenda",
        "RecordHearing", "DecidePlacement", "DecideReturnToGeneral",
    ];

    /// <summary>A small synthetic PDF: the upload endpoint stores the bytes in the same transaction.</summary>
    private static readonly byte[] Document = Encoding.ASCII.GetBytes("%PDF-1.4\n% synthetic benchmark document\n" + new string('x', 4096 - 48) + "\n%%EOF\n");

    private Guid? _referralId;
    private int _decisions;

    public List<(string Operation, double Ms)> Latencies { get; } = [];
    public Dictionary<string, int> Errors { get; } = [];

    /// <summary>Forgets what the warm-up measured; the walk itself carries on where it was.</summary>
    public void Reset()
    {
        Latencies.Clear();
        Errors.Clear();
    }

    public static async Task<ReferralClient> CreateAsync(BenchStore store, int number)
    {
        await using var scope = store.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        var guardian = new Guardian(Guid.NewGuid(), $"Syntetisk forælder {number}", SyntheticCpr.Next(adult: true), "Syntetisk Allé 10, 7100 Testby", null);
        var child = new Child(Guid.NewGuid(), $"Syntetisk barn {number}", SyntheticCpr.Next(), store.DistrictSchool.Id, [guardian.Id]);
        db.Guardians.Add(guardian);
        db.Children.Add(child);
        await db.SaveChangesAsync();
        return new ReferralClient(store, child.Id,
            Actor.SchoolLeader(Guid.NewGuid(), "Benchmark skoleleder", store.DistrictSchool.Id),
            Actor.Committee(Guid.NewGuid(), "Benchmark udvalgsmedlem"));
    }

    /// <summary>Transitions until <paramref name="until"/> has passed; a failed one is counted, not retried as such.</summary>
    public async Task RunAsync(Stopwatch clock, TimeSpan until)
    {
        while (clock.Elapsed < until)
        {
            var started = clock.Elapsed;
            try
            {
                var operation = await StepAsync();
                Latencies.Add((operation, (clock.Elapsed - started).TotalMilliseconds));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // As in production, nothing retries a failed save: the user would see an error and try
                // again. The next step reloads the referral, so it repeats the step that failed.
                var root = e.GetBaseException();
                var key = $"{root.GetType().Name}: {root.Message.Split('\n')[0]}";
                Errors[key] = Errors.GetValueOrDefault(key) + 1;
            }
        }
    }

    /// <summary>One transition; returns its name.</summary>
    private async Task<string> StepAsync()
    {
        await using var scope = store.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<VisitationDbContext>();
        var workflows = sp.GetRequiredService<WorkflowCatalog>();
        var rules = sp.GetRequiredService<RuleSetCatalog>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();

        if (_referralId is not { } id)
        {
            // As ReferralsApi.CreateAsync: the child, and no other open referral for it.
            var child = await db.Children.FirstAsync(c => c.Id == childId);
            if (await db.Referrals.AnyAsync(r => r.ChildId == childId && r.State != ReferralState.Decided && r.State != ReferralState.Withdrawn))
                throw new InvalidOperationException("The child already has an open referral.");
            var created = workflows.Latest<ReferralWorkflow>(ReferralWorkflow.DefinitionKey).Start(Guid.NewGuid(), child, leader, rules.InForceAt(clock), now);
            db.Referrals.Add(created);
            await db.SaveChangesAsync();
            _referralId = created.Id;
            return "Start";
        }

        // Owned collections (documents, decisions, hearings, history) load with the referral.
        var referral = await db.Referrals.FirstAsync(r => r.Id == id);
        var workflow = workflows.Get<ReferralWorkflow>(referral.WorkflowKey, referral.WorkflowVersion);
        var ruleSet = rules.Get(referral.RuleSetVersion);
        string operation;
        switch (referral.State)
        {
            case ReferralState.Draft or ReferralState.Incomplete:
                var missing = referral.MissingParts(ruleSet.Referral.RequiredParts);
                if (missing.Count == 0 || (missing.Count == 1 && referral.State == ReferralState.Draft))
                {
                    workflow.Submit(referral, leader, ruleSet, now);
                    operation = missing.Count == 0 ? "Submit complete" : "Submit incomplete";
                }
                else
                {
                    Attach(db, workflow, referral, missing[0], now);
                    operation = "AttachDocument";
                }
                break;
            case ReferralState.Complete:
                var round = await db.Rounds.FirstAsync(r => r.Id == store.Round.Id);
                workflow.AssignToRound(referral, committee, round, now);
                operation = "AssignToRound";
                break;
            case ReferralState.AssignedToRound:
                workflow.Triage(referral, committee, (Track)(1 + _decisions % 3), now);
                operation = "Triage";
                break;
            case ReferralState.Triaged:
                workflow.PutOnAgenda(referral, committee, now);
                operation = "PutOnAgenda";
                break;
            case ReferralState.OnAgenda when referral.Hearings.Count == 0:
                workflow.RecordHearing(referral, committee, now.AddDays(-10), now.AddDays(-2), "Forslag om specialtilbud",
                    "Forældrene er enige i forslaget.", rules.InForceAt(clock), now);
                operation = "RecordHearing";
                break;
            case ReferralState.OnAgenda when _decisions % 2 == 0:
                var offer = await db.Offers.FirstAsync(o => o.Id == store.Offer.Id);
                workflow.DecidePlacement(referral, committee, offer, DanishTime.Date(now).AddDays(30),
                    "Barnets behov kan ikke imødekommes i almentilbuddet.", rules.InForceAt(clock), now);
                operation = "DecidePlacement";
                break;
            case ReferralState.OnAgenda:
                workflow.DecideReturnToGeneral(referral, committee, "Støtte i klassen to timer dagligt.",
                    "Behovet kan imødekommes i almentilbuddet med støtte.", rules.InForceAt(clock), now);
                operation = "DecideReturnToGeneral";
                break;
            default:
                throw new InvalidOperationException($"The benchmark has no step from {referral.State}.");
        }
        await db.SaveChangesAsync();
        if (referral.State == ReferralState.Decided)
        {
            _decisions++;
            _referralId = null;
        }
        return operation;
    }

    /// <summary>As ReferralsApi.UploadAsync after the multipart read: the file row and the attachment commit together.</summary>
    private void Attach(VisitationDbContext db, ReferralWorkflow workflow, Referral referral, ReferralPartType part, DateTimeOffset now)
    {
        var stored = new StoredFile(Guid.NewGuid(), $"{part}.pdf", "application/pdf", Document,
            Convert.ToHexStringLower(SHA256.HashData(Document)), now);
        db.StoredFiles.Add(stored);
        workflow.AttachDocument(referral, leader, part,
            new StoredFileInfo(stored.Id, stored.FileName, stored.ContentType, stored.Length, stored.Sha256), now,
            external: part == ReferralPartType.PPV ? new Visitation.Workflows.Ppv.ExternalPpv("PPR (syntetisk)", DanishTime.Date(now).AddDays(-14)) : null);
    }
}
