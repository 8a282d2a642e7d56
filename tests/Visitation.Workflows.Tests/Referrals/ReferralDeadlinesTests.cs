using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Referrals;

public class ReferralDeadlinesTests
{
    private ReferralScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new ReferralScenario();

    private static Deadline DeadlineFor(DeadlineKind kind, Guid subjectId, DateTimeOffset dueAt) =>
        new(Ids.Of(801), kind, subjectId, dueAt, dueAt.AddDays(-7));

    // ---- Incomplete referral reminder ----

    [Test]
    public void Incomplete_reminder_tells_the_school_what_is_still_missing_in_Danish()
    {
        var referral = _s.Incomplete(ReferralPartType.SignedReferralForm, ReferralPartType.ActionPlan, ReferralPartType.PupilPlan, ReferralPartType.ChildPerspective);
        var due = SubmittedAt.AddDays(7);
        var deadline = DeadlineFor(DeadlineKind.IncompleteReferralReminder, referral.Id, due);

        var notification = ReferralDeadlines.IncompleteReminder(deadline, referral, CurrentRules, due).ShouldHaveSingleItem();

        notification.RecipientRole.ShouldBe(Role.DistrictSchoolLeader);
        notification.RecipientSchoolId.ShouldBe(_s.SchoolId);
        notification.RecipientOfferId.ShouldBeNull();
        notification.CaseId.ShouldBe(referral.Id);
        notification.DeadlineId.ShouldBe(deadline.Id);
        notification.CreatedAt.ShouldBe(due);
        notification.Title.ShouldBe("Henvisning mangler stadig dele");
        notification.Body.ShouldEndWith("Mangler: PPV (pædagogisk-psykologisk vurdering), forældreudtalelse.");
        notification.IsFor(_s.SchoolLeader).ShouldBeTrue();
        notification.IsFor(_s.OtherSchoolLeader).ShouldBeFalse();
    }

    [TestCase(ReferralState.Draft)]
    [TestCase(ReferralState.Complete)]
    [TestCase(ReferralState.AssignedToRound)]
    [TestCase(ReferralState.Decided)]
    [TestCase(ReferralState.Withdrawn)]
    public void Incomplete_reminder_yields_nothing_once_the_referral_is_no_longer_incomplete(ReferralState state)
    {
        var referral = _s.InState(state);
        var deadline = DeadlineFor(DeadlineKind.IncompleteReferralReminder, referral.Id, SubmittedAt.AddDays(7));

        ReferralDeadlines.IncompleteReminder(deadline, referral, CurrentRules, SubmittedAt.AddDays(7)).ShouldBeEmpty();
    }

    [Test]
    public void Incomplete_reminder_yields_nothing_after_the_school_completed_and_resubmitted()
    {
        var referral = _s.Incomplete(ReferralPartType.SignedReferralForm);
        foreach (var part in AllParts.Where(p => !referral.HasPart(p)))
            _s.Workflow.AttachDocument(referral, _s.SchoolLeader, part, File(part), SubmittedAt.AddDays(1), external: ExternalFor(part));
        _s.Workflow.Submit(referral, _s.SchoolLeader, CurrentRules, SubmittedAt.AddDays(2));
        var deadline = DeadlineFor(DeadlineKind.IncompleteReferralReminder, referral.Id, SubmittedAt.AddDays(7));

        ReferralDeadlines.IncompleteReminder(deadline, referral, CurrentRules, SubmittedAt.AddDays(7)).ShouldBeEmpty();
    }

    // ---- Decision dispatch ----

    [Test]
    public void Decision_dispatch_warns_the_committee_while_the_decision_is_unsent()
    {
        var referral = _s.DecidedPlacement();
        var due = AutumnCommitteeMeeting.AddDays(5);
        var deadline = DeadlineFor(DeadlineKind.DecisionDispatch, referral.Id, due);

        var notification = ReferralDeadlines.DecisionDispatch(deadline, referral, due).ShouldHaveSingleItem();

        notification.RecipientRole.ShouldBe(Role.CommitteeMember);
        notification.RecipientSchoolId.ShouldBeNull();
        notification.CaseId.ShouldBe(referral.Id);
        notification.DeadlineId.ShouldBe(deadline.Id);
        notification.Title.ShouldBe("Afgørelse er ikke sendt");
        notification.IsFor(_s.Committee).ShouldBeTrue();
        notification.IsFor(_s.SchoolLeader).ShouldBeFalse();
    }

    [Test]
    public void Decision_dispatch_yields_nothing_once_the_decision_was_sent()
    {
        var referral = _s.DecidedReturnToGeneral();
        referral.LatestDecision!.MarkDispatched(AutumnCommitteeMeeting.AddDays(1));
        var deadline = DeadlineFor(DeadlineKind.DecisionDispatch, referral.Id, AutumnCommitteeMeeting.AddDays(5));

        ReferralDeadlines.DecisionDispatch(deadline, referral, AutumnCommitteeMeeting.AddDays(5)).ShouldBeEmpty();
    }

