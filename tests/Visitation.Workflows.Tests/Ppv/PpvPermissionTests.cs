using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Ppv;
using static Visitation.Workflows.Tests.Ppv.PpvScenario;

namespace Visitation.Workflows.Tests.Ppv;

/// <summary>
/// Who may do what to a PPV case, and when. The expectations are written out here, not read from the
/// workflow, so a change of version 1's permissions or diagram fails a test on purpose.
/// </summary>
public class PpvPermissionTests
{
    private static readonly Dictionary<PpvTrigger, Role[]> Expected = new()
    {
        [PpvTrigger.RecordConsent] = [Role.Guardian, Role.DistrictSchoolLeader],
        [PpvTrigger.Prioritise] = [Role.DistrictSchoolLeader, Role.Psychologist],
        [PpvTrigger.Assign] = [Role.Psychologist],
        [PpvTrigger.Reassign] = [Role.Psychologist],
        [PpvTrigger.RecordNote] = [Role.Psychologist],
        [PpvTrigger.WriteDraft] = [Role.Psychologist],
        [PpvTrigger.SendToHearing] = [Role.Psychologist],
        [PpvTrigger.CommentOnHearing] = [Role.Guardian, Role.Psychologist],
        [PpvTrigger.ReopenDraft] = [Role.Psychologist],
        [PpvTrigger.Finalise] = [Role.Psychologist],
        [PpvTrigger.RequestUpdate] = [Role.DistrictSchoolLeader, Role.Guardian, Role.Psychologist],
        [PpvTrigger.Withdraw] = [Role.DistrictSchoolLeader, Role.Guardian, Role.Psychologist],
    };

    /// <summary>Version 1's diagram, written out: what each state allows (a comment while the hearing is open, finalising after it).</summary>
    private static readonly Dictionary<PpvState, PpvTrigger[]> Allowed = new()
    {
        [PpvState.Requested] = [PpvTrigger.RecordConsent, PpvTrigger.Withdraw],
        [PpvState.AwaitingPrioritisation] = [PpvTrigger.RecordConsent, PpvTrigger.Prioritise, PpvTrigger.Withdraw],
        [PpvState.AwaitingAssignment] = [PpvTrigger.RecordConsent, PpvTrigger.Prioritise, PpvTrigger.Assign, PpvTrigger.Withdraw],
        [PpvState.Assigned] = [PpvTrigger.RecordConsent, PpvTrigger.Reassign, PpvTrigger.RecordNote, PpvTrigger.Withdraw],
        [PpvState.InAssessment] = [PpvTrigger.RecordConsent, PpvTrigger.Reassign, PpvTrigger.RecordNote, PpvTrigger.WriteDraft, PpvTrigger.Withdraw],
        [PpvState.Drafted] = [PpvTrigger.RecordConsent, PpvTrigger.Reassign, PpvTrigger.RecordNote, PpvTrigger.WriteDraft, PpvTrigger.SendToHearing, PpvTrigger.Withdraw],
        [PpvState.InHearing] = [PpvTrigger.RecordConsent, PpvTrigger.Reassign, PpvTrigger.CommentOnHearing, PpvTrigger.ReopenDraft, PpvTrigger.Finalise, PpvTrigger.Withdraw],
        [PpvState.Final] = [PpvTrigger.RecordConsent, PpvTrigger.RequestUpdate],
        [PpvState.Withdrawn] = [],
    };

    /// <summary>A state in which <paramref name="trigger"/> can fire for the right actor.</summary>
    private static PpvCase ReadyFor(PpvScenario s, PpvTrigger trigger) => trigger switch
    {
        PpvTrigger.RecordConsent or PpvTrigger.Withdraw => s.Requested(),
        PpvTrigger.Prioritise => s.Consented(),
        PpvTrigger.Assign => s.Prioritised(),
        PpvTrigger.Reassign or PpvTrigger.RecordNote => s.Assigned(),
        PpvTrigger.WriteDraft => s.InAssessment(),
        PpvTrigger.SendToHearing => s.Drafted(),
        PpvTrigger.RequestUpdate => s.Final(),
        _ => s.InHearing(),
    };

