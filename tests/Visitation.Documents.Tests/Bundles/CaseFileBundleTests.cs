using System.IO.Compression;
using UglyToad.PdfPig;
using Visitation.Documents.Bundles;
using Visitation.Documents.Tests.Support;

namespace Visitation.Documents.Tests.Bundles;

public class CaseFileBundleTests
{
    private static readonly CaseFileDocument Letter = new("Afgørelsen", "afgoerelse.pdf", "application/pdf", SampleFiles.Pdf("Afgørelsesbrevet til Forælder Æblø", pages: 2));
    private static readonly CaseFileDocument Ppv = new("PPV (pædagogisk-psykologisk vurdering)", "ppv.pdf", "application/pdf", SampleFiles.Pdf("PPV om Barn Syntetisk", pages: 3));
    private static readonly CaseFileDocument ActionPlan = new("Handleplan", "handleplan.pdf", "application/pdf", SampleFiles.Pdf("Handleplanens mål og indsatser"));
    private static readonly CaseFileDocument PupilPlan = new("Elevplan", "elevplan.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", SampleFiles.Docx("Elevplan"));
    private static readonly CaseFileDocument ChildPerspective = new("Barnets perspektiv", "tegning.png", "image/png", SampleFiles.Png());
    private static readonly CaseFileDocument ComplaintPhoto = new("Bilag til klagen", "foto.jpg", "image/jpeg", SampleFiles.Jpeg());

    private static readonly IReadOnlyList<string> CoverLines = ["Fjordby Kommune, Børn og Unge", "Sagsnummer: VIS-2026-0042"];

    private static readonly IReadOnlyList<CaseFileSection> Sections =
    [
        new("Klagen", ["Vi er uenige i afgørelsen om tilbagevisning."]),
        new("Partshøring", ["Forældrenes svar: Vi ønsker et specialtilbud."]),
        new("Kommunens genvurdering", ["Udvalget fastholder afgørelsen."]),
    ];

    private static CaseFile Bundle() => CaseFileBundle.Build("Sagsakter til Klagenævnet for Specialundervisning", CoverLines, Sections,
        [Letter, Ppv, ActionPlan, PupilPlan, ChildPerspective, ComplaintPhoto]);

    [Test]
    public void Every_PDF_is_enclosed_page_by_page_with_its_enclosure_number_on_each_page()
    {
        var bundle = Bundle();

        var pages = PdfText.Pages(bundle.Pdf);
        var cover = bundle.Contents[0].FirstPage - 1;
        pages.Count.ShouldBe(cover + 2 + 3 + 1 + 2, "cover, the letter, the PPV, the handleplan and one page per image");
        pages[cover].ShouldContain("Afgørelsesbrevet til Forælder Æblø side 1");
        pages[cover].ShouldContain("Bilag 1: Afgørelsen · side 1 af 2");
        pages[cover + 1].ShouldContain("Afgørelsesbrevet til Forælder Æblø side 2");
        pages[cover + 2].ShouldContain("PPV om Barn Syntetisk side 1");
        pages[cover + 4].ShouldContain("Bilag 2: PPV (pædagogisk-psykologisk vurdering) · side 3 af 3");
        pages[cover + 5].ShouldContain("Handleplanens mål og indsatser side 1");
        pages[cover + 5].ShouldContain("Bilag 3: Handleplan · side 1 af 1");
    }

    [Test]
    public void PNG_and_JPEG_images_are_each_placed_on_a_page_under_their_enclosure_number()
    {
        var bundle = Bundle();

        bundle.Contents.Select(c => c.How).ShouldBe([Enclosure.Pages, Enclosure.Pages, Enclosure.Pages, Enclosure.Separately, Enclosure.Image, Enclosure.Image]);
        using var document = PdfDocument.Open(bundle.Pdf);
        foreach (var (number, fileName) in new[] { (5, "tegning.png"), (6, "foto.jpg") })
        {
            var entry = bundle.Contents[number - 1];
            var page = document.GetPage(entry.FirstPage);
            var text = string.Join(' ', page.GetWords().Select(w => w.Text));
            text.ShouldContain($"Bilag {number}: {entry.Document.Title}");
            text.ShouldContain(fileName);
            page.GetImages().Count().ShouldBe(1, fileName);
        }
    }

