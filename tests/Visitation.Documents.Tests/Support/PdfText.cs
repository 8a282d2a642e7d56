using UglyToad.PdfPig;

namespace Visitation.Documents.Tests.Support;

/// <summary>
/// Text as a reader's software sees it. Uses GetWords(): page.Text concatenates glyphs without the
/// spaces between words.
/// </summary>
internal static class PdfText
{
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPages().Select(page => string.Join(' ', page.GetWords().Select(word => word.Text)))];
    }

    public static string All(byte[] pdf) => string.Join(' ', Pages(pdf));
}
