using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;

namespace Visitation.Web.Tests.Support;

/// <summary>A case decided with its letters delivered, and the people around it.</summary>
public sealed record DecidedCase(Guid ReferralId, Guid ChildId, string ChildName, Guid WrittenDecisionId, Guid LetterId,
    AppUser Parent, DateOnly ComplaintDeadline);

/// <summary>
/// Cases brought into a state through the domain, as the committee's pages would, so a journey can
/// start where another role's work ends.
/// </summary>
public static class Cases
{
    private static readonly Lazy<Task<DecidedCase>> Decided = new(() => DecideReturnToGeneralAsync(Site.App));

    /// <summary>One case decided (return to the general school with recommendations) for the whole run.</summary>
    public static Task<DecidedCase> DecidedAsync() => Decided.Value;

    /// <summary>A complete referral waiting for triage in an open round whose committee has yet to meet.</summary>
    public static async Task<Referral> WaitingForTriageAsync(VisitationDbContext db, TimeProvider clock, bool last = false)
    {
        var now = clock.GetUtcNow();
        var rounds = await db.Rounds.AsNoTracking().Where(r => r.Status == RoundStatus.Open).ToListAsync();
        var roundIds = rounds.Where(r => r.CommitteeMeetingAt > now).Select(r => r.Id).ToList();
        var candidates = (await db.Referrals.Where(r => r.State == ReferralState.AssignedToRound && r.RoundId != null && roundIds.Contains(r.RoundId.Value)).ToListAsync())
            .Where(r => r.HasPart(ReferralPartType.PPV) && r.HasPart(ReferralPartType.ParentStatement))
            .OrderBy(r => r.Id)
            .ToList();
        if (candidates.Count == 0) throw new InconclusiveException("The demo municipality has no referral waiting for triage.");
        return last ? candidates[^1] : candidates[0];
    }

    private static async Task<DecidedCase> DecideReturnToGeneralAsync(WebSite app)
    {
        Guid writtenId, childId, referralId;
        using (var scope = app.Services.CreateScope())
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<VisitationDbContext>();
            var clock = services.GetRequiredService<TimeProvider>();
            var rules = services.GetRequiredService<RuleSetCatalog>().InForceAt(clock);
            var member = await db.Users.AsNoTracking().Where(u => u.Role == Role.CommitteeMember).OrderBy(u => u.DisplayName).FirstAsync();
            var actor = (await Caller.ResolveAsync(db, member.Subject, CancellationToken.None))!;
            var referral = await WaitingForTriageAsync(db, clock, last: true);
            var workflow = services.GetRequiredService<WorkflowCatalog>().Get<ReferralWorkflow>(referral.WorkflowKey, referral.WorkflowVersion);
            var now = clock.GetUtcNow();
            workflow.Triage(referral, actor, Track.SocioEmotional, now);
            workflow.PutOnAgenda(referral, actor, now);
            workflow.DecideReturnToGeneral(referral, actor,
                "Skolen får hjælp fra PPR i otte uger.\nKompetencecentret for trivsel rådgiver klassens lærere.",
                "Udvalget vurderer, at barnets behov kan imødekommes i almentilbuddet med specialpædagogisk støtte.", rules, now);
            var written = await DecisionsApi.IssueAsync(db, referral, new DecisionsApi.IssueDecisionRequest(null,
                "Folkeskolelovens § 20, stk. 2, og bekendtgørelse om folkeskolens specialundervisning.", null,
                ["Skolens handleplan", "Forældrenes udtalelse"], null, null, null, null, null, null), actor, rules, now, CancellationToken.None);
            await db.SaveChangesAsync();
            (writtenId, childId, referralId) = (written.Id, referral.ChildId, referral.Id);
        }

        // The letters are rendered and delivered by the outbox and its consumer, as after a real decision.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var ready = await app.WithDbAsync(async db =>
            {
                var child = await db.Children.AsNoTracking().SingleAsync(c => c.Id == childId);
                var letters = await db.Letters.AsNoTracking().Where(l => l.WrittenDecisionId == writtenId && l.DeliveredAt != null).ToListAsync();
                if (letters.Count < child.GuardianIds.Count) return null;
                var letter = letters.Single(l => l.GuardianId == child.GuardianIds[0]);
                var parent = await db.Users.AsNoTracking().SingleAsync(u => u.Role == Role.Guardian && u.GuardianId == letter.GuardianId);
                return new DecidedCase(referralId, childId, child.Name, writtenId, letter.Id, parent, letter.ComplaintDeadline!.Value);
            });
            if (ready is not null) return ready;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The decision letters were not delivered within a minute.");
            await Task.Delay(250);
        }
    }
}
