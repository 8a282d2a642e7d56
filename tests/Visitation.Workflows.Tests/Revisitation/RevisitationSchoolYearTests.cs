using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Revisitation;

/// <summary>A whole school year for a demo offer of 20 children, with a fixed clock stepping day by day.</summary>
public class RevisitationSchoolYearTests
{
    private static readonly DateTimeOffset LastEvening = DemoOfferYear.Danish(DemoOfferYear.Year.LastDay, 23);

    [Test]
    public void Over_a_school_year_every_child_is_decided_on_in_time_and_nothing_is_overdue()
    {
        var demo = new DemoOfferYear();

        demo.LiveTheYear();

        demo.Decisions.Select(d => d.PlacementId).ShouldBe(demo.Placements.Select(p => p.Id), ignoreOrder: true);
        demo.Decisions.ShouldAllBe(d => d.DecidedOn <= d.Due && DemoOfferYear.Year.Contains(d.DecidedOn));
        demo.Problems.ShouldBeEmpty();
        RevisitationOverdue.List(demo.Placements, demo.Cases.Values.SelectMany(c => c), new FixedClock(LastEvening)).All.ShouldBeEmpty();
        demo.Scheduler.Sent.ShouldNotContain(n => n.RecipientRole == Role.CommitteeMember);
        demo.Scheduler.Sent.ShouldNotContain(n => n.RecipientRole == Role.DistrictSchoolLeader);
        demo.Cases.Values.ShouldAllBe(cases => cases.Count == 1 && cases[0].State == RevisitationState.Decided && cases[0].DecisionLetterDue);
    }

    [Test]
    public void Over_a_school_year_each_reminder_reaches_the_offer_leader_once()
    {
        var demo = new DemoOfferYear();
        var firstDue = demo.Placements.ToDictionary(p => p.Id, p => p.NextRevisitationDue!.Value);

        demo.LiveTheYear();
        demo.Scheduler.WakeEverythingAgain(LastEvening, demo.React);

        var reminders = demo.Scheduler.Sent.Where(n => n.RecipientRole == Role.OfferLeader).ToList();
        reminders.ShouldAllBe(n => n.RecipientOfferId == demo.Offer.Id);
        reminders.GroupBy(n => (n.CaseId, n.Title, n.Body)).ShouldAllBe(g => g.Count() == 1);
        foreach (var placement in demo.Placements)
        {
            var title = $"Revisitation skal afgøres senest {DanishTime.LongDate(firstDue[placement.Id])}";
            var own = reminders.Where(n => n.CaseId == placement.Id && n.Title == title).ToList();
            own.Count(n => n.Body.Contains("(30 dage)")).ShouldBe(1, $"demobarn {demo.NumberOf(placement.Id)}");
            // The 60-day reminder is only sent when its day came after the placement was registered.
            var sixtyDaysBefore = firstDue[placement.Id].AddDays(-60);
            own.Count(n => n.Body.Contains("(60 dage)")).ShouldBe(sixtyDaysBefore > DemoOfferYear.FirstDay ? 1 : 0, $"demobarn {demo.NumberOf(placement.Id)}");
        }
    }

    [Test]
    public void Over_a_school_year_every_meeting_is_held_on_a_working_day_with_everyone_it_needs_free_and_no_one_overbooked()
    {
        var demo = new DemoOfferYear();

        demo.LiveTheYear();

        demo.Held.Count.ShouldBeGreaterThanOrEqualTo(DemoOfferYear.ChildCount * 3);
        demo.Held.ShouldAllBe(m => RevisitationPlanner.ClosedReason(m.Date, PlannerOptions.Default) == null);
        demo.Held.ShouldAllBe(m => m.People.All(p => !demo.IsBusy(p, m.Date)));
        demo.Held.SelectMany(m => m.People.Select(p => (p, m.Date))).GroupBy(x => x).ShouldAllBe(g => g.Count() <= PlannerOptions.DefaultMaxMeetingsPerDay);
        demo.Held.Count(m => m.Step == RevisitationStep.RevisitationMeeting).ShouldBe(9);
    }

