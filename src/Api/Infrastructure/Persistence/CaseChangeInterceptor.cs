using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Messaging;
using Visitation.Workflows.Deadlines;

namespace Visitation.Api.Infrastructure.Persistence;

/// <summary>
/// Runs inside every save, so no code path can change a case without its consequences:
/// each new step in a case's history becomes an audit entry and, where others care, an outbox message
/// (same transaction); deadline changes asked for by the domain become deadline rows, and once the
/// transaction has committed, Hangfire jobs for those due soon (<see cref="DeadlineScheduler.Horizon"/>;
/// the deadline sweep gives the later ones theirs). One instance per DbContext.
/// </summary>
public sealed class CaseChangeInterceptor(DeadlineScheduler scheduler, OutboxSignal outbox, TimeProvider clock,
    IEnumerable<ICaseChangeRecorder> recorders, ILogger<CaseChangeInterceptor> log) : SaveChangesInterceptor
{
    private readonly List<Deadline> _toSchedule = [];
    private readonly List<string> _jobsToDelete = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is VisitationDbContext db)
        {
            db.ChangeTracker.DetectChanges();
            // Changes are detected once, above: every recorder asks the change tracker, which would otherwise scan
            // every tracked entity again each time (a round's thousand referrals are tens of thousands of rows).
            var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                var changes = new CaseChanges(db, clock.GetUtcNow());
                foreach (var recorder in recorders) recorder.Record(db, changes);
                await ApplyDeadlineChangesAsync(db, cancellationToken);
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            }
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
            // The change is committed: a failure here must not report it as failed. A deadline left
            // without a job is picked up by DeadlineSweep; a job left for a cancelled deadline is a no-op.
            try
            {
                foreach (var deadline in scheduled)
                {
                    if (await scheduler.GiveJobAsync(db, deadline, cancellationToken) is not { } jobId) continue;
                    deadline.AttachJob(jobId);
                    // The tracked entity now matches the row, so a later save of it does not write JobId again.
                    db.Entry(deadline).Property(d => d.JobId).OriginalValue = jobId;
                }
                foreach (var jobId in deleted) scheduler.Delete(jobId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Scheduling deadline jobs after commit failed; the deadline sweep will retry");
            }
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
        // A deadline added and cancelled in the same save never needs a job, and one due beyond the horizon
        // gets its job from the sweep: creating a Hangfire job is a transaction of its own, too dear for every
        // complaint deadline of a round's letters.
        _toSchedule.RemoveAll(d => d.Status != DeadlineStatus.Scheduled || !DeadlineScheduler.NeedsJobNow(d));
    }
}
