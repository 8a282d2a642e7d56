using Visitation.Workflows.Access;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Revisitation.RevisitationScenario;

namespace Visitation.Workflows.Tests.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate even if a sibling test namespace named Placement appears.
using Visitation.Workflows.Placements;

public class RevisitationDeadlinesTests
{
    private static readonly DateTimeOffset SixtyDaysBefore = Times.At(2026, 9, 21, 7);
    private static readonly DateTimeOffset ThirtyDaysBefore = Times.At(2026, 10, 21, 7);
    private static readonly DateTimeOffset EscalationAt = Times.At(2026, 11, 21, 8); // 07:00 winter time

    private RevisitationScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new RevisitationScenario();

    private static Deadline DeadlineFor(DeadlineKind kind, Guid subjectId, DateTimeOffset dueAt) =>
        new(Ids.Of(951), kind, subjectId, dueAt, RegisteredAt);

    // ---- Reminders to the offer leader ----

    [Test]
    public void The_offer_leader_is_reminded_60_days_before_the_due_date()
    {
        var deadline = DeadlineFor(DeadlineKind.RevisitationReminder, _s.Placement.Id, SixtyDaysBefore);

        var notification = RevisitationDeadlines.Reminder(deadline, _s.Placement, null, CurrentRules, SixtyDaysBefore).ShouldHaveSingleItem();

        notification.RecipientRole.ShouldBe(Role.OfferLeader);
        notification.RecipientOfferId.ShouldBe(_s.OfferId);
        notification.RecipientSchoolId.ShouldBeNull();
        notification.CaseId.ShouldBe(_s.Placement.Id);
        notification.DeadlineId.ShouldBe(deadline.Id);
        notification.CreatedAt.ShouldBe(SixtyDaysBefore);
        notification.Title.ShouldBe("Revisitation skal afgøres senest 20. november 2026");
        notification.Body.ShouldBe("Et barn i jeres tilbud skal have en afgørelse om fortsat, ændret eller ophørt støtte senest 20. november 2026 (60 dage). "
                                   + "Revisitationen er ikke startet.");
        notification.IsFor(_s.OfferLeader).ShouldBeTrue();
        notification.IsFor(_s.OtherOfferLeader).ShouldBeFalse();
    }

    [Test]
    public void The_reminder_says_how_far_a_running_revisitation_has_come()
    {
        var c = _s.StatusMeetingHeld();
        var deadline = DeadlineFor(DeadlineKind.RevisitationReminder, _s.Placement.Id, ThirtyDaysBefore);

        RevisitationDeadlines.React(deadline, _s.Placement, c, CurrentRules, ThirtyDaysBefore).ShouldHaveSingleItem()
            .Body.ShouldEndWith("(30 dage). Revisitationen er i gang: statusmødet er holdt.");
    }

    [Test]
    public void A_reminder_says_nothing_once_the_decision_is_made()
    {
        var c = _s.Decided();
        var deadline = DeadlineFor(DeadlineKind.RevisitationReminder, _s.Placement.Id, ThirtyDaysBefore);

        RevisitationDeadlines.Reminder(deadline, _s.Placement, c, CurrentRules, ThirtyDaysBefore.AddDays(30)).ShouldBeEmpty();
    }

    [Test]
    public void A_60_day_reminder_woken_after_the_30_day_reminders_time_says_nothing_the_30_day_one_will_not()
    {
        var sixty = DeadlineFor(DeadlineKind.RevisitationReminder, _s.Placement.Id, SixtyDaysBefore);
        var thirty = DeadlineFor(DeadlineKind.RevisitationReminder, _s.Placement.Id, ThirtyDaysBefore);
        var late = ThirtyDaysBefore.AddHours(3);

        RevisitationDeadlines.Reminder(sixty, _s.Placement, null, CurrentRules, late).ShouldBeEmpty();
        RevisitationDeadlines.Reminder(thirty, _s.Placement, null, CurrentRules, late).ShouldHaveSingleItem();
    }

