using System.Globalization;
using System.Security;
using System.Text;

namespace Visitation.Api.Infrastructure.Diagrams;

/// <summary>
/// Draws a <see cref="StateDiagram"/> as SVG on the server, so the page needs no script (see
/// docs/adr/0008-web-pages.md). A small layered layout in the manner of Sugiyama and dagre:
/// back edges reversed, longest-path ranks, every edge's label a node in the rank between its ends,
/// barycentre sweeps against crossings, balanced x positions, and smooth curves through the dummies.
/// A state's transitions to itself are listed inside its box rather than drawn as loops.
/// </summary>
public static class StateDiagramSvg
{
    private const double StateFont = 14, LabelFont = 12, LoopFont = 12;
    private const double StateLine = 18, LabelLine = 15, LoopLine = 16;
    private const double PadX = 14, PadY = 10, Margin = 16, VerticalGap = 18;
    private const double MinStateWidth = 130, StartRadius = 8;
    private const int WrapState = 24, WrapLabel = 26;
    private const string Ink = "#1b1b1b", Brand = "#0b4f6c", Muted = "#4a4a4a", Fill = "#eef4f8";

    private enum Kind { State, Start, Label, Dummy }

    private sealed class Node(Kind kind, string id)
    {
        public Kind Kind { get; } = kind;
        public string Id { get; } = id;
        public List<string> Lines { get; } = [];
        public List<string> Loops { get; } = [];
        public string? Tooltip { get; set; }
        public bool Terminal { get; set; }
        public int Rank { get; set; }
        public int Discovery { get; set; } = int.MaxValue;
        public double W { get; set; }
        public double H { get; set; }
        public double X { get; set; }
        public double Y { get; set; }
        public List<Node> Up { get; } = [];
        public List<Node> Down { get; } = [];
    }

    private sealed class Edge(Node from, Node to)
    {
        public Node From { get; } = from;
        public Node To { get; } = to;
        public List<string> Triggers { get; } = [];
        public List<string> Guards { get; } = [];
        public bool Reversed { get; set; }
        /// <summary>Top to bottom in the layout: the upper end, the dummies (the first holds the label), the lower end.</summary>
        public List<Node> Chain { get; } = [];
        public Node Upper => Reversed ? To : From;
        public Node Lower => Reversed ? From : To;
    }

    public static string Render(StateDiagram diagram, Func<string, string> stateLabel, Func<string, string> triggerLabel, string title)
    {
        var (nodes, edges) = Build(diagram, stateLabel, triggerLabel);
        var layers = Layer(nodes, edges);
        Order(layers);
        var (width, height) = Place(layers);
        return Draw(nodes, edges, width, height, title, diagram);
    }

    // ---- Graph --------------------------------------------------------------------------------------

    private static (List<Node> Nodes, List<Edge> Edges) Build(StateDiagram diagram, Func<string, string> stateLabel, Func<string, string> triggerLabel)
    {
        var byId = new Dictionary<string, Node>();
        var nodes = new List<Node>();
        foreach (var state in diagram.States)
        {
            var node = new Node(Kind.State, state) { Terminal = diagram.IsTerminal(state) };
            node.Lines.AddRange(Wrap(stateLabel(state), WrapState));
            byId[state] = node;
            nodes.Add(node);
        }
        var edges = new List<Edge>();
        if (diagram.Initial is { } initial)
        {
            var start = new Node(Kind.Start, StateDiagram.StartMarker);
            nodes.Insert(0, start);
            edges.Add(new Edge(start, byId[initial]));
        }
        foreach (var t in diagram.Transitions)
        {
            var from = byId[t.From];
            if (t.From == t.To)
            {
                var loop = triggerLabel(t.Trigger);
                if (!from.Loops.Contains(loop)) from.Loops.Add(loop);
                continue;
            }
            var edge = edges.FirstOrDefault(e => e.From == from && e.To == byId[t.To]);
            if (edge is null)
            {
                edge = new Edge(from, byId[t.To]);
                edges.Add(edge);
            }
            var label = triggerLabel(t.Trigger);
            if (!edge.Triggers.Contains(label)) edge.Triggers.Add(label);
            if (t.Guard is { } guard && !edge.Guards.Contains(guard)) edge.Guards.Add(guard);
        }
        foreach (var node in nodes.Where(n => n.Kind == Kind.State))
        {
            var textWidth = Math.Max(node.Lines.Max(l => TextWidth(l, StateFont, bold: true)),
                node.Loops.Count == 0 ? 0 : node.Loops.Max(l => TextWidth("↻ " + l, LoopFont, bold: false)));
            node.W = Math.Max(MinStateWidth, textWidth + 2 * PadX);
            node.H = node.Lines.Count * StateLine + node.Loops.Count * LoopLine + 2 * PadY + (node.Loops.Count > 0 ? 6 : 0);
        }
        foreach (var node in nodes.Where(n => n.Kind == Kind.Start))
        {
            node.W = node.H = 2 * StartRadius;
        }
        MarkBackEdges(nodes, edges);
        return (nodes, edges);
    }

