using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Visitation.Api.Infrastructure.Web;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Journeys;

public sealed class ParentJourneyTests : BrowserTest
{
    [Test]
    public async Task Parent_on_a_phone_reads_the_decision_letter_downloads_it_and_lodges_a_complaint()
    {
        var decided = await Cases.DecidedAsync();
        await Page.SetViewportSizeAsync(375, 812);

        await SignInAsync(decided.Parent);
        if (!Page.Url.Contains("/foraeldre/boern/", StringComparison.Ordinal))
            await Page.GetByRole(AriaRole.Link, new() { Name = decided.ChildName }).ClickAsync();
        Page.Url.ShouldEndWith($"/foraeldre/boern/{decided.ChildId}", Case.Insensitive, "A parent lands on their child's case.");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Sagen om {decided.ChildName}");
        await Expect(Page.Locator("#status").Locator("..")).ToContainTextAsync("Visitationsudvalget har truffet en afgørelse");
        var letterCard = Page.Locator(".letter-card").First;
        await Expect(letterCard).ToContainTextAsync($"Du kan klage til og med {Show.Date(decided.ComplaintDeadline)}");
        await Expect(letterCard).ToContainTextAsync("Leveret til dig");
        await ShouldFitTheScreenAsync();
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("parent-case-375px");

        await letterCard.GetByRole(AriaRole.Link, new() { Name = "Læs brevet" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "Afgørelsen", Exact = true })).ToBeVisibleAsync();
        await Expect(Main).ToContainTextAsync("fortsætter i sin distriktsskole med specialpædagogisk støtte");
        await Expect(Main).ToContainTextAsync("Skolen får hjælp fra PPR i otte uger.");
        await Expect(Main).ToContainTextAsync("Klagenævnet for Specialundervisning");
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = "Hent brevet som PDF" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");

        // An empty complaint is refused next to the field.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send klagen" }).ClickAsync();
        await Expect(ErrorFor("Complaint.Text")).ToContainTextAsync("Klagens tekst skal udfyldes");
        // A complaint with an attachment of the wrong type: the attachment is refused, the text is kept.
        const string text = "Vi er uenige i afgørelsen. Vores barn har brug for et specialtilbud, fordi støtten i klassen ikke har hjulpet.";
        await Page.GetByLabel("Din klage").FillAsync(text);
        await Page.GetByLabel("Bilag").SetInputFilesAsync(Files.TextFile("bilag.txt"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send klagen" }).ClickAsync();
        await Expect(ErrorFor("Complaint.File")).ToContainTextAsync("Filtypen er ikke tilladt");
        await Expect(Page.GetByLabel("Din klage")).ToHaveValueAsync(text);
        await ShouldMeetAccessibilityBasicsAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send klagen" }).ClickAsync();
        await Expect(Page.Locator("#klage").Locator("..")).ToContainTextAsync("Vi har modtaget din klage");
        await ShouldFitTheScreenAsync();
        await ScreenshotAsync("parent-journey");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Sagen om dit barn" }).ClickAsync();
        await Expect(Page.Locator("#klager").Locator("..")).ToContainTextAsync("Kommunen ser afgørelsen igennem igen");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Se adgangsloggen" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Hvem har set sagen");
        await Expect(Main).ToContainTextAsync($"Hentede afgørelsesbrevet til {decided.Parent.DisplayName.Split(" (")[0]} som PDF.");
        await Expect(Main).ToContainTextAsync("medlem af visitationsudvalget");
        await ShouldFitTheScreenAsync();
        await ShouldMeetAccessibilityBasicsAsync();

        var complaint = await App.WithDbAsync(db => db.Complaints.AsNoTracking().SingleAsync(c => c.LetterId == decided.LetterId));
        complaint.Text.ShouldBe(text);
        complaint.Attachments.ShouldBeEmpty();
    }

    private async Task ShouldFitTheScreenAsync()
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(0, $"{Page.Url} scrolls sideways at {Page.ViewportSize?.Width} px.");
    }
}
