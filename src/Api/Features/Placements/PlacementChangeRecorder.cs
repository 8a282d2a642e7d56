using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Placements;

namespace Visitation.Api.Features.Placements;

/// <summary>Every new step in a placement's history becomes an audit entry on the child, in the same transaction.</summary>
public sealed class PlacementChangeRecorder : ICaseChangeRecorder
{
    public void Record(VisitationDbContext db, CaseChanges changes)
    {
        foreach (var placement in db.ChangeTracker.Entries<Placement>().Select(e => e.Entity).ToList())
        {
            foreach (var step in placement.History.Where(h => db.Entry(h).State == EntityState.Added))
                changes.Audit(new AuditEntry(step.At, step.ActorUserId, step.ActorName, step.ActorRole,
                    AuditKind.Change, placement.ChildId, "Placering", placement.Id, step.Detail));
        }
    }
}
