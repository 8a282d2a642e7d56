using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Referrals;

public sealed class ReferralDeadlineReactions(VisitationDbContext db, RuleSetCatalog rules) : IDeadlineReaction
{
    public IReadOnlyCollection<DeadlineKind> Kinds { get; } =
        [DeadlineKind.IncompleteReferralReminder, DeadlineKind.DecisionDispatch, DeadlineKind.RoundDeadlineReminder];

    public async Task<IReadOnlyList<Notification>> ReactAsync(Deadline deadline, DateTimeOffset now, CancellationToken ct)
    {
        if (deadline.Kind == DeadlineKind.RoundDeadlineReminder)
        {
            var round = await db.Rounds.FirstOrDefaultAsync(r => r.Id == deadline.SubjectId, ct);
            if (round is null) return [];
            var unsent = await db.Referrals
                .Where(r => r.State == ReferralState.Draft || r.State == ReferralState.Incomplete)
                .ToListAsync(ct);
            return ReferralDeadlines.RoundDeadlineReminder(deadline, round, unsent, now).ToList();
        }
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == deadline.SubjectId, ct);
        if (referral is null) return [];
        return deadline.Kind == DeadlineKind.IncompleteReferralReminder
            ? ReferralDeadlines.IncompleteReminder(deadline, referral, rules.Get(referral.RuleSetVersion), now).ToList()
            : ReferralDeadlines.DecisionDispatch(deadline, referral, now).ToList();
    }
}
