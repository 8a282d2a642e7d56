using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Workflows.Access;
using Visitation.Workflows.Referrals;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Journeys;

public sealed class SchoolLeaderJourneyTests : BrowserTest
{
    [Test]
    public async Task School_leader_creates_a_referral_uploads_the_six_parts_and_submits_it_complete()
    {
        var (leader, child, school) = await App.WithDbAsync(async db =>
        {
            var open = await db.Referrals.Where(r => r.State != ReferralState.Decided && r.State != ReferralState.Withdrawn).Select(r => r.ChildId).ToListAsync();
            foreach (var user in await db.Users.Where(u => u.Role == Role.DistrictSchoolLeader).OrderBy(u => u.DisplayName).ToListAsync())
            {
                var candidate = await db.Children.Where(c => c.DistrictSchoolId == user.SchoolId && !open.Contains(c.Id))
                    .OrderBy(c => c.CurrentOfferId != null).ThenBy(c => c.Name).FirstOrDefaultAsync();
                if (candidate is not null)
                    return (user, candidate, await db.Schools.SingleAsync(s => s.Id == user.SchoolId));
            }
            throw new InconclusiveException("The demo municipality has no child to refer.");
        });

        await SignInAsync(leader);
        Page.Url.ShouldEndWith("/skole", Case.Insensitive, "A school leader lands on the school's referrals.");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Henvisninger fra {school.Name}");
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("school-leader-start");

        await Page.GetByLabel("Barn", new() { Exact = true }).SelectOptionAsync(child.Id.ToString());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Opret henvisning" }).ClickAsync();
        await Page.WaitForURLAsync("**/skole/henvisninger/*");
        await Expect(Page.Locator(".flash")).ToContainTextAsync("er oprettet som kladde");
        await Expect(Page.GetByText("Henvisningen mangler:")).ToBeVisibleAsync();

        // One good file and one of a type that is not allowed: the good one is kept, the other refused next to its field.
        await Page.Locator("#Files_SignedReferralForm").SetInputFilesAsync(Files.PdfFile("henvisningsskema.pdf"));
        await Page.Locator("#Files_PPV").SetInputFilesAsync(Files.TextFile("ppv.txt"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Vedhæft valgte filer" }).ClickAsync();
        await Expect(ErrorFor("Files.PPV")).ToContainTextAsync("Filtypen er ikke tilladt");
        await Expect(Page.Locator("#Files_PPV")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.Locator(".notice")).ToContainTextAsync("Underskrevet henvisningsskema");
        await Expect(Page.Locator(".error-summary")).ToContainTextAsync("Filtypen er ikke tilladt");
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("school-leader-upload-refused");

        // An uploaded PPV must be marked final, with who made it and when: refused next to the field, the typed issuer kept.
        await Page.Locator("#Files_PPV").SetInputFilesAsync(Files.PdfFile("ppv.pdf"));
        await Page.GetByLabel("Udarbejdet af").FillAsync("PPR, Nabokommunen (syntetisk)");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Vedhæft valgte filer" }).ClickAsync();
        await Expect(ErrorFor("Ppv.MarkedFinal")).ToContainTextAsync("En uploadet PPV skal markeres som en endelig PPV");
        await Expect(Page.GetByLabel("Udarbejdet af")).ToHaveValueAsync("PPR, Nabokommunen (syntetisk)");
        await Page.Locator("#Files_PPV").SetInputFilesAsync(Files.PdfFile("ppv.pdf"));
        await Page.GetByLabel("PPV'en er endelig (ikke en kladde)").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Vedhæft valgte filer" }).ClickAsync();
        await Expect(ErrorFor("Ppv.IssuedOn")).ToContainTextAsync("Angiv PPV'ens dato");
        await ShouldMeetAccessibilityBasicsAsync();

        await Page.GetByLabel("PPV'ens dato").FillAsync(DateTime.Today.AddDays(-20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (id, name) in new[] { ("PPV", "ppv.pdf"), ("ActionPlan", "handleplan.pdf"), ("PupilPlan", "elevplan.pdf"),
                     ("ParentStatement", "foraeldreudtalelse.pdf"), ("ChildPerspective", "barnets-perspektiv.pdf") })
            await Page.Locator($"#Files_{id}").SetInputFilesAsync(Files.PdfFile(name));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Vedhæft valgte filer" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Vedhæftet:");
        await Expect(Page.Locator(".part-ppv")).ToContainTextAsync("Ekstern PPV udarbejdet af PPR, Nabokommunen (syntetisk)");
        await Expect(Page.GetByText("Alle seks dele er vedhæftet.")).ToBeVisibleAsync();
        await Expect(Page.Locator(".part-missing")).ToHaveCountAsync(0);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Indsend henvisningen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("indsendt komplet");
        await Expect(Page.Locator(".facts")).ToContainTextAsync("Komplet");
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("school-leader-journey");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Skolens henvisninger" }).First.ClickAsync();
        var row = Page.Locator("tr", new() { HasText = child.Name });
        await Expect(row).ToContainTextAsync("Komplet");
        await SignOutAsync();

        var referral = await App.WithDbAsync(db => db.Referrals.AsNoTracking().SingleAsync(r => r.ChildId == child.Id && r.State == ReferralState.Complete));
        referral.CurrentDocuments.Count().ShouldBe(6);
        referral.History.Select(h => h.ActorName).ShouldAllBe(name => name == leader.DisplayName);
        var reads = await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.ChildId == child.Id && a.UserId == leader.Id && a.Kind == AuditKind.Read));
        reads.ShouldBeGreaterThan(0, "The pages log reads as the API does.");
    }
}
