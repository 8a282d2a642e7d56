namespace Visitation.Documents.Layout;

/// <summary>
/// Turns a <see cref="LayoutDocument"/> into pages. Blocks become "units" (a line, a table row, a
/// space); pages break between units. A unit marked keep-with-next moves to the next page together
/// with its successor, which gives headings that never end a page and paragraphs without a single
/// orphaned or widowed line.
/// </summary>
public sealed class LayoutEngine(ITextMeasurer measurer)
{
    private readonly ITextMeasurer _measurer = measurer ?? throw new ArgumentNullException(nameof(measurer));

    public LaidOutDocument Layout(LayoutDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var setup = document.Page;
        var pages = new List<LaidOutPage> { new() };

        var flowTop = setup.MarginTop;
        foreach (var positioned in document.FirstPage)
        {
            var bottom = Place(positioned, pages[0]);
            flowTop = Math.Max(flowTop, bottom + document.GapAfterFirstPageBlocks);
        }

        var units = new List<Unit>();
        foreach (var block in document.Body)
        {
            AddUnits(block, setup.ContentWidth, units);
        }

        Paginate(units, setup, flowTop, pages);

        if (document.Decorate is { } decorate)
        {
            for (var i = 0; i < pages.Count; i++)
            {
                foreach (var positioned in decorate(new PageContext(i + 1, pages.Count)))
                {
                    Place(positioned, pages[i]);
                }
            }
        }

        return new LaidOutDocument(setup, pages);
    }

    /// <summary>Lays out one block at a fixed position and returns the y of its bottom edge.</summary>
    public double Place(PositionedBlock positioned, LaidOutPage page)
    {
        ArgumentNullException.ThrowIfNull(positioned);
        ArgumentNullException.ThrowIfNull(page);
        var units = new List<Unit>();
        AddUnits(positioned.Block, positioned.Width, units);
        var y = positioned.Y;
        foreach (var unit in units)
        {
            unit.Draw(page, positioned.X, y);
            y += unit.Height;
        }

        return y;
    }

