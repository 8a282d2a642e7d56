using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Revisitation;

namespace Visitation.Workflows.Tests.Revisitation;

/// <summary>
/// Who may do what on a revisitation, at domain level. The expectations are written out here, not read
/// from the workflow, so a change of version 1's permissions fails a test on purpose.
/// </summary>
public class RevisitationPermissionTests
{
    private static readonly Dictionary<RevisitationTrigger, Role[]> Expected = new()
    {
        [RevisitationTrigger.RecordPupilConversation] = [Role.OfferLeader],
        [RevisitationTrigger.RecordChildStatement] = [], // version 2 only
        [RevisitationTrigger.RecordStatusMeeting] = [Role.OfferLeader],
        [RevisitationTrigger.SendHandleplan] = [Role.OfferLeader],
        [RevisitationTrigger.AnswerHandleplan] = [Role.DistrictSchoolLeader],
        [RevisitationTrigger.RequestRevisitationMeeting] = [Role.Guardian, Role.DistrictSchoolLeader],
        [RevisitationTrigger.RecordParentConversation] = [Role.OfferLeader],
        [RevisitationTrigger.RecordRevisitationMeeting] = [Role.OfferLeader],
        [RevisitationTrigger.DecideContinuation] = [Role.OfferLeader],
        [RevisitationTrigger.DecideChange] = [Role.OfferLeader],
        [RevisitationTrigger.DecideEnd] = [Role.OfferLeader],
        [RevisitationTrigger.Cancel] = [Role.OfferLeader],
    };

    /// <summary>Version 1's diagram, written out: what each state allows.</summary>
    private static readonly Dictionary<RevisitationState, RevisitationTrigger[]> Allowed = new()
    {
        [RevisitationState.Started] = [RevisitationTrigger.RecordPupilConversation, RevisitationTrigger.RequestRevisitationMeeting, RevisitationTrigger.Cancel],
        [RevisitationState.PupilConversationHeld] = [RevisitationTrigger.RecordStatusMeeting, RevisitationTrigger.RequestRevisitationMeeting, RevisitationTrigger.Cancel],
        [RevisitationState.StatusMeetingHeld] = [RevisitationTrigger.SendHandleplan, RevisitationTrigger.RequestRevisitationMeeting, RevisitationTrigger.Cancel],
        [RevisitationState.HandleplanSent] = [RevisitationTrigger.AnswerHandleplan, RevisitationTrigger.RequestRevisitationMeeting, RevisitationTrigger.Cancel],
        [RevisitationState.HandleplanAnswered] = [RevisitationTrigger.RecordParentConversation, RevisitationTrigger.RequestRevisitationMeeting, RevisitationTrigger.Cancel],
        [RevisitationState.ParentConversationHeld] =
        [
            RevisitationTrigger.DecideContinuation, RevisitationTrigger.RecordRevisitationMeeting, RevisitationTrigger.RequestRevisitationMeeting,
            RevisitationTrigger.Cancel,
        ],
        [RevisitationState.RevisitationMeetingHeld] =
            [RevisitationTrigger.DecideContinuation, RevisitationTrigger.DecideChange, RevisitationTrigger.DecideEnd, RevisitationTrigger.Cancel],
        [RevisitationState.Decided] = [],
        [RevisitationState.Cancelled] = [],
    };

    private static IEnumerable<RevisitationState> V1States => Allowed.Keys;

    private static IEnumerable<RevisitationTrigger> V1Actions => RevisitationTriggers.Actions.Where(t => t != RevisitationTrigger.RecordChildStatement);

    /// <summary>A state in which <paramref name="trigger"/> can fire for the right actor.</summary>
    private static RevisitationCase ReadyFor(RevisitationScenario s, RevisitationTrigger trigger) => trigger switch
    {
        RevisitationTrigger.RecordStatusMeeting => s.PupilConversationHeld(),
        RevisitationTrigger.SendHandleplan => s.StatusMeetingHeld(),
        RevisitationTrigger.AnswerHandleplan => s.HandleplanSent(),
        RevisitationTrigger.RecordParentConversation => s.HandleplanAnswered(),
        RevisitationTrigger.RecordRevisitationMeeting or RevisitationTrigger.DecideContinuation => s.ParentConversationHeld(),
        RevisitationTrigger.DecideChange or RevisitationTrigger.DecideEnd => s.RevisitationMeetingHeld(),
        _ => s.Started(),
    };

