using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Visitation.Documents.Layout;

/// <summary>
/// The XFont for each style, shared by measuring and drawing within one render so both see the
/// same metrics. One set per render: nothing is shared between threads. Unicode encoding makes
/// PDFsharp embed a ToUnicode map, which is what lets æ, ø and å be searched, copied and extracted.
/// </summary>
public sealed class PdfFontSet
{
    private static readonly XPdfFontOptions Options = new(PdfFontEncoding.Unicode);
    private readonly Dictionary<(string Family, double Size, bool Bold), XFont> _fonts = [];

    public XFont For(TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        var key = (style.Family, style.Size, style.Bold);
        if (!_fonts.TryGetValue(key, out var font))
        {
            font = new XFont(style.Family, style.Size, style.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Options);
            _fonts.Add(key, font);
        }

        return font;
    }
}

/// <summary>Measures with PDFsharp's own metrics for the embedded fonts.</summary>
public sealed class PdfTextMeasurer(PdfFontSet fonts) : ITextMeasurer, IDisposable
{
    private readonly XGraphics _graphics = XGraphics.CreateMeasureContext(new XSize(595, 842), XGraphicsUnit.Point, XPageDirection.Downwards);

    public double Width(string text, TextStyle style) =>
        text.Length == 0 ? 0 : _graphics.MeasureString(text, fonts.For(style)).Width;

    public double Ascent(TextStyle style)
    {
        var font = fonts.For(style);
        return font.Metrics.Ascent * style.Size / font.Metrics.UnitsPerEm;
    }

    public void Dispose() => _graphics.Dispose();
}

/// <summary>Draws a laid-out document onto new pages of a PDFsharp document.</summary>
public static class PdfPainter
{
    public static void Paint(LaidOutDocument layout, PdfDocument document, PdfFontSet fonts)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(fonts);
        var brushes = new Dictionary<Rgb, XSolidBrush>();
        foreach (var laidOutPage in layout.Pages)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(layout.Page.Width);
            page.Height = XUnit.FromPoint(layout.Page.Height);
            using var graphics = XGraphics.FromPdfPage(page);
            foreach (var line in laidOutPage.Lines)
            {
                graphics.DrawLine(new XPen(ToColor(line.Color), line.Thickness), line.X1, line.Y1, line.X2, line.Y2);
            }

            foreach (var text in laidOutPage.Texts)
            {
                if (text.Text.Length == 0)
                {
                    continue;
                }

                if (!brushes.TryGetValue(text.Style.Color, out var brush))
                {
                    brush = new XSolidBrush(ToColor(text.Style.Color));
                    brushes.Add(text.Style.Color, brush);
                }

                graphics.DrawString(text.Text, fonts.For(text.Style), brush, text.X, text.Baseline, XStringFormats.BaseLineLeft);
            }
        }
    }

    private static XColor ToColor(Rgb rgb) => XColor.FromArgb(rgb.R, rgb.G, rgb.B);
}
