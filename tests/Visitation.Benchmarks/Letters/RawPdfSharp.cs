using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Visitation.Documents.Fonts;
using Visitation.Documents.Layout;

namespace Visitation.Benchmarks.Letters;

/// <summary>
/// The least PDFsharp work that gives the same letter: the lines our layout engine produced (computed once,
/// outside the clock), drawn with <see cref="XGraphics.DrawString(string, XFont, XBrush, double, double, XStringFormat)"/>
/// one by one, fonts from <see cref="LetterFonts.Resolver"/> (the same DejaVu files, same Unicode
/// embedding), then saved to memory. No composition, no measuring, no wrapping or pagination, no
/// metadata, no determinism fix-up, no hashing, no storage. Fonts, brushes and pens are made once and
/// reused across documents, which our renderer does not do: the yardstick is as cheap as PDFsharp gets.
/// </summary>
internal sealed class RawPdfSharp
{
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

    private readonly Dictionary<(string, double, bool), XFont> _fonts = [];
    private readonly Dictionary<Rgb, XSolidBrush> _brushes = [];
    private readonly Dictionary<(Rgb, double), XPen> _pens = [];
    private readonly List<Prepared> _letters = [];

    private sealed record Text(string Value, XFont Font, XBrush Brush, double X, double Baseline);

    private sealed record Line(XPen Pen, double X1, double Y1, double X2, double Y2);

    private sealed record Page(IReadOnlyList<Line> Lines, IReadOnlyList<Text> Texts);

    private sealed record Prepared(double Width, double Height, IReadOnlyList<Page> Pages)
    {
        public int LineCount => Pages.Sum(p => p.Texts.Count);
    }

    public RawPdfSharp(IEnumerable<LaidOutDocument> letters)
    {
        LetterFonts.EnsureRegistered();
        if (!ReferenceEquals(PdfSharp.Fonts.GlobalFontSettings.FontResolver, LetterFonts.Resolver))
        {
            throw new InvalidOperationException("PDFsharp's font resolver is not LetterFonts.Resolver.");
        }

        foreach (var laid in letters)
        {
            var pages = laid.Pages.Select(page => new Page(
                [.. page.Lines.Select(l => new Line(Pen(l.Color, l.Thickness), l.X1, l.Y1, l.X2, l.Y2))],
                [.. page.Texts.Where(t => t.Text.Length > 0).Select(t => new Text(t.Text, Font(t.Style), Brush(t.Style.Color), t.X, t.Baseline))])).ToList();
            _letters.Add(new Prepared(laid.Page.Width, laid.Page.Height, pages));
        }
    }

    public int TextLines(int letter) => _letters[letter].LineCount;

    public byte[] Draw(int letter) => Draw(letter, null);

    /// <summary>As <see cref="Draw(int)"/>; with <paramref name="ms"/>, adds the drawing's and the save's times to its two slots.</summary>
    public byte[] Draw(int letter, StepClock? ms)
    {
        ms?.Start();
        var prepared = _letters[letter];
        using var document = new PdfDocument();
        // The same deflate level as LetterRenderer, so the two rows compare drawing and layout, not compression.
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        foreach (var laidOut in prepared.Pages)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(prepared.Width);
            page.Height = XUnit.FromPoint(prepared.Height);
            using var graphics = XGraphics.FromPdfPage(page);
            foreach (var line in laidOut.Lines)
            {
                graphics.DrawLine(line.Pen, line.X1, line.Y1, line.X2, line.Y2);
            }

            foreach (var text in laidOut.Texts)
            {
                graphics.DrawString(text.Value, text.Font, text.Brush, text.X, text.Baseline, XStringFormats.BaseLineLeft);
            }
        }

        ms?.Lap(0);
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        var pdf = output.ToArray();
        ms?.Lap(1);
        return pdf;
    }

    private XFont Font(TextStyle style)
    {
        var key = (style.Family, style.Size, style.Bold);
        if (!_fonts.TryGetValue(key, out var font))
        {
            font = new XFont(style.Family, style.Size, style.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);
            _fonts.Add(key, font);
        }

        return font;
    }

    private XSolidBrush Brush(Rgb color)
    {
        if (!_brushes.TryGetValue(color, out var brush))
        {
            brush = new XSolidBrush(XColor.FromArgb(color.R, color.G, color.B));
            _brushes.Add(color, brush);
        }

        return brush;
    }

    private XPen Pen(Rgb color, double thickness)
    {
        if (!_pens.TryGetValue((color, thickness), out var pen))
        {
            pen = new XPen(XColor.FromArgb(color.R, color.G, color.B), thickness);
            _pens.Add((color, thickness), pen);
        }

        return pen;
    }
}
