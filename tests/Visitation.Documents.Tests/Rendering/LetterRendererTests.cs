using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;
using Visitation.Documents.Letters;
using Visitation.Documents.Rendering;
using Visitation.Documents.Tests.Support;

namespace Visitation.Documents.Tests.Rendering;

public class LetterRendererTests
{
    // The letter fonts are cut to the Latin scripts (scripts/subset-fonts.sh): names from across Europe and Vietnam
    // must still render and read back, not as empty boxes.
    [TestCase("Łucja Wiśniewska-Kowalczyk", TestName = "Polish_name_renders_with_the_letter_fonts")]
    [TestCase("Elif Şahin Yıldırım", TestName = "Turkish_name_renders_with_the_letter_fonts")]
    [TestCase("Ștefan Țurcanu", TestName = "Romanian_name_renders_with_the_letter_fonts")]
    [TestCase("Nguyễn Thị Hương", TestName = "Vietnamese_name_renders_with_the_letter_fonts")]
    [TestCase("Åse Ødegård Æbelø", TestName = "Danish_capitals_render_with_the_letter_fonts")]
    public void Name_renders_with_the_letter_fonts(string name)
    {
        var text = PdfText.All(LetterRenderer.Render(SampleLetters.Placement() with { ChildName = name }));

        text.ShouldHave(name);
    }

    [Test]
    public void Decision_letter_contains_every_required_element()
    {
        var text = PdfText.All(LetterRenderer.Render(SampleLetters.Placement()));

        text.ShouldSatisfyAllConditions(
            // Letterhead: name, address, contact.
            () => text.ShouldHave("Fjordby Kommune"),
            () => text.ShouldHave("Børn og Unge, Visitationsudvalget"),
            () => text.ShouldHave("Rådhuspladsen 1"),
            () => text.ShouldHave("9990 Fjordby"),
            () => text.ShouldHave("Tlf. 70 11 22 33"),
            () => text.ShouldHave("visitation@fjordby.dk"),
            // Recipient block, date, case number, subject.
            () => text.ShouldHaveInOrder("Mette Østergård", "Æblehaven 7, 1. th.", "9990 Fjordby", "Afgørelse om"),
            () => text.ShouldHave("Dato 26. november 2026"),
            () => text.ShouldHave("Sagsnr. 17.01.10-G01-42-26"),
            () => text.ShouldHave("Afgørelse om specialtilbud til Asta Østergård Nørgaard"),
            () => text.ShouldHave("Kære Mette Østergård"),
            // The decision itself.
            () => text.ShouldHave("Asta Østergård Nørgaard får plads i Specialtilbud 1, Solsikken på Kærholm Skole, fra den 4. januar 2027."),
            // Reasons, forvaltningsloven § 24: three separate parts.
            () => text.ShouldHave("Begrundelse"),
            () => text.ShouldHave("De regler, vi har anvendt Afgørelsen er truffet efter folkeskolelovens § 3, stk. 2"),
            () => text.ShouldHave("Det har vi lagt vægt på i vores vurdering Udvalget har lagt vægt på"),
            () => text.ShouldHave("De oplysninger, vi har bygget afgørelsen på • Pædagogisk-psykologisk vurdering af 12. oktober 2026"),
            // Legal basis and what happens next.
            () => text.ShouldHave("Lovgrundlag • Folkeskolelovens § 3, stk. 2"),
            () => text.ShouldHave("Det videre forløb"),
            () => text.ShouldHave("opstartsmøde"),
            () => text.ShouldHave("Opstartsmøde på Kærholm Skole den 10. december 2026 kl. 9.00."),
            // Complaint guidance, forvaltningsloven § 25: body, how (via the municipality, which reassesses), by when.
            () => text.ShouldHave("Klagevejledning"),
            () => text.ShouldHave("Klageinstans Klagenævnet for Specialundervisning"),
            () => text.ShouldHave("Du kan klage over afgørelsen til Klagenævnet for Specialundervisning, jf. folkeskolelovens § 51, stk. 1."),
            () => text.ShouldHave("Send klagen til Fjordby Kommune, Børn og Unge, Visitationsudvalget, Rådhuspladsen 1, 9990 Fjordby, visitation@fjordby.dk"),
            () => text.ShouldHave("Kommunen genvurderer afgørelsen inden for 4 uger."),
            () => text.ShouldHave("sender vi din klage videre til Klagenævnet for Specialundervisning"),
            // Contact person and signature.
            () => text.ShouldHave("Kontaktperson Birgitte Skårup"),
            () => text.ShouldHave("kontakte Birgitte Skårup, sagsbehandler, på telefon 70 11 22 45 eller e-mail bisk@fjordby.dk"),
            () => text.ShouldHave("Med venlig hilsen Hanne Lærkesen Formand for Visitationsudvalget"),
            // Footer.
            () => text.ShouldHave("Fjordby Kommune · Sagsnr. 17.01.10-G01-42-26"));
    }

