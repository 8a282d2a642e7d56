using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Visitation.Workflows.Access;
using Visitation.Workflows.Ppv;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Quality;

/// <summary>The PPV forms refuse bad input in Danish next to the field, keep what was typed, and save nothing.</summary>
public sealed class PpvBadInputTests : BrowserTest
{
    [Test]
    public async Task PPV_request_without_a_reason_is_refused_next_to_the_field_and_keeps_the_chosen_pupil()
    {
        var (leader, childId) = await App.WithDbAsync(async db =>
        {
            var withPpv = await db.Set<PpvCase>().Select(c => c.ChildId).ToListAsync();
            var leader = await db.Users.AsNoTracking().Where(u => u.Role == Role.DistrictSchoolLeader).OrderByDescending(u => u.DisplayName).FirstAsync();
            var child = await db.Children.AsNoTracking().Where(c => c.DistrictSchoolId == leader.SchoolId && !withPpv.Contains(c.Id))
                .OrderByDescending(c => c.Name).FirstAsync();
            return (leader, child.Id);
        });

        await SignInAsync(leader);
        await Page.GotoAsync("/skole/ppv");
        await Page.GetByLabel("Elev", new() { Exact = true }).SelectOptionAsync(childId.ToString());
        await Page.GetByLabel("Hvad skal PPV'en belyse?").FillAsync("   ");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Anmod om PPV" }).ClickAsync();

        await Expect(ErrorFor("NewPpv.Reason")).ToContainTextAsync("Hvad PPV'en skal belyse skal udfyldes.");
        await Expect(Page.Locator("#NewPpv_Reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.Locator(".error-summary a[href='#NewPpv_Reason']")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Elev", new() { Exact = true })).ToHaveValueAsync(childId.ToString());
        await ShouldMeetAccessibilityBasicsAsync();
        (await App.WithDbAsync(db => db.Set<PpvCase>().AnyAsync(c => c.ChildId == childId))).ShouldBeFalse("A refused request saves nothing.");

        // Without a pupil: refused next to the pupil field, the reason typed is kept.
        await Page.GetByLabel("Elev", new() { Exact = true }).SelectOptionAsync("");
        await Page.GetByLabel("Hvad skal PPV'en belyse?").FillAsync("Læsning og trivsel");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Anmod om PPV" }).ClickAsync();
        await Expect(ErrorFor("NewPpv.ChildId")).ToContainTextAsync("Vælg, hvilken elev PPV'en gælder.");
        await Expect(Page.GetByLabel("Hvad skal PPV'en belyse?")).ToHaveValueAsync("Læsning og trivsel");
    }

    [TestCase(null, "Sæt flueben ved det, du giver samtykke til", TestName = "Consent_with_nothing_ticked_is_refused_next_to_the_choices")]
    [TestCase("Alt", "Angiv, hvad der gives samtykke til", TestName = "Consent_to_a_scope_that_does_not_exist_is_refused_next_to_the_choices")]
    public async Task Consent_form_refuses_what_is_not_a_scope(string? scope, string message)
    {
        var (ppv, parent) = await App.WithDbAsync(async db =>
        {
            var ppv = await db.Set<PpvCase>().AsNoTracking().AsSplitQuery().FirstAsync(c => c.State == PpvState.Requested && c.Consents.Count == 0);
            var parent = await db.Users.AsNoTracking().SingleAsync(u => u.Role == Role.Guardian && u.GuardianId == ppv.GuardianIds[0]);
            return (ppv, parent);
        });
        using var client = new PageClient(App);
        await client.SignInAsync(parent);
        var fields = new Dictionary<string, string> { ["Revision"] = ppv.Revision.ToString() };
        if (scope is not null) fields["Consent.Scopes"] = scope;
        using var response = await client.PostFormAsync($"/foraeldre/ppv/{ppv.Id}?handler=Consent", fields);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 400 ? html[..400] : html);
        html.ShouldContain("id=\"Consent_Scopes-error\"");
        html.ShouldContain(message);
        var after = await App.WithDbAsync(db => db.Set<PpvCase>().AsNoTracking().AsSplitQuery().SingleAsync(c => c.Id == ppv.Id));
        after.Consents.ShouldBeEmpty("A refused consent records nothing.");
        after.Revision.ShouldBe(ppv.Revision);
    }

    [Test]
    public async Task Parents_address_for_another_familys_PPV_is_a_Danish_not_found_page()
    {
        var (ppv, stranger) = await App.WithDbAsync(async db =>
        {
            var ppv = await db.Set<PpvCase>().AsNoTracking().AsSplitQuery().FirstAsync(c => c.State == PpvState.InHearing);
            var strangers = await db.Users.AsNoTracking().Where(u => u.Role == Role.Guardian && u.GuardianId != null).OrderBy(u => u.DisplayName).ToListAsync();
            return (ppv, strangers.First(u => !ppv.GuardianIds.Contains(u.GuardianId!.Value)));
        });
        using var client = new PageClient(App);
        await client.SignInAsync(stranger);
        using var response = await client.GetAsync($"/foraeldre/ppv/{ppv.Id}");
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        html.ShouldContain("Siden findes ikke");
        html.ShouldNotContain("Udkast til PPV");
    }
}
