using System.IO.Compression;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using Visitation.Documents.Fonts;
using Visitation.Documents.Layout;

namespace Visitation.Documents.Bundles;

/// <summary>One document of a case file as it was received: its title in the case, file name, type and bytes.</summary>
public sealed record CaseFileDocument(string Title, string FileName, string ContentType, byte[] Content);

/// <summary>Text the case holds as text rather than as a file: the complaint, the parents' hearing replies, the reassessment note.</summary>
public sealed record CaseFileSection(string Heading, IReadOnlyList<string> Paragraphs);

/// <summary>How a document is in the bundle.</summary>
public enum Enclosure
{
    /// <summary>A PDF: its own pages, each marked with its enclosure number.</summary>
    Pages,
    /// <summary>A PNG or JPEG: placed on a page of its own under its enclosure number.</summary>
    Image,
    /// <summary>A file that cannot be put into a PDF (a Word document, a damaged or encrypted PDF): sent alongside as it was received.</summary>
    Separately,
}

/// <summary>One numbered enclosure (bilag) of the bundle and where it is: its first page in the bundle and how many pages.</summary>
public sealed record CaseFileEntry(int Number, CaseFileDocument Document, Enclosure How, int FirstPage, int PageCount);

/// <summary>The bundle as one PDF, and the list of its enclosures; those enclosed separately go with it as files.</summary>
public sealed record CaseFile(byte[] Pdf, IReadOnlyList<CaseFileEntry> Contents)
{
    public IReadOnlyList<CaseFileEntry> EnclosedSeparately => Contents.Where(c => c.How == Enclosure.Separately).ToList();
}

/// <summary>
/// The case file (sagens akter) sent to Klagenævnet for Specialundervisning when the municipality
/// upholds a complaint: a cover listing every enclosure with its pages, the text sections, then each
/// enclosure in order: a PDF's pages (marked "Bilag N" so the board can cite them), an image on a page
/// of its own. A document that cannot be put into a PDF is listed as enclosed separately and goes with
/// the bundle as the original file (<see cref="Archive"/>), so nothing is silently left out.
/// </summary>
public static class CaseFileBundle
{
    public const string SeparateFolder = "Vedlagt særskilt";

    private static readonly double Margin = PageSetup.Millimetres(25);

    public static CaseFile Build(string title, IReadOnlyList<string> coverLines, IReadOnlyList<CaseFileSection> sections,
        IReadOnlyList<CaseFileDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(coverLines);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(documents);
        LetterFonts.EnsureRegistered();
        var opened = documents.Select(Open).ToList();
        try
        {
            using var bundle = new PdfDocument();
            bundle.Info.Title = title;
            bundle.Info.Creator = "Visitation";
            bundle.Language = "da-DK";
            var fonts = new PdfFontSet();

            // The cover lists the page each enclosure starts on, which depends on how long the cover is;
            // a second layout with the numbers filled in settles it (a third only if the list wrapped onto a new page).
            LaidOutDocument cover;
            IReadOnlyList<CaseFileEntry> contents = Contents(documents, opened, coverPages: 1);
            using (var measurer = new PdfTextMeasurer(fonts))
            {
                var engine = new LayoutEngine(measurer);
                cover = engine.Layout(Cover(title, coverLines, sections, contents));
                for (var pass = 0; pass < 3 && contents.FirstOrDefault(c => c.How != Enclosure.Separately) is { } first && first.FirstPage != cover.Pages.Count + 1; pass++)
                {
                    contents = Contents(documents, opened, cover.Pages.Count);
                    cover = engine.Layout(Cover(title, coverLines, sections, contents));
                }
            }
            PdfPainter.Paint(cover, bundle, fonts);

            var stamp = new TextStyle(LetterFonts.Family, 8, Bold: true);
            foreach (var entry in contents)
            {
                var source = opened[entry.Number - 1];
                if (source.Pdf is { } pdf)
                {
                    for (var i = 0; i < pdf.PageCount; i++)
                    {
                        var page = bundle.AddPage(pdf.Pages[i]);
                        using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
                        graphics.DrawString($"Bilag {entry.Number}: {entry.Document.Title} · side {i + 1} af {pdf.PageCount}", fonts.For(stamp),
                            XBrushes.DarkSlateGray, PageSetup.Millimetres(10), PageSetup.Millimetres(7), XStringFormats.BaseLineLeft);
                    }
                }
                else if (source.Image is { } image)
                {
                    PlaceImage(bundle, fonts, entry, image);
                }
            }

            using var output = new MemoryStream();
            bundle.Save(output, closeStream: false);
            return new CaseFile(output.ToArray(), contents);
        }
        finally
        {
            foreach (var source in opened)
            {
                source.Pdf?.Dispose();
                source.Image?.Dispose();
            }
        }
    }

