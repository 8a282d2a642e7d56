using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PdfSharp.Pdf;
using Visitation.Documents.Fonts;
using Visitation.Documents.Layout;
using Visitation.Documents.Letters;
using Visitation.Documents.Templates;

namespace Visitation.Documents.Rendering;

/// <summary>A rendered letter and what it was made from.</summary>
/// <param name="Pdf">The PDF; store it as is and never re-render it in place.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Pdf"/>.</param>
public sealed record RenderedLetter(byte[] Pdf, string Sha256, string TemplateVersion, string RuleSetVersion, int PageCount);

/// <summary>
/// Renders decision letters to PDF. Stateless and thread-safe; the same letter (and template version)
/// always gives byte-identical output.
/// </summary>
public sealed class LetterRenderer
{
    private static readonly JsonSerializerOptions SeedJson = new() { WriteIndented = false };

    private readonly LetterTemplateCatalog _templates;

    public LetterRenderer(LetterTemplateCatalog templates)
    {
        _templates = templates ?? throw new ArgumentNullException(nameof(templates));
        LetterFonts.EnsureRegistered();
    }

    public static LetterRenderer Default { get; } = new(LetterTemplateCatalog.Default);

    /// <summary>Renders with the embedded templates and returns the PDF bytes.</summary>
    public static byte[] Render(DecisionLetter letter) => Default.RenderLetter(letter).Pdf;

    public RenderedLetter RenderLetter(DecisionLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var template = _templates.Get(letter.TemplateVersion);
        var wording = template.For(letter.Kind);
        var problems = LetterValidator.Problems(letter, wording);
        if (problems.Count > 0)
        {
            throw new IncompleteLetterException(letter, problems);
        }

        var layoutDocument = new LetterComposer(template).Compose(letter, out var subject);
        var fonts = new PdfFontSet();
        LaidOutDocument layout;
        using (var measurer = new PdfTextMeasurer(fonts))
        {
            layout = new LayoutEngine(measurer).Layout(layoutDocument);
        }

        var contentHash = ContentHash(letter, template.Version);
        using var document = new PdfDocument();
        Describe(document, letter, template, wording, subject);
        PdfPainter.Paint(layout, document, fonts);
        PdfDeterminism.Apply(document, contentHash);

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        var pdf = output.ToArray();
        PdfDeterminism.FixXmpIdentifiers(pdf, contentHash);

        return new RenderedLetter(pdf, LetterHash.Sha256Hex(pdf), template.Version, letter.RuleSetVersion, layout.Pages.Count);
    }

    private static void Describe(PdfDocument document, DecisionLetter letter, LetterTemplate template, KindTemplate wording, string subject)
    {
        var info = document.Info;
        info.Title = subject;
        info.Author = $"{letter.Letterhead.MunicipalityName}, {letter.Letterhead.Department}";
        info.Subject = $"{wording.Description}, {template.Labels.CaseNumber} {letter.CaseNumber}";
        info.Keywords = $"{letter.CaseNumber}; template {template.Version}; rule set {letter.RuleSetVersion}; {letter.Kind}";
        info.Creator = "Visitation";

        // The letter's own date, not the clock: re-rendering must not change the bytes.
        var date = letter.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        info.CreationDate = date;
        info.ModificationDate = date;

        // Custom entries make the provenance machine-readable without parsing the keywords.
        info.Elements.SetString("/VisitationCaseNumber", letter.CaseNumber);
        info.Elements.SetString("/VisitationLetterKind", letter.Kind.ToString());
        info.Elements.SetString("/VisitationTemplateVersion", template.Version);
        info.Elements.SetString("/VisitationRuleSetVersion", letter.RuleSetVersion);

        // Letters are rendered a round at a time: the fastest deflate level saves about a third of the
        // save step for a file a few per cent larger.
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        document.Language = template.Language;
        document.PageLayout = PdfPageLayout.SinglePage;
        document.ViewerPreferences.DisplayDocTitle = true;
    }

    private static byte[] ContentHash(DecisionLetter letter, string templateVersion)
    {
        var json = JsonSerializer.Serialize(letter, SeedJson);
        return SHA256.HashData(Encoding.UTF8.GetBytes($"{templateVersion}\n{json}"));
    }
}
