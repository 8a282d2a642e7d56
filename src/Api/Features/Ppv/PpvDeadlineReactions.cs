using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Ppv;

namespace Visitation.Api.Features.Ppv;

/// <summary>
/// The PPV's target reminders, its escalation to the psychologist service's leader and the parents'
/// hearing deadline. The domain looks at the case as it is now, so a deadline that no longer matters
/// (the PPV became final, the hearing was closed, every parent replied) gives no notification.
/// </summary>
public sealed class PpvDeadlineReactions(VisitationDbContext db) : IDeadlineReaction
{
    public IReadOnlyCollection<DeadlineKind> Kinds { get; } = PpvDeadlines.Kinds.ToList();

    public async Task<IReadOnlyList<Notification>> ReactAsync(Deadline deadline, DateTimeOffset now, CancellationToken ct)
    {
        var ppv = await db.Set<PpvCase>().AsNoTracking().AsSplitQuery().FirstOrDefaultAsync(c => c.Id == deadline.SubjectId, ct);
        return ppv is null ? [] : PpvDeadlines.React(deadline, ppv, now).ToList();
    }
}
