using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Referrals;

/// <summary>
/// Who may do what, at domain level. The expectations are written out here, not read from the
/// workflow, so a change of version 1's permissions fails a test on purpose.
/// </summary>
public class ReferralPermissionTests
{
    private static readonly Dictionary<ReferralTrigger, Role[]> Expected = new()
    {
        [ReferralTrigger.AttachDocument] = [Role.DistrictSchoolLeader, Role.Guardian],
        [ReferralTrigger.Submit] = [Role.DistrictSchoolLeader],
        [ReferralTrigger.Withdraw] = [Role.DistrictSchoolLeader],
        [ReferralTrigger.AssignToRound] = [Role.CommitteeMember],
        [ReferralTrigger.Triage] = [Role.CommitteeMember],
        [ReferralTrigger.PutOnAgenda] = [Role.CommitteeMember],
        [ReferralTrigger.RecordHearing] = [Role.CommitteeMember],
        [ReferralTrigger.DecidePlacement] = [Role.CommitteeMember],
        [ReferralTrigger.DecideReturnToGeneral] = [Role.CommitteeMember],
        [ReferralTrigger.Postpone] = [Role.CommitteeMember],
    };

    /// <summary>A state in which <paramref name="trigger"/> can fire for the right actor.</summary>
    private static Referral ReadyFor(ReferralScenario s, ReferralTrigger trigger) => trigger switch
    {
        ReferralTrigger.AttachDocument or ReferralTrigger.Withdraw => s.Draft(),
        ReferralTrigger.Submit => s.Draft(AllParts.ToArray()),
        ReferralTrigger.AssignToRound => s.Complete(),
        ReferralTrigger.Triage => s.AssignedToRound(),
        ReferralTrigger.PutOnAgenda => s.Triaged(),
        _ => s.OnAgenda(),
    };

    private static IEnumerable<TestCaseData> Matrix()
    {
        foreach (var trigger in Triggers.Actions)
        foreach (var role in Enum.GetValues<Role>())
        foreach (var inScope in new[] { true, false })
        {
            // The committee and the administrator have no scope to be outside of.
            if (!inScope && role is Role.CommitteeMember or Role.Administrator) continue;
            var allowed = Expected[trigger].Contains(role);
            var outcome = allowed && inScope ? "is_allowed" : "is_not_permitted";
            yield return new TestCaseData(trigger, role, inScope)
                .SetName($"{trigger}_by_{role}_{(inScope ? "in_scope" : "out_of_scope")}_{outcome}");
        }
    }

    [TestCaseSource(nameof(Matrix))]
    public void Only_a_permitted_role_within_its_scope_may_fire_a_trigger(ReferralTrigger trigger, Role role, bool inScope)
    {
        var s = new ReferralScenario();
        var referral = ReadyFor(s, trigger);
        var actor = s.ActorFor(role, inScope);
        var roleAllowed = Expected[trigger].Contains(role);
        var state = referral.State;
        var revision = referral.Revision;

        if (roleAllowed && inScope)
        {
            s.Perform(trigger, referral, actor);

            referral.Revision.ShouldBe(revision + 1);
            referral.History[^1].Trigger.ShouldBe(trigger);
            referral.History[^1].ActorUserId.ShouldBe(actor.UserId);
            return;
        }

        var ex = Should.Throw<NotPermittedException>(() => s.Perform(trigger, referral, actor));
        ex.Message.ShouldBe(roleAllowed
            ? "Du har ikke adgang til denne henvisning."
            : $"Som {role.Danish()} kan du ikke {trigger.DanishInfinitive()}.");
        referral.State.ShouldBe(state);
        referral.Revision.ShouldBe(revision);
    }

    [Test]
    public void Refusal_for_role_comes_before_refusal_for_state()
    {
        var s = new ReferralScenario();
        var referral = s.DecidedPlacement();

        Should.Throw<NotPermittedException>(() => s.Perform(ReferralTrigger.Submit, referral, s.Committee));
        Should.Throw<NotPermittedException>(() => s.Perform(ReferralTrigger.Triage, referral, s.SchoolLeader));
    }

    [Test]
    public void Refusal_for_scope_comes_before_refusal_for_state()
    {
        var s = new ReferralScenario();
        var referral = s.OnAgenda();

        Should.Throw<NotPermittedException>(() => s.Perform(ReferralTrigger.Withdraw, referral, s.OtherSchoolLeader))
            .Message.ShouldBe("Du har ikke adgang til denne henvisning.");
    }

    [Test]
    public void A_person_without_the_right_learns_nothing_about_the_input_rules()
    {
        var s = new ReferralScenario();
        var referral = s.AssignedToRound();

        // An invalid track and blank reasons would be input errors for the committee; others are simply not permitted.
        Should.Throw<NotPermittedException>(() => s.Workflow.Triage(referral, s.SchoolLeader, (Track)99, AutumnTriageMeeting));
        Should.Throw<NotPermittedException>(() => s.Workflow.Withdraw(referral, s.OtherSchoolLeader, "", AssignedAt));
    }

    [Test]
    public void Guardian_of_another_child_cannot_attach_a_parent_statement()
    {
        var s = new ReferralScenario();
        var referral = s.Draft();

        Should.Throw<NotPermittedException>(() => s.Workflow.AttachDocument(referral, s.OtherGuardian,
            ReferralPartType.ParentStatement, File(ReferralPartType.ParentStatement), StartedAt))
            .Message.ShouldBe("Du har ikke adgang til denne henvisning.");
    }