    [Test]
    public void A_reminder_woken_after_the_due_date_leaves_it_to_the_escalation()
    {
        var thirty = DeadlineFor(DeadlineKind.RevisitationReminder, _s.Placement.Id, ThirtyDaysBefore);

        RevisitationDeadlines.Reminder(thirty, _s.Placement, null, CurrentRules, EscalationAt).ShouldBeEmpty();
    }

    [Test]
    public void A_deadline_that_has_fired_or_was_cancelled_says_nothing()
    {
        var fired = DeadlineFor(DeadlineKind.RevisitationReminder, _s.Placement.Id, SixtyDaysBefore);
        fired.TryFire(SixtyDaysBefore);
        var cancelled = DeadlineFor(DeadlineKind.RevisitationEscalation, _s.Placement.Id, EscalationAt);
        cancelled.Cancel();

        RevisitationDeadlines.Reminder(fired, _s.Placement, null, CurrentRules, SixtyDaysBefore).ShouldBeEmpty();
        RevisitationDeadlines.Escalation(cancelled, _s.Placement, null, CurrentRules, EscalationAt).ShouldBeEmpty();
    }

    // ---- The district school leader's answer ----

    [Test]
    public void A_late_answer_on_the_handleplan_reminds_the_leader_of_the_childs_district_school()
    {
        var c = _s.HandleplanSent();
        var deadline = DeadlineFor(DeadlineKind.HandleplanAnswerReminder, c.Id, c.HandleplanAnswerDueAt!.Value);

        var notification = RevisitationDeadlines.HandleplanAnswerReminder(deadline, c, c.HandleplanAnswerDueAt.Value).ShouldHaveSingleItem();

        notification.RecipientRole.ShouldBe(Role.DistrictSchoolLeader);
        notification.RecipientSchoolId.ShouldBe(_s.SchoolId);
        notification.CaseId.ShouldBe(c.Id);
        notification.Title.ShouldBe("Svar på handleplan mangler");
        notification.Body.ShouldBe("Specialtilbuddet sendte 15. oktober 2026 en revideret handleplan for et barn fra jeres skole. Svarfristen var 29. oktober 2026. "
                                   + "Svar, om der er behov for yderligere drøftelse, så revisitationen kan nå at blive afgjort senest 20. november 2026.");
        notification.IsFor(_s.SchoolLeader).ShouldBeTrue();
        notification.IsFor(_s.OtherSchoolLeader).ShouldBeFalse();
    }

    [Test]
    public void The_answer_reminder_says_nothing_once_the_leader_has_answered()
    {
        var c = _s.HandleplanAnswered();
        var deadline = DeadlineFor(DeadlineKind.HandleplanAnswerReminder, c.Id, c.HandleplanAnswerDueAt!.Value);

        RevisitationDeadlines.HandleplanAnswerReminder(deadline, c, c.HandleplanAnswerDueAt.Value).ShouldBeEmpty();
    }

    [Test]
    public void The_answer_reminder_of_an_earlier_sending_says_nothing()
    {
        var c = _s.HandleplanSent();
        var deadline = DeadlineFor(DeadlineKind.HandleplanAnswerReminder, c.Id, c.HandleplanAnswerDueAt!.Value.AddDays(-3));

        RevisitationDeadlines.HandleplanAnswerReminder(deadline, c, c.HandleplanAnswerDueAt.Value).ShouldBeEmpty();
    }

    // ---- Escalation ----