    private static IEnumerable<TestCaseData> Matrix()
    {
        foreach (var trigger in Actions)
        foreach (var role in Enum.GetValues<Role>())
        foreach (var inScope in new[] { true, false })
        {
            // The committee, the offer leader and the administrator have no scope on a PPV to be outside of.
            if (!inScope && role is Role.CommitteeMember or Role.OfferLeader or Role.Administrator) continue;
            var outcome = Expected[trigger].Contains(role) && inScope ? "is_allowed" : "is_not_permitted";
            yield return new TestCaseData(trigger, role, inScope)
                .SetName($"Ppv_{trigger}_by_{role}_{(inScope ? "in_scope" : "out_of_scope")}_{outcome}");
        }
    }

    [TestCaseSource(nameof(Matrix))]
    public void Only_a_permitted_role_within_its_scope_may_fire_a_trigger(PpvTrigger trigger, Role role, bool inScope)
    {
        var s = new PpvScenario();
        var ppv = ReadyFor(s, trigger);
        var actor = s.ActorFor(role, inScope);
        var roleAllowed = Expected[trigger].Contains(role);
        var state = ppv.State;
        var revision = ppv.Revision;

        if (roleAllowed && inScope)
        {
            s.Perform(trigger, ppv, actor);

            ppv.Revision.ShouldBe(revision + 1);
            ppv.History[^1].Trigger.ShouldBe(trigger);
            ppv.History[^1].ActorUserId.ShouldBe(actor.UserId);
            return;
        }

        var ex = Should.Throw<NotPermittedException>(() => s.Perform(trigger, ppv, actor));
        ex.Message.ShouldBe(roleAllowed
            ? "Du har ikke adgang til denne PPV-sag."
            : $"Som {role.Danish()} kan du ikke {trigger.DanishInfinitive()}.");
        ppv.State.ShouldBe(state);
        ppv.Revision.ShouldBe(revision);
    }

    private static IEnumerable<TestCaseData> AssessmentByOthers()
    {
        foreach (var trigger in PpvWorkflow.AssessmentTriggers)
        foreach (var who in new[] { "Colleague", "ServiceLeader" })
            yield return new TestCaseData(trigger, who).SetName($"{trigger}_by_{who}_who_does_not_have_the_case_is_not_permitted");
    }

    [TestCaseSource(nameof(AssessmentByOthers))]
    public void Only_the_assigned_psychologist_takes_assessment_steps(PpvTrigger trigger, string who)
    {
        var s = new PpvScenario();
        var ppv = ReadyFor(s, trigger);
        var actor = who == "Colleague" ? s.Colleague : s.ServiceLeader;

        Should.Throw<NotPermittedException>(() => s.Perform(trigger, ppv, actor))
            .Message.ShouldBe("Du har ikke adgang til denne PPV-sag.");
    }

    [TestCase(PpvTrigger.Prioritise)]
    [TestCase(PpvTrigger.Assign)]
    public void The_psychologists_serving_the_school_and_the_service_leader_run_the_service_steps(PpvTrigger trigger)
    {
        foreach (var pick in new Func<PpvScenario, Actor>[] { s => s.Colleague, s => s.ServiceLeader })
        {
            var s = new PpvScenario();
            var ppv = ReadyFor(s, trigger);

            s.Perform(trigger, ppv, pick(s));

            ppv.History[^1].Trigger.ShouldBe(trigger);
        }
    }

    [Test]
    public void A_person_without_the_right_learns_nothing_about_the_input_rules()
    {
        var s = new PpvScenario();
        var ppv = s.Assigned();

        Should.Throw<NotPermittedException>(() => s.Workflow.RecordNote(ppv, s.Colleague, (PpvNoteKind)99, "", ObservedAt, ObservedAt.AddDays(-30)));
        Should.Throw<NotPermittedException>(() => s.Workflow.Withdraw(ppv, s.OtherSchoolLeader, "", AssignedAt));
        Should.Throw<NotPermittedException>(() => s.Workflow.Assign(s.Prioritised(), s.OtherPsychologist, s.SchoolLeader, -1, null, CurrentRules, AssignedAt));
    }

    // ---- State ----

    private static Actor PermittedActorFor(PpvScenario s, PpvTrigger trigger) => trigger switch
    {
        PpvTrigger.RecordConsent or PpvTrigger.Prioritise or PpvTrigger.RequestUpdate or PpvTrigger.Withdraw => s.SchoolLeader,
        PpvTrigger.Assign or PpvTrigger.Reassign => s.ServiceLeader,
        _ => s.Psychologist,
    };