    private static Actor PermittedActorFor(RevisitationScenario s, RevisitationTrigger trigger) => trigger switch
    {
        RevisitationTrigger.AnswerHandleplan => s.SchoolLeader,
        RevisitationTrigger.RequestRevisitationMeeting => s.Guardian,
        _ => s.OfferLeader,
    };

    private static IEnumerable<TestCaseData> Matrix()
    {
        foreach (var trigger in RevisitationTriggers.Actions)
        foreach (var role in Enum.GetValues<Role>())
        foreach (var inScope in new[] { true, false })
        {
            if (!inScope && role is Role.CommitteeMember or Role.Administrator) continue;
            var outcome = Expected[trigger].Contains(role) && inScope ? "is_allowed" : "is_not_permitted";
            yield return new TestCaseData(trigger, role, inScope)
                .SetName($"{trigger}_by_{role}_{(inScope ? "in_scope" : "out_of_scope")}_{outcome}");
        }
    }

    [TestCaseSource(nameof(Matrix))]
    public void Only_a_permitted_role_within_its_scope_may_fire_a_trigger(RevisitationTrigger trigger, Role role, bool inScope)
    {
        var s = new RevisitationScenario();
        var c = ReadyFor(s, trigger);
        var actor = s.ActorFor(role, inScope);
        var roleAllowed = Expected[trigger].Contains(role);
        var state = c.State;
        var revision = c.Revision;

        if (roleAllowed && inScope)
        {
            s.Perform(trigger, c, actor);

            c.Revision.ShouldBe(revision + 1);
            c.History[^1].Trigger.ShouldBe(trigger);
            c.History[^1].ActorUserId.ShouldBe(actor.UserId);
            return;
        }

        var ex = Should.Throw<NotPermittedException>(() => s.Perform(trigger, c, actor));
        ex.Message.ShouldBe(roleAllowed
            ? "Du har ikke adgang til denne revisitation."
            : $"Som {role.Danish()} kan du ikke {trigger.DanishInfinitive()}.");
        c.State.ShouldBe(state);
        c.Revision.ShouldBe(revision);
    }

    [Test]
    public void A_person_without_the_right_learns_nothing_about_the_input_rules()
    {
        var s = new RevisitationScenario();
        var c = s.HandleplanSent();

        Should.Throw<NotPermittedException>(() => s.Workflow.AnswerHandleplan(c, s.OtherSchoolLeader, (HandleplanAnswer)99, null, RevisitationScenario.HandleplanAnsweredAt));
        Should.Throw<NotPermittedException>(() => s.Workflow.RequestRevisitationMeeting(c, s.Psychologist, "", RevisitationScenario.HandleplanAnsweredAt));
    }

    // ---- Wrong state ----

    private static IEnumerable<TestCaseData> Refused()
    {
        foreach (var state in V1States)
        foreach (var trigger in V1Actions.Except(Allowed[state]))
            yield return new TestCaseData(state, trigger).SetName($"{trigger}_on_a_{state}_revisitation_is_refused_as_wrong_state");
    }

    [TestCaseSource(nameof(Refused))]
    public void A_trigger_the_state_does_not_allow_is_refused_in_Danish_naming_the_state(RevisitationState state, RevisitationTrigger trigger)
    {
        var s = new RevisitationScenario();
        var c = s.InState(state);
        var revision = c.Revision;

        var ex = Should.Throw<WrongStateException>(() => s.Perform(trigger, c, PermittedActorFor(s, trigger)));

        ex.Message.ShouldStartWith($"Du kan ikke {trigger.DanishInfinitive()} nu. Revisitationen står ved: {state.Danish()}.");
        c.State.ShouldBe(state);
        c.Revision.ShouldBe(revision);
    }

    private static IEnumerable<TestCaseData> Accepted()
    {
        foreach (var (state, triggers) in Allowed)
        foreach (var trigger in triggers)
            yield return new TestCaseData(state, trigger).SetName($"{trigger}_on_a_{state}_revisitation_is_accepted");
    }

    [TestCaseSource(nameof(Accepted))]
    public void A_trigger_the_state_allows_is_accepted_and_recorded(RevisitationState state, RevisitationTrigger trigger)
    {
        var s = new RevisitationScenario();
        var c = s.InState(state);
        var actor = PermittedActorFor(s, trigger);

        s.Perform(trigger, c, actor);

        var step = c.History[^1];
        step.Trigger.ShouldBe(trigger);
        step.From.ShouldBe(state);
        step.To.ShouldBe(c.State);
        step.ActorUserId.ShouldBe(actor.UserId);
    }