    /// <summary>Depth-first from the start; an edge to a state on the current path closes a cycle and is laid out reversed.</summary>
    private static void MarkBackEdges(List<Node> nodes, List<Edge> edges)
    {
        var onPath = new HashSet<Node>();
        var seen = new HashSet<Node>();
        var discovery = 0;
        void Visit(Node node)
        {
            seen.Add(node);
            onPath.Add(node);
            node.Discovery = discovery++;
            foreach (var edge in edges.Where(e => e.From == node))
            {
                if (onPath.Contains(edge.To)) edge.Reversed = true;
                else if (!seen.Contains(edge.To)) Visit(edge.To);
            }
            onPath.Remove(node);
        }
        foreach (var node in nodes.Where(n => !seen.Contains(n))) Visit(node);
    }

    // ---- Ranks and dummies --------------------------------------------------------------------------

    private static List<List<Node>> Layer(List<Node> nodes, List<Edge> edges)
    {
        // Longest path from the sources, over the edges as laid out (back edges reversed).
        var indegree = nodes.ToDictionary(n => n, _ => 0);
        foreach (var e in edges) indegree[e.Lower]++;
        var ready = new Queue<Node>(nodes.Where(n => indegree[n] == 0).OrderBy(n => n.Discovery));
        var rank = nodes.ToDictionary(n => n, _ => 0);
        while (ready.Count > 0)
        {
            var node = ready.Dequeue();
            foreach (var e in edges.Where(e => e.Upper == node))
            {
                rank[e.Lower] = Math.Max(rank[e.Lower], rank[node] + 1);
                if (--indegree[e.Lower] == 0) ready.Enqueue(e.Lower);
            }
        }
        // Ranks are doubled: the odd rank between two states holds the labels of the edges between them.
        foreach (var node in nodes) node.Rank = 2 * rank[node];
        var all = new List<Node>(nodes);
        foreach (var e in edges)
        {
            e.Chain.Add(e.Upper);
            for (var r = e.Upper.Rank + 1; r < e.Lower.Rank; r++)
            {
                var isLabel = r == e.Upper.Rank + 1 && e.Triggers.Count > 0;
                var dummy = new Node(isLabel ? Kind.Label : Kind.Dummy, $"{e.From.Id}->{e.To.Id}#{r}")
                {
                    Rank = r,
                    Discovery = e.Upper.Discovery,
                };
                if (isLabel)
                {
                    foreach (var trigger in e.Triggers) dummy.Lines.AddRange(Wrap(trigger, WrapLabel));
                    dummy.W = dummy.Lines.Max(l => TextWidth(l, LabelFont, bold: false)) + 10;
                    dummy.H = dummy.Lines.Count * LabelLine + 4;
                    dummy.Tooltip = e.Guards.Count > 0 ? string.Join(" ", e.Guards) : null;
                }
                else
                {
                    dummy.W = 2;
                    dummy.H = 0;
                }
                e.Chain.Add(dummy);
                all.Add(dummy);
            }
            e.Chain.Add(e.Lower);
            for (var i = 0; i + 1 < e.Chain.Count; i++)
            {
                e.Chain[i].Down.Add(e.Chain[i + 1]);
                e.Chain[i + 1].Up.Add(e.Chain[i]);
            }
        }
        var maxRank = all.Max(n => n.Rank);
        var layers = Enumerable.Range(0, maxRank + 1).Select(_ => new List<Node>()).ToList();
        foreach (var node in all.OrderBy(n => n.Discovery).ThenBy(n => n.Kind == Kind.State ? 0 : 1)) layers[node.Rank].Add(node);
        return layers;
    }

