using Visitation.Documents.Layout;

namespace Visitation.Documents.Tests.Support;

/// <summary>Every character is half the font size wide: layouts become easy to reason about exactly.</summary>
internal sealed class FixedWidthMeasurer : ITextMeasurer
{
    public double Width(string text, TextStyle style) => text.Length * style.Size / 2;

    public double Ascent(TextStyle style) => style.Size * 0.8;
}
