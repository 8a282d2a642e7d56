using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Visitation.Workflows.Access;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Schools;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Journeys;

public sealed class CommitteeJourneyTests : BrowserTest
{
    [Test]
    public async Task Committee_member_triages_a_case_puts_it_on_the_agenda_and_decides_placement_with_the_letter_content()
    {
        var (member, referral, childName, roundName, offer, guardians) = await App.WithDbAsync(async (db, services) =>
        {
            var referral = await Cases.WaitingForTriageAsync(db, services.GetRequiredService<TimeProvider>());
            var child = await db.Children.AsNoTracking().SingleAsync(c => c.Id == referral.ChildId);
            var round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == referral.RoundId);
            var member = await db.Users.AsNoTracking().Where(u => u.Role == Role.CommitteeMember).OrderBy(u => u.DisplayName).LastAsync();
            var placed = await db.Children.AsNoTracking().Where(c => c.CurrentOfferId != null).GroupBy(c => c.CurrentOfferId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            var offer = (await db.Offers.AsNoTracking().Where(o => o.IsActive && o.Category == OfferCategory.Specialtilbud1).OrderBy(o => o.Name).ToListAsync())
                .First(o => o.Seats > (placed.FirstOrDefault(p => p.Key == o.Id)?.Count ?? 0));
            return (member, referral, child.Name, round.Name, offer, child.GuardianIds.Count);
        });

        await SignInAsync(member);
        Page.Url.ShouldEndWith("/udvalg", Case.Insensitive, "A committee member lands on the rounds.");
        await ShouldMeetAccessibilityBasicsAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = roundName, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(roundName);
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("committee-round");
        await Page.GetByRole(AriaRole.Link, new() { Name = childName, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Sag: {childName}");
        await Expect(Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^ppv") }).First).ToBeVisibleAsync();

        // Triage at the triage meeting, then the agenda.
        await Page.GetByLabel("Spor 1: specialtilbud").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Fordel sagen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("fordelt på spor 1");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sæt på dagsordenen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("sat på visitationsudvalgets dagsorden");

        // The decision without the rules applied and the facts: refused with the legal checklist, input kept.
        const string reasons = "Barnets behov kan ikke imødekommes i almentilbuddet. Tilbuddet ligger tæt på hjemmet og har plads.";
        await Page.GetByLabel("Visitation til et specialtilbud").CheckAsync();
        await Page.GetByLabel("Specialtilbud", new() { Exact = true }).SelectOptionAsync(offer.Id.ToString());
        await Page.GetByLabel("Udvalgets begrundelse").FillAsync(reasons);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Træf og udsted afgørelsen" }).ClickAsync();
        var lint = Page.Locator("#Decision_Letter");
        await Expect(lint).ToContainTextAsync("de regler, afgørelsen er truffet efter");
        await Expect(lint).ToContainTextAsync("de faktiske oplysninger, afgørelsen bygger på");
        await Expect(Page.GetByLabel("Udvalgets begrundelse")).ToHaveValueAsync(reasons);
        await Expect(Page.GetByLabel("Specialtilbud", new() { Exact = true })).ToHaveValueAsync(offer.Id.ToString());
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("committee-decision-refused");
        (await App.WithDbAsync(db => db.Referrals.AsNoTracking().Where(r => r.Id == referral.Id).Select(r => r.State).SingleAsync()))
            .ShouldBe(ReferralState.OnAgenda, "A refused decision saves nothing.");

        const string rules = "Folkeskolelovens § 20, stk. 2, og bekendtgørelse om folkeskolens specialundervisning § 3.";
        await Page.GetByLabel("De regler, afgørelsen er truffet efter").FillAsync(rules);
        await Page.GetByLabel("De faktiske oplysninger, afgørelsen bygger på").FillAsync("Skolens handleplan\nElevplanen\nForældrenes udtalelse");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Træf og udsted afgørelsen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Afgørelsen er truffet og udstedt");
        // The page refreshes itself while the letters are rendered; then each guardian's letter is listed.
        var pdfLinks = Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Hent PDF") });
        await Expect(pdfLinks).ToHaveCountAsync(guardians, new() { Timeout = 45_000 });
        await Expect(Page.Locator(".facts")).ToContainTextAsync("Afgjort");
        await Expect(Page.Locator("#breve").Locator("..")).ToContainTextAsync($"visiteres til {offer.Name}");
        await ScreenshotAsync("committee-journey");

        var download = await Page.RunAndWaitForDownloadAsync(() => pdfLinks.First.ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");

        var (state, written, placedIn) = await App.WithDbAsync(async db => (
            await db.Referrals.AsNoTracking().Where(r => r.Id == referral.Id).Select(r => r.State).SingleAsync(),
            await db.WrittenDecisions.AsNoTracking().SingleAsync(w => w.CaseId == referral.Id),
            await db.Children.AsNoTracking().Where(c => c.Id == referral.ChildId).Select(c => c.CurrentOfferId).SingleAsync()));
        state.ShouldBe(ReferralState.Decided);
        written.RulesApplied.ShouldBe(rules);
        written.FactsReliedOn.ShouldBe(["Skolens handleplan", "Elevplanen", "Forældrenes udtalelse"]);
        written.MainConsiderations.ShouldBe(reasons);
        placedIn.ShouldBe(offer.Id);
    }
}
