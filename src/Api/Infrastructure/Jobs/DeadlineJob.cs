using Hangfire;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Deadlines;

namespace Visitation.Api.Infrastructure.Jobs;

/// <summary>
/// Wakes a deadline by id. Safe to run twice, or concurrently: the deadline row moves from Scheduled to
/// Fired under an optimistic concurrency token in the same transaction as its notifications, so its
/// effect happens exactly once. What a deadline does is its feature's <see cref="IDeadlineReaction"/>.
/// </summary>
public sealed class DeadlineJob(VisitationDbContext db, IEnumerable<IDeadlineReaction> reactions, TimeProvider clock, ILogger<DeadlineJob> log)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task FireAsync(Guid deadlineId, CancellationToken ct)
    {
        var deadline = await db.Deadlines.FirstOrDefaultAsync(d => d.Id == deadlineId, ct);
        if (deadline is null || deadline.Status != DeadlineStatus.Scheduled) return;
        var reaction = reactions.FirstOrDefault(r => r.Kinds.Contains(deadline.Kind))
            ?? throw new InvalidOperationException($"No reaction is registered for deadline kind {deadline.Kind}.");
        var now = clock.GetUtcNow();
        var notifications = await reaction.ReactAsync(deadline, now, ct);
        if (!deadline.TryFire(now)) return;
        db.Notifications.AddRange(notifications);
        try
        {
            await db.SaveChangesAsync(ct);
            log.LogInformation("Deadline {DeadlineId} ({Kind}) fired with {Count} notification(s)", deadline.Id, deadline.Kind, notifications.Count);
        }
        catch (DbUpdateConcurrencyException)
        {
            log.LogInformation("Deadline {DeadlineId} was fired or cancelled by someone else meanwhile", deadline.Id);
        }
    }
}
