using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Notifications;

namespace Visitation.Api.Features.Decisions;

public sealed class DecisionDeadlineReactions(VisitationDbContext db) : IDeadlineReaction
{
    public IReadOnlyCollection<DeadlineKind> Kinds { get; } = [DeadlineKind.ComplaintDeadline, DeadlineKind.ComplaintReassessment];

    public async Task<IReadOnlyList<Notification>> ReactAsync(Deadline deadline, DateTimeOffset now, CancellationToken ct)
    {
        if (deadline.Kind == DeadlineKind.ComplaintDeadline)
        {
            var letter = await db.Letters.FirstOrDefaultAsync(l => l.Id == deadline.SubjectId, ct);
            if (letter is null) return [];
            var complained = await db.Complaints.AnyAsync(c => c.LetterId == letter.Id, ct);
            return DecisionDeadlines.ComplaintPeriodEnded(deadline, letter, complained, now).ToList();
        }
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Id == deadline.SubjectId, ct);
        return complaint is null ? [] : DecisionDeadlines.ReassessmentDue(deadline, complaint, now).ToList();
    }
}
