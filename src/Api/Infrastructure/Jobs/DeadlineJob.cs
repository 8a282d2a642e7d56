using Hangfire;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Infrastructure.Jobs;

/// <summary>
/// Wakes a deadline by id. Safe to run twice, or concurrently: the deadline row moves from Scheduled to
/// Fired under an optimistic concurrency token in the same transaction as its notifications, so its
/// effect happens exactly once.
/// </summary>
public sealed class DeadlineJob(VisitationDbContext db, RuleSetCatalog rules, TimeProvider clock, ILogger<DeadlineJob> log)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task FireAsync(Guid deadlineId, CancellationToken ct)
    {
        var deadline = await db.Deadlines.FirstOrDefaultAsync(d => d.Id == deadlineId, ct);
        if (deadline is null || deadline.Status != DeadlineStatus.Scheduled) return;
        var now = clock.GetUtcNow();
        var notifications = await ReactAsync(deadline, now, ct);
        if (!deadline.TryFire(now)) return;
        db.Notifications.AddRange(notifications);
        try
        {
            await db.SaveChangesAsync(ct);
            log.LogInformation("Deadline {DeadlineId} ({Kind}) fired with {Count} notification(s)", deadline.Id, deadline.Kind, notifications.Count);
        }
        catch (DbUpdateConcurrencyException)
        {
            log.LogInformation("Deadline {DeadlineId} was fired or cancelled by someone else meanwhile", deadline.Id);
        }
    }

    private async Task<List<Notification>> ReactAsync(Deadline deadline, DateTimeOffset now, CancellationToken ct)
    {
        switch (deadline.Kind)
        {
            case DeadlineKind.IncompleteReferralReminder:
            {
                var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == deadline.SubjectId, ct);
                return referral is null ? [] : ReferralDeadlines.IncompleteReminder(deadline, referral, rules.Get(referral.RuleSetVersion), now).ToList();
            }
            case DeadlineKind.DecisionDispatch:
            {
                var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == deadline.SubjectId, ct);
                return referral is null ? [] : ReferralDeadlines.DecisionDispatch(deadline, referral, now).ToList();
            }
            case DeadlineKind.RoundDeadlineReminder:
            {
                var round = await db.Rounds.FirstOrDefaultAsync(r => r.Id == deadline.SubjectId, ct);
                if (round is null) return [];
                var unsent = await db.Referrals
                    .Where(r => r.State == ReferralState.Draft || r.State == ReferralState.Incomplete)
                    .ToListAsync(ct);
                return ReferralDeadlines.RoundDeadlineReminder(deadline, round, unsent, now).ToList();
            }
            case DeadlineKind.ComplaintDeadline:
            {
                var letter = await db.Letters.FirstOrDefaultAsync(l => l.Id == deadline.SubjectId, ct);
                if (letter is null) return [];
                var complained = await db.Complaints.AnyAsync(c => c.LetterId == letter.Id, ct);
                return DecisionDeadlines.ComplaintPeriodEnded(deadline, letter, complained, now).ToList();
            }
            case DeadlineKind.ComplaintReassessment:
            {
                var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Id == deadline.SubjectId, ct);
                return complaint is null ? [] : DecisionDeadlines.ReassessmentDue(deadline, complaint, now).ToList();
            }
            default:
                throw new InvalidOperationException($"No reaction for deadline kind {deadline.Kind}.");
        }
    }
}