    private static void Paginate(List<Unit> units, PageSetup setup, double firstPageTop, List<LaidOutPage> pages)
    {
        var page = pages[^1];
        var pageTop = firstPageTop;
        var y = pageTop;
        var usableHeight = setup.ContentBottom - setup.MarginTop;

        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            if (unit.IsSpace)
            {
                // Space separates content; at the top of a page, or where it would overflow, it has nothing to separate.
                if (y > pageTop && y + unit.Height <= setup.ContentBottom)
                {
                    y += unit.Height;
                }

                continue;
            }

            var needed = HeightKeptTogether(units, i);
            if (needed > usableHeight)
            {
                needed = unit.Height;
            }

            if (y + needed > setup.ContentBottom && y > pageTop)
            {
                page = new LaidOutPage();
                pages.Add(page);
                pageTop = setup.MarginTop;
                y = pageTop;
            }

            unit.Draw(page, setup.MarginLeft, y);
            y += unit.Height;
        }
    }

    /// <summary>Height of this unit and every following unit chained to it by keep-with-next.</summary>
    private static double HeightKeptTogether(List<Unit> units, int start)
    {
        var height = 0.0;
        for (var i = start; i < units.Count; i++)
        {
            height += units[i].Height;
            if (!units[i].IsSpace && !units[i].KeepWithNext)
            {
                break;
            }
        }

        return height;
    }

    private void AddUnits(Block block, double width, List<Unit> units)
    {
        if (block.SpaceBefore > 0)
        {
            units.Add(Unit.Space(block.SpaceBefore));
        }

        var first = units.Count;
        switch (block)
        {
            case Paragraph paragraph:
                AddTextLines(paragraph.Text, paragraph.Style, width, paragraph.Indent, paragraph.Align, units);
                break;
            case Heading heading:
                AddTextLines(heading.Text, heading.Style, width, 0, TextAlign.Left, units);
                break;
            case BulletList list:
                AddBulletList(list, width, units);
                break;
            case KeyValueTable table:
                AddTable(table, width, units);
                break;
            case Spacer spacer:
                units.Add(Unit.Space(spacer.Height));
                break;
            case HorizontalRule rule:
                units.Add(new Unit(rule.Thickness, [], [new PlacedLine(0, rule.Thickness / 2, width, rule.Thickness / 2, rule.Color, rule.Thickness)]));
                break;
            case KeepTogether group:
                foreach (var inner in group.Blocks)
                {
                    AddUnits(inner, width, units);
                }

                for (var i = first; i < units.Count - 1; i++)
                {
                    units[i].KeepWithNext = true;
                }

                break;
            default:
                throw new NotSupportedException($"The layout engine cannot lay out a {block.GetType().Name}.");
        }

        if (block.KeepWithNext)
        {
            for (var i = units.Count - 1; i >= first; i--)
            {
                if (!units[i].IsSpace)
                {
                    units[i].KeepWithNext = true;
                    break;
                }
            }
        }

        if (block.SpaceAfter > 0)
        {
            units.Add(Unit.Space(block.SpaceAfter));
        }
    }

    private void AddTextLines(string text, TextStyle style, double width, double indent, TextAlign align, List<Unit> units)
    {
        var available = width - indent;
        var lines = TextWrapper.Wrap(text, style, available, _measurer);
        var ascent = _measurer.Ascent(style);
        var first = units.Count;
        foreach (var line in lines)
        {
            var x = align == TextAlign.Right ? indent + available - _measurer.Width(line, style) : indent;
            units.Add(new Unit(style.LineHeight, [new PlacedText(x, Baseline(style, ascent), line, style)], []));
        }

        KeepParagraphEdgesTogether(units, first);
    }

    /// <summary>No single first line at the foot of a page, no single last line at the head of the next.</summary>
    private static void KeepParagraphEdgesTogether(List<Unit> units, int first)
    {
        var count = units.Count - first;
        if (count >= 2)
        {
            units[first].KeepWithNext = true;
            units[^2].KeepWithNext = true;
        }
    }

    private void AddBulletList(BulletList list, double width, List<Unit> units)
    {
        var ascent = _measurer.Ascent(list.Style);
        var baseline = Baseline(list.Style, ascent);
        for (var item = 0; item < list.Items.Count; item++)
        {
            if (item > 0 && list.SpaceBetweenItems > 0)
            {
                units.Add(Unit.Space(list.SpaceBetweenItems));
            }

            var lines = TextWrapper.Wrap(list.Items[item], list.Style, width - list.Indent, _measurer);
            var first = units.Count;
            for (var i = 0; i < lines.Count; i++)
            {
                var texts = new List<PlacedText>(2);
                if (i == 0)
                {
                    texts.Add(new PlacedText(0, baseline, list.Bullet, list.Style));
                }

                texts.Add(new PlacedText(list.Indent, baseline, lines[i], list.Style));
                units.Add(new Unit(list.Style.LineHeight, texts, []));
            }

            KeepParagraphEdgesTogether(units, first);
        }
    }

    private void AddTable(KeyValueTable table, double width, List<Unit> units)
    {
        var valueWidth = width - table.KeyWidth;
        if (valueWidth <= 0)
        {
            throw new ArgumentException($"The key column ({table.KeyWidth} pt) leaves no room for values in {width} pt.", nameof(table));
        }

        const double columnGap = 6;
        var keyAscent = _measurer.Ascent(table.KeyStyle);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var valueStyle = row.ValueStyle ?? table.ValueStyle;
            var valueAscent = _measurer.Ascent(valueStyle);
            var keyLines = TextWrapper.Wrap(row.Key, table.KeyStyle, table.KeyWidth - columnGap, _measurer);
            var valueLines = TextWrapper.Wrap(row.Value, valueStyle, valueWidth, _measurer);
            var texts = new List<PlacedText>(keyLines.Count + valueLines.Count);
            for (var i = 0; i < keyLines.Count; i++)
            {
                texts.Add(new PlacedText(0, (i * table.KeyStyle.LineHeight) + Baseline(table.KeyStyle, keyAscent), keyLines[i], table.KeyStyle));
            }

            for (var i = 0; i < valueLines.Count; i++)
            {
                texts.Add(new PlacedText(table.KeyWidth, (i * valueStyle.LineHeight) + Baseline(valueStyle, valueAscent), valueLines[i], valueStyle));
            }

            var height = Math.Max(keyLines.Count * table.KeyStyle.LineHeight, valueLines.Count * valueStyle.LineHeight);
            var gap = r < table.Rows.Count - 1 ? table.RowGap : 0;
            units.Add(new Unit(height + gap, texts, []));
        }
    }

    /// <summary>Centres the glyphs' ascent-to-descent band in the line, leaving the extra leading above and below.</summary>
    private static double Baseline(TextStyle style, double ascent) =>
        ((style.LineHeight - style.Size) / 2) + ascent;

    /// <summary>An unbreakable piece of the flow, with content relative to its own top-left corner.</summary>
    private sealed class Unit(double height, IReadOnlyList<PlacedText> texts, IReadOnlyList<PlacedLine> lines)
    {
        public double Height { get; } = height;

        public bool KeepWithNext { get; set; }

        public bool IsSpace { get; private init; }

        public static Unit Space(double height) => new(height, [], []) { IsSpace = true };

        public void Draw(LaidOutPage page, double x, double y)
        {
            foreach (var text in texts)
            {
                page.Add(text with { X = x + text.X, Baseline = y + text.Baseline });
            }

            foreach (var line in lines)
            {
                page.Add(line with { X1 = x + line.X1, Y1 = y + line.Y1, X2 = x + line.X2, Y2 = y + line.Y2 });
            }
        }
    }
}
