using System.Xml.Linq;
using Visitation.Api.Infrastructure.Diagrams;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Revisitation;

namespace Visitation.Web.Tests.Diagrams;

public sealed class StateDiagramSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Test]
    public void Mermaid_text_of_the_referral_workflow_is_read_into_states_and_transitions()
    {
        var diagram = StateDiagram.ParseMermaid(new ReferralWorkflowV1().ToMermaid());

        diagram.Initial.ShouldBe("Draft");
        diagram.States.ShouldBe(Enum.GetNames<ReferralState>(), ignoreOrder: true);
        diagram.Transitions.ShouldContain(new DiagramTransition("OnAgenda", "AssignedToRound", "Postpone", null));
        diagram.Transitions.ShouldContain(new DiagramTransition("Draft", "Complete", "Submit", "alle seks dele er vedhæftet"));
        diagram.Transitions.Single(t => t is { From: "Draft", To: "Draft" }).Guard.ShouldBeNull("an unnamed guard has no description");
        diagram.IsTerminal("Decided").ShouldBeTrue();
        diagram.IsTerminal("Draft").ShouldBeFalse();
    }

    [Test]
    public void Lines_that_are_not_transitions_are_skipped()
    {
        var diagram = StateDiagram.ParseMermaid("stateDiagram-v2\n\tnote right of A: x\n\tA --> B : Go\n[*] --> A\n%% comment\n");

        diagram.States.ShouldBe(["A", "B"]);
        diagram.Transitions.ShouldBe([new DiagramTransition("A", "B", "Go", null)]);
    }

    [Test]
    public void Referral_diagram_is_well_formed_svg_with_a_box_for_every_state_in_Danish_and_no_overlaps()
    {
        var workflow = new ReferralWorkflowV1();
        var (state, trigger) = WorkflowLabels.For(workflow);
        var svg = XDocument.Parse(StateDiagramSvg.Render(StateDiagram.ParseMermaid(workflow.ToMermaid()), state, trigger, "Henvisning, version 1"));

        var root = svg.Root!;
        root.Attribute("role")!.Value.ShouldBe("img");
        root.Element(Svg + "title")!.Value.ShouldBe("Henvisning, version 1");
        var texts = root.Descendants(Svg + "text").Select(t => t.Value).ToList();
        var allText = string.Join(" ", texts);
        foreach (var s in Enum.GetValues<ReferralState>())
            allText.ShouldContain(Visitation.Api.Infrastructure.Web.Show.Capitalised(s.Danish()).Split(' ')[0]);
        allText.ShouldContain("↻");

        var boxes = root.Elements(Svg + "g")
            .Select(g => g.Element(Svg + "rect"))
            .Where(r => r is not null && r.Attribute("stroke") is not null)
            .Select(r => (X: D(r!, "x"), Y: D(r!, "y"), W: D(r!, "width"), H: D(r!, "height")))
            .ToList();
        boxes.Count.ShouldBe(Enum.GetValues<ReferralState>().Length);
        for (var i = 0; i < boxes.Count; i++)
        for (var j = i + 1; j < boxes.Count; j++)
        {
            var (a, b) = (boxes[i], boxes[j]);
            var overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
            overlap.ShouldBeFalse($"state boxes {i} and {j} overlap");
        }
    }

    [Test]
    public void Same_workflow_gives_the_same_picture_every_time()
    {
        var mermaid = new ReferralWorkflowV1().ToMermaid();
        StateDiagramSvg.Render(StateDiagram.ParseMermaid(mermaid), s => s, t => t, "x")
            .ShouldBe(StateDiagramSvg.Render(StateDiagram.ParseMermaid(mermaid), s => s, t => t, "x"));
    }

    [Test]
    public void Every_registered_kind_of_workflow_can_be_drawn()
    {
        foreach (var mermaid in new[] { new PpvWorkflowV1().ToMermaid(), new RevisitationWorkflowV1().ToMermaid() })
        {
            var svg = XDocument.Parse(StateDiagramSvg.Render(StateDiagram.ParseMermaid(mermaid), s => s, t => t, "Diagram"));
            svg.Root!.Descendants(Svg + "path").Count().ShouldBeGreaterThan(3);
        }
    }

    [Test]
    public void Labels_are_escaped()
    {
        var svg = StateDiagramSvg.Render(StateDiagram.ParseMermaid("[*] --> A\nA --> B : Go"), s => s + " <b>&", t => t + " \"<x>\"", "T<");
        Should.NotThrow(() => XDocument.Parse(svg));
        svg.ShouldNotContain("<b>");
    }

    private static double D(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, System.Globalization.CultureInfo.InvariantCulture);
}
