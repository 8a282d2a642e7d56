using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;

namespace Visitation.Api.Infrastructure.Audit;

/// <summary>
/// Records reads of a child's case. Changes are recorded by <see cref="CaseChangeInterceptor"/> from
/// the case history, so no endpoint can change a case without a log line. The caller saves.
/// </summary>
public sealed class AuditLog(VisitationDbContext db, TimeProvider clock)
{
    public void Read(Actor actor, Guid childId, string caseType, Guid? caseId, string what) =>
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), actor.UserId, actor.DisplayName, actor.Role.ToString(),
            AuditKind.Read, childId, caseType, caseId, what));
}
