using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Deadlines;

namespace Visitation.Api.Infrastructure.Jobs;

/// <summary>
/// At start, gives a job to every scheduled deadline that has none: the process may have stopped
/// between committing a deadline and handing it to Hangfire. A duplicate job is harmless, since a
/// deadline fires once.
/// </summary>
public sealed class DeadlineRecovery(IServiceScopeFactory scopes, ILogger<DeadlineRecovery> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        var scheduler = scope.ServiceProvider.GetRequiredService<DeadlineScheduler>();
        var orphans = await db.Deadlines.Where(d => d.Status == DeadlineStatus.Scheduled && d.JobId == null).ToListAsync(cancellationToken);
        foreach (var deadline in orphans)
        {
            var jobId = scheduler.Schedule(deadline);
            await db.Deadlines.Where(d => d.Id == deadline.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.JobId, jobId), cancellationToken);
        }
        if (orphans.Count > 0) log.LogWarning("Rescheduled {Count} deadline(s) that had no job", orphans.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
