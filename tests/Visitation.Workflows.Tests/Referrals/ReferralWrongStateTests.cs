using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Referrals;

public class ReferralWrongStateTests
{
    /// <summary>Version 1's diagram, written out: what each state allows.</summary>
    private static readonly Dictionary<ReferralState, ReferralTrigger[]> Allowed = new()
    {
        [ReferralState.Draft] = [ReferralTrigger.AttachDocument, ReferralTrigger.Submit, ReferralTrigger.Withdraw],
        [ReferralState.Incomplete] = [ReferralTrigger.AttachDocument, ReferralTrigger.Submit, ReferralTrigger.Withdraw],
        [ReferralState.Complete] = [ReferralTrigger.AssignToRound, ReferralTrigger.Withdraw],
        [ReferralState.AssignedToRound] = [ReferralTrigger.Triage, ReferralTrigger.RecordHearing, ReferralTrigger.Withdraw],
        [ReferralState.Triaged] = [ReferralTrigger.PutOnAgenda, ReferralTrigger.RecordHearing],
        [ReferralState.OnAgenda] = [ReferralTrigger.RecordHearing, ReferralTrigger.DecidePlacement, ReferralTrigger.DecideReturnToGeneral, ReferralTrigger.Postpone],
        [ReferralState.Decided] = [],
        [ReferralState.Withdrawn] = [],
    };

    private static Actor PermittedActorFor(ReferralScenario s, ReferralTrigger trigger) =>
        trigger is ReferralTrigger.AttachDocument or ReferralTrigger.Submit or ReferralTrigger.Withdraw ? s.SchoolLeader : s.Committee;

    private static IEnumerable<TestCaseData> Refused()
    {
        foreach (var state in Enum.GetValues<ReferralState>())
        foreach (var trigger in Triggers.Actions.Except(Allowed[state]))
            yield return new TestCaseData(state, trigger).SetName($"{trigger}_on_a_{state}_referral_is_refused_as_wrong_state");
    }

    [TestCaseSource(nameof(Refused))]
    public void A_trigger_the_state_does_not_allow_is_refused_in_Danish_naming_the_state(ReferralState state, ReferralTrigger trigger)
    {
        var s = new ReferralScenario();
        var referral = s.InState(state);
        var revision = referral.Revision;
        var decisions = referral.Decisions.Count;

        var ex = Should.Throw<WrongStateException>(() => s.Perform(trigger, referral, PermittedActorFor(s, trigger)));

        ex.Message.ShouldBe($"Du kan ikke {trigger.DanishInfinitive()} nu. Henvisningen er {state.Danish()}.");
        referral.State.ShouldBe(state);
        referral.Revision.ShouldBe(revision);
        referral.Decisions.Count.ShouldBe(decisions);
    }

    private static IEnumerable<TestCaseData> Accepted()
    {
        foreach (var (state, triggers) in Allowed)
        foreach (var trigger in triggers)
            yield return new TestCaseData(state, trigger).SetName($"{trigger}_on_a_{state}_referral_is_accepted");
    }

    [TestCaseSource(nameof(Accepted))]
    public void A_trigger_the_state_allows_is_accepted_and_recorded(ReferralState state, ReferralTrigger trigger)
    {
        var s = new ReferralScenario();
        var referral = s.InState(state);
        var actor = PermittedActorFor(s, trigger);

        s.Perform(trigger, referral, actor);

        var step = referral.History[^1];
        step.Trigger.ShouldBe(trigger);
        step.From.ShouldBe(state);
        step.To.ShouldBe(referral.State);
        step.ActorUserId.ShouldBe(actor.UserId);
    }

    [Test]
    public void A_decided_referral_is_closed_to_every_trigger()
    {
        var s = new ReferralScenario();
        var referral = s.DecidedReturnToGeneral();

        foreach (var trigger in Triggers.Actions)
            Should.Throw<DomainException>(() => s.Perform(trigger, referral, PermittedActorFor(s, trigger)), trigger.ToString())
                .ShouldBeOfType<WrongStateException>();
    }
}
