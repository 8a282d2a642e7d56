using Visitation.Workflows.Revisitation;

namespace Visitation.Workflows.Tests.Revisitation;

public class RevisitationWorkflowDiagramTests
{
    [Test]
    public void ToMermaid_draws_a_state_diagram_starting_in_started()
    {
        var mermaid = new RevisitationWorkflowV1().ToMermaid();

        mermaid.ShouldStartWith("stateDiagram-v2");
        mermaid.ShouldContain("[*] --> Started");
    }

    [Test]
    public void ToMermaid_of_version_1_contains_its_states_and_triggers_and_not_the_childs_statement()
    {
        var mermaid = new RevisitationWorkflowV1().ToMermaid();

        foreach (var state in Enum.GetValues<RevisitationState>().Where(s => s != RevisitationState.ChildStatementRecorded))
            mermaid.ShouldContain(state.ToString());
        foreach (var trigger in RevisitationTriggers.Actions.Where(t => t != RevisitationTrigger.RecordChildStatement))
            mermaid.ShouldContain(trigger.ToString());
        mermaid.ShouldNotContain("ChildStatement");
    }

    [TestCase("Started --> PupilConversationHeld : RecordPupilConversation")]
    [TestCase("PupilConversationHeld --> StatusMeetingHeld : RecordStatusMeeting")]
    [TestCase("StatusMeetingHeld --> HandleplanSent : SendHandleplan")]
    [TestCase("HandleplanSent --> HandleplanAnswered : AnswerHandleplan")]
    [TestCase("HandleplanAnswered --> ParentConversationHeld : RecordParentConversation")]
    [TestCase("ParentConversationHeld --> Decided : DecideContinuation")]
    [TestCase("ParentConversationHeld --> RevisitationMeetingHeld : RecordRevisitationMeeting")]
    [TestCase("RevisitationMeetingHeld --> Decided : DecideContinuation")]
    [TestCase("RevisitationMeetingHeld --> Decided : DecideChange")]
    [TestCase("RevisitationMeetingHeld --> Decided : DecideEnd")]
    [TestCase("HandleplanSent --> Cancelled : Cancel")]
    public void ToMermaid_draws_the_transitions_of_version_1(string transition)
    {
        new RevisitationWorkflowV1().ToMermaid().ShouldContain(transition);
    }

    [Test]
    public void ToMermaid_labels_the_continuation_without_a_meeting_with_its_guard()
    {
        new RevisitationWorkflowV1().ToMermaid().ShouldContain("Der skal først holdes et revisitationsmøde");
    }

    [TestCase("PupilConversationHeld --> ChildStatementRecorded : RecordChildStatement")]
    [TestCase("ChildStatementRecorded --> StatusMeetingHeld : RecordStatusMeeting")]
    public void ToMermaid_of_version_2_puts_the_childs_statement_before_the_status_meeting(string transition)
    {
        var mermaid = new RevisitationWorkflowV2().ToMermaid();

        mermaid.ShouldContain(transition);
        mermaid.ShouldNotContain("PupilConversationHeld --> StatusMeetingHeld");
    }

    [Test]
    public void ToMermaid_gives_the_same_diagram_every_time()
    {
        var workflow = new RevisitationWorkflowV1();

        workflow.ToMermaid().ShouldBe(workflow.ToMermaid());
    }

    [Test]
    public void Each_version_lists_the_states_its_diagram_has()
    {
        new RevisitationWorkflowV1().States.ShouldNotContain(RevisitationState.ChildStatementRecorded);
        new RevisitationWorkflowV2().States.ShouldBe(Enum.GetValues<RevisitationState>(), ignoreOrder: true);
    }
}
