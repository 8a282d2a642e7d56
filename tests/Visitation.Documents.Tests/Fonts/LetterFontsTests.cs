using Visitation.Documents.Fonts;

namespace Visitation.Documents.Tests.Fonts;

public class LetterFontsTests
{
    [TestCase(false, "DejaVuSans")]
    [TestCase(true, "DejaVuSans-Bold")]
    public void Resolver_serves_the_shipped_TrueType_faces(bool bold, string face)
    {
        var info = LetterFonts.Resolver.ResolveTypeface("DejaVu Sans", bold, false).ShouldNotBeNull();

        info.FaceName.ShouldBe(face);
        var data = LetterFonts.Resolver.GetFont(info.FaceName).ShouldNotBeNull();
        data.Take(4).ShouldBe(new byte[] { 0x00, 0x01, 0x00, 0x00 }, "TrueType files start with sfnt version 1.0");
    }

    [Test]
    public void Resolver_does_not_claim_other_families()
    {
        LetterFonts.Resolver.ResolveTypeface("Arial", false, false).ShouldBeNull();
        LetterFonts.Resolver.GetFont("Arial").ShouldBeNull();
    }

    [Test]
    public void Registration_is_idempotent_and_safe_from_many_threads()
    {
        Parallel.For(0, 32, _ => LetterFonts.EnsureRegistered());

        PdfSharp.Fonts.GlobalFontSettings.FontResolver.ShouldBeSameAs(LetterFonts.Resolver);
    }

    [Test]
    public void Font_licence_ships_with_the_fonts()
    {
        var licence = Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVu-LICENSE.txt");

        File.Exists(licence).ShouldBeTrue();
        File.ReadAllText(licence).ShouldContain("Bitstream");
    }
}
