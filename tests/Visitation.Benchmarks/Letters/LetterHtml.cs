using System.Globalization;
using System.Text;
using Visitation.Documents.Layout;

namespace Visitation.Benchmarks.Letters;

/// <summary>An HTML letter for Chromium: the page, and the footer template Chromium prints on every page.</summary>
internal sealed record LetterHtml(string Page, string Footer);

/// <summary>
/// Writes the HTML equivalent of a composed letter: the same blocks our layout engine receives (same
/// text, font sizes, weights, colours, line spacing, spacing, indents and A4 margins), with page 1's
/// letterhead, address window and reference column absolutely positioned where ours are, and the footer
/// ("… · Sagsnr. …", "Side N af M") as Chromium's footer template. Chromium breaks the lines and pages
/// itself. The text is set in the shipped DejaVu TTFs through @font-face; the footer template is a
/// separate document that cannot load web fonts, so it names the system's DejaVu Sans
/// (fonts-dejavu-core). Page 2's continuation header is left out: Chromium's header template cannot
/// differ between page 1 and the rest, and leaving it out only makes Chromium's work smaller.
/// </summary>
internal static class LetterHtmlWriter
{
    public const string FontFamily = "Letter DejaVu";
    private const int PagePlaceholder = 8886;
    private const int TotalPlaceholder = 9997;

    public static LetterHtml Write(LayoutDocument document, string title, Uri regularFont, Uri boldFont)
    {
        var styles = new Dictionary<TextStyle, string>();
        var page = document.Page;
        var flowTop = LetterFixture.FlowTop(document);

        var body = new StringBuilder();
        body.Append("<div class=\"first\">");
        foreach (var positioned in document.FirstPage)
        {
            body.Append(Inv($"<div style=\"left:{positioned.X - page.MarginLeft:0.##}pt;top:{positioned.Y:0.##}pt;width:{positioned.Width:0.##}pt\">"));
            Block(positioned.Block, styles, body);
            body.Append("</div>");
        }

        body.Append("</div>");
        foreach (var block in document.Body)
        {
            Block(block, styles, body);
        }

        var css = new StringBuilder();
        css.Append(Inv($$"""
            @font-face { font-family: '{{FontFamily}}'; src: url('{{regularFont.AbsoluteUri}}') format('truetype'); font-weight: 400; font-style: normal; }
            @font-face { font-family: '{{FontFamily}}'; src: url('{{boldFont.AbsoluteUri}}') format('truetype'); font-weight: 700; font-style: normal; }
            @page { size: A4; margin: {{page.MarginTop:0.##}}pt {{page.MarginRight:0.##}}pt {{page.MarginBottom:0.##}}pt {{page.MarginLeft:0.##}}pt; }
            @page :first { margin-top: 0; }
            html, body { margin: 0; padding: 0; font-family: '{{FontFamily}}'; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            p, h1, h2, ul, table { margin: 0; padding: 0; }
            p, h2, li, td { white-space: pre-line; }
            .first { position: relative; height: {{flowTop:0.##}}pt; }
            .first > div { position: absolute; }
            ul { list-style: none; }
            li { position: relative; }
            li::before { content: '•'; position: absolute; left: 0; }
            table { border-collapse: collapse; width: 100%; }
            td { vertical-align: top; padding: 0; }
            .keep { break-inside: avoid; }
            .next { break-after: avoid; }

            """));
        foreach (var (style, name) in styles)
        {
            css.Append(Inv($".{name} {{ font-size: {style.Size:0.##}pt; line-height: {style.LineSpacing:0.###}; font-weight: {(style.Bold ? 700 : 400)}; color: {Hex(style.Color)}; }}\n"));
        }

        var html = $"""
            <!DOCTYPE html>
            <html lang="da"><head><meta charset="utf-8"><title>{Escape(title)}</title><style>
            {css}</style></head>
            <body>{body}</body></html>
            """;
        return new LetterHtml(html, Footer(document));
    }

    /// <summary>The page decorations of a middle page, placed as ours are within the bottom margin, with Chromium's page-number spans.</summary>
    private static string Footer(LayoutDocument document)
    {
        var page = document.Page;
        var footer = new StringBuilder();
        footer.Append(Inv($"<div style=\"position:relative;width:{page.Width:0.##}pt;height:{page.MarginBottom:0.##}pt;font-family:'DejaVu Sans';-webkit-print-color-adjust:exact\">"));
        var styles = new Dictionary<TextStyle, string>();
        var blocks = document.Decorate?.Invoke(new PageContext(PagePlaceholder, TotalPlaceholder)) ?? [];
        foreach (var positioned in blocks.Where(b => b.Y >= page.ContentBottom))
        {
            footer.Append(Inv($"<div style=\"position:absolute;left:{positioned.X:0.##}pt;top:{positioned.Y - page.ContentBottom:0.##}pt;width:{positioned.Width:0.##}pt\">"));
            Block(positioned.Block, styles, footer, inline: true);
            footer.Append("</div>");
        }

        footer.Append("</div>");
        return footer.ToString()
            .Replace(PagePlaceholder.ToString(CultureInfo.InvariantCulture), "<span class=\"pageNumber\"></span>", StringComparison.Ordinal)
            .Replace(TotalPlaceholder.ToString(CultureInfo.InvariantCulture), "<span class=\"totalPages\"></span>", StringComparison.Ordinal);
    }