    [Test]
    public void Decision_letter_states_complaint_deadline_four_weeks_after_delivery()
    {
        var letter = SampleLetters.Placement();

        var text = PdfText.All(LetterRenderer.Render(letter));

        letter.Complaint!.Deadline.ShouldBe(new DateOnly(2026, 12, 24));
        text.ShouldHave("Klagefrist 24. december 2026");
        text.ShouldHave("Klagefristen er 4 uger fra den dag, du fik afgørelsen. Afgørelsen kom frem til dig den 26. november 2026, så din klage skal være modtaget senest den 24. december 2026.");
    }

    [Test]
    public void Complaint_deadline_follows_the_delivery_date_not_the_letter_date()
    {
        var letter = SampleLetters.Placement() with
        {
            Complaint = new ComplaintGuidance("Klagenævnet for Specialundervisning", new DateOnly(2027, 1, 31), 4, 4),
        };

        var text = PdfText.All(LetterRenderer.Render(letter));

        text.ShouldHave("Afgørelsen kom frem til dig den 31. januar 2027, så din klage skal være modtaget senest den 28. februar 2027.");
    }

    [Test]
    public void Danish_letters_survive_rendering_and_text_extraction()
    {
        var letter = SampleLetters.Placement() with { ChildName = "Æsa Øby Ålund", Decision = "Særlig støtte på skolen i Ærøskøbing: æ ø å Æ Ø Å." };

        var text = PdfText.All(LetterRenderer.Render(letter));

        text.ShouldHave("Æsa Øby Ålund");
        text.ShouldHave("Særlig støtte på skolen i Ærøskøbing: æ ø å Æ Ø Å.");
        text.ShouldHave("Afgørelse om specialtilbud til Æsa Øby Ålund");
    }

    [Test]
    public void Two_page_letter_is_numbered_Side_1_af_2_and_Side_2_af_2()
    {
        var rendered = LetterRenderer.Default.RenderLetter(SampleLetters.Placement());

        var pages = PdfText.Pages(rendered.Pdf);

        rendered.PageCount.ShouldBe(2);
        pages.Count.ShouldBe(2);
        pages[0].ShouldHave("Side 1 af 2");
        pages[1].ShouldHave("Side 2 af 2");
        pages[1].ShouldHave("Fjordby Kommune · Sagsnr. 17.01.10-G01-42-26");
    }

    [Test]
    public void Every_page_of_a_long_letter_carries_its_number_and_the_case_number()
    {
        var pages = PdfText.Pages(LetterRenderer.Render(SampleLetters.Long(extraParagraphs: 40)));

        pages.Count.ShouldBeGreaterThanOrEqualTo(3);
        for (var i = 0; i < pages.Count; i++)
        {
            pages[i].ShouldHave($"Side {i + 1} af {pages.Count}");
            pages[i].ShouldHave("Sagsnr. 17.01.10-G01-42-26");
        }

        // Pages after the first repeat the subject at the top so a loose page can be placed.
        pages[^1].ShouldStartWith("Afgørelse om specialtilbud til Asta Østergård Nørgaard");
    }

