namespace Visitation.Documents.Layout;

/// <summary>An sRGB colour; kept free of PDFsharp types so layouts can be built and tested without it.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb Black = new(0, 0, 0);

    /// <summary>Parses "#RRGGBB".</summary>
    public static Rgb FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith('#') ? hex[1..] : hex;
        if (digits.Length != 6 || !int.TryParse(digits, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{hex}' is not a colour of the form #RRGGBB.");
        }

        return new Rgb((byte)(value >> 16), (byte)(value >> 8), (byte)value);
    }
}

public enum TextAlign
{
    Left,
    Right,
}

/// <summary>How a run of text is set: family, size in points, weight, colour and line spacing.</summary>
public sealed record TextStyle(string Family, double Size, bool Bold = false, Rgb Color = default, double LineSpacing = 1.35)
{
    /// <summary>Distance from one baseline to the next, in points.</summary>
    public double LineHeight => Size * LineSpacing;

    public TextStyle WithBold(bool bold = true) => this with { Bold = bold };
}

/// <summary>A page size and its margins, in points (1/72 inch).</summary>
public sealed record PageSetup(double Width, double Height, double MarginLeft, double MarginTop, double MarginRight, double MarginBottom)
{
    /// <summary>A4 portrait (210 × 297 mm).</summary>
    public static PageSetup A4(double left, double top, double right, double bottom) =>
        new(595.2756, 841.8898, left, top, right, bottom);

    public double ContentWidth => Width - MarginLeft - MarginRight;

    public double ContentBottom => Height - MarginBottom;

    public static double Millimetres(double mm) => mm * 72.0 / 25.4;
}
