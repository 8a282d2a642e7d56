using System.Diagnostics;
using Visitation.Documents.Rendering;
using Visitation.Documents.Tests.Support;

namespace Visitation.Documents.Tests.Rendering;

/// <summary>A real rasteriser (poppler) must be able to draw the letter: catches PDFs that only our own reader accepts.</summary>
public class PdfToPngTests
{
    [Test]
    public void Page_one_of_a_letter_renders_to_a_png_with_pdftoppm()
    {
        var pdftoppm = FindOnPath("pdftoppm");
        if (pdftoppm is null)
        {
            const string why = "pdftoppm was not found on PATH; install poppler-utils (apt-get install -y poppler-utils) to run this test.";
            TestContext.Out.WriteLine(why);
            Assert.Ignore(why);
        }

        var directory = Directory.CreateTempSubdirectory("visitation-letter-");
        try
        {
            var pdf = Path.Combine(directory.FullName, "letter.pdf");
            File.WriteAllBytes(pdf, LetterRenderer.Render(SampleLetters.Placement()));

            var start = new ProcessStartInfo(pdftoppm, ["-png", "-r", "60", "-f", "1", "-l", "1", pdf, Path.Combine(directory.FullName, "page")])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit(TimeSpan.FromSeconds(60)).ShouldBeTrue("pdftoppm did not finish within a minute");

            process.ExitCode.ShouldBe(0, errors);
            errors.ShouldBeEmpty("poppler should not complain about the PDF");
            var png = Directory.GetFiles(directory.FullName, "page*.png").ShouldHaveSingleItem();
            var bytes = File.ReadAllBytes(png);
            bytes.Take(8).ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
            bytes.Length.ShouldBeGreaterThan(10_000, "a blank page compresses to far less than a page of text");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
