using Visitation.Workflows.Tests.Support;
using Visitation.Workflows.Referrals;

namespace Visitation.Workflows.Tests.Referrals;

public class ReferralWorkflowDiagramTests
{
    [Test]
    public void ToMermaid_draws_a_state_diagram_starting_in_draft()
    {
        var mermaid = new ReferralWorkflowV1().ToMermaid();

        mermaid.ShouldStartWith("stateDiagram-v2");
        mermaid.ShouldContain("[*] --> Draft");
    }

    [Test]
    public void ToMermaid_contains_every_state_and_every_trigger()
    {
        var mermaid = new ReferralWorkflowV1().ToMermaid();

        foreach (var state in Enum.GetValues<ReferralState>())
            mermaid.ShouldContain(state.ToString());
        foreach (var trigger in Triggers.Actions)
            mermaid.ShouldContain(trigger.ToString());
    }

    [TestCase("Draft --> Complete : Submit")]
    [TestCase("Draft --> Incomplete : Submit")]
    [TestCase("Incomplete --> Complete : Submit")]
    [TestCase("Complete --> AssignedToRound : AssignToRound")]
    [TestCase("AssignedToRound --> Triaged : Triage")]
    [TestCase("Triaged --> OnAgenda : PutOnAgenda")]
    [TestCase("OnAgenda --> Decided : DecidePlacement")]
    [TestCase("OnAgenda --> Decided : DecideReturnToGeneral")]
    [TestCase("OnAgenda --> AssignedToRound : Postpone")]
    [TestCase("AssignedToRound --> Withdrawn : Withdraw")]
    public void ToMermaid_draws_the_transitions_of_version_1(string transition)
    {
        new ReferralWorkflowV1().ToMermaid().ShouldContain(transition);
    }

    [Test]
    public void ToMermaid_labels_the_decision_transitions_with_the_decision_basis_guard()
    {
        new ReferralWorkflowV1().ToMermaid().ShouldContain("Der skal være en PPV og enten forældreudtalelse eller registreret partshøring.");
    }

    [Test]
    public void ToMermaid_gives_the_same_diagram_every_time()
    {
        var workflow = new ReferralWorkflowV1();

        workflow.ToMermaid().ShouldBe(workflow.ToMermaid());
    }
}