    private static IEnumerable<TestCaseData> Refused()
    {
        foreach (var state in Enum.GetValues<PpvState>())
        foreach (var trigger in Actions.Except(Allowed[state]))
            yield return new TestCaseData(state, trigger).SetName($"{trigger}_on_a_{state}_PPV_is_refused");
    }

    [TestCaseSource(nameof(Refused))]
    public void A_trigger_the_state_does_not_allow_is_refused_in_Danish_naming_the_state(PpvState state, PpvTrigger trigger)
    {
        var s = new PpvScenario();
        var ppv = s.InState(state);
        var revision = ppv.Revision;
        var versions = ppv.Versions.Count;

        var ex = Should.Throw<DomainException>(() => s.Perform(trigger, ppv, PermittedActorFor(s, trigger)));

        // Before assignment nobody has the assessment steps; afterwards the state refuses them.
        if (PpvWorkflow.AssessmentTriggers.Contains(trigger) && ppv.AssignedPsychologistId is null)
            ex.ShouldBeOfType<NotPermittedException>().Message.ShouldBe("Du har ikke adgang til denne PPV-sag.");
        else
            ex.ShouldBeOfType<WrongStateException>().Message.ShouldBe($"Du kan ikke {trigger.DanishInfinitive()} nu. PPV-sagen er {state.Danish()}.");
        ppv.State.ShouldBe(state);
        ppv.Revision.ShouldBe(revision);
        ppv.Versions.Count.ShouldBe(versions);
    }

    private static IEnumerable<TestCaseData> Accepted()
    {
        foreach (var (state, triggers) in Allowed)
        foreach (var trigger in triggers)
            yield return new TestCaseData(state, trigger).SetName($"{trigger}_on_a_{state}_PPV_is_accepted");
    }

    [TestCaseSource(nameof(Accepted))]
    public void A_trigger_the_state_allows_is_accepted_and_recorded(PpvState state, PpvTrigger trigger)
    {
        var s = new PpvScenario();
        var ppv = s.InState(state);
        var actor = PermittedActorFor(s, trigger);

        s.Perform(trigger, ppv, actor);

        var step = ppv.History[^1];
        step.Trigger.ShouldBe(trigger);
        step.From.ShouldBe(state);
        step.To.ShouldBe(ppv.State);
        step.ActorUserId.ShouldBe(actor.UserId);
        step.At.ShouldBe(TimeFor(trigger));
    }

    // ---- PermittedActions ----

    private static readonly PpvTrigger[] None = [];

    private static IEnumerable<TestCaseData> PermittedActionCases()
    {
        PpvTrigger[] parties = [PpvTrigger.RecordConsent, PpvTrigger.Withdraw];
        var byState = new Dictionary<PpvState, (PpvTrigger[] SchoolLeader, PpvTrigger[] Guardian, PpvTrigger[] Assigned, PpvTrigger[] Service)>
        {
            [PpvState.Requested] = (parties, parties, [PpvTrigger.Withdraw], [PpvTrigger.Withdraw]),
            [PpvState.AwaitingPrioritisation] = ([PpvTrigger.RecordConsent, PpvTrigger.Prioritise, PpvTrigger.Withdraw], parties,
                [PpvTrigger.Prioritise, PpvTrigger.Withdraw], [PpvTrigger.Prioritise, PpvTrigger.Withdraw]),
            [PpvState.AwaitingAssignment] = ([PpvTrigger.RecordConsent, PpvTrigger.Prioritise, PpvTrigger.Withdraw], parties,
                [PpvTrigger.Prioritise, PpvTrigger.Assign, PpvTrigger.Withdraw], [PpvTrigger.Prioritise, PpvTrigger.Assign, PpvTrigger.Withdraw]),
            [PpvState.Assigned] = (parties, parties,
                [PpvTrigger.Reassign, PpvTrigger.RecordNote, PpvTrigger.Withdraw], [PpvTrigger.Reassign, PpvTrigger.Withdraw]),
            [PpvState.InAssessment] = (parties, parties,
                [PpvTrigger.Reassign, PpvTrigger.RecordNote, PpvTrigger.WriteDraft, PpvTrigger.Withdraw], [PpvTrigger.Reassign, PpvTrigger.Withdraw]),
            [PpvState.Drafted] = (parties, parties,
                [PpvTrigger.Reassign, PpvTrigger.RecordNote, PpvTrigger.WriteDraft, PpvTrigger.SendToHearing, PpvTrigger.Withdraw], [PpvTrigger.Reassign, PpvTrigger.Withdraw]),
            [PpvState.InHearing] = (parties, [PpvTrigger.RecordConsent, PpvTrigger.CommentOnHearing, PpvTrigger.Withdraw],
                [PpvTrigger.Reassign, PpvTrigger.CommentOnHearing, PpvTrigger.ReopenDraft, PpvTrigger.Withdraw], [PpvTrigger.Reassign, PpvTrigger.Withdraw]),
            [PpvState.Final] = ([PpvTrigger.RecordConsent, PpvTrigger.RequestUpdate], [PpvTrigger.RecordConsent, PpvTrigger.RequestUpdate],
                [PpvTrigger.RequestUpdate], [PpvTrigger.RequestUpdate]),
            [PpvState.Withdrawn] = (None, None, None, None),
        };
        foreach (var (state, expected) in byState)
        {
            yield return Case(state, "SchoolLeader", expected.SchoolLeader);
            yield return Case(state, "GuardianA", expected.Guardian);
            yield return Case(state, "GuardianB", expected.Guardian);
            yield return Case(state, "Psychologist", expected.Assigned);
            yield return Case(state, "Colleague", expected.Service);
            yield return Case(state, "ServiceLeader", expected.Service);
            foreach (var outsider in new[] { "OtherSchoolLeader", "OtherGuardian", "OtherPsychologist", "Committee", "OfferLeader", "Admin" })
                yield return Case(state, outsider, None);
        }

        static TestCaseData Case(PpvState state, string who, PpvTrigger[] expected) =>
            new TestCaseData(state, who, expected)
                .SetName($"On_{state}_{who}_may_{(expected.Length == 0 ? "do_nothing" : string.Join("_", expected))}");
    }

