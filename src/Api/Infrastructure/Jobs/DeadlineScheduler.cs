using Hangfire;
using Visitation.Workflows.Deadlines;

namespace Visitation.Api.Infrastructure.Jobs;

/// <summary>Hangfire owns the timers: a deadline becomes one delayed job that wakes <see cref="DeadlineJob"/>.</summary>
public sealed class DeadlineScheduler(IBackgroundJobClient jobs)
{
    public string Schedule(Deadline deadline) =>
        jobs.Schedule<DeadlineJob>(job => job.FireAsync(deadline.Id, CancellationToken.None), deadline.DueAt);

    public void Delete(string jobId) => jobs.Delete(jobId);
}
