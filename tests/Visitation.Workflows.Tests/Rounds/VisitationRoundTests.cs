using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Rounds;

public class VisitationRoundTests
{
    private static readonly DateTimeOffset Deadline = Times.At(2026, 10, 1, 12);
    private static readonly DateTimeOffset Triage = Times.At(2026, 10, 8);
    private static readonly DateTimeOffset Committee = Times.At(2026, 10, 15, 10);

    private static VisitationRound Plan(RoundKind kind, DateTimeOffset now) =>
        VisitationRound.Plan(Ids.Of(401), "Efterår 2026", kind, Deadline, Triage, Committee, CurrentRules, now);

    [TestCase(RoundKind.Annual)]
    [TestCase(RoundKind.Regular)]
    [TestCase(RoundKind.Frequent)]
    public void Planning_a_round_schedules_a_reminder_to_schools_before_the_referral_deadline(RoundKind kind)
    {
        var round = Plan(kind, Times.At(2026, 8, 15));

        round.DeadlineChanges.ShouldBe([new ScheduleDeadline(DeadlineKind.RoundDeadlineReminder, Ids.Of(401), Deadline.AddDays(-7))]);
    }

    [Test]
    public void A_reminder_that_would_already_be_due_is_not_scheduled()
    {
        Plan(RoundKind.Regular, Deadline.AddDays(-3)).DeadlineChanges.ShouldBeEmpty();
    }

    [Test]
    public void A_reminder_due_exactly_now_is_not_scheduled()
    {
        Plan(RoundKind.Regular, Deadline.AddDays(-7)).DeadlineChanges.ShouldBeEmpty();
    }

    [Test]
    public void A_reminder_due_one_minute_from_now_is_scheduled()
    {
        Plan(RoundKind.Regular, Deadline.AddDays(-7).AddMinutes(-1)).DeadlineChanges.ShouldHaveSingleItem();
    }

    [Test]
    public void A_continuous_round_for_children_moving_in_gets_no_reminder()
    {
        Plan(RoundKind.Continuous, Times.At(2026, 8, 15)).DeadlineChanges.ShouldBeEmpty();
    }

    [Test]
    public void A_planned_round_is_open_with_its_dates()
    {
        var round = Plan(RoundKind.Regular, Times.At(2026, 8, 15));

        round.Id.ShouldBe(Ids.Of(401));
        round.Name.ShouldBe("Efterår 2026");
        round.Kind.ShouldBe(RoundKind.Regular);
        round.Status.ShouldBe(RoundStatus.Open);
        round.ReferralDeadline.ShouldBe(Deadline);
        round.TriageMeetingAt.ShouldBe(Triage);
        round.CommitteeMeetingAt.ShouldBe(Committee);
        round.Revision.ShouldBe(0);
    }

    [Test]
    public void A_triage_meeting_before_the_referral_deadline_is_refused()
    {
        var ex = Should.Throw<InvalidInputException>(() =>
            new VisitationRound(Ids.Of(401), "Efterår 2026", RoundKind.Regular, Deadline, Deadline.AddMinutes(-1), Committee));

        ex.Field.ShouldBe("triageMeetingAt");
        ex.Message.ShouldBe("Fordelingsmødet skal ligge efter henvisningsfristen.");
    }

    [Test]
    public void A_committee_meeting_before_the_triage_meeting_is_refused()
    {
        var ex = Should.Throw<InvalidInputException>(() =>
            new VisitationRound(Ids.Of(401), "Efterår 2026", RoundKind.Regular, Deadline, Triage, Triage.AddMinutes(-1)));

        ex.Field.ShouldBe("committeeMeetingAt");
        ex.Message.ShouldBe("Visitationsudvalgets møde skal ligge efter fordelingsmødet.");
    }

    [Test]
    public void Planning_validates_the_dates_too()
    {
        Should.Throw<InvalidInputException>(() => VisitationRound.Plan(Ids.Of(401), "Efterår 2026", RoundKind.Regular,
            Deadline, Triage, Triage.AddDays(-1), CurrentRules, Times.At(2026, 8, 15))).Field.ShouldBe("committeeMeetingAt");
    }

    [Test]
    public void All_three_dates_may_fall_on_the_same_moment()
    {
        Should.NotThrow(() => new VisitationRound(Ids.Of(401), "Ekstraordinær runde", RoundKind.Frequent, Deadline, Deadline, Deadline));
    }

    [Test]
    public void A_round_without_a_name_is_refused()
    {
        Should.Throw<InvalidInputException>(() => new VisitationRound(Ids.Of(401), " ", RoundKind.Regular, Deadline, Triage, Committee))
            .Field.ShouldBe("name");
    }

    [Test]
    public void A_round_accepts_referrals_up_to_and_including_its_deadline()
    {
        var round = new VisitationRound(Ids.Of(401), "Efterår 2026", RoundKind.Regular, Deadline, Triage, Committee);

        round.AcceptsReferralsAt(Deadline.AddDays(-10)).ShouldBeTrue();
        round.AcceptsReferralsAt(Deadline).ShouldBeTrue();
        round.AcceptsReferralsAt(Deadline.AddTicks(1)).ShouldBeFalse();
    }

    [Test]
    public void A_continuous_round_accepts_referrals_after_its_nominal_deadline()
    {
        var round = new VisitationRound(Ids.Of(401), "Tilflyttere", RoundKind.Continuous, Deadline, Triage, Committee);

        round.AcceptsReferralsAt(Deadline.AddDays(30)).ShouldBeTrue();
    }

    [TestCase(RoundKind.Regular)]
    [TestCase(RoundKind.Continuous)]
    public void A_closed_round_accepts_no_referrals(RoundKind kind)
    {
        var round = new VisitationRound(Ids.Of(401), "Efterår 2026", kind, Deadline, Triage, Committee);
        round.Close();

        round.AcceptsReferralsAt(Deadline.AddDays(-10)).ShouldBeFalse();
    }

    [Test]
    public void Closing_a_round_cancels_its_reminder_and_bumps_the_revision()
    {
        var round = Plan(RoundKind.Regular, Times.At(2026, 8, 15));
        round.ClearDeadlineChanges();

        round.Close();

        round.Status.ShouldBe(RoundStatus.Closed);
        round.Revision.ShouldBe(1);
        round.DeadlineChanges.ShouldBe([new CancelDeadlines(DeadlineKind.RoundDeadlineReminder, Ids.Of(401))]);
    }

    [Test]
    public void Closing_a_closed_round_is_refused_in_Danish()
    {
        var round = Plan(RoundKind.Regular, Times.At(2026, 8, 15));
        round.Close();

        Should.Throw<WrongStateException>(round.Close).Message.ShouldBe("Runden 'Efterår 2026' er allerede lukket.");
        round.Revision.ShouldBe(1);
    }
}
