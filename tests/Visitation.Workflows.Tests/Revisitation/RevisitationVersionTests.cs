using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Revisitation.RevisitationScenario;

namespace Visitation.Workflows.Tests.Revisitation;

public class RevisitationVersionTests
{
    [Test]
    public void Revisitation_versions_share_their_key_and_register_beside_the_referral_workflow()
    {
        var catalog = new WorkflowCatalog([new ReferralWorkflowV1(), new RevisitationWorkflowV1(), new RevisitationWorkflowV2()]);

        catalog.Keys.ShouldBe(["referral", "revisitation"], ignoreOrder: true);
        catalog.Versions("revisitation").Select(v => (v.Version, v.IsPublished, v.IsLatest)).ShouldBe([(1, true, true), (2, false, false)]);
        catalog.Latest<RevisitationWorkflow>(RevisitationWorkflow.DefinitionKey).Version.ShouldBe(1);
        new RevisitationWorkflowV1().Title.ShouldBe("Årlig revisitation af specialtilbud");
    }

    [Test]
    public void Version_2_is_a_draft_until_it_is_published()
    {
        new RevisitationWorkflowV2().IsPublished.ShouldBeFalse();
        new RevisitationWorkflowV2(isPublished: true).IsPublished.ShouldBeTrue();
    }

    [Test]
    public void Each_version_lists_its_steps_in_order()
    {
        new RevisitationWorkflowV1().Steps.ShouldBe([
            RevisitationStep.PupilConversation, RevisitationStep.StatusMeeting, RevisitationStep.HandleplanAnswer,
            RevisitationStep.ParentConversation, RevisitationStep.RevisitationMeeting, RevisitationStep.Decision,
        ]);
        new RevisitationWorkflowV2().Steps.ShouldBe([
            RevisitationStep.PupilConversation, RevisitationStep.ChildStatement, RevisitationStep.StatusMeeting, RevisitationStep.HandleplanAnswer,
            RevisitationStep.ParentConversation, RevisitationStep.RevisitationMeeting, RevisitationStep.Decision,
        ]);
    }

    [Test]
    public void Publishing_version_2_leaves_a_running_version_1_case_on_version_1_while_new_cases_start_on_version_2()
    {
        var before = new WorkflowCatalog([new RevisitationWorkflowV1(), new RevisitationWorkflowV2()]);
        var old = new RevisitationScenario();
        var oldCase = before.Latest<RevisitationWorkflow>("revisitation").Start(Ids.Of(801), old.Placement, old.OfferLeader, CurrentRules, StartedAt);

        var after = new WorkflowCatalog([new RevisitationWorkflowV1(), new RevisitationWorkflowV2(isPublished: true)]);
        var fresh = new RevisitationScenario();
        var freshCase = after.Latest<RevisitationWorkflow>("revisitation").Start(Ids.Of(802), fresh.Placement, fresh.OfferLeader, CurrentRules, StartedAt);

        var oldWorkflow = after.Get<RevisitationWorkflow>(oldCase.WorkflowKey, oldCase.WorkflowVersion);
        var freshWorkflow = after.Get<RevisitationWorkflow>(freshCase.WorkflowKey, freshCase.WorkflowVersion);
        oldWorkflow.RecordPupilConversation(oldCase, old.OfferLeader, Meeting(RevisitationStep.PupilConversation, PupilConversationAt), PupilConversationAt);
        freshWorkflow.RecordPupilConversation(freshCase, fresh.OfferLeader, Meeting(RevisitationStep.PupilConversation, PupilConversationAt), PupilConversationAt);

        oldCase.WorkflowVersion.ShouldBe(1);
        oldWorkflow.ShouldBeOfType<RevisitationWorkflowV1>();
        oldWorkflow.PermittedActions(oldCase, old.OfferLeader).ShouldContain(RevisitationTrigger.RecordStatusMeeting);
        freshCase.WorkflowVersion.ShouldBe(2);
        freshWorkflow.ShouldBeOfType<RevisitationWorkflowV2>();
        freshWorkflow.PermittedActions(freshCase, fresh.OfferLeader).ShouldContain(RevisitationTrigger.RecordChildStatement);
        freshWorkflow.PermittedActions(freshCase, fresh.OfferLeader).ShouldNotContain(RevisitationTrigger.RecordStatusMeeting);
    }

    [Test]
    public void Under_version_2_the_status_meeting_waits_for_the_childs_own_statement()
    {
        var s = new RevisitationScenario(new RevisitationWorkflowV2(isPublished: true));
        var c = s.PupilConversationHeld();

        Should.Throw<WrongStateException>(() => s.Perform(RevisitationTrigger.RecordStatusMeeting, c, s.OfferLeader))
            .Message.ShouldBe("Du kan ikke registrere statusmødet nu. Revisitationen står ved: elevsamtalen er holdt.");
        s.Workflow.RecordChildStatement(c, s.OfferLeader, Meeting(RevisitationStep.ChildStatement, ChildStatementAt), "Jeg kan godt lide min klasse.", ChildStatementAt);

        c.State.ShouldBe(RevisitationState.ChildStatementRecorded);
        c.ChildStatement.ShouldBe("Jeg kan godt lide min klasse.");
        c.Meetings[^1].Kind.ShouldBe(MeetingKind.ChildStatement);
        s.Workflow.PermittedActions(c, s.OfferLeader).ShouldContain(RevisitationTrigger.RecordStatusMeeting);
    }

    [Test]
    public void A_version_2_case_runs_to_a_decision()
    {
        var s = new RevisitationScenario(new RevisitationWorkflowV2(isPublished: true));

        var c = s.Decided();

        c.State.ShouldBe(RevisitationState.Decided);
        c.Steps.Select(x => x.Step).ShouldContain(RevisitationStep.ChildStatement);
        c.History.Skip(1).ShouldAllBe(e => e.WorkflowVersion == 2);
    }

    [Test]
    public void The_remaining_steps_of_a_case_not_yet_started_are_every_step_but_the_revisitation_meeting()
    {
        new RevisitationWorkflowV2().RemainingSteps(null).ShouldBe([
            RevisitationStep.PupilConversation, RevisitationStep.ChildStatement, RevisitationStep.StatusMeeting, RevisitationStep.HandleplanAnswer,
            RevisitationStep.ParentConversation, RevisitationStep.Decision,
        ]);
    }

    [Test]
    public void Steps_done_in_a_state_follow_the_versions_order()
    {
        var v1 = new RevisitationWorkflowV1();
        var v2 = new RevisitationWorkflowV2();

        v1.StepsDoneIn(RevisitationState.StatusMeetingHeld).ShouldBe([RevisitationStep.PupilConversation, RevisitationStep.StatusMeeting]);
        v2.StepsDoneIn(RevisitationState.StatusMeetingHeld).ShouldBe([RevisitationStep.PupilConversation, RevisitationStep.ChildStatement, RevisitationStep.StatusMeeting]);
        v2.StepsDoneIn(RevisitationState.HandleplanSent).ShouldBe([RevisitationStep.PupilConversation, RevisitationStep.ChildStatement, RevisitationStep.StatusMeeting]);
        v1.StepsDoneIn(RevisitationState.ParentConversationHeld).ShouldNotContain(RevisitationStep.RevisitationMeeting);
        v1.StepsDoneIn(RevisitationState.RevisitationMeetingHeld).ShouldContain(RevisitationStep.RevisitationMeeting);
        v1.StepsDoneIn(RevisitationState.Started).ShouldBeEmpty();
        v1.StepsDoneIn(RevisitationState.ChildStatementRecorded).ShouldBeEmpty(); // not a state of version 1
    }
}