    /// <summary>
    /// What is sent to the board when some enclosures could not go into the PDF: a ZIP of the bundle and,
    /// in a folder "Vedlagt særskilt", each of those files as received, named by its enclosure number.
    /// Entries carry <paramref name="at"/> as their time, so the same case file gives the same archive.
    /// </summary>
    public static byte[] Archive(string pdfFileName, CaseFile caseFile, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, SafeName(pdfFileName), caseFile.Pdf, at);
            foreach (var entry in caseFile.EnclosedSeparately)
                Add(zip, $"{SeparateFolder}/{SeparateFileName(entry)}", entry.Document.Content, at);
        }
        return output.ToArray();
    }

    /// <summary>The name an enclosure sent separately has in the archive: "Bilag 5 - Elevplan - elevplan.docx".</summary>
    public static string SeparateFileName(CaseFileEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return SafeName($"Bilag {entry.Number} - {entry.Document.Title} - {entry.Document.FileName}");
    }

    private static void Add(ZipArchive zip, string name, byte[] content, DateTimeOffset at)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        // ZIP stores local time with two-second precision from 1980 on; a fixed time keeps the archive reproducible.
        entry.LastWriteTime = new DateTimeOffset(at.UtcDateTime.Year < 1980 ? new DateTime(1980, 1, 1) : at.UtcDateTime, TimeSpan.Zero);
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var clean = new string(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim();
        return clean.Length > 180 ? clean[..180] : clean;
    }

    private static IReadOnlyList<CaseFileEntry> Contents(IReadOnlyList<CaseFileDocument> documents, IReadOnlyList<Opened> opened, int coverPages)
    {
        var next = coverPages + 1;
        var entries = new List<CaseFileEntry>();
        for (var i = 0; i < documents.Count; i++)
        {
            var (how, pages) = opened[i] switch
            {
                { Pdf: { } pdf } => (Enclosure.Pages, pdf.PageCount),
                { Image: not null } => (Enclosure.Image, 1),
                _ => (Enclosure.Separately, 0),
            };
            entries.Add(new CaseFileEntry(i + 1, documents[i], how, pages == 0 ? 0 : next, pages));
            next += pages;
        }
        return entries;
    }

    private static LayoutDocument Cover(string title, IReadOnlyList<string> coverLines, IReadOnlyList<CaseFileSection> sections,
        IReadOnlyList<CaseFileEntry> contents)
    {
        var text = new TextStyle(LetterFonts.Family, 10.5);
        var h2 = text with { Size = 12, Bold = true };
        var blocks = new List<Block> { new Heading(title, text with { Size = 16, Bold = true }) { SpaceAfter = 10 } };
        blocks.AddRange(coverLines.Select(line => new Paragraph(line, text) { SpaceAfter = 4 }));
        blocks.Add(new Heading("Indhold", h2) { SpaceBefore = 12, SpaceAfter = 6 });
        blocks.Add(new BulletList(contents.Select(Describe).ToList(), text) { Bullet = "", Indent = 0, SpaceBetweenItems = 4 });
        if (contents.Any(c => c.How == Enclosure.Separately))
            blocks.Add(new Paragraph("Bilag, der er vedlagt særskilt, kan ikke sættes ind i denne PDF. De sendes som de originale filer "
                + $"sammen med sagsakterne (i mappen »{SeparateFolder}«).", text) { SpaceBefore = 6 });
        foreach (var section in sections)
        {
            blocks.Add(new Heading(section.Heading, h2) { SpaceBefore = 14, SpaceAfter = 6 });
            blocks.AddRange(section.Paragraphs.Select(p => new Paragraph(p, text) { SpaceAfter = 6 }));
        }
        return new LayoutDocument(PageSetup.A4(Margin, Margin, Margin, Margin), blocks);
    }

    private static string Describe(CaseFileEntry entry)
    {
        var what = $"Bilag {entry.Number}. {entry.Document.Title} ({entry.Document.FileName})";
        return entry.How switch
        {
            Enclosure.Separately => $"{what} – vedlagt særskilt, da filtypen ikke kan sættes ind i PDF'en",
            _ when entry.PageCount == 1 => $"{what} – side {entry.FirstPage}",
            _ => $"{what} – side {entry.FirstPage}–{entry.FirstPage + entry.PageCount - 1}",
        };
    }

    private static void PlaceImage(PdfDocument bundle, PdfFontSet fonts, CaseFileEntry entry, XImage image)
    {
        var page = bundle.AddPage();
        page.Width = XUnit.FromMillimeter(210);
        page.Height = XUnit.FromMillimeter(297);
        using var graphics = XGraphics.FromPdfPage(page);
        var heading = new TextStyle(LetterFonts.Family, 12, Bold: true);
        var small = new TextStyle(LetterFonts.Family, 9);
        graphics.DrawString($"Bilag {entry.Number}: {entry.Document.Title}", fonts.For(heading), XBrushes.Black, Margin, Margin, XStringFormats.BaseLineLeft);
        graphics.DrawString(entry.Document.FileName, fonts.For(small), XBrushes.DarkSlateGray, Margin, Margin + 16, XStringFormats.BaseLineLeft);

        var top = Margin + 30;
        var boxWidth = page.Width.Point - 2 * Margin;
        var boxHeight = page.Height.Point - top - Margin;
        // Never enlarged beyond its own size, so a small scan is not blown up into blur; a large one is fitted.
        var scale = Math.Min(1, Math.Min(boxWidth / image.PointWidth, boxHeight / image.PointHeight));
        graphics.DrawImage(image, Margin, top, image.PointWidth * scale, image.PointHeight * scale);
    }

    private sealed record Opened(PdfDocument? Pdf, XImage? Image);

    private static Opened OpenPdf(byte[] content)
    {
        var pdf = PdfReader.Open(new MemoryStream(content), PdfDocumentOpenMode.Import);
        if (pdf.PageCount > 0) return new Opened(pdf, null);
        // A file that opens but has no page to show (a stub, a form without pages) goes with the bundle as it is.
        pdf.Dispose();
        return new Opened(null, null);
    }

    private static Opened Open(CaseFileDocument document)
    {
        var type = document.ContentType.ToLowerInvariant();
        // An uploaded file is untrusted input, and PDFsharp reports a damaged file with plain Exception
        // among others; such a document is enclosed separately rather than failing the bundle.
        try
        {
            return type switch
            {
                "application/pdf" => OpenPdf(document.Content),
                "image/png" or "image/jpeg" => new Opened(null, XImage.FromStream(new MemoryStream(document.Content))),
                _ => new Opened(null, null),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Opened(null, null);
        }
    }
}