    // ---- Order within ranks -------------------------------------------------------------------------

    private static void Order(List<List<Node>> layers)
    {
        var best = layers.Select(l => l.ToList()).ToList();
        var bestCrossings = Crossings(layers);
        for (var sweep = 0; sweep < 16 && bestCrossings > 0; sweep++)
        {
            var down = sweep % 2 == 0;
            var range = down ? Enumerable.Range(1, layers.Count - 1) : Enumerable.Range(0, layers.Count - 1).Reverse();
            foreach (var r in range)
            {
                var neighbourLayer = layers[down ? r - 1 : r + 1];
                var position = neighbourLayer.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => (double)p.i);
                var current = layers[r].Select((n, i) => (n, i)).ToDictionary(p => p.n, p => (double)p.i);
                double Barycentre(Node n)
                {
                    var neighbours = (down ? n.Up : n.Down).Where(position.ContainsKey).ToList();
                    return neighbours.Count == 0 ? current[n] * neighbourLayer.Count / Math.Max(1.0, layers[r].Count) : neighbours.Average(x => position[x]);
                }
                var sorted = layers[r].Select((n, i) => (n, i, b: Barycentre(n))).OrderBy(x => x.b).ThenBy(x => x.i).Select(x => x.n).ToList();
                layers[r].Clear();
                layers[r].AddRange(sorted);
            }
            var crossings = Crossings(layers);
            if (crossings < bestCrossings)
            {
                bestCrossings = crossings;
                best = layers.Select(l => l.ToList()).ToList();
            }
        }
        for (var r = 0; r < layers.Count; r++)
        {
            layers[r].Clear();
            layers[r].AddRange(best[r]);
        }
    }

    private static int Crossings(List<List<Node>> layers)
    {
        var crossings = 0;
        for (var r = 0; r + 1 < layers.Count; r++)
        {
            var top = layers[r].Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
            var bottom = layers[r + 1].Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
            var segments = layers[r].SelectMany(n => n.Down.Where(bottom.ContainsKey).Select(d => (A: top[n], B: bottom[d]))).ToList();
            for (var i = 0; i < segments.Count; i++)
            for (var j = i + 1; j < segments.Count; j++)
            {
                if ((segments[i].A - segments[j].A) * (segments[i].B - segments[j].B) < 0) crossings++;
            }
        }
        return crossings;
    }

    // ---- Coordinates --------------------------------------------------------------------------------

    private static (double Width, double Height) Place(List<List<Node>> layers)
    {
        // y: each rank as tall as its tallest node; label ranks at least one label line.
        var y = Margin;
        foreach (var layer in layers)
        {
            var height = layer.Count == 0 ? 0 : layer.Max(n => n.H);
            if (layer.Any(n => n.Kind is Kind.Label or Kind.Dummy)) height = Math.Max(height, LabelLine);
            foreach (var node in layer) node.Y = y + height / 2;
            y += height + VerticalGap;
        }

        // x: start packed, then pull each node towards its neighbours while keeping the gaps. The mean of
        // the left-packed and the right-packed solution keeps every gap and favours neither side.
        foreach (var layer in layers)
        {
            var x = 0.0;
            for (var i = 0; i < layer.Count; i++)
            {
                if (i > 0) x += Gap(layer[i - 1], layer[i]);
                layer[i].X = x;
            }
        }
        for (var iteration = 0; iteration < 40; iteration++)
        {
            var down = iteration % 2 == 0;
            var order = down ? layers : Enumerable.Reverse(layers).ToList();
            foreach (var layer in order)
            {
                if (layer.Count == 0) continue;
                var desired = layer.Select(n =>
                {
                    var neighbours = n.Kind is Kind.Label or Kind.Dummy ? n.Up.Concat(n.Down).ToList() : (down ? n.Up : n.Down);
                    if (neighbours.Count == 0) neighbours = down ? n.Down : n.Up;
                    return neighbours.Count == 0 ? n.X : neighbours.Average(m => m.X);
                }).ToArray();
                var left = new double[layer.Count];
                var right = new double[layer.Count];
                for (var i = 0; i < layer.Count; i++)
                    left[i] = i == 0 ? desired[i] : Math.Max(desired[i], left[i - 1] + Gap(layer[i - 1], layer[i]));
                for (var i = layer.Count - 1; i >= 0; i--)
                    right[i] = i == layer.Count - 1 ? desired[i] : Math.Min(desired[i], right[i + 1] - Gap(layer[i], layer[i + 1]));
                for (var i = 0; i < layer.Count; i++) layer[i].X = (left[i] + right[i]) / 2;
            }
        }
        var all = layers.SelectMany(l => l).ToList();
        var minX = all.Min(n => n.X - n.W / 2);
        foreach (var node in all) node.X += Margin - minX;
        var width = all.Max(n => n.X + n.W / 2) + Margin;
        return (width, y - VerticalGap + Margin);
    }

    private static double Gap(Node a, Node b)
    {
        var separation = a.Kind == Kind.State && b.Kind == Kind.State ? 36 : a.Kind == Kind.Dummy && b.Kind == Kind.Dummy ? 10 : 20;
        return a.W / 2 + separation + b.W / 2;
    }

    // ---- SVG ----------------------------------------------------------------------------------------

    private static string Draw(List<Node> nodes, List<Edge> edges, double width, double height, string title, StateDiagram diagram)
    {
        var svg = new StringBuilder();
        // Ids unique per diagram and the same on every render.
        var id = "d" + title.Aggregate(2166136261u, (hash, c) => (hash ^ c) * 16777619u).ToString("x8", CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" class="state-diagram" font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" role="img" aria-labelledby="{id}-t {id}-d" width="{N(width)}" height="{N(height)}" viewBox="0 0 {N(width)} {N(height)}">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-t">{E(title)}</title>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<desc id="{id}-d">Tilstandsdiagram med {diagram.States.Count} tilstande og {diagram.Transitions.Count} overgange. Overgangene står også i tabellen under diagrammet.</desc>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<defs><marker id="{id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{Muted}"/></marker></defs>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="100%" height="100%" fill="#ffffff"/>""");

        foreach (var edge in edges)
        {
            var points = Points(edge);
            svg.Append(CultureInfo.InvariantCulture, $"""<path d="{Curve(points)}" fill="none" stroke="{Muted}" stroke-width="1.5" marker-end="url(#{id}-arrow)"/>""");
        }
        foreach (var label in edges.SelectMany(e => e.Chain).Where(n => n.Kind == Kind.Label))
        {
            svg.Append("<g>");
            if (label.Tooltip is { } tooltip) svg.Append(CultureInfo.InvariantCulture, $"<title>{E(tooltip)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{N(label.X - label.W / 2)}" y="{N(label.Y - label.H / 2)}" width="{N(label.W)}" height="{N(label.H)}" rx="3" fill="#ffffff" fill-opacity="0.92"/>""");
            for (var i = 0; i < label.Lines.Count; i++)
            {
                var lineY = label.Y - label.H / 2 + 2 + LabelLine * (i + 0.75);
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(label.X)}" y="{N(lineY)}" text-anchor="middle" font-size="{N(LabelFont)}" fill="{Ink}">{E(label.Lines[i])}</text>""");
            }
            svg.Append("</g>");
        }
        foreach (var node in nodes)
        {
            if (node.Kind == Kind.Start)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{N(node.X)}" cy="{N(node.Y)}" r="{N(StartRadius)}" fill="{Ink}"><title>Start</title></circle>""");
                continue;
            }
            var left = node.X - node.W / 2;
            var top = node.Y - node.H / 2;
            svg.Append(CultureInfo.InvariantCulture, $"""<g><rect x="{N(left)}" y="{N(top)}" width="{N(node.W)}" height="{N(node.H)}" rx="8" fill="{Fill}" stroke="{Brand}" stroke-width="{(node.Terminal ? "3" : "1.5")}"/>""");
            if (node.Terminal)
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{N(left + 4)}" y="{N(top + 4)}" width="{N(node.W - 8)}" height="{N(node.H - 8)}" rx="5" fill="none" stroke="{Brand}" stroke-width="1"/>""");
            var lineY = top + PadY;
            foreach (var line in node.Lines)
            {
                lineY += StateLine;
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(node.X)}" y="{N(lineY - 4)}" text-anchor="middle" font-size="{N(StateFont)}" font-weight="700" fill="{Ink}">{E(line)}</text>""");
            }
            if (node.Loops.Count > 0)
            {
                lineY += 6;
                svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{N(left + 8)}" y1="{N(lineY - 2)}" x2="{N(left + node.W - 8)}" y2="{N(lineY - 2)}" stroke="{Brand}" stroke-opacity="0.4"/>""");
                foreach (var loop in node.Loops)
                {
                    lineY += LoopLine;
                    svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(left + PadX)}" y="{N(lineY - 4)}" font-size="{N(LoopFont)}" fill="{Muted}">↻ {E(loop)}</text>""");
                }
            }
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The edge's route in drawing direction: from its source's border through its dummies to its target's border.</summary>
    private static List<(double X, double Y)> Points(Edge edge)
    {
        var chain = edge.Chain;
        var points = new List<(double X, double Y)>();
        var upper = chain[0];
        var lower = chain[^1];
        var afterUpper = chain[1];
        var beforeLower = chain[^2];
        points.Add((Clamp(afterUpper.X, upper), upper.Y + upper.H / 2));
        for (var i = 1; i < chain.Count - 1; i++) points.Add((chain[i].X, chain[i].Y));
        points.Add((Clamp(beforeLower.X, lower), lower.Y - lower.H / 2));
        if (edge.Reversed) points.Reverse();
        return points;
    }

    private static double Clamp(double x, Node node)
    {
        var inset = Math.Min(14, node.W / 2);
        return Math.Clamp(x, node.X - node.W / 2 + inset, node.X + node.W / 2 - inset);
    }

    /// <summary>Vertical-tangent cubic segments through every point.</summary>
    private static string Curve(List<(double X, double Y)> points)
    {
        var d = new StringBuilder();
        d.Append(CultureInfo.InvariantCulture, $"M{N(points[0].X)},{N(points[0].Y)}");
        for (var i = 1; i < points.Count; i++)
        {
            var (x0, y0) = points[i - 1];
            var (x1, y1) = points[i];
            var mid = (y1 - y0) / 2;
            d.Append(CultureInfo.InvariantCulture, $" C{N(x0)},{N(y0 + mid)} {N(x1)},{N(y1 - mid)} {N(x1)},{N(y1)}");
        }
        return d.ToString();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    /// <summary>An estimate of rendered width; the layout only needs it to keep text inside boxes and apart.</summary>
    private static double TextWidth(string text, double size, bool bold) =>
        text.Sum(c => char.IsUpper(c) || c is 'm' or 'w' or 'M' or 'W' ? 0.72 : c is 'i' or 'l' or 'j' or 't' or 'f' or 'r' or ' ' or '.' or ',' ? 0.32 : 0.56)
        * size * (bold ? 1.07 : 1.0);

    private static string N(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);

    private static string E(string text) => SecurityElement.Escape(text);
}