    // ---- PermittedActions ----

    private static IEnumerable<TestCaseData> PermittedActionCases()
    {
        var none = Array.Empty<RevisitationTrigger>();
        foreach (var state in V1States)
        {
            var allowed = Allowed[state];
            RevisitationTrigger[] For(Role role) => allowed.Where(t => Expected[t].Contains(role)).ToArray();
            yield return Case(state, Role.OfferLeader, true, For(Role.OfferLeader));
            yield return Case(state, Role.OfferLeader, false, none);
            yield return Case(state, Role.DistrictSchoolLeader, true, For(Role.DistrictSchoolLeader));
            yield return Case(state, Role.DistrictSchoolLeader, false, none);
            yield return Case(state, Role.Guardian, true, For(Role.Guardian));
            yield return Case(state, Role.Guardian, false, none);
            yield return Case(state, Role.Psychologist, true, none);
            yield return Case(state, Role.CommitteeMember, true, none);
            yield return Case(state, Role.Administrator, true, none);
        }

        static TestCaseData Case(RevisitationState state, Role role, bool inScope, RevisitationTrigger[] expected) =>
            new TestCaseData(state, role, inScope, expected)
                .SetName($"On_{state}_{role}_{(inScope ? "in_scope" : "out_of_scope")}_may_{(expected.Length == 0 ? "do_nothing" : string.Join("_", expected))}");
    }

    [TestCaseSource(nameof(PermittedActionCases))]
    public void PermittedActions_lists_exactly_what_the_actor_may_do_now(RevisitationState state, Role role, bool inScope, RevisitationTrigger[] expected)
    {
        var s = new RevisitationScenario();

        s.Workflow.PermittedActions(s.InState(state), s.ActorFor(role, inScope)).ShouldBe(expected, ignoreOrder: true);
    }

    private static IEnumerable<TestCaseData> EveryStateAndActor()
    {
        foreach (var state in V1States)
        foreach (var role in Enum.GetValues<Role>())
        foreach (var inScope in new[] { true, false })
            yield return new TestCaseData(state, role, inScope)
                .SetName($"What_is_listed_for_{role}_{(inScope ? "in_scope" : "out_of_scope")}_on_a_{state}_revisitation_is_what_the_workflow_lets_them_do");
    }

    [TestCaseSource(nameof(EveryStateAndActor))]
    public void PermittedActions_agrees_with_what_the_operations_accept(RevisitationState state, Role role, bool inScope)
    {
        var probe = new RevisitationScenario();
        var listed = probe.Workflow.PermittedActions(probe.InState(state), probe.ActorFor(role, inScope));

        foreach (var trigger in RevisitationTriggers.Actions)
        {
            var s = new RevisitationScenario();
            var c = s.InState(state);
            var actor = s.ActorFor(role, inScope);

            if (listed.Contains(trigger))
                Should.NotThrow(() => s.Perform(trigger, c, actor), $"{trigger} is listed but refused");
            else
                (Should.Throw<DomainException>(() => s.Perform(trigger, c, actor), $"{trigger} is not listed but accepted")
                    is NotPermittedException or WrongStateException).ShouldBeTrue($"{trigger} is refused for bad input, not for role or state");
        }
    }

    // ---- Who may read ----

    [TestCase(Role.CommitteeMember, true, true)]
    [TestCase(Role.OfferLeader, true, true)]
    [TestCase(Role.OfferLeader, false, false)]
    [TestCase(Role.DistrictSchoolLeader, true, true)]
    [TestCase(Role.DistrictSchoolLeader, false, false)]
    [TestCase(Role.Psychologist, true, true)]
    [TestCase(Role.Psychologist, false, false)]
    [TestCase(Role.Guardian, true, true)]
    [TestCase(Role.Guardian, false, false)]
    [TestCase(Role.Administrator, true, false)]
    public void A_revisitation_is_read_by_those_who_drive_it_take_part_in_it_or_are_parties_to_it(Role role, bool inScope, bool expected)
    {
        var s = new RevisitationScenario();

        RevisitationAccess.CanRead(s.ActorFor(role, inScope), s.Started()).ShouldBe(expected);
    }
}
