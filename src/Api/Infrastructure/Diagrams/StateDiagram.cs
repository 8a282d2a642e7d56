using System.Text.RegularExpressions;

namespace Visitation.Api.Infrastructure.Diagrams;

/// <param name="Guard">The guard's description as the workflow states it; null when the guard has no description.</param>
public sealed record DiagramTransition(string From, string To, string Trigger, string? Guard);

/// <summary>
/// A workflow's state diagram as read from the Mermaid text its definition writes
/// (<see cref="Visitation.Workflows.Engine.IWorkflowDefinition.ToMermaid"/>, Stateless's <c>stateDiagram-v2</c>):
/// <c>A --> B : Trigger [guard]</c> lines and <c>[*] --> Initial</c>. Lines it does not know are skipped.
/// </summary>
public sealed partial record StateDiagram(string? Initial, IReadOnlyList<string> States, IReadOnlyList<DiagramTransition> Transitions)
{
    public const string StartMarker = "[*]";

    /// <summary>Stateless writes an unnamed guard (a lambda without description) as "Function".</summary>
    private const string UnnamedGuard = "Function";

    [GeneratedRegex(@"^\s*(?<from>\S+)\s*-->\s*(?<to>\S+)\s*(?::\s*(?<label>.*))?$")]
    private static partial Regex ArrowLine();

    [GeneratedRegex(@"^(?<trigger>[^\[]*?)\s*(?:\[(?<guard>.*)\])?\s*$")]
    private static partial Regex TransitionLabel();

    public static StateDiagram ParseMermaid(string mermaid)
    {
        string? initial = null;
        var states = new List<string>();
        var transitions = new List<DiagramTransition>();
        void Add(string state)
        {
            if (state != StartMarker && !states.Contains(state)) states.Add(state);
        }

        foreach (var line in mermaid.Split('\n'))
        {
            var arrow = ArrowLine().Match(line.TrimEnd('\r'));
            if (!arrow.Success) continue;
            var from = arrow.Groups["from"].Value;
            var to = arrow.Groups["to"].Value;
            if (from == StartMarker)
            {
                initial = to;
                Add(to);
                continue;
            }
            Add(from);
            if (to == StartMarker) continue;
            Add(to);
            var label = arrow.Groups["label"].Success ? arrow.Groups["label"].Value.Trim() : "";
            var parts = TransitionLabel().Match(label);
            var trigger = parts.Success ? parts.Groups["trigger"].Value.Trim() : label;
            var guard = parts.Success && parts.Groups["guard"].Success ? parts.Groups["guard"].Value.Trim() : null;
            if (string.IsNullOrEmpty(guard) || guard == UnnamedGuard) guard = null;
            transitions.Add(new DiagramTransition(from, to, trigger, guard));
        }
        if (initial is not null)
        {
            states.Remove(initial);
            states.Insert(0, initial);
        }
        return new StateDiagram(initial, states, transitions);
    }

    /// <summary>States with no way out but to themselves.</summary>
    public bool IsTerminal(string state) => Transitions.All(t => t.From != state || t.To == state);
}