    [Test]
    public void The_cover_lists_every_enclosure_with_the_pages_it_is_on_and_the_text_sections()
    {
        var bundle = Bundle();

        var cover = string.Join(' ', PdfText.Pages(bundle.Pdf).Take(bundle.Contents[0].FirstPage - 1));
        var first = bundle.Contents[0].FirstPage;
        cover.ShouldContain("Sagsakter til Klagenævnet for Specialundervisning");
        cover.ShouldContain("Sagsnummer: VIS-2026-0042");
        cover.ShouldContain($"Bilag 1. Afgørelsen (afgoerelse.pdf) – side {first}–{first + 1}");
        cover.ShouldContain($"Bilag 2. PPV (pædagogisk-psykologisk vurdering) (ppv.pdf) – side {first + 2}–{first + 4}");
        cover.ShouldContain($"Bilag 3. Handleplan (handleplan.pdf) – side {first + 5}");
        cover.ShouldContain("Bilag 4. Elevplan (elevplan.docx) – vedlagt særskilt");
        cover.ShouldContain($"Bilag 5. Barnets perspektiv (tegning.png) – side {first + 6}");
        cover.ShouldContain($"Bilag 6. Bilag til klagen (foto.jpg) – side {first + 7}");
        cover.ShouldContain("Vi er uenige i afgørelsen om tilbagevisning.");
        cover.ShouldContain("Forældrenes svar: Vi ønsker et specialtilbud.");
        cover.ShouldContain("Udvalget fastholder afgørelsen.");
    }

    [Test]
    public void The_page_numbers_on_the_cover_are_right_when_the_cover_runs_over_several_pages()
    {
        var longComplaint = new CaseFileSection("Klagen", Enumerable.Range(1, 60).Select(i => $"Afsnit {i} af forældrenes klage, som fylder en hel linje eller to i sagsakterne.").ToList());

        var bundle = CaseFileBundle.Build("Sagsakter", CoverLines, [longComplaint], [Letter, ActionPlan]);

        var pages = PdfText.Pages(bundle.Pdf);
        var handleplan = bundle.Contents[1];
        handleplan.FirstPage.ShouldBeGreaterThan(3, "the cover takes more than one page");
        pages[handleplan.FirstPage - 1].ShouldContain("Bilag 2: Handleplan · side 1 af 1");
        pages.Count.ShouldBe(handleplan.FirstPage);
    }

    [Test]
    public void A_Word_document_and_a_damaged_PDF_are_enclosed_separately_and_go_in_the_archive_as_received()
    {
        var damaged = new CaseFileDocument("Bilag til klagen", "scannet.pdf", "application/pdf", "%PDF-1.4 ikke en rigtig PDF"u8.ToArray());
        var bundle = CaseFileBundle.Build("Sagsakter", CoverLines, [], [Letter, PupilPlan, damaged]);

        bundle.EnclosedSeparately.Select(e => e.Number).ShouldBe([2, 3]);
        var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var archive = CaseFileBundle.Archive("sagsakter-VIS-2026-0042.pdf", bundle, at);

        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).ShouldBe([
            "sagsakter-VIS-2026-0042.pdf",
            "Vedlagt særskilt/Bilag 2 - Elevplan - elevplan.docx",
            "Vedlagt særskilt/Bilag 3 - Bilag til klagen - scannet.pdf",
        ]);
        Read(zip.Entries[0]).ShouldBe(bundle.Pdf);
        Read(zip.Entries[1]).ShouldBe(PupilPlan.Content);
        Read(zip.Entries[2]).ShouldBe(damaged.Content);
        CaseFileBundle.Archive("sagsakter-VIS-2026-0042.pdf", bundle, at).ShouldBe(archive, "the same case file gives the same archive");
    }

    [Test]
    public void Every_page_of_the_bundle_renders_with_pdftoppm()
    {
        var pdftoppm = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "pdftoppm")).FirstOrDefault(File.Exists);
        if (pdftoppm is null) Assert.Ignore("pdftoppm was not found on PATH; install poppler-utils to run this test.");

        var bundle = Bundle();
        var directory = Directory.CreateTempSubdirectory("visitation-bundle-");
        try
        {
            var pdf = Path.Combine(directory.FullName, "bundle.pdf");
            File.WriteAllBytes(pdf, bundle.Pdf);
            var start = new System.Diagnostics.ProcessStartInfo(pdftoppm, ["-png", "-r", "40", pdf, Path.Combine(directory.FullName, "page")])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = System.Diagnostics.Process.Start(start)!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit(TimeSpan.FromSeconds(60)).ShouldBeTrue("pdftoppm did not finish within a minute");

            process.ExitCode.ShouldBe(0, errors);
            errors.ShouldBeEmpty("poppler should not complain about the bundle");
            Directory.GetFiles(directory.FullName, "page*.png").Length.ShouldBe(PdfText.Pages(bundle.Pdf).Count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
