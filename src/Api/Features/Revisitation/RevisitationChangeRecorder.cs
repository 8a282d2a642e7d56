using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Revisitation;

namespace Visitation.Api.Features.Revisitation;

/// <summary>
/// Every new step in a revisitation's history becomes an audit entry on the child, in the same
/// transaction: the meetings, the handleplan, the decision, and an administrator's migration to another
/// workflow version (which names the versions, states and carried-over steps, never the case's content).
/// </summary>
public sealed class RevisitationChangeRecorder : ICaseChangeRecorder
{
    public void Record(VisitationDbContext db, CaseChanges changes)
    {
        foreach (var revisitation in db.ChangeTracker.Entries<RevisitationCase>().Select(e => e.Entity).ToList())
        {
            foreach (var step in revisitation.History.Where(h => db.Entry(h).State == EntityState.Added))
                changes.Audit(new AuditEntry(step.At, step.ActorUserId, step.ActorName, step.ActorRole,
                    AuditKind.Change, revisitation.ChildId, "Revisitation", revisitation.Id, step.Detail));
        }
    }
}
