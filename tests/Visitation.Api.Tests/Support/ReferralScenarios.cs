using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Tests.Support;

/// <summary>Where a referral made by <see cref="ReferralScenarios"/> stands.</summary>
public enum Stage
{
    /// <summary>Created by the district school, nothing attached.</summary>
    Draft,
    /// <summary>Submitted with only the PPV and the signed form: returned to the school.</summary>
    Incomplete,
    /// <summary>All six parts attached and submitted.</summary>
    Complete,
    AssignedToRound,
    Triaged,
    OnAgenda,
    /// <summary>Decided: placement in <see cref="TestMunicipality.Offer"/>.</summary>
    Placed,
    /// <summary>Decided: returned to the general school.</summary>
    ReturnedToGeneral,
    /// <summary>Withdrawn by the district school while a draft.</summary>
    Withdrawn,
}

/// <summary>What a refused request must leave untouched: the referral's revision, state and every list it owns.</summary>
public sealed record ReferralSnapshot(int Revision, ReferralState State, Guid? RoundId, Track? Track, int History, int Documents,
    int Decisions, int Hearings, int ChangeLogEntries);

/// <summary>
/// Brings a referral into the state a test needs, through the same workflow operations the API calls
/// (so role, scope and state rules all hold), saved in one go. Arranging through the domain rather than
/// a dozen HTTP calls keeps the authorization matrix fast; the journey test covers the HTTP path.
/// </summary>
public static class ReferralScenarios
{
    private static readonly SemaphoreSlim OneTownAtATime = new(1, 1);

    /// <summary>
    /// <see cref="TestMunicipality.CreateAsync"/> for fixtures that run in parallel: it remembers the CPR
    /// numbers it handed out in a plain HashSet, so towns are made one at a time.
    /// </summary>
    public static async Task<TestMunicipality> TownAsync(this VisitationApp app)
    {
        await OneTownAtATime.WaitAsync();
        try
        {
            return await TestMunicipality.CreateAsync(app);
        }
        finally
        {
            OneTownAtATime.Release();
        }
    }

    /// <summary>
    /// A new referral for <paramref name="child"/> (default <see cref="TestMunicipality.ChildA"/>) in <paramref name="stage"/>,
    /// made by the child's district school leader and, from <see cref="Stage.AssignedToRound"/>, moved on by the committee.
    /// </summary>
    public static async Task<Referral> ReferralAsync(this VisitationApp app, TestMunicipality town, Stage stage, Child? child = null)
    {
        child ??= town.ChildA;
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<VisitationDbContext>();
        var workflow = services.GetRequiredService<WorkflowCatalog>().Latest<ReferralWorkflow>(ReferralWorkflow.DefinitionKey);
        var rules = services.GetRequiredService<RuleSetCatalog>().InForceAt(TimeProvider.System);
        var leaderUser = child.DistrictSchoolId == town.SchoolA.Id ? town.LeaderA : town.LeaderB;
        var leader = await ActorAsync(db, leaderUser);
        var committee = await ActorAsync(db, town.Committee);

        // Steps a second apart and in the past, so the history reads in order before any step a test takes now.
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        DateTimeOffset Next() => at = at.AddSeconds(1);

        var referral = workflow.Start(Guid.NewGuid(), child, leader, rules, Next());
        if (stage == Stage.Withdrawn)
            workflow.Withdraw(referral, leader, "Skolen har fundet en anden løsning.", Next());
        if (stage >= Stage.Incomplete && stage != Stage.Withdrawn)
        {
            var parts = stage == Stage.Incomplete
                ? [ReferralPartType.SignedReferralForm, ReferralPartType.PPV]
                : Enum.GetValues<ReferralPartType>();
            foreach (var part in parts)
            {
                var file = StoredPdf(part, Next());
                db.StoredFiles.Add(file);
                workflow.AttachDocument(referral, leader, part,
                    new StoredFileInfo(file.Id, file.FileName, file.ContentType, file.Length, file.Sha256), at, external: ExternalFor(part, at));
            }
            workflow.Submit(referral, leader, rules, Next());
        }
        if (stage >= Stage.AssignedToRound && stage != Stage.Withdrawn)
            workflow.AssignToRound(referral, committee, town.OpenRound, Next());
        if (stage >= Stage.Triaged && stage != Stage.Withdrawn)
            workflow.Triage(referral, committee, Track.SpecialOffers, Next());
        if (stage >= Stage.OnAgenda && stage != Stage.Withdrawn)
            workflow.PutOnAgenda(referral, committee, Next());
        if (stage == Stage.Placed)
            workflow.DecidePlacement(referral, committee, town.Offer, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
                "Barnets behov kan bedst imødekommes i tilbuddet.", rules, Next());
        if (stage == Stage.ReturnedToGeneral)
            workflow.DecideReturnToGeneral(referral, committee, "Støtte i klassen med AKT-vejleder.",
                "Barnets behov kan imødekommes i almentilbuddet.", rules, Next());

        db.Referrals.Add(referral);
        await db.SaveChangesAsync();
        return referral;
    }

    /// <summary>What a school leader states for an uploaded PPV (issuer, a date before <paramref name="at"/>, marked final); nothing for other parts.</summary>
    public static ExternalPpv? ExternalFor(ReferralPartType part, DateTimeOffset at) =>
        part == ReferralPartType.PPV ? new ExternalPpv(Http.ExternalPpvIssuer, DanishTime.Date(at).AddDays(-30)) : null;

    /// <summary>The referral as stored now, for asserting that a refused request wrote nothing.</summary>
    public static async Task<ReferralSnapshot> SnapshotAsync(this VisitationApp app, Guid referralId) =>
        await app.WithDbAsync(async db =>
        {
            var r = await db.Referrals.AsNoTracking().SingleAsync(x => x.Id == referralId);
            var changes = await db.AuditEntries.CountAsync(a => a.CaseId == referralId && a.Kind == AuditKind.Change);
            return new ReferralSnapshot(r.Revision, r.State, r.RoundId, r.Track, r.History.Count, r.Documents.Count,
                r.Decisions.Count, r.Hearings.Count, changes);
        });

    /// <summary>The referral's history steps of <paramref name="trigger"/>, as stored.</summary>
    public static async Task<int> HistoryStepsAsync(this VisitationApp app, Guid referralId, ReferralTrigger trigger) =>
        await app.WithDbAsync(async db =>
            (await db.Referrals.AsNoTracking().SingleAsync(x => x.Id == referralId)).History.Count(h => h.Trigger == trigger));

    public static async Task<int> ReferralCountAsync(this VisitationApp app, Guid childId) =>
        await app.WithDbAsync(db => db.Referrals.CountAsync(r => r.ChildId == childId));

    public static async Task<int> StoredFileCountAsync(this VisitationApp app) =>
        await app.WithDbAsync(db => db.StoredFiles.CountAsync());

    /// <summary>The signed-in person as the API would resolve them.</summary>
    public static async Task<Actor> ActorAsync(VisitationDbContext db, AppUser user) =>
        await Caller.ResolveAsync(db, user.Subject, CancellationToken.None)
        ?? throw new InvalidOperationException($"{user.DisplayName} is not in the database.");

    private static StoredFile StoredPdf(ReferralPartType part, DateTimeOffset at)
    {
        var bytes = Http.Pdf(part.ToString());
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return new StoredFile(Guid.NewGuid(), $"{part}.pdf", "application/pdf", bytes, sha, at);
    }
}