    [Test]
    public void Over_a_school_year_the_decisions_reach_the_placements()
    {
        var demo = new DemoOfferYear();

        demo.LiveTheYear();

        var byNumber = demo.Placements.ToDictionary(p => demo.NumberOf(p.Id));
        byNumber[1].Scope.ShouldBe("Tre dage om ugen i tilbuddet, to i stamklassen");
        byNumber[2].RequestedOfferId.ShouldBe(demo.OtherOffer.Id);
        demo.Cases[byNumber[2].Id][0].ReferralRequest.ShouldNotBeNull().RequestedOfferId.ShouldBe(demo.OtherOffer.Id);
        byNumber[11].Status.ShouldBe(PlacementStatus.PhasingOut);
        byNumber[11].NextRevisitationDue.ShouldNotBeNull();
        byNumber[16].Status.ShouldBe(PlacementStatus.Ended);
        byNumber[16].NextRevisitationDue.ShouldBeNull();
        demo.Placements.Where(p => demo.NumberOf(p.Id) != 16)
            .ShouldAllBe(p => p.NextRevisitationDue > DemoOfferYear.Year.LastDay && p.OpenRevisitationCaseId == null);
    }

    [Test]
    public void A_skipped_handleplan_answer_reminds_the_district_school_leader_once_and_escalates_once()
    {
        var demo = new DemoOfferYear(silentSchoolLeaderFor: 5);
        var skipped = demo.Placements.Single(p => demo.NumberOf(p.Id) == 5);
        var due = skipped.NextRevisitationDue!.Value;

        demo.LiveTheYear();
        // Every deadline woken again, and again much later: a duplicate or late job adds nothing.
        demo.Scheduler.WakeEverythingAgain(LastEvening, demo.React);
        demo.Scheduler.WakeEverythingAgain(LastEvening.AddMonths(3), demo.React);
        demo.Scheduler.RunDue(LastEvening.AddMonths(3), demo.React);

        var revisitation = demo.Cases[skipped.Id].ShouldHaveSingleItem();
        revisitation.State.ShouldBe(RevisitationState.HandleplanSent);
        var answerReminder = demo.Scheduler.Sent.Where(n => n.RecipientRole == Role.DistrictSchoolLeader).ShouldHaveSingleItem();
        answerReminder.CaseId.ShouldBe(revisitation.Id);
        answerReminder.CreatedAt.ShouldBe(DemoOfferYear.Danish(DanishTime.Date(revisitation.HandleplanAnswerDueAt!.Value), 23));
        answerReminder.RecipientSchoolId.ShouldBe(skipped.DistrictSchoolId);
        answerReminder.IsFor(demo.SchoolLeaderOf(skipped)).ShouldBeTrue();
        // Three months on, the other children's next revisitations (due from September 2027) are legitimately overdue too.
        demo.Scheduler.Sent.Where(n => n.RecipientRole == Role.CommitteeMember && n.CreatedAt <= LastEvening).ShouldHaveSingleItem();
        var escalation = demo.Scheduler.Sent.Where(n => n.RecipientRole == Role.CommitteeMember && n.CaseId == skipped.Id).ShouldHaveSingleItem();
        escalation.CreatedAt.ShouldBe(DemoOfferYear.Danish(due.AddDays(1), 7));
        escalation.IsFor(demo.Committee).ShouldBeTrue();
        var reminders = demo.Scheduler.Sent.Where(n => n.RecipientRole == Role.OfferLeader && n.CaseId == skipped.Id).ToList();
        reminders.Count(n => n.Body.Contains("(60 dage)")).ShouldBe(1);
        reminders.Count(n => n.Body.Contains("(30 dage)")).ShouldBe(1);
        demo.Scheduler.Deadlines.Where(d => d.SubjectId == skipped.Id || d.SubjectId == revisitation.Id)
            .ShouldAllBe(d => d.Status == DeadlineStatus.Fired);

        var overdue = RevisitationOverdue.List(demo.Placements, demo.Cases.Values.SelectMany(c => c), new FixedClock(LastEvening));
        var item = overdue.All.ShouldHaveSingleItem();
        item.PlacementId.ShouldBe(skipped.Id);
        item.CaseState.ShouldBe(RevisitationState.HandleplanSent);
        item.DaysOverdue.ShouldBe(DemoOfferYear.Year.LastDay.DayNumber - due.DayNumber);
        overdue.ForOffer(demo.Offer.Id).Count.ShouldBe(1);
        demo.Decisions.Count.ShouldBe(DemoOfferYear.ChildCount - 1);
    }
}