    [Test]
    public void Same_letter_renders_to_identical_bytes()
    {
        var first = LetterRenderer.Render(SampleLetters.Placement());
        var second = LetterRenderer.Render(SampleLetters.Placement());

        second.ShouldBe(first);
        LetterHash.Sha256Hex(second).ShouldBe(LetterHash.Sha256Hex(first));
        TestContext.Out.WriteLine($"SHA-256 of the sample placement letter: {LetterHash.Sha256Hex(first)}");
    }

    [Test]
    public void Same_letter_renders_identically_from_many_threads()
    {
        var expected = LetterRenderer.Default.RenderLetter(SampleLetters.Placement()).Sha256;

        var hashes = new string[16];
        Parallel.For(0, hashes.Length, i => hashes[i] = LetterRenderer.Default.RenderLetter(SampleLetters.Placement()).Sha256);

        hashes.ShouldAllBe(hash => hash == expected);
    }

    [Test]
    public void Different_letters_get_different_document_identifiers()
    {
        var toMother = LetterRenderer.Render(SampleLetters.Placement());
        var toFather = LetterRenderer.Render(SampleLetters.Placement() with { Recipient = SampleLetters.Father });

        TrailerId(toFather).ShouldNotBe(TrailerId(toMother));
    }

    [Test]
    public void Postponement_notice_says_why_and_when_and_carries_no_complaint_guidance()
    {
        var text = PdfText.All(LetterRenderer.Render(SampleLetters.Postponement()));

        text.ShouldSatisfyAllConditions(
            () => text.ShouldHave("Behandlingen af henvisningen af Asta Østergård Nørgaard er udsat"),
            () => text.ShouldHave("Hvorfor er sagen udsat? Henvisningen manglede den opdaterede pædagogisk-psykologiske vurdering"),
            () => text.ShouldHave("Før udvalget kan træffe afgørelse, mangler: • Opdateret pædagogisk-psykologisk vurdering • Forældreudtalelse"),
            () => text.ShouldHave("Hvornår bliver sagen behandlet? Vi forventer at behandle sagen på udvalgets møde den 14. januar 2027."),
            () => text.ShouldHave("den kan derfor ikke påklages"),
            () => text.ShouldNotHave("Klagevejledning"),
            () => text.ShouldNotHave("Klagenævnet"),
            () => text.ShouldNotHave("Klagefrist"),
            () => text.ShouldNotHave("Begrundelse"));
    }

    [Test]
    public void Return_to_general_school_lists_the_committees_recommendations()
    {
        var text = PdfText.All(LetterRenderer.Render(SampleLetters.ReturnToGeneral()));

        text.ShouldHave("Afgørelse om henvisning af Asta Østergård Nørgaard til specialtilbud");
        text.ShouldHave("Udvalgets anbefalinger • Skolen inddrager PPR i en plan for Astas trivsel i frikvartererne.");
        text.ShouldHave("• Asta får støtte af en fast voksen i dansk og matematik i 6 timer om ugen.");
        text.ShouldHave("Klagefrist 24. december 2026");
    }

    [TestCase(LetterKind.RevisitationContinue, "Afgørelse om fortsat specialtilbud til Asta Østergård Nørgaard")]
    [TestCase(LetterKind.RevisitationChange, "Afgørelse om ændret støtte til Asta Østergård Nørgaard")]
    [TestCase(LetterKind.RevisitationEnd, "Afgørelse om ophør af specialtilbud til Asta Østergård Nørgaard")]
    public void Revisitation_letters_carry_their_own_subject_the_yearly_rule_and_complaint_guidance(LetterKind kind, string subject)
    {
        var text = PdfText.All(LetterRenderer.Render(SampleLetters.Revisitation(kind)));

        text.ShouldHave(subject);
        text.ShouldHave("Lederen af Solsikken har den 24. november 2026");
        text.ShouldHave("§ 7, stk. 1");
        text.ShouldHave("Klagefrist 24. december 2026");
    }

    [Test]
    public void Ending_a_special_offer_describes_the_phase_out()
    {
        var text = PdfText.All(LetterRenderer.Render(SampleLetters.Revisitation(LetterKind.RevisitationEnd)));

        text.ShouldHave("udslusning, som distriktsskolens leder er tæt inddraget i");
    }

