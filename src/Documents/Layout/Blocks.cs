namespace Visitation.Documents.Layout;

/// <summary>
/// One element of a document's flow. Blocks know nothing about pages; the <see cref="LayoutEngine"/>
/// turns them into lines and breaks pages between lines.
/// </summary>
public abstract record Block
{
    public double SpaceBefore { get; init; }

    public double SpaceAfter { get; init; }

    /// <summary>Never leave this block as the last thing on a page (headings, lead-in lines).</summary>
    public bool KeepWithNext { get; init; }
}

/// <summary>Word-wrapped text. A '\n' in <see cref="Text"/> forces a line break.</summary>
public sealed record Paragraph(string Text, TextStyle Style) : Block
{
    public TextAlign Align { get; init; } = TextAlign.Left;

    /// <summary>Left indent in points, within the available width.</summary>
    public double Indent { get; init; }
}

/// <summary>A heading: a paragraph that stays on the same page as what follows it.</summary>
public sealed record Heading : Block
{
    public Heading(string text, TextStyle style)
    {
        Text = text;
        Style = style;
        KeepWithNext = true;
    }

    public string Text { get; }

    public TextStyle Style { get; }
}

/// <summary>Bulleted items; each item wraps with a hanging indent.</summary>
public sealed record BulletList(IReadOnlyList<string> Items, TextStyle Style) : Block
{
    public string Bullet { get; init; } = "•";

    public double Indent { get; init; } = 12;

    public double SpaceBetweenItems { get; init; } = 2;
}

/// <summary>A table row; <see cref="ValueStyle"/> overrides the table's value style (e.g. bold for a deadline).</summary>
public sealed record KeyValueRow(string Key, string Value, TextStyle? ValueStyle = null);

/// <summary>A two-column table of labels and values. Each row stays on one page.</summary>
public sealed record KeyValueTable(IReadOnlyList<KeyValueRow> Rows, TextStyle KeyStyle, TextStyle ValueStyle, double KeyWidth) : Block
{
    public double RowGap { get; init; } = 2;
}

/// <summary>Vertical space; dropped when it would fall at the top of a page.</summary>
public sealed record Spacer(double Height) : Block;

/// <summary>A horizontal line across the available width.</summary>
public sealed record HorizontalRule(Rgb Color, double Thickness = 0.5) : Block;

/// <summary>Blocks that must not be split across pages (a signature with its closing line).</summary>
public sealed record KeepTogether(IReadOnlyList<Block> Blocks) : Block;

/// <summary>A block placed at a fixed position, outside the flow (letterhead, address window, footers).</summary>
public sealed record PositionedBlock(double X, double Y, double Width, Block Block);

/// <summary>The page a decoration is drawn on, known only after the whole flow has been paginated.</summary>
public readonly record struct PageContext(int PageNumber, int PageCount)
{
    public bool IsFirst => PageNumber == 1;
}

/// <summary>What to lay out: the flow, fixed first-page blocks, and per-page decorations.</summary>
public sealed record LayoutDocument(PageSetup Page, IReadOnlyList<Block> Body)
{
    /// <summary>Absolutely placed blocks on page 1; the flow starts below the lowest of them.</summary>
    public IReadOnlyList<PositionedBlock> FirstPage { get; init; } = [];

    /// <summary>Gap between the lowest first-page block and the start of the flow.</summary>
    public double GapAfterFirstPageBlocks { get; init; } = 24;

    /// <summary>
    /// Headers and footers. Called once per page after pagination, so "Side N af M" can be drawn with
    /// the final page count without laying the document out twice.
    /// </summary>
    public Func<PageContext, IReadOnlyList<PositionedBlock>>? Decorate { get; init; }
}
