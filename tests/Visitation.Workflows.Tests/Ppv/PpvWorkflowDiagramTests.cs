using Visitation.Workflows.Ppv;

namespace Visitation.Workflows.Tests.Ppv;

public class PpvWorkflowDiagramTests
{
    [Test]
    public void ToMermaid_draws_a_state_diagram_starting_in_requested()
    {
        var mermaid = new PpvWorkflowV1().ToMermaid();

        mermaid.ShouldStartWith("stateDiagram-v2");
        mermaid.ShouldContain("[*] --> Requested");
    }

    [Test]
    public void ToMermaid_contains_every_state_and_every_trigger()
    {
        var mermaid = new PpvWorkflowV1().ToMermaid();

        foreach (var state in Enum.GetValues<PpvState>())
            mermaid.ShouldContain(state.ToString());
        foreach (var trigger in PpvScenario.Actions)
            mermaid.ShouldContain(trigger.ToString());
    }

    [TestCase("Requested --> AwaitingPrioritisation : RecordConsent [alle forældre har givet samtykke til vurderingen]")]
    [TestCase("Requested --> Requested : RecordConsent [der mangler samtykke til vurderingen fra en forælder]")]
    [TestCase("AwaitingPrioritisation --> AwaitingAssignment : Prioritise")]
    [TestCase("AwaitingAssignment --> Assigned : Assign [Forældrene skal have givet samtykke til vurderingen.]")]
    [TestCase("Assigned --> InAssessment : RecordNote [Forældrene skal have givet samtykke til vurderingen.]")]
    [TestCase("InAssessment --> Drafted : WriteDraft")]
    [TestCase("Drafted --> InHearing : SendToHearing")]
    [TestCase("InHearing --> InHearing : CommentOnHearing [Høringen skal være åben")]
    [TestCase("InHearing --> Drafted : ReopenDraft")]
    [TestCase("InHearing --> Final : Finalise [Høringen skal være afsluttet")]
    [TestCase("Final --> AwaitingPrioritisation : RequestUpdate")]
    [TestCase("Requested --> Withdrawn : Withdraw")]
    [TestCase("InHearing --> Withdrawn : Withdraw [sagen har endnu ingen endelig PPV]")]
    [TestCase("InHearing --> Final : Withdraw [en opdatering trækkes tilbage")]
    public void ToMermaid_draws_the_transitions_of_version_1(string transition)
    {
        new PpvWorkflowV1().ToMermaid().ShouldContain(transition);
    }

    [TestCase("Requested --> Assigned")]
    [TestCase("Requested --> InAssessment")]
    [TestCase("Drafted --> Final : Finalise")]
    [TestCase("Final --> Drafted")]
    [TestCase("Final --> InAssessment")]
    [TestCase("Withdrawn -->")]
    public void ToMermaid_has_no_shortcut_past_consent_or_the_hearing_and_no_way_back_into_a_final_version(string transition)
    {
        new PpvWorkflowV1().ToMermaid().ShouldNotContain(transition);
    }

    [Test]
    public void ToMermaid_gives_the_same_diagram_every_time()
    {
        var workflow = new PpvWorkflowV1();

        workflow.ToMermaid().ShouldBe(workflow.ToMermaid());
    }
}
