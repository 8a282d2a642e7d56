namespace Visitation.Documents.Layout;

/// <summary>Font metrics the layout needs. The PDF implementation asks PDFsharp; tests use a fixed-width fake.</summary>
public interface ITextMeasurer
{
    /// <summary>Advance width of <paramref name="text"/> in points.</summary>
    double Width(string text, TextStyle style);

    /// <summary>Height above the baseline of the tallest glyphs, in points.</summary>
    double Ascent(TextStyle style);
}
