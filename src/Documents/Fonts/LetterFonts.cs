using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Visitation.Documents.Fonts;

/// <summary>
/// The typefaces letters are set in. DejaVu Sans ships inside this assembly (see Fonts/LICENSE.txt) so
/// a letter looks and hashes the same on every host, whatever fonts the host has installed.
/// </summary>
public static class LetterFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly Lock Gate = new();

    /// <summary>The one resolver instance; PDFsharp requires the same instance on every setting.</summary>
    public static IFontResolver Resolver => EmbeddedFontResolver.Instance;

    /// <summary>
    /// Installs the embedded resolver as PDFsharp's process-wide resolver. Safe to call from many
    /// threads and many times. Fails loudly if another component installed a different resolver,
    /// because PDFsharp allows only one and silently rendering with the wrong fonts is worse.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (ReferenceEquals(GlobalFontSettings.FontResolver, EmbeddedFontResolver.Instance))
        {
            return;
        }

        lock (Gate)
        {
            var current = GlobalFontSettings.FontResolver;
            if (current is null)
            {
                GlobalFontSettings.FontResolver = EmbeddedFontResolver.Instance;
            }
            else if (!ReferenceEquals(current, EmbeddedFontResolver.Instance))
            {
                throw new InvalidOperationException(
                    $"PDFsharp already has the font resolver {current.GetType().FullName}. Letters need "
                    + $"{nameof(LetterFonts)}.{nameof(Resolver)}; install it at start-up instead of another resolver.");
            }
        }
    }
}

internal sealed class EmbeddedFontResolver : IFontResolver
{
    internal const string RegularFace = "DejaVuSans";
    internal const string BoldFace = "DejaVuSans-Bold";

    public static readonly EmbeddedFontResolver Instance = new();

    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    private EmbeddedFontResolver()
    {
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic)
    {
        if (!string.Equals(familyName, LetterFonts.Family, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // No oblique face is shipped: letters do not use italics, and PDFsharp can slant if one ever does.
        return new FontResolverInfo(isBold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: isItalic);
    }

    public byte[]? GetFont(string faceName) =>
        faceName is RegularFace or BoldFace ? _faces.GetOrAdd(faceName, Load) : null;

    private static byte[] Load(string faceName)
    {
        var name = $"Fonts.{faceName}.ttf";
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource '{name}' is missing from {typeof(EmbeddedFontResolver).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
