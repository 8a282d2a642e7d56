using PdfSharp.Pdf;
using Visitation.Documents.Fonts;
using Visitation.Documents.Layout;
using Visitation.Workflows.Common;
using Visitation.Workflows.Ppv;

namespace Visitation.Api.Features.Ppv;

/// <summary>
/// A final PPV version as a PDF, set with the letters' layout engine and fonts: what a referral carries as
/// its PPV part and what the committee reads. It states the version, who finalised it and when, which
/// version it replaces and its content hash, so the printed copy can be checked against the case.
/// </summary>
public static class PpvPdf
{
    public static string FileName(PpvVersion version) => $"PPV-version-{version.Number}.pdf";

    public static byte[] Render(PpvVersion version, string childName, string childCprMasked, string schoolName)
    {
        LetterFonts.EnsureRegistered();
        var text = new TextStyle(LetterFonts.Family, 10.5);
        var bold = text with { Bold = true };
        var blocks = new List<Block>
        {
            new Heading("Pædagogisk-psykologisk vurdering (PPV)", text with { Size = 16, Bold = true }) { SpaceAfter = 10 },
            new KeyValueTable(
            [
                new("Barn", $"{childName} ({childCprMasked})"),
                new("Distriktsskole", schoolName),
                new("Version", version.PreviousNumber is { } previous
                    ? $"{version.Number} (afløser version {previous})"
                    : version.Number.ToString(DanishTime.Culture)),
                new("Endelig", $"{DanishTime.LongDate(version.FinalisedAt)} af {version.FinalisedByName}"),
                new("Regelsæt", version.RuleSetVersion),
                new("Kontrolsum (SHA-256)", version.ContentHash),
            ], bold, text, PageSetup.Millimetres(45)) { SpaceAfter = 12 },
            new HorizontalRule(Rgb.Black) { SpaceAfter = 8 },
            new Heading("Vurdering", text with { Size = 12, Bold = true }) { SpaceAfter = 6 },
        };
        blocks.AddRange(Paragraphs(version.Text, text));
        blocks.Add(new Heading("Anbefalinger", text with { Size = 12, Bold = true }) { SpaceBefore = 8, SpaceAfter = 6 });
        blocks.AddRange(Paragraphs(version.Recommendations, text));
        if (version.ResponseToComments is { } response)
        {
            blocks.Add(new Heading("Forældrenes kommentarer i høringen", text with { Size = 12, Bold = true }) { SpaceBefore = 8, SpaceAfter = 6 });
            blocks.AddRange(Paragraphs(response, text));
        }

        using var document = new PdfDocument();
        document.Info.Title = $"PPV version {version.Number} – {childName}";
        document.Info.Creator = "Visitation";
        var fonts = new PdfFontSet();
        using (var measurer = new PdfTextMeasurer(fonts))
        {
            var layout = new LayoutEngine(measurer).Layout(new LayoutDocument(PageSetup.A4(
                PageSetup.Millimetres(25), PageSetup.Millimetres(25), PageSetup.Millimetres(25), PageSetup.Millimetres(25)), blocks));
            PdfPainter.Paint(layout, document, fonts);
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>Blank lines separate paragraphs; single line breaks are kept within one.</summary>
    private static IEnumerable<Block> Paragraphs(string content, TextStyle style) =>
        content.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => new Paragraph(p, style) { SpaceAfter = 6 });
}
