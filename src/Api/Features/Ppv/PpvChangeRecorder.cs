using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Ppv;

namespace Visitation.Api.Features.Ppv;

/// <summary>
/// Every new step in a PPV case's history becomes an audit entry on the child, in the same transaction
/// as the step. The step's detail names what happened, never the content of notes, drafts or comments,
/// so the access log the parents export carries no more than they may see.
/// </summary>
public sealed class PpvChangeRecorder : ICaseChangeRecorder
{
    public const string CaseType = "PPV";

    public void Record(VisitationDbContext db, CaseChanges changes)
    {
        foreach (var ppv in db.ChangeTracker.Entries<PpvCase>().Select(e => e.Entity).ToList())
        {
            foreach (var step in ppv.History.Where(h => db.Entry(h).State == EntityState.Added))
            {
                changes.Audit(new AuditEntry(step.At, step.ActorUserId, step.ActorName, step.ActorRole,
                    AuditKind.Change, ppv.ChildId, CaseType, ppv.Id, step.Detail));
            }
        }
    }
}
