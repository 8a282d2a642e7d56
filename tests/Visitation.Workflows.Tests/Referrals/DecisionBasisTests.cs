using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Referrals;

/// <summary>
/// A decision needs a PPV and either the parents' statement or a recorded hearing (the law: after a PPV
/// and after consulting the parents). Run on the test-only lax v2, whose post-submission machine is v1's.
/// </summary>
public class DecisionBasisTests
{
    private const string DecisionBasisMessage = "Der skal være en PPV og enten forældreudtalelse eller registreret partshøring.";

    private ReferralScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new ReferralScenario(new LaxSubmissionReferralWorkflowV2());

    private void DecidePlacement(Referral referral) =>
        _s.Workflow.DecidePlacement(referral, _s.Committee, _s.Offer, PlacementStart, "Begrundelse.", CurrentRules, AutumnCommitteeMeeting);

    private void DecideReturnToGeneral(Referral referral) =>
        _s.Workflow.DecideReturnToGeneral(referral, _s.Committee, "Støtte fra TCBU.", "Begrundelse.", CurrentRules, AutumnCommitteeMeeting);

    [Test]
    public void Under_the_lax_version_a_referral_without_PPV_reaches_the_agenda()
    {
        var referral = _s.OnAgenda(ReferralPartType.SignedReferralForm);

        referral.State.ShouldBe(ReferralState.OnAgenda);
        referral.WorkflowVersion.ShouldBe(2);
        referral.HasPart(ReferralPartType.PPV).ShouldBeFalse();
    }

    [Test]
    public void Referral_without_PPV_cannot_be_decided()
    {
        var referral = _s.OnAgenda(ReferralPartType.SignedReferralForm, ReferralPartType.ParentStatement);
        referral.ClearDeadlineChanges();
        var revision = referral.Revision;

        Should.Throw<WrongStateException>(() => DecidePlacement(referral))
            .Message.ShouldBe($"Du kan ikke {ReferralTrigger.DecidePlacement.DanishInfinitive()} nu. {DecisionBasisMessage}");
        Should.Throw<WrongStateException>(() => DecideReturnToGeneral(referral))
            .Message.ShouldBe($"Du kan ikke {ReferralTrigger.DecideReturnToGeneral.DanishInfinitive()} nu. {DecisionBasisMessage}");

        referral.State.ShouldBe(ReferralState.OnAgenda);
        referral.Decisions.ShouldBeEmpty();
        referral.DeadlineChanges.ShouldBeEmpty();
        referral.Revision.ShouldBe(revision);
    }

    [Test]
    public void Referral_without_PPV_cannot_be_decided_even_after_a_hearing()
    {
        var referral = _s.OnAgenda(ReferralPartType.SignedReferralForm, ReferralPartType.ParentStatement);
        _s.RecordHearing(referral, _s.Committee);

        Should.Throw<WrongStateException>(() => DecidePlacement(referral)).Message.ShouldContain(DecisionBasisMessage);
    }

    [Test]
    public void Referral_with_PPV_but_neither_parent_statement_nor_hearing_cannot_be_decided()
    {
        var referral = _s.OnAgenda(ReferralPartType.SignedReferralForm, ReferralPartType.PPV);

        Should.Throw<WrongStateException>(() => DecidePlacement(referral)).Message.ShouldContain(DecisionBasisMessage);
        Should.Throw<WrongStateException>(() => DecideReturnToGeneral(referral)).Message.ShouldContain(DecisionBasisMessage);
    }

    [Test]
    public void A_recorded_hearing_stands_in_for_a_missing_parent_statement()
    {
        var referral = _s.OnAgenda(ReferralPartType.SignedReferralForm, ReferralPartType.PPV);
        _s.RecordHearing(referral, _s.Committee);

        DecidePlacement(referral);

        referral.State.ShouldBe(ReferralState.Decided);
        referral.DeadlineChanges.OfType<ScheduleDeadline>().ShouldContain(d => d.Kind == DeadlineKind.DecisionDispatch);
    }

    [Test]
    public void PPV_and_parent_statement_are_a_sufficient_basis_for_a_decision()
    {
        var referral = _s.OnAgenda(ReferralPartType.SignedReferralForm, ReferralPartType.PPV, ReferralPartType.ParentStatement);

        DecideReturnToGeneral(referral);

        referral.State.ShouldBe(ReferralState.Decided);
        referral.LatestDecision!.Outcome.ShouldBe(DecisionOutcome.ReturnToGeneral);
    }

    [Test]
    public void Committee_is_not_offered_a_decision_while_the_basis_is_missing()
    {
        var referral = _s.OnAgenda(ReferralPartType.SignedReferralForm, ReferralPartType.ParentStatement);

        _s.Workflow.PermittedActions(referral, _s.Committee)
            .ShouldBe([ReferralTrigger.RecordHearing, ReferralTrigger.Postpone], ignoreOrder: true);
    }

    [Test]
    public void A_referral_without_a_decision_basis_can_still_be_postponed_to_a_later_round()
    {
        var referral = _s.OnAgenda(ReferralPartType.SignedReferralForm);

        _s.Workflow.Postpone(referral, _s.Committee, _s.WinterRound, "PPV.", "Der mangler en PPV.", CurrentRules, AutumnCommitteeMeeting);

        referral.State.ShouldBe(ReferralState.AssignedToRound);
        referral.LatestDecision!.Outcome.ShouldBe(DecisionOutcome.Postponed);
    }

    [Test]
    public void The_state_refusal_comes_before_input_validation()
    {
        var referral = _s.OnAgenda(ReferralPartType.SignedReferralForm);

        // Blank reasons would be an input error; the missing basis is reported first.
        Should.Throw<WrongStateException>(() =>
            _s.Workflow.DecidePlacement(referral, _s.Committee, _s.Offer, PlacementStart, " ", CurrentRules, AutumnCommitteeMeeting));
    }

    [Test]
    public void The_same_documents_are_incomplete_under_v1_and_complete_under_the_lax_v2()
    {
        var v1 = new ReferralScenario().Submitted(ReferralPartType.SignedReferralForm);
        var v2 = _s.Submitted(ReferralPartType.SignedReferralForm);

        v1.State.ShouldBe(ReferralState.Incomplete);
        v1.WorkflowVersion.ShouldBe(1);
        v2.State.ShouldBe(ReferralState.Complete);
        v2.WorkflowVersion.ShouldBe(2);
    }
}
