using Visitation.Documents.Fonts;
using Visitation.Documents.Layout;

namespace Visitation.Documents.Rendering;

/// <summary>The typographic scale of a decision letter. Sizes are in points; DejaVu Sans runs wide, so body text is 9.5 pt.</summary>
internal sealed class LetterStyles(Rgb accent)
{
    private static readonly Rgb Ink = new(0x1A, 0x1A, 0x1A);
    private static readonly Rgb Muted = new(0x59, 0x59, 0x59);

    public static readonly PageSetup Page = PageSetup.A4(
        left: PageSetup.Millimetres(25),
        top: PageSetup.Millimetres(24),
        right: PageSetup.Millimetres(20),
        bottom: PageSetup.Millimetres(24));

    public Rgb Accent { get; } = accent;

    public Rgb Rule { get; } = new(0xB8, 0xC4, 0xD0);

    public TextStyle Body { get; } = new(LetterFonts.Family, 9.5, Color: Ink, LineSpacing: 1.42);

    public TextStyle BodyBold => Body.WithBold();

    public TextStyle Small { get; } = new(LetterFonts.Family, 7.5, Color: Muted, LineSpacing: 1.4);

    public TextStyle SmallInk { get; } = new(LetterFonts.Family, 7.5, Color: Ink, LineSpacing: 1.4);

    public TextStyle Municipality => new(LetterFonts.Family, 17, Bold: true, Color: Accent, LineSpacing: 1.2);

    public TextStyle Department { get; } = new(LetterFonts.Family, 9, Color: Muted, LineSpacing: 1.3);

    public TextStyle Subject { get; } = new(LetterFonts.Family, 13, Bold: true, Color: Ink, LineSpacing: 1.3);

    public TextStyle Section => new(LetterFonts.Family, 10.5, Bold: true, Color: Accent, LineSpacing: 1.3);

    public TextStyle SubSection { get; } = new(LetterFonts.Family, 9.5, Bold: true, Color: Ink, LineSpacing: 1.42);
}
