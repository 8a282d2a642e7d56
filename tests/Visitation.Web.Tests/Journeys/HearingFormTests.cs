using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Visitation.Workflows.Access;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Journeys;

public sealed class HearingFormTests : BrowserTest
{
    [Test]
    public async Task Committee_records_a_concluded_hearing_on_the_case_page_after_a_refusal_that_keeps_what_was_typed()
    {
        var (member, referralId, childName) = await App.WithDbAsync(async db =>
        {
            var open = await db.Rounds.AsNoTracking().Where(r => r.Status == RoundStatus.Open).Select(r => r.Id).ToListAsync();
            // A case in a round that no other journey takes: not the first or last waiting for triage, and without hearings.
            var candidates = (await db.Referrals.AsNoTracking()
                    .Where(r => r.State == ReferralState.AssignedToRound && r.RoundId != null && open.Contains(r.RoundId.Value)).ToListAsync())
                .Where(r => r.Hearings.Count == 0).OrderBy(r => r.Id).ToList();
            if (candidates.Count < 3) Assert.Inconclusive("The demo municipality has too few referrals assigned to an open round.");
            var referral = candidates[1];
            var child = await db.Children.AsNoTracking().SingleAsync(c => c.Id == referral.ChildId);
            var member = await db.Users.AsNoTracking().Where(u => u.Role == Role.CommitteeMember).OrderBy(u => u.DisplayName).FirstAsync();
            return (member, referral.Id, child.Name);
        });

        await SignInAsync(member);
        await Page.GotoAsync($"/udvalg/sager/{referralId}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Sag: {childName}");

        // The parents have not answered and the deadline is weeks away: refused next to the field, nothing saved, input kept.
        var today = DateOnly.FromDateTime(DateTime.Today);
        const string subject = "Udkastet til afgørelse om specialtilbud og den pædagogisk-psykologiske vurdering.";
        await Page.GetByLabel("Sendt til forældrene").FillAsync(today.AddDays(-2).ToString("yyyy-MM-dd"));
        await Page.GetByLabel("Svarfrist").FillAsync(today.AddDays(20).ToString("yyyy-MM-dd"));
        await Page.GetByLabel("Hvad forældrene er hørt om").FillAsync(subject);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Registrér partshøringen" }).ClickAsync();
        await Expect(Page.Locator("#Hearing_ParentsReply-error")).ToContainTextAsync("når forældrene har svaret");
        await Expect(Page.GetByLabel("Hvad forældrene er hørt om")).ToHaveValueAsync(subject);
        (await App.WithDbAsync(db => db.Referrals.AsNoTracking().Where(r => r.Id == referralId).Select(r => r.Hearings.Count).SingleAsync())).ShouldBe(0);
        await ShouldMeetAccessibilityBasicsAsync();

        const string reply = "Vi er enige i, at vores barn har brug for et mindre læringsmiljø.";
        await Page.GetByLabel("Forældrenes svar").FillAsync(reply);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Registrér partshøringen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Partshøringen er registreret");
        await Expect(Page.Locator("#hoeringer").Locator("..")).ToContainTextAsync(reply);
        await ScreenshotAsync("committee-hearing");

        var hearing = await App.WithDbAsync(db => db.Referrals.AsNoTracking().Where(r => r.Id == referralId).SelectMany(r => r.Hearings).SingleAsync());
        hearing.ParentsReply.ShouldBe(reply);
        hearing.Subject.ShouldBe(subject);
    }
}