    [Test]
    public void A_school_leader_of_several_schools_acts_on_referrals_from_each_of_them()
    {
        var s = new ReferralScenario();
        var referral = s.Draft(AllParts.ToArray());
        var leaderOfTwo = s.SchoolLeader with { SchoolIds = new HashSet<Guid> { s.OtherSchoolId, s.SchoolId } };

        s.Workflow.Submit(referral, leaderOfTwo, CurrentRules, SubmittedAt);

        referral.State.ShouldBe(ReferralState.Complete);
    }

    // ---- PermittedActions: exactly what the actor may do now ----

    private static readonly ReferralTrigger[] None = [];

    private static IEnumerable<TestCaseData> PermittedActionCases()
    {
        var byState = new Dictionary<ReferralState, (ReferralTrigger[] Committee, ReferralTrigger[] SchoolLeader, ReferralTrigger[] Guardian)>
        {
            [ReferralState.Draft] = (None, [ReferralTrigger.AttachDocument, ReferralTrigger.Submit, ReferralTrigger.Withdraw], [ReferralTrigger.AttachDocument]),
            [ReferralState.Incomplete] = (None, [ReferralTrigger.AttachDocument, ReferralTrigger.Submit, ReferralTrigger.Withdraw], [ReferralTrigger.AttachDocument]),
            [ReferralState.Complete] = ([ReferralTrigger.AssignToRound], [ReferralTrigger.Withdraw], None),
            [ReferralState.AssignedToRound] = ([ReferralTrigger.Triage, ReferralTrigger.RecordHearing], [ReferralTrigger.Withdraw], None),
            [ReferralState.Triaged] = ([ReferralTrigger.PutOnAgenda, ReferralTrigger.RecordHearing], None, None),
            [ReferralState.OnAgenda] = ([ReferralTrigger.RecordHearing, ReferralTrigger.DecidePlacement, ReferralTrigger.DecideReturnToGeneral, ReferralTrigger.Postpone], None, None),
            [ReferralState.Decided] = (None, None, None),
            [ReferralState.Withdrawn] = (None, None, None),
        };
        foreach (var (state, expected) in byState)
        {
            yield return Case(state, Role.CommitteeMember, true, expected.Committee);
            yield return Case(state, Role.DistrictSchoolLeader, true, expected.SchoolLeader);
            yield return Case(state, Role.DistrictSchoolLeader, false, None);
            yield return Case(state, Role.Guardian, true, expected.Guardian);
            yield return Case(state, Role.Guardian, false, None);
            yield return Case(state, Role.Psychologist, true, None);
            yield return Case(state, Role.OfferLeader, true, None);
            yield return Case(state, Role.Administrator, true, None);
        }

        static TestCaseData Case(ReferralState state, Role role, bool inScope, ReferralTrigger[] expected) =>
            new TestCaseData(state, role, inScope, expected)
                .SetName($"On_{state}_{role}_{(inScope ? "in_scope" : "out_of_scope")}_may_{(expected.Length == 0 ? "do_nothing" : string.Join("_", expected))}");
    }

    [TestCaseSource(nameof(PermittedActionCases))]
    public void PermittedActions_lists_exactly_what_the_actor_may_do_now(ReferralState state, Role role, bool inScope, ReferralTrigger[] expected)
    {
        var s = new ReferralScenario();
        var referral = s.InState(state);

        s.Workflow.PermittedActions(referral, s.ActorFor(role, inScope)).ShouldBe(expected, ignoreOrder: true);
    }

    [Test]
    public void Committee_on_an_agenda_referral_may_decide_postpone_or_record_a_hearing_and_the_school_leader_nothing()
    {
        var s = new ReferralScenario();
        var referral = s.OnAgenda();

        s.Workflow.PermittedActions(referral, s.Committee).ShouldBe([
            ReferralTrigger.RecordHearing, ReferralTrigger.DecidePlacement, ReferralTrigger.DecideReturnToGeneral, ReferralTrigger.Postpone,
        ], ignoreOrder: true);
        s.Workflow.PermittedActions(referral, s.SchoolLeader).ShouldBeEmpty();
    }

    private static IEnumerable<TestCaseData> EveryStateAndActor()
    {
        foreach (var state in Enum.GetValues<ReferralState>())
        foreach (var role in Enum.GetValues<Role>())
        foreach (var inScope in new[] { true, false })
            yield return new TestCaseData(state, role, inScope)
                .SetName($"What_is_listed_for_{role}_{(inScope ? "in_scope" : "out_of_scope")}_on_{state}_is_what_the_workflow_lets_them_do");
    }

    [TestCaseSource(nameof(EveryStateAndActor))]
    public void PermittedActions_agrees_with_what_the_operations_accept(ReferralState state, Role role, bool inScope)
    {
        var probe = new ReferralScenario();
        var listed = probe.Workflow.PermittedActions(probe.InState(state), probe.ActorFor(role, inScope));

        foreach (var trigger in Triggers.Actions)
        {
            var s = new ReferralScenario();
            var referral = s.InState(state);
            var actor = s.ActorFor(role, inScope);

            if (listed.Contains(trigger))
                Should.NotThrow(() => s.Perform(trigger, referral, actor), $"{trigger} is listed but refused");
            else
                (Should.Throw<DomainException>(() => s.Perform(trigger, referral, actor), $"{trigger} is not listed but accepted")
                    is NotPermittedException or WrongStateException).ShouldBeTrue($"{trigger} is refused for bad input, not for role or state");
        }
    }
}
