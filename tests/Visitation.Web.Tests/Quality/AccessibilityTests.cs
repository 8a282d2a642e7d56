using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Visitation.Workflows.Access;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Quality;

/// <summary>WCAG 2.1 AA basics on the pages the journeys do not walk through, and the keyboard path into a page.</summary>
public sealed class AccessibilityTests : BrowserTest
{
    [Test]
    public async Task Sign_in_page_and_every_roles_start_page_meet_the_basics()
    {
        await Page.GotoAsync("/log-ind");
        await ShouldMeetAccessibilityBasicsAsync();
        var users = await App.WithDbAsync(async db => (await db.Users.AsNoTracking().ToListAsync())
            .Where(u => u.Role is Role.OfferLeader or Role.Psychologist).GroupBy(u => u.Role).Select(g => g.First()).ToList());
        foreach (var user in users)
        {
            await SignInAsync(user);
            await ShouldMeetAccessibilityBasicsAsync();
            await SignOutAsync();
        }
    }

    [Test]
    public async Task Keyboard_user_skips_the_menu_to_the_content_and_sees_where_the_focus_is()
    {
        var member = await App.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.CommitteeMember));
        await SignInAsync(member);

        await Page.Keyboard.PressAsync("Tab");
        var skip = Page.GetByRole(AriaRole.Link, new() { Name = "Gå til indholdet" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeVisibleAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("main")).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Tab");
        var focused = await Page.EvaluateAsync<string>("() => document.activeElement.closest('main') ? 'main' : document.activeElement.tagName");
        focused.ShouldBe("main", "After the skip link, the next stop is in the content, not the menu.");
        var outline = await Page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        outline.ShouldNotBe("none", "The focused link shows a focus outline.");
        (await Page.Locator("[tabindex]:not([tabindex='-1']):not([tabindex='0'])").CountAsync()).ShouldBe(0, "No positive tabindex breaks the reading order.");
    }
}
