using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Referrals;

namespace Visitation.Api.Features.Referrals;

/// <summary>Every new step in a referral's history becomes an audit entry; submissions and decisions become events.</summary>
public sealed class ReferralChangeRecorder : ICaseChangeRecorder
{
    public void Record(VisitationDbContext db, CaseChanges changes)
    {
        foreach (var referral in db.ChangeTracker.Entries<Referral>().Select(e => e.Entity).ToList())
        {
            foreach (var step in referral.History.Where(h => db.Entry(h).State == EntityState.Added))
            {
                changes.Audit(new AuditEntry(step.At, step.ActorUserId, step.ActorName, step.ActorRole,
                    AuditKind.Change, referral.ChildId, "Henvisning", referral.Id, step.Detail));
                if (IntegrationEventFor(referral, step) is { } message) changes.Publish(message, step.At);
            }
        }
    }

    private static object? IntegrationEventFor(Referral referral, ReferralEvent step) => step.Trigger switch
    {
        ReferralTrigger.Submit => new ReferralSubmitted(referral.Id, referral.ChildId, referral.DistrictSchoolId,
            step.To == ReferralState.Complete, step.At),
        ReferralTrigger.DecidePlacement or ReferralTrigger.DecideReturnToGeneral or ReferralTrigger.Postpone
            when referral.LatestDecision is { } decision => new ReferralDecided(referral.Id, decision.Id, referral.ChildId,
                referral.DistrictSchoolId, decision.Outcome, decision.OfferId, step.At),
        _ => null,
    };
}