    private static void Block(Block block, Dictionary<TextStyle, string> styles, StringBuilder html, bool inline = false)
    {
        var spacing = Inv($"margin-top:{block.SpaceBefore:0.##}pt;margin-bottom:{block.SpaceAfter:0.##}pt;");
        var next = block.KeepWithNext ? " next" : "";
        switch (block)
        {
            case Paragraph paragraph:
                var align = paragraph.Align == TextAlign.Right ? "text-align:right;" : "";
                html.Append(Inv($"<p class=\"{Class(paragraph.Style, styles, inline, out var style)}{next}\" style=\"{spacing}margin-left:{paragraph.Indent:0.##}pt;{align}{style}\">{Escape(paragraph.Text)}</p>"));
                break;
            case Heading heading:
                html.Append(Inv($"<h2 class=\"{Class(heading.Style, styles, inline, out var headingStyle)}{next}\" style=\"{spacing}{headingStyle}\">{Escape(heading.Text)}</h2>"));
                break;
            case BulletList list:
                html.Append(Inv($"<ul class=\"{Class(list.Style, styles, inline, out var listStyle)}{next}\" style=\"{spacing}{listStyle}\">"));
                for (var i = 0; i < list.Items.Count; i++)
                {
                    html.Append(Inv($"<li style=\"padding-left:{list.Indent:0.##}pt;margin-top:{(i == 0 ? 0 : list.SpaceBetweenItems):0.##}pt\">{Escape(list.Items[i])}</li>"));
                }

                html.Append("</ul>");
                break;
            case KeyValueTable table:
                html.Append(Inv($"<table class=\"keep{next}\" style=\"{spacing}\">"));
                for (var r = 0; r < table.Rows.Count; r++)
                {
                    var row = table.Rows[r];
                    var gap = Inv($"padding-bottom:{(r < table.Rows.Count - 1 ? table.RowGap : 0):0.##}pt;");
                    html.Append(Inv($"<tr><td class=\"{Class(table.KeyStyle, styles, inline, out var keyStyle)}\" style=\"width:{table.KeyWidth:0.##}pt;{gap}{keyStyle}\">{Escape(row.Key)}</td>"));
                    html.Append(Inv($"<td class=\"{Class(row.ValueStyle ?? table.ValueStyle, styles, inline, out var valueStyle)}\" style=\"{gap}{valueStyle}\">{Escape(row.Value)}</td></tr>"));
                }

                html.Append("</table>");
                break;
            case HorizontalRule rule:
                html.Append(Inv($"<div class=\"{next.Trim()}\" style=\"{spacing}border-top:{rule.Thickness:0.##}pt solid {Hex(rule.Color)}\"></div>"));
                break;
            case Spacer spacer:
                html.Append(Inv($"<div style=\"height:{spacer.Height:0.##}pt\"></div>"));
                break;
            case KeepTogether group:
                html.Append(Inv($"<div class=\"keep{next}\" style=\"{spacing}\">"));
                foreach (var inner in group.Blocks)
                {
                    Block(inner, styles, html, inline);
                }

                html.Append("</div>");
                break;
            default:
                throw new NotSupportedException($"No HTML for a {block.GetType().Name}.");
        }
    }

    /// <summary>A class per text style in the page; inline style in the footer template, which has no style sheet.</summary>
    private static string Class(TextStyle style, Dictionary<TextStyle, string> styles, bool inline, out string inlineStyle)
    {
        inlineStyle = inline
            ? Inv($"font-size:{style.Size:0.##}pt;line-height:{style.LineSpacing:0.###};font-weight:{(style.Bold ? 700 : 400)};color:{Hex(style.Color)};margin:0;")
            : "";
        if (!styles.TryGetValue(style, out var name))
        {
            name = "s" + styles.Count.ToString(CultureInfo.InvariantCulture);
            styles.Add(style, name);
        }

        return name;
    }

    private static string Hex(Rgb color) => $"#{color.R:x2}{color.G:x2}{color.B:x2}";

    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
