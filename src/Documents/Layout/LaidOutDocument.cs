namespace Visitation.Documents.Layout;

/// <summary>A line of text at its final position; <see cref="Baseline"/> is measured from the top of the page.</summary>
public sealed record PlacedText(double X, double Baseline, string Text, TextStyle Style);

public sealed record PlacedLine(double X1, double Y1, double X2, double Y2, Rgb Color, double Thickness);

public sealed class LaidOutPage
{
    private readonly List<PlacedText> _texts = [];
    private readonly List<PlacedLine> _lines = [];

    public IReadOnlyList<PlacedText> Texts => _texts;

    public IReadOnlyList<PlacedLine> Lines => _lines;

    internal void Add(PlacedText text) => _texts.Add(text);

    internal void Add(PlacedLine line) => _lines.Add(line);
}

public sealed record LaidOutDocument(PageSetup Page, IReadOnlyList<LaidOutPage> Pages);
