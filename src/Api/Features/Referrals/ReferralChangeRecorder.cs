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
                // The access log says what was done, not the case content (reasons, file names): it is
                // exported by administrators, who keep the system but do not read cases.
                changes.Audit(new AuditEntry(step.At, step.ActorUserId, step.ActorName, step.ActorRole,
                    AuditKind.Change, referral.ChildId, "Henvisning", referral.Id, Summary(step)));
                if (IntegrationEventFor(referral, step) is { } message) changes.Publish(message, step.At);
            }
        }
    }

    public static string Summary(ReferralEvent step) => step.From == step.To
        ? $"Henvisning: {Capitalised(step.Trigger.Danish())}."
        : $"Henvisning: {Capitalised(step.Trigger.Danish())} ({step.From.Danish()} → {step.To.Danish()}).";

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpper(text[0], System.Globalization.CultureInfo.GetCultureInfo("da-DK")) + text[1..];

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
