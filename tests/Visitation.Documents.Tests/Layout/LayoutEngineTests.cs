using Visitation.Documents.Layout;
using Visitation.Documents.Tests.Support;

namespace Visitation.Documents.Tests.Layout;

public class LayoutEngineTests
{
    // Line height 10 pt (size 10, spacing 1), 5 pt per character; the content area is 100 pt wide
    // (20 characters) and has room for exactly 10 lines (top 10, bottom 110).
    private static readonly TextStyle Style = new("Any", 10, LineSpacing: 1);
    private static readonly PageSetup Page = new(Width: 120, Height: 120, MarginLeft: 10, MarginTop: 10, MarginRight: 10, MarginBottom: 10);
    private static readonly LayoutEngine Engine = new(new FixedWidthMeasurer());

    [Test]
    public void Flow_breaks_to_a_new_page_at_the_bottom_margin()
    {
        var lines = Enumerable.Range(1, 15).Select(i => new Paragraph($"line {i}", Style)).ToList<Block>();

        var layout = Engine.Layout(new LayoutDocument(Page, lines));

        layout.Pages.Count.ShouldBe(2);
        layout.Pages[0].Texts.Select(t => t.Text).ShouldBe(Enumerable.Range(1, 10).Select(i => $"line {i}"));
        layout.Pages[1].Texts[0].Text.ShouldBe("line 11");
        layout.Pages[1].Texts[0].Baseline.ShouldBe(10 + 8, tolerance: 0.001);
        layout.Pages.SelectMany(p => p.Texts).ShouldAllBe(t => t.Baseline < Page.ContentBottom);
    }

    [Test]
    public void Text_is_placed_at_the_left_margin_with_its_baseline_below_the_top()
    {
        var layout = Engine.Layout(new LayoutDocument(Page, [new Paragraph("hello", Style)]));

        var text = layout.Pages[0].Texts.ShouldHaveSingleItem();
        text.X.ShouldBe(10);
        text.Baseline.ShouldBe(18, tolerance: 0.001);
    }

    [Test]
    public void Heading_at_the_foot_of_a_page_moves_to_the_next_page_with_its_paragraph()
    {
        var blocks = Enumerable.Range(1, 9).Select(i => new Paragraph($"line {i}", Style)).ToList<Block>();
        blocks.Add(new Heading("Heading", Style));
        blocks.Add(new Paragraph("body", Style));

        var layout = Engine.Layout(new LayoutDocument(Page, blocks));

        layout.Pages[0].Texts.Select(t => t.Text).ShouldNotContain("Heading");
        layout.Pages[1].Texts.Select(t => t.Text).ShouldBe(["Heading", "body"]);
    }

    [Test]
    public void A_paragraph_does_not_leave_its_first_line_alone_at_the_foot_of_a_page()
    {
        var blocks = Enumerable.Range(1, 9).Select(i => new Paragraph($"line {i}", Style)).ToList<Block>();
        blocks.Add(new Paragraph("one two three four five six", Style));

        var layout = Engine.Layout(new LayoutDocument(Page, blocks));

        layout.Pages[0].Texts.Count.ShouldBe(9);
        layout.Pages[1].Texts.Select(t => t.Text).ShouldBe(["one two three four", "five six"]);
    }

    [Test]
    public void Space_is_dropped_at_the_top_of_a_page()
    {
        var blocks = Enumerable.Range(1, 10).Select(i => new Paragraph($"line {i}", Style)).ToList<Block>();
        blocks.Add(new Paragraph("next", Style) { SpaceBefore = 30 });

        var layout = Engine.Layout(new LayoutDocument(Page, blocks));

        layout.Pages[1].Texts.ShouldHaveSingleItem().Baseline.ShouldBe(18, tolerance: 0.001);
    }

    [Test]
    public void Keep_together_moves_the_whole_group_to_the_next_page()
    {
        var blocks = Enumerable.Range(1, 8).Select(i => new Paragraph($"line {i}", Style)).ToList<Block>();
        blocks.Add(new KeepTogether([new Paragraph("Med venlig hilsen", Style), new Paragraph("Name", Style), new Paragraph("Title", Style)]));

        var layout = Engine.Layout(new LayoutDocument(Page, blocks));

        layout.Pages[1].Texts.Select(t => t.Text).ShouldBe(["Med venlig hilsen", "Name", "Title"]);
    }

