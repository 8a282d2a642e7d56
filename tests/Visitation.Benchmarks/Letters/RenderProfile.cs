using PdfSharp.Pdf;
using Visitation.Documents.Layout;
using Visitation.Documents.Letters;
using Visitation.Documents.Rendering;
using Visitation.Documents.Templates;

namespace Visitation.Benchmarks.Letters;

/// <summary>
/// <see cref="LetterRenderer.RenderLetter"/> taken apart into its steps, each timed with a stopwatch. The
/// internal and private steps are bound by reflection once; the first render is compared byte for byte
/// with <see cref="LetterRenderer.RenderLetter"/>, so the breakdown is known to time the same work.
/// </summary>
internal sealed class RenderProfile
{
    public static readonly string[] Steps =
        ["template + validate", "compose", "layout (measure, wrap, paginate)", "content hash (JSON + SHA-256)", "metadata", "paint (DrawString)", "determinism ids", "save (fonts subset + write)", "XMP fix-up", "SHA-256 of PDF"];

    private readonly Composer _composer = new();
    private readonly Action<PdfDocument, DecisionLetter, LetterTemplate, KindTemplate, string> _describe;
    private readonly Func<DecisionLetter, string, byte[]> _contentHash;
    private readonly Action<PdfDocument, byte[]> _determinism;
    private readonly Action<byte[], byte[]> _fixXmp;

    public RenderProfile()
    {
        var determinism = Composer.InternalType("Visitation.Documents.Rendering.PdfDeterminism");
        _describe = Composer.Static<Action<PdfDocument, DecisionLetter, LetterTemplate, KindTemplate, string>>(typeof(LetterRenderer), "Describe");
        _contentHash = Composer.Static<Func<DecisionLetter, string, byte[]>>(typeof(LetterRenderer), "ContentHash");
        _determinism = Composer.Static<Action<PdfDocument, byte[]>>(determinism, "Apply");
        _fixXmp = Composer.Static<Action<byte[], byte[]>>(determinism, "FixXmpIdentifiers");
    }

    /// <summary>Renders like <see cref="LetterRenderer.RenderLetter"/> and adds each step's time to <paramref name="clock"/>.</summary>
    public byte[] Render(DecisionLetter letter, StepClock clock)
    {
        clock.Start();
        var template = LetterTemplateCatalog.Default.Get(letter.TemplateVersion);
        var wording = template.For(letter.Kind);
        var problems = LetterValidator.Problems(letter, wording);
        if (problems.Count > 0) throw new IncompleteLetterException(letter, problems);
        clock.Lap(0);

        var layoutDocument = _composer.For(template)(letter, out var subject);
        clock.Lap(1);

        var fonts = new PdfFontSet();
        LaidOutDocument layout;
        using (var measurer = new PdfTextMeasurer(fonts))
        {
            layout = new LayoutEngine(measurer).Layout(layoutDocument);
        }

        clock.Lap(2);

        var contentHash = _contentHash(letter, template.Version);
        clock.Lap(3);

        using var document = new PdfDocument();
        _describe(document, letter, template, wording, subject);
        clock.Lap(4);

        PdfPainter.Paint(layout, document, fonts);
        clock.Lap(5);

        _determinism(document, contentHash);
        clock.Lap(6);

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        var pdf = output.ToArray();
        clock.Lap(7);

        _fixXmp(pdf, contentHash);
        clock.Lap(8);

        _ = LetterHash.Sha256Hex(pdf);
        clock.Lap(9);
        return pdf;
    }
}
