using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate, not a sibling namespace.
using Visitation.Workflows.Placements;

/// <summary>
/// The reminders before a revisitation is due and the escalation after (subject: the placement), and the
/// reminder for a late handleplan answer (subject: the case). Loads the placement and its case as they are
/// now; <see cref="RevisitationDeadlines.React"/> decides whether anything is still to be said.
/// </summary>
public sealed class RevisitationDeadlineReactions(VisitationDbContext db, RuleSetCatalog rules) : IDeadlineReaction
{
    public IReadOnlyCollection<DeadlineKind> Kinds { get; } = [.. RevisitationDeadlines.Kinds];

    public async Task<IReadOnlyList<Notification>> ReactAsync(Deadline deadline, DateTimeOffset now, CancellationToken ct)
    {
        Placement? placement;
        RevisitationCase? revisitation;
        if (deadline.Kind == DeadlineKind.HandleplanAnswerReminder)
        {
            revisitation = await db.Set<RevisitationCase>().AsSplitQuery().AsNoTracking().FirstOrDefaultAsync(c => c.Id == deadline.SubjectId, ct);
            if (revisitation is null) return [];
            placement = await db.Set<Placement>().AsSplitQuery().AsNoTracking().FirstOrDefaultAsync(p => p.Id == revisitation.PlacementId, ct);
        }
        else
        {
            placement = await db.Set<Placement>().AsSplitQuery().AsNoTracking().FirstOrDefaultAsync(p => p.Id == deadline.SubjectId, ct);
            revisitation = placement?.OpenRevisitationCaseId is { } caseId
                ? await db.Set<RevisitationCase>().AsSplitQuery().AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, ct)
                : null;
        }
        if (placement is null) return [];
        return RevisitationDeadlines.React(deadline, placement, revisitation, rules.Get(placement.RuleSetVersion), now).ToList();
    }
}
