using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Messaging;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Referrals;

namespace Visitation.Api.Infrastructure.Persistence;

/// <summary>
/// Runs inside every save, so no code path can change a case without its consequences:
/// each new step in a case's history becomes an audit entry and, where others care, an outbox message
/// (same transaction); deadline changes asked for by the domain become deadline rows, and once the
/// transaction has committed, Hangfire jobs. One instance per DbContext.
/// </summary>
public sealed class CaseChangeInterceptor(DeadlineScheduler scheduler, OutboxSignal outbox, TimeProvider clock) : SaveChangesInterceptor
{
    private readonly List<Deadline> _toSchedule = [];
    private readonly List<string> _jobsToDelete = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is VisitationDbContext db)
        {
            db.ChangeTracker.DetectChanges();
            RecordCaseHistory(db);
            RecordDecisionChanges(db);
            await ApplyDeadlineChangesAsync(db, cancellationToken);
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw new InvalidOperationException("Use SaveChangesAsync: deadline changes need asynchronous queries.");

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is VisitationDbContext db)
        {
            var scheduled = _toSchedule.ToList();
            var deleted = _jobsToDelete.ToList();
            _toSchedule.Clear();
            _jobsToDelete.Clear();
            foreach (var deadline in scheduled)
            {
                var jobId = scheduler.Schedule(deadline);
                deadline.AttachJob(jobId);
                db.Entry(deadline).Property(d => d.JobId).OriginalValue = jobId;
                await db.Deadlines.Where(d => d.Id == deadline.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.JobId, jobId), cancellationToken);
            }
            foreach (var jobId in deleted) scheduler.Delete(jobId);
            outbox.Notify();
        }
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _toSchedule.Clear();
        _jobsToDelete.Clear();
        return Task.CompletedTask;
    }

    private static void RecordCaseHistory(VisitationDbContext db)
    {
        var referrals = db.ChangeTracker.Entries<Referral>().Select(e => e.Entity).ToList();
        foreach (var referral in referrals)
        {
            foreach (var step in referral.History.Where(h => db.Entry(h).State == EntityState.Added))
            {
                db.AuditEntries.Add(new AuditEntry(step.At, step.ActorUserId, step.ActorName, step.ActorRole,
                    AuditKind.Change, referral.ChildId, "Henvisning", referral.Id, step.Detail));
                if (IntegrationEventFor(referral, step) is { } message)
                    AddOutbox(db, message, step.At);
            }
        }
    }

    /// <summary>Written decisions, their letters and complaints are part of the child's case too.</summary>
    private void RecordDecisionChanges(VisitationDbContext db)
    {
        var now = clock.GetUtcNow();
        foreach (var entry in db.ChangeTracker.Entries<WrittenDecision>().Where(e => e.State == EntityState.Added).ToList())
        {
            var d = entry.Entity;
            db.AuditEntries.Add(new AuditEntry(d.IssuedAt, d.IssuedByUserId, d.IssuedByName, d.IssuedByRole, AuditKind.Change, d.ChildId,
                "Afgørelse", d.Id, $"Udstedte afgørelsen ({DeliverDecisionLetters.Subject(d.Kind).ToLowerInvariant()})."));
            AddOutbox(db, new DecisionIssued(d.Id, d.ChildId, d.IssuedAt), d.IssuedAt);
        }
        foreach (var entry in db.ChangeTracker.Entries<Letter>().ToList())
        {
            var l = entry.Entity;
            if (entry.State == EntityState.Added)
                db.AuditEntries.Add(System(now, l.ChildId, "Afgørelsesbrev", l.Id, $"Dannede afgørelsesbrevet til {l.RecipientName} (SHA-256 {l.Sha256[..12]}…)."));
            if (entry.State is EntityState.Added or EntityState.Modified && entry.Property(x => x.DeliveredAt).IsModified
                || entry.State == EntityState.Added && l.DeliveredAt is not null)
                db.AuditEntries.Add(System(now, l.ChildId, "Afgørelsesbrev", l.Id, $"Leverede afgørelsesbrevet til {l.RecipientName} via {l.Channel}."));
        }
        foreach (var entry in db.ChangeTracker.Entries<Complaint>().ToList())
        {
            var c = entry.Entity;
            if (entry.State == EntityState.Added)
                db.AuditEntries.Add(new AuditEntry(c.LodgedAt, c.LodgedByUserId, c.LodgedByName, "Guardian", AuditKind.Change, c.ChildId,
                    "Klage", c.Id, c.IsLate ? "Indgav klage efter klagefristen." : "Indgav klage."));
            else if (entry.State == EntityState.Modified && entry.Property(x => x.Status).IsModified)
                db.AuditEntries.Add(new AuditEntry(c.ReassessedAt ?? now, c.ReassessedByUserId ?? Guid.Empty, c.ReassessedByName ?? "", "CommitteeMember",
                    AuditKind.Change, c.ChildId, "Klage", c.Id, c.Status == ComplaintStatus.ForwardedToBoard
                        ? "Genvurderede afgørelsen: fastholdt, og klagen er sendt til klagenævnet med sagens akter."
                        : "Genvurderede afgørelsen: ændret; en ny afgørelse udstedes."));
        }
    }

    private static AuditEntry System(DateTimeOffset at, Guid childId, string caseType, Guid caseId, string what) =>
        new(at, Guid.Empty, "Visitation (system)", "System", AuditKind.Change, childId, caseType, caseId, what);

    private static void AddOutbox(VisitationDbContext db, object message, DateTimeOffset at) =>
        db.OutboxMessages.Add(new OutboxMessage(Guid.NewGuid(), message.GetType().FullName!, JsonSerializer.Serialize(message, message.GetType()), at));

    private static object? IntegrationEventFor(Referral referral, ReferralEvent step) => step.Trigger switch
    {
        ReferralTrigger.Submit => new ReferralSubmitted(referral.Id, referral.ChildId, referral.DistrictSchoolId,
            step.To == ReferralState.Complete, step.At),
        ReferralTrigger.DecidePlacement or ReferralTrigger.DecideReturnToGeneral or ReferralTrigger.Postpone
            when referral.LatestDecision is { } decision => new ReferralDecided(referral.Id, decision.Id, referral.ChildId,
                referral.DistrictSchoolId, decision.Outcome, decision.OfferId, step.At),
        _ => null,
    };

    private async Task ApplyDeadlineChangesAsync(VisitationDbContext db, CancellationToken ct)
    {
        var owners = db.ChangeTracker.Entries()
            .Select(e => e.Entity)
            .OfType<IHasDeadlineChanges>()
            .Where(o => o.DeadlineChanges.Count > 0)
            .ToList();
        foreach (var owner in owners)
        {
            foreach (var change in owner.DeadlineChanges)
            {
                switch (change)
                {
                    case CancelDeadlines cancel:
                        var open = await db.Deadlines
                            .Where(d => d.SubjectId == cancel.SubjectId && d.Kind == cancel.Kind && d.Status == DeadlineStatus.Scheduled)
                            .ToListAsync(ct);
                        // Deadlines added earlier in this same save are not in the database yet.
                        open.AddRange(_toSchedule.Where(d => d.SubjectId == cancel.SubjectId && d.Kind == cancel.Kind));
                        foreach (var deadline in open.Distinct())
                        {
                            deadline.Cancel();
                            _toSchedule.Remove(deadline);
                            if (deadline.JobId is { } jobId) _jobsToDelete.Add(jobId);
                        }
                        break;
                    case ScheduleDeadline schedule:
                        var created = new Deadline(Guid.NewGuid(), schedule.Kind, schedule.SubjectId, schedule.DueAt, clock.GetUtcNow());
                        db.Deadlines.Add(created);
                        _toSchedule.Add(created);
                        break;
                }
            }
            owner.ClearDeadlineChanges();
        }
        // A deadline added and cancelled in the same save never needs a job.
        _toSchedule.RemoveAll(d => d.Status != DeadlineStatus.Scheduled);
    }
}
