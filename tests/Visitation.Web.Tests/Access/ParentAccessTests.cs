using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Workflows.Access;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Access;

/// <summary>A parent who edits the address bar to another family's case learns nothing about it.</summary>
public sealed class ParentAccessTests : BrowserTest
{
    [Test]
    public async Task Parent_opening_another_familys_case_letter_or_access_log_is_refused_as_not_found()
    {
        var other = await Cases.DecidedAsync();
        var (parent, ownChildId) = await App.WithDbAsync(async db =>
        {
            var otherChild = await db.Children.AsNoTracking().SingleAsync(c => c.Id == other.ChildId);
            var guardianIds = await db.Users.AsNoTracking().Where(u => u.Role == Role.Guardian && u.GuardianId != null).OrderBy(u => u.DisplayName)
                .ToListAsync();
            var parent = guardianIds.First(u => !otherChild.GuardianIds.Contains(u.GuardianId!.Value));
            var own = await db.Children.AsNoTracking().Where(c => c.GuardianIds.Contains(parent.GuardianId!.Value)).Select(c => c.Id).FirstAsync();
            return (parent, own);
        });
        await SignInAsync(parent);

        foreach (var url in new[]
                 {
                     $"/foraeldre/boern/{other.ChildId}",
                     $"/foraeldre/breve/{other.LetterId}",
                     $"/foraeldre/boern/{other.ChildId}/adgangslog",
                 })
        {
            var response = await Page.GotoAsync(url);
            response!.Status.ShouldBe(404, url);
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Siden findes ikke");
            await Expect(Main).Not.ToContainTextAsync(other.ChildName);
            await ShouldMeetAccessibilityBasicsAsync();
        }
        await ScreenshotAsync("parent-refused");

        // The API behind the download links answers the same through the browser's cookie.
        var pdf = await Page.APIRequest.GetAsync($"/api/letters/{other.LetterId}/pdf");
        pdf.Status.ShouldBe(404);

        // Another role's page: told why, without a case being named.
        var committee = await Page.GotoAsync($"/udvalg/sager/{other.ReferralId}");
        committee!.Status.ShouldBe(403);
        await Expect(Main).ToContainTextAsync("Som forælder har du ikke adgang til denne side");
        await Expect(Main).Not.ToContainTextAsync(other.ChildName);

        // The parent's own child is there.
        (await Page.GotoAsync($"/foraeldre/boern/{ownChildId}"))!.Status.ShouldBe(200);

        var reads = await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.ChildId == other.ChildId && a.UserId == parent.Id));
        reads.ShouldBe(0, "A refused look is not a read of the other child's case.");
    }
}
