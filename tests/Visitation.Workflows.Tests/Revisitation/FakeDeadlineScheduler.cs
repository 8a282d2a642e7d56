using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;

namespace Visitation.Workflows.Tests.Revisitation;

/// <summary>
/// Plays the edge's part in deadlines: turns an aggregate's deadline changes into <see cref="Deadline"/>
/// rows as the save interceptor does, and wakes the due ones as the deadline job does (react, then fire).
/// </summary>
public sealed class FakeDeadlineScheduler
{
    private readonly List<Deadline> _deadlines = [];

    public IReadOnlyList<Deadline> Deadlines => _deadlines;

    public List<Notification> Sent { get; } = [];

    public void Collect(IHasDeadlineChanges owner, DateTimeOffset now)
    {
        foreach (var change in owner.DeadlineChanges)
        {
            switch (change)
            {
                case CancelDeadlines cancel:
                    foreach (var open in _deadlines.Where(d => d.SubjectId == cancel.SubjectId && d.Kind == cancel.Kind && d.Status == DeadlineStatus.Scheduled))
                        open.Cancel();
                    break;
                case ScheduleDeadline schedule:
                    _deadlines.Add(new Deadline(Guid.NewGuid(), schedule.Kind, schedule.SubjectId, schedule.DueAt, now));
                    break;
            }
        }
        owner.ClearDeadlineChanges();
    }

    /// <summary>Wakes every scheduled deadline due by <paramref name="now"/>, as the job does: react, then fire once.</summary>
    public void RunDue(DateTimeOffset now, Func<Deadline, DateTimeOffset, IEnumerable<Notification>> react)
    {
        foreach (var deadline in _deadlines.Where(d => d.Status == DeadlineStatus.Scheduled && d.DueAt <= now).OrderBy(d => d.DueAt).ToList())
        {
            var notifications = react(deadline, now).ToList();
            if (deadline.TryFire(now)) Sent.AddRange(notifications);
        }
    }

    /// <summary>
    /// A careless duplicate wake-up of every deadline due by <paramref name="now"/>, fired or not, that keeps
    /// whatever the reaction says: only the reactions themselves stand between it and a second notification.
    /// </summary>
    public void WakeEverythingAgain(DateTimeOffset now, Func<Deadline, DateTimeOffset, IEnumerable<Notification>> react)
    {
        foreach (var deadline in _deadlines.Where(d => d.DueAt <= now).ToList())
        {
            Sent.AddRange(react(deadline, now));
            deadline.TryFire(now);
        }
    }
}