    [Test]
    public void Decision_dispatch_yields_nothing_for_a_referral_that_is_not_decided()
    {
        var referral = _s.OnAgenda();
        _s.Perform(ReferralTrigger.Postpone, referral, _s.Committee);
        var deadline = DeadlineFor(DeadlineKind.DecisionDispatch, referral.Id, AutumnCommitteeMeeting.AddDays(5));

        ReferralDeadlines.DecisionDispatch(deadline, referral, AutumnCommitteeMeeting.AddDays(5)).ShouldBeEmpty();
    }

    // ---- Round deadline reminder ----

    private Referral ReferralFor(Guid schoolId, int n, ReferralState state)
    {
        var child = new Child(Ids.Of(10 + n), $"Barn {n} Syntetisk", CprNumber.Synthetic(new DateOnly(2015, 1, n), new Random(n)), schoolId, [Ids.Of(900 + n)]);
        var leader = Actor.SchoolLeader(Ids.Of(950 + n), $"Leder {n}", schoolId);
        var workflow = _s.Workflow;
        var referral = workflow.Start(Ids.Of(600 + n), child, leader, CurrentRules, StartedAt);
        if (state == ReferralState.Draft) return referral;
        var parts = state == ReferralState.Incomplete ? [ReferralPartType.PPV] : AllParts;
        foreach (var part in parts)
            workflow.AttachDocument(referral, leader, part, File(part), StartedAt, external: ExternalFor(part));
        workflow.Submit(referral, leader, CurrentRules, SubmittedAt);
        if (state is ReferralState.Incomplete or ReferralState.Complete) return referral;
        workflow.AssignToRound(referral, _s.Committee, _s.AutumnRound, AssignedAt);
        return referral;
    }

    [Test]
    public void Round_deadline_reminder_sends_one_notification_per_school_with_unsent_referrals()
    {
        var thirdSchool = Ids.Of(103);
        var referrals = new[]
        {
            ReferralFor(_s.SchoolId, 1, ReferralState.Draft),
            ReferralFor(_s.SchoolId, 2, ReferralState.Draft),
            ReferralFor(_s.SchoolId, 3, ReferralState.Incomplete),
            ReferralFor(_s.SchoolId, 4, ReferralState.AssignedToRound),
            ReferralFor(_s.OtherSchoolId, 5, ReferralState.Incomplete),
            ReferralFor(thirdSchool, 6, ReferralState.Complete),
            ReferralFor(thirdSchool, 7, ReferralState.AssignedToRound),
        };
        var due = AutumnReferralDeadline.AddDays(-7);
        var deadline = DeadlineFor(DeadlineKind.RoundDeadlineReminder, _s.AutumnRound.Id, due);

        var notifications = ReferralDeadlines.RoundDeadlineReminder(deadline, _s.AutumnRound, referrals, due).ToList();

        notifications.Select(n => n.RecipientSchoolId).ShouldBe([_s.SchoolId, _s.OtherSchoolId], ignoreOrder: true);
        notifications.ShouldAllBe(n => n.RecipientRole == Role.DistrictSchoolLeader);
        notifications.ShouldAllBe(n => n.CaseId == _s.AutumnRound.Id && n.DeadlineId == deadline.Id);
        notifications.ShouldAllBe(n => n.Title == "Henvisningsfristen for Efterår 2026 nærmer sig");
        var own = notifications.Single(n => n.RecipientSchoolId == _s.SchoolId);
        own.Body.ShouldBe("Jeres skole har 3 henvisning(er), der ikke er indsendt komplet. Fristen er 1. oktober 2026.");
        notifications.Single(n => n.RecipientSchoolId == _s.OtherSchoolId).Body.ShouldContain("har 1 henvisning(er)");
        own.IsFor(_s.SchoolLeader).ShouldBeTrue();
        own.IsFor(_s.OtherSchoolLeader).ShouldBeFalse();
    }

    [Test]
    public void Round_deadline_reminder_sends_nothing_when_every_referral_is_complete()
    {
        var referrals = new[] { ReferralFor(_s.SchoolId, 1, ReferralState.Complete), ReferralFor(_s.OtherSchoolId, 2, ReferralState.AssignedToRound) };
        var deadline = DeadlineFor(DeadlineKind.RoundDeadlineReminder, _s.AutumnRound.Id, AutumnReferralDeadline.AddDays(-7));

        ReferralDeadlines.RoundDeadlineReminder(deadline, _s.AutumnRound, referrals, AutumnReferralDeadline.AddDays(-7)).ShouldBeEmpty();
    }

    [Test]
    public void Round_deadline_reminder_sends_nothing_for_a_closed_round()
    {
        var referrals = new[] { ReferralFor(_s.SchoolId, 1, ReferralState.Draft) };
        _s.AutumnRound.Close();
        var deadline = DeadlineFor(DeadlineKind.RoundDeadlineReminder, _s.AutumnRound.Id, AutumnReferralDeadline.AddDays(-7));

        ReferralDeadlines.RoundDeadlineReminder(deadline, _s.AutumnRound, referrals, AutumnReferralDeadline.AddDays(-7)).ShouldBeEmpty();
    }
}
