using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Deadlines;

public class DeadlineTests
{
    private static readonly DateTimeOffset Created = Times.At(2026, 9, 10);
    private static readonly DateTimeOffset Due = Times.At(2026, 9, 17);

    private static Deadline NewDeadline() => new(Ids.Of(801), DeadlineKind.IncompleteReferralReminder, Ids.Of(601), Due, Created);

    [Test]
    public void A_new_deadline_is_scheduled()
    {
        var deadline = NewDeadline();

        deadline.Id.ShouldBe(Ids.Of(801));
        deadline.Kind.ShouldBe(DeadlineKind.IncompleteReferralReminder);
        deadline.SubjectId.ShouldBe(Ids.Of(601));
        deadline.DueAt.ShouldBe(Due);
        deadline.CreatedAt.ShouldBe(Created);
        deadline.Status.ShouldBe(DeadlineStatus.Scheduled);
        deadline.FiredAt.ShouldBeNull();
        deadline.JobId.ShouldBeNull();
        deadline.Revision.ShouldBe(0);
    }

    [Test]
    public void A_deadline_fires_once_only()
    {
        var deadline = NewDeadline();

        deadline.TryFire(Due).ShouldBeTrue();
        deadline.TryFire(Due.AddMinutes(1)).ShouldBeFalse();

        deadline.Status.ShouldBe(DeadlineStatus.Fired);
        deadline.FiredAt.ShouldBe(Due);
        deadline.Revision.ShouldBe(1);
    }

    [Test]
    public void A_cancelled_deadline_does_not_fire()
    {
        var deadline = NewDeadline();
        deadline.Cancel();

        deadline.TryFire(Due).ShouldBeFalse();

        deadline.Status.ShouldBe(DeadlineStatus.Cancelled);
        deadline.FiredAt.ShouldBeNull();
        deadline.Revision.ShouldBe(1);
    }

    [Test]
    public void Cancelling_a_fired_deadline_changes_nothing()
    {
        var deadline = NewDeadline();
        deadline.TryFire(Due);

        deadline.Cancel();

        deadline.Status.ShouldBe(DeadlineStatus.Fired);
        deadline.Revision.ShouldBe(1);
    }

    [Test]
    public void Cancelling_twice_changes_nothing_the_second_time()
    {
        var deadline = NewDeadline();
        deadline.Cancel();
        deadline.Cancel();

        deadline.Revision.ShouldBe(1);
    }

    [Test]
    public void The_schedulers_job_handle_is_kept()
    {
        var deadline = NewDeadline();

        deadline.AttachJob("hangfire-42");

        deadline.JobId.ShouldBe("hangfire-42");
    }

    [Test]
    public void Deadline_changes_compare_by_value()
    {
        new ScheduleDeadline(DeadlineKind.DecisionDispatch, Ids.Of(1), Due).ShouldBe(new ScheduleDeadline(DeadlineKind.DecisionDispatch, Ids.Of(1), Due));
        new CancelDeadlines(DeadlineKind.DecisionDispatch, Ids.Of(1)).ShouldNotBe(new CancelDeadlines(DeadlineKind.DecisionDispatch, Ids.Of(2)));
    }
}
