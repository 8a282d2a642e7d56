using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;

namespace Visitation.Api.Infrastructure.Jobs;

/// <summary>
/// What one feature does when one of its deadlines is reached: load the case, ask the domain, return
/// the notifications. Registered per feature so <see cref="DeadlineJob"/> need not know every case.
/// </summary>
public interface IDeadlineReaction
{
    IReadOnlyCollection<DeadlineKind> Kinds { get; }

    Task<IReadOnlyList<Notification>> ReactAsync(Deadline deadline, DateTimeOffset now, CancellationToken ct);
}
