using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using Visitation.Documents.Fonts;
using Visitation.Documents.Layout;

namespace Visitation.Documents.Bundles;

/// <summary>One document of a case file: its title and, when it is a PDF, its bytes.</summary>
public sealed record CaseFileDocument(string Title, string FileName, string ContentType, byte[] Content);

/// <summary>
/// The case file (sagens akter) sent to Klagenævnet for Specialundervisning when the municipality
/// upholds a complaint: a cover page listing every document, then each PDF document's pages in order.
/// A document that is not a PDF, or cannot be read as one, is listed on the cover page as enclosed
/// separately, so nothing is silently left out.
/// </summary>
public static class CaseFileBundle
{
    public static byte[] Build(string title, IReadOnlyList<string> coverLines, IReadOnlyList<CaseFileDocument> documents)
    {
        LetterFonts.EnsureRegistered();
        var imported = new List<(CaseFileDocument Document, PdfDocument? Pdf)>();
        foreach (var document in documents)
            imported.Add((document, TryOpen(document)));

        var text = new TextStyle(LetterFonts.Family, 10.5);
        var blocks = new List<Block>
        {
            new Heading(title, text with { Size = 16, Bold = true }) { SpaceAfter = 10 },
        };
        blocks.AddRange(coverLines.Select(line => new Paragraph(line, text) { SpaceAfter = 4 }));
        blocks.Add(new Heading("Indhold", text with { Size = 12, Bold = true }) { SpaceBefore = 12, SpaceAfter = 6 });
        blocks.Add(new BulletList(imported.Select((d, i) => d.Pdf is null
            ? $"{i + 1}. {d.Document.Title} ({d.Document.FileName}) – vedlagt separat, da filen ikke er en PDF, der kan indlejres"
            : $"{i + 1}. {d.Document.Title} ({d.Document.FileName}, {d.Pdf.PageCount} sider)").ToList(), text));

        using var bundle = new PdfDocument();
        bundle.Info.Title = title;
        bundle.Info.Creator = "Visitation";
        var fonts = new PdfFontSet();
        using (var measurer = new PdfTextMeasurer(fonts))
        {
            var cover = new LayoutEngine(measurer).Layout(new LayoutDocument(PageSetup.A4(
                PageSetup.Millimetres(25), PageSetup.Millimetres(25), PageSetup.Millimetres(25), PageSetup.Millimetres(25)), blocks));
            PdfPainter.Paint(cover, bundle, fonts);
        }
        foreach (var (_, pdf) in imported)
        {
            if (pdf is null) continue;
            foreach (var page in pdf.Pages) bundle.AddPage(page);
            pdf.Dispose();
        }
        using var output = new MemoryStream();
        bundle.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static PdfDocument? TryOpen(CaseFileDocument document)
    {
        if (!string.Equals(document.ContentType, "application/pdf", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            return PdfReader.Open(new MemoryStream(document.Content), PdfDocumentOpenMode.Import);
        }
        // An uploaded file is untrusted input, and PDFsharp reports a damaged file with plain Exception
        // among others; such a document is listed as enclosed separately rather than failing the bundle.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
