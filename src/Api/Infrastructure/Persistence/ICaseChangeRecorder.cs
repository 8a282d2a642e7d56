using System.Text.Json;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Messaging;

namespace Visitation.Api.Infrastructure.Persistence;

/// <summary>
/// One feature's part of every save: turns the new steps in its cases' histories into audit entries and
/// integration events. Each feature (referrals, decisions, PPV, revisitation) registers one, so the
/// interceptor need not know every kind of case.
/// </summary>
public interface ICaseChangeRecorder
{
    void Record(VisitationDbContext db, CaseChanges changes);
}

/// <summary>What a recorder may add to the save in progress.</summary>
public sealed class CaseChanges(VisitationDbContext db, DateTimeOffset now)
{
    public DateTimeOffset Now { get; } = now;

    public void Audit(AuditEntry entry) => db.AuditEntries.Add(entry);

    /// <summary>An audit entry for a change the system made on its own (a job, a consumer).</summary>
    public void AuditBySystem(Guid childId, string caseType, Guid caseId, string what) =>
        Audit(new AuditEntry(Now, Guid.Empty, "Visitation (system)", "System", AuditKind.Change, childId, caseType, caseId, what));

    /// <summary>Queues an integration event in the outbox, in the same transaction.</summary>
    public void Publish(object message, DateTimeOffset at) =>
        db.OutboxMessages.Add(new OutboxMessage(Guid.NewGuid(), message.GetType().FullName!, JsonSerializer.Serialize(message, message.GetType()), at));
}
