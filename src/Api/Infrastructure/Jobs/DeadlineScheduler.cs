using Hangfire;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Deadlines;

namespace Visitation.Api.Infrastructure.Jobs;

/// <summary>
/// Hangfire owns the timers: a deadline becomes one delayed job that wakes <see cref="DeadlineJob"/>. Only a
/// deadline due within <see cref="Horizon"/> gets its job when it is saved; the rest (a complaint deadline four
/// weeks out, a revisitation due next year) get theirs from <see cref="DeadlineSweep"/>, which runs every few
/// minutes, once they come within the horizon. The deadline row is the durable record either way; see ADR 0010.
/// </summary>
public sealed class DeadlineScheduler(IBackgroundJobClient jobs)
{
    /// <summary>
    /// How far ahead a deadline gets its Hangfire job. Many times the sweep's five-minute interval, so a deadline
    /// always has its job long before it is due, even when a sweep or two is missed.
    /// </summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(1);

    /// <summary>
    /// Hangfire schedules against the machine's clock, not the case clock (which tests shift), so whether a
    /// deadline is within the horizon is asked of the same clock Hangfire will wake it by.
    /// </summary>
    private static readonly TimeProvider HangfireClock = TimeProvider.System;

    public static DateTimeOffset HorizonEnd => HangfireClock.GetUtcNow() + Horizon;

    public static bool NeedsJobNow(Deadline deadline) => deadline.DueAt <= HorizonEnd;

    /// <summary>
    /// Gives a saved deadline its Hangfire job and records the job on the row. Another sweep, or the save that made the
    /// deadline, may give it one at the same moment: the first to record its job wins, and the other job is deleted.
    /// </summary>
    /// <returns>The job recorded by this call, or null when another one had already been recorded.</returns>
    public async Task<string?> GiveJobAsync(VisitationDbContext db, Deadline deadline, CancellationToken ct)
    {
        var jobId = Schedule(deadline);
        var recorded = await db.Deadlines.Where(d => d.Id == deadline.Id && d.JobId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.JobId, jobId), ct);
        if (recorded > 0) return jobId;
        Delete(jobId);
        return null;
    }

    public string Schedule(Deadline deadline) =>
        jobs.Schedule<DeadlineJob>(job => job.FireAsync(deadline.Id, CancellationToken.None), deadline.DueAt);

    public void Delete(string jobId) => jobs.Delete(jobId);
}