    [Test]
    public void Each_guardian_gets_an_own_letter_naming_the_other()
    {
        var letters = DecisionLetters.OnePerGuardian(SampleLetters.Placement(), [SampleLetters.Mother, SampleLetters.Father]);

        var toMother = PdfText.All(LetterRenderer.Render(letters[0]));
        var toFather = PdfText.All(LetterRenderer.Render(letters[1]));

        toMother.ShouldHave("Kære Mette Østergård");
        toMother.ShouldHave("Brevet er også sendt til Søren Nørgaard.");
        toFather.ShouldHave("Kære Søren Nørgaard");
        toFather.ShouldHaveInOrder("Søren Nørgaard", "Skovvænget 12", "9991 Ålbæk Strand", "Afgørelse om");
        toFather.ShouldHave("Brevet er også sendt til Mette Østergård.");
    }

    [Test]
    public void Corrected_letter_names_the_letter_it_replaces()
    {
        var letter = SampleLetters.Placement() with { Replaces = new LetterReference(new DateOnly(2026, 11, 20), "9f2c41d0") };

        var text = PdfText.All(LetterRenderer.Render(letter));

        text.ShouldHave("Dette brev erstatter vores brev af 20. november 2026 (brev-id 9f2c41d0).");
    }

    [Test]
    public void Metadata_holds_title_author_subject_language_dates_and_versions()
    {
        var rendered = LetterRenderer.Default.RenderLetter(SampleLetters.Placement());

        using var document = PdfDocument.Open(rendered.Pdf);
        var info = document.Information;
        info.Title.ShouldBe("Afgørelse om specialtilbud til Asta Østergård Nørgaard");
        info.Author.ShouldBe("Fjordby Kommune, Børn og Unge, Visitationsudvalget");
        info.Subject.ShouldBe("Afgørelse om visitation til specialtilbud, Sagsnr. 17.01.10-G01-42-26");
        info.CreationDate!.ShouldStartWith("D:20261126");
        var custom = info.DocumentInformationDictionary.ShouldNotBeNull().Data;
        custom["VisitationTemplateVersion"].ShouldBeOfType<StringToken>().Data.ShouldBe("1");
        custom["VisitationRuleSetVersion"].ShouldBeOfType<StringToken>().Data.ShouldBe("2026.1");
        custom["VisitationCaseNumber"].ShouldBeOfType<StringToken>().Data.ShouldBe("17.01.10-G01-42-26");
        Encoding.Latin1.GetString(rendered.Pdf).ShouldContain("/Lang(da-DK)");
        rendered.TemplateVersion.ShouldBe("1");
        rendered.RuleSetVersion.ShouldBe("2026.1");
        rendered.Sha256.ShouldBe(LetterHash.Sha256Hex(rendered.Pdf));
    }

    [Test]
    public void Fonts_are_embedded_subsets_of_DejaVu_Sans()
    {
        using var document = PdfDocument.Open(LetterRenderer.Render(SampleLetters.Placement()));

        var fontNames = document.GetPage(1).Letters.Select(letter => letter.FontName).Distinct().ToList();

        fontNames.ShouldNotBeEmpty();
        fontNames.ShouldAllBe(name => name != null && name.Contains("DejaVu", StringComparison.Ordinal) && name.Contains('+', StringComparison.Ordinal));
        Encoding.Latin1.GetString(LetterRenderer.Render(SampleLetters.Placement())).ShouldContain("/FontFile2");
    }

    [Test]
    public void Letter_with_a_missing_legal_element_is_not_rendered()
    {
        var letter = SampleLetters.Placement() with { Complaint = null };

        var error = Should.Throw<IncompleteLetterException>(() => LetterRenderer.Render(letter));

        error.Problems.ShouldContain(problem => problem.Contains("§ 25", StringComparison.Ordinal));
    }

    [Test]
    public void Sha256_helper_gives_the_standard_digest()
    {
        LetterHash.Sha256Hex("abc"u8).ShouldBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static string TrailerId(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var start = text.LastIndexOf("/ID[", StringComparison.Ordinal);
        return text.Substring(start, text.IndexOf(']', start) - start);
    }
}