    private static Actor Named(PpvScenario s, string who) => (Actor)typeof(PpvScenario).GetProperty(who)!.GetValue(s)!;

    [TestCaseSource(nameof(PermittedActionCases))]
    public void PermittedActions_lists_exactly_what_the_actor_may_do_while_the_hearing_runs(PpvState state, string who, PpvTrigger[] expected)
    {
        var s = new PpvScenario();

        s.Workflow.PermittedActions(s.InState(state), Named(s, who), DuringHearing).ShouldBe(expected, ignoreOrder: true);
    }

    [Test]
    public void After_the_hearing_deadline_the_psychologist_may_finalise_and_nobody_may_comment()
    {
        var s = new PpvScenario();
        var ppv = s.InHearing();

        s.Workflow.PermittedActions(ppv, s.Psychologist, AfterHearing)
            .ShouldBe([PpvTrigger.Reassign, PpvTrigger.ReopenDraft, PpvTrigger.Finalise, PpvTrigger.Withdraw], ignoreOrder: true);
        s.Workflow.PermittedActions(ppv, s.GuardianA, AfterHearing).ShouldBe([PpvTrigger.RecordConsent, PpvTrigger.Withdraw], ignoreOrder: true);
    }

    private static IEnumerable<TestCaseData> EveryStateAndActor()
    {
        foreach (var state in Enum.GetValues<PpvState>())
        foreach (var who in new[] { "SchoolLeader", "OtherSchoolLeader", "GuardianA", "OtherGuardian", "Psychologist", "Colleague", "ServiceLeader", "OtherPsychologist", "Committee", "OfferLeader", "Admin" })
            yield return new TestCaseData(state, who).SetName($"What_is_listed_for_{who}_on_a_{state}_PPV_is_what_the_workflow_lets_them_do");
    }

    [TestCaseSource(nameof(EveryStateAndActor))]
    public void PermittedActions_agrees_with_what_the_operations_accept(PpvState state, string who)
    {
        foreach (var trigger in Actions)
        {
            var s = new PpvScenario();
            var ppv = s.InState(state);
            var actor = Named(s, who);
            var listed = s.Workflow.PermittedActions(ppv, actor, TimeFor(trigger)).Contains(trigger);

            if (listed)
                Should.NotThrow(() => s.Perform(trigger, ppv, actor), $"{trigger} is listed but refused");
            else
                (Should.Throw<DomainException>(() => s.Perform(trigger, ppv, actor), $"{trigger} is not listed but accepted")
                    is NotPermittedException or WrongStateException).ShouldBeTrue($"{trigger} is refused for bad input, not for role or state");
        }
    }
}