    [Test]
    public void An_overdue_revisitation_is_escalated_to_the_administration()
    {
        var c = _s.HandleplanSent();
        var deadline = DeadlineFor(DeadlineKind.RevisitationEscalation, _s.Placement.Id, EscalationAt);

        var notification = RevisitationDeadlines.Escalation(deadline, _s.Placement, c, CurrentRules, EscalationAt).ShouldHaveSingleItem();

        notification.RecipientRole.ShouldBe(Role.CommitteeMember);
        notification.RecipientSchoolId.ShouldBeNull();
        notification.RecipientOfferId.ShouldBeNull();
        notification.CaseId.ShouldBe(_s.Placement.Id);
        notification.Title.ShouldBe("Revisitation er ikke afgjort til tiden");
        notification.Body.ShouldBe("Et barn i et specialtilbud skulle have haft en revisitationsafgørelse senest 20. november 2026; fristen er overskredet med 1 dag(e). "
                                   + "Der skal træffes afgørelse mindst én gang om året. Revisitationen er i gang: handleplanen er sendt til distriktsskolelederen.");
        notification.IsFor(_s.Committee).ShouldBeTrue();
    }

    [Test]
    public void A_late_escalation_still_escalates_once_with_the_days_overdue()
    {
        var deadline = DeadlineFor(DeadlineKind.RevisitationEscalation, _s.Placement.Id, EscalationAt);

        RevisitationDeadlines.Escalation(deadline, _s.Placement, null, CurrentRules, Times.At(2026, 12, 10, 12)).ShouldHaveSingleItem()
            .Body.ShouldContain("overskredet med 20 dag(e)");
    }

    [Test]
    public void No_escalation_once_the_decision_is_made_or_while_the_due_date_has_not_passed()
    {
        var deadline = DeadlineFor(DeadlineKind.RevisitationEscalation, _s.Placement.Id, EscalationAt);

        RevisitationDeadlines.Escalation(deadline, _s.Placement, null, CurrentRules, Times.At(2026, 11, 20, 23)).ShouldBeEmpty();
        _s.Decided();
        RevisitationDeadlines.Escalation(deadline, _s.Placement, null, CurrentRules, EscalationAt).ShouldBeEmpty();
    }

    [Test]
    public void The_deadline_job_dispatches_only_revisitation_deadlines()
    {
        var deadline = DeadlineFor(DeadlineKind.DecisionDispatch, _s.Placement.Id, EscalationAt);

        Should.Throw<ArgumentOutOfRangeException>(() => RevisitationDeadlines.React(deadline, _s.Placement, null, CurrentRules, EscalationAt).ToList());
        RevisitationDeadlines.Kinds.ShouldBe([DeadlineKind.RevisitationReminder, DeadlineKind.HandleplanAnswerReminder, DeadlineKind.RevisitationEscalation]);
    }

    // ---- Woken twice ----

    [Test]
    public void Every_deadline_woken_twice_and_late_still_notifies_once()
    {
        var scheduler = new FakeDeadlineScheduler();
        scheduler.Collect(_s.Placement, RegisteredAt);
        var c = _s.HandleplanSent();
        scheduler.Collect(_s.Placement, StartedAt);
        scheduler.Collect(c, HandleplanSentAt);
        IEnumerable<Notification> React(Deadline d, DateTimeOffset now) => RevisitationDeadlines.React(d, _s.Placement, c, CurrentRules, now);

        foreach (var at in new[] { SixtyDaysBefore, ThirtyDaysBefore, c.HandleplanAnswerDueAt!.Value, EscalationAt })
        {
            scheduler.RunDue(at, React);
            scheduler.RunDue(at.AddMinutes(1), React);
        }
        scheduler.WakeEverythingAgain(Times.At(2026, 12, 1), React);
        scheduler.WakeEverythingAgain(Times.At(2027, 2, 1), React);

        scheduler.Sent.Select(n => (n.RecipientRole, n.Title)).ShouldBe([
            (Role.OfferLeader, "Revisitation skal afgøres senest 20. november 2026"),
            (Role.OfferLeader, "Revisitation skal afgøres senest 20. november 2026"),
            (Role.DistrictSchoolLeader, "Svar på handleplan mangler"),
            (Role.CommitteeMember, "Revisitation er ikke afgjort til tiden"),
        ]);
        scheduler.Sent.Select(n => n.DeadlineId).Distinct().Count().ShouldBe(4);
    }
}
