using Hangfire;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Deadlines;

namespace Visitation.Api.Infrastructure.Jobs;

/// <summary>
/// Makes sure every scheduled deadline is eventually fired: gives a job to each deadline that has come within
/// <see cref="DeadlineScheduler.Horizon"/> without one (saved further ahead, or the process stopped between
/// committing it and handing it to Hangfire), and wakes any whose job failed all its retries. Runs at start and
/// then every few minutes as a Hangfire recurring job. A second wake-up is harmless, since a deadline fires once.
/// </summary>
public sealed class DeadlineSweep(VisitationDbContext db, DeadlineScheduler scheduler, IBackgroundJobClient jobs, TimeProvider clock,
    ILogger<DeadlineSweep> log)
{
    /// <summary>How long past due a deadline may wait for its own job before the sweep wakes it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    public async Task RunAsync(CancellationToken ct)
    {
        var horizon = DeadlineScheduler.HorizonEnd;
        var orphans = await db.Deadlines.Where(d => d.Status == DeadlineStatus.Scheduled && d.JobId == null && d.DueAt <= horizon)
            .ToListAsync(ct);
        foreach (var deadline in orphans) await scheduler.GiveJobAsync(db, deadline, ct);
        var overdueBefore = clock.GetUtcNow() - Grace;
        var stuck = await db.Deadlines.Where(d => d.Status == DeadlineStatus.Scheduled && d.JobId != null && d.DueAt < overdueBefore)
            .Select(d => d.Id).ToListAsync(ct);
        foreach (var id in stuck) jobs.Enqueue<DeadlineJob>(job => job.FireAsync(id, CancellationToken.None));
        if (stuck.Count > 0) log.LogWarning("Deadline sweep: woke {Stuck} overdue deadline(s) whose job did not fire", stuck.Count);
        if (orphans.Count > 0) log.LogInformation("Deadline sweep: gave {Count} deadline(s) due within {Horizon} their job", orphans.Count, DeadlineScheduler.Horizon);
    }
}

/// <summary>Runs the sweep once at start and registers it to run every five minutes.</summary>
public sealed class DeadlineRecovery(IServiceScopeFactory scopes, IConfiguration config) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DeadlineSweep>().RunAsync(cancellationToken);
        if (config.GetValue("Jobs:RunServer", true))
            scope.ServiceProvider.GetRequiredService<IRecurringJobManager>()
                .AddOrUpdate<DeadlineSweep>("deadline-sweep", sweep => sweep.RunAsync(CancellationToken.None), "*/5 * * * *");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
