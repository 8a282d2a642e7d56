using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Visitation.Workflows.Access;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Admin;

public sealed class AdministratorTests : BrowserTest
{
    [Test]
    public async Task Administrator_changing_seats_is_told_when_another_administrator_saved_first_and_then_saves_deliberately()
    {
        var (admin, offer) = await App.WithDbAsync(async db => (
            await db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.Administrator),
            await db.Offers.AsNoTracking().OrderByDescending(o => o.Name).FirstAsync()));

        await SignInAsync(admin);
        Page.Url.ShouldEndWith("/administration", Case.Insensitive, "An administrator lands on the administration page.");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Tilbud og pladser" }).First.ClickAsync();
        await ShouldMeetAccessibilityBasicsAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = offer.Name, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Rediger {offer.Name}");

        // Zero seats: refused next to the field, the typed value kept.
        await Page.GetByLabel("Antal pladser").FillAsync("0");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();
        await Expect(ErrorFor("Form.Seats")).ToContainTextAsync("Antal pladser skal være større end 0");
        await Expect(Page.GetByLabel("Antal pladser")).ToHaveValueAsync("0");
        await ShouldMeetAccessibilityBasicsAsync();

        // Meanwhile another administrator saves the offer.
        await App.WithDbAsync(async db =>
        {
            var saved = await db.Offers.SingleAsync(o => o.Id == offer.Id);
            saved.Change(saved.Name, saved.Seats + 1, saved.IsActive);
            return await db.SaveChangesAsync();
        });
        await Page.GetByLabel("Antal pladser").FillAsync("42");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();
        await Expect(Page.Locator(".error-summary")).ToContainTextAsync("ændret af en anden");
        await Expect(Page.Locator(".conflict")).ToContainTextAsync((offer.Seats + 1).ToString());
        await Expect(Page.GetByLabel("Antal pladser")).ToHaveValueAsync("42");
        (await App.WithDbAsync(db => db.Offers.AsNoTracking().Where(o => o.Id == offer.Id).Select(o => o.Seats).SingleAsync())).ShouldBe(offer.Seats + 1);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("er gemt");
        (await App.WithDbAsync(db => db.Offers.AsNoTracking().Where(o => o.Id == offer.Id).Select(o => o.Seats).SingleAsync())).ShouldBe(42);
    }

    [Test]
    public async Task Administrator_sees_each_workflow_version_as_a_diagram_drawn_in_the_page_and_the_rule_sets()
    {
        var admin = await App.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.Administrator));
        await SignInAsync(admin);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Regelsæt" }).First.ClickAsync();
        await Expect(Main).ToContainTextAsync("Klagenævnet for Specialundervisning");
        await Expect(Main.Locator(".tag")).ToContainTextAsync(["Gældende"]);
        await ShouldMeetAccessibilityBasicsAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Arbejdsgange" }).First.ClickAsync();
        await ShouldMeetAccessibilityBasicsAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Se diagram for version 1" }).First.ClickAsync();
        var diagram = Page.Locator("svg.state-diagram");
        await Expect(diagram).ToBeVisibleAsync();
        (await diagram.Locator("rect").CountAsync()).ShouldBeGreaterThan(5);
        await Expect(Page.GetByRole(AriaRole.Img)).ToHaveCountAsync(1);
        var box = await diagram.BoundingBoxAsync();
        box!.Width.ShouldBeGreaterThan(200);
        box.Height.ShouldBeGreaterThan(200);
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("admin-workflow-diagram");
    }
}