    [Test]
    public void Key_value_table_puts_values_in_the_second_column_and_wraps_them()
    {
        var table = new KeyValueTable([new KeyValueRow("Frist", "aaaaaa bbbbbb"), new KeyValueRow("Til", "x")], Style, Style, KeyWidth: 40) { RowGap = 0 };

        var layout = Engine.Layout(new LayoutDocument(Page, [table]));

        var texts = layout.Pages[0].Texts;
        texts.Select(t => (t.Text, t.X, t.Baseline)).ShouldBe(
        [
            ("Frist", 10, 18),
            ("aaaaaa", 50, 18),
            ("bbbbbb", 50, 28),
            ("Til", 10, 38),
            ("x", 50, 38),
        ]);
    }

    [Test]
    public void Key_value_row_can_set_its_own_value_style()
    {
        var bold = Style.WithBold();
        var table = new KeyValueTable([new KeyValueRow("Klagefrist", "24. december 2026", bold)], Style, Style, KeyWidth: 40);

        var layout = Engine.Layout(new LayoutDocument(Page with { Width = 300 }, [table]));

        layout.Pages[0].Texts.Single(t => t.Text.StartsWith("24.", StringComparison.Ordinal)).Style.Bold.ShouldBeTrue();
    }

    [Test]
    public void Bullet_items_hang_their_wrapped_lines_under_the_text()
    {
        var list = new BulletList(["aaaa bbbb cccc dddd eeee"], Style) { Indent = 12 };

        var layout = Engine.Layout(new LayoutDocument(Page, [list]));

        layout.Pages[0].Texts.Select(t => (t.Text, t.X)).ShouldBe([("•", 10), ("aaaa bbbb cccc", 22), ("dddd eeee", 22)]);
    }

    [Test]
    public void Right_aligned_text_ends_at_the_right_edge()
    {
        var layout = Engine.Layout(new LayoutDocument(Page, [new Paragraph("abc", Style) { Align = TextAlign.Right }]));

        var text = layout.Pages[0].Texts.ShouldHaveSingleItem();
        (text.X + (3 * 5)).ShouldBe(Page.Width - Page.MarginRight, tolerance: 0.001);
    }

    [Test]
    public void Rule_spans_the_available_width()
    {
        var layout = Engine.Layout(new LayoutDocument(Page, [new HorizontalRule(Rgb.Black, 1)]));

        var line = layout.Pages[0].Lines.ShouldHaveSingleItem();
        (line.X1, line.X2).ShouldBe((10, 110));
    }

    [Test]
    public void Flow_on_the_first_page_starts_below_the_fixed_blocks()
    {
        var document = new LayoutDocument(Page, [new Paragraph("body", Style)])
        {
            FirstPage = [new PositionedBlock(60, 20, 50, new Paragraph("address\nline", Style))],
            GapAfterFirstPageBlocks = 5,
        };

        var layout = Engine.Layout(document);

        var body = layout.Pages[0].Texts.Single(t => t.Text == "body");
        body.Baseline.ShouldBe(20 + 20 + 5 + 8, tolerance: 0.001);
        layout.Pages[0].Texts.Single(t => t.Text == "address").X.ShouldBe(60);
    }

    [Test]
    public void Decorations_are_drawn_on_every_page_with_the_final_page_count()
    {
        var lines = Enumerable.Range(1, 25).Select(i => new Paragraph($"line {i}", Style)).ToList<Block>();
        var document = new LayoutDocument(Page, lines)
        {
            Decorate = context => [new PositionedBlock(10, 112, 100, new Paragraph($"Side {context.PageNumber} af {context.PageCount}", Style))],
        };

        var layout = Engine.Layout(document);

        layout.Pages.Count.ShouldBe(3);
        layout.Pages.Select(p => p.Texts.Last().Text).ShouldBe(["Side 1 af 3", "Side 2 af 3", "Side 3 af 3"]);
    }
}
