using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Visitation.Api.Features.Rounds;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Admin;

public sealed class RoundCalendarTests : BrowserTest
{
    [Test]
    public async Task Administrator_sees_the_school_years_rounds_by_kind_with_their_dates_and_generates_a_year_not_yet_planned()
    {
        var (admin, current, toGenerate, roundsThisYear, firstDeadline, startMonth) = await App.WithDbAsync(async (db, services) =>
        {
            var clock = services.GetRequiredService<TimeProvider>();
            var rules = services.GetRequiredService<RuleSetCatalog>().InForceAt(clock);
            var startMonth = rules.Rounds.SchoolYearStartMonth;
            var current = SchoolYear.Containing(clock.GetUtcNow(), startMonth);
            var generated = await db.Set<RoundCalendarYear>().AsNoTracking().Select(c => c.SchoolYearStartYear).ToListAsync();
            var rounds = (await db.Rounds.AsNoTracking().ToListAsync())
                .Where(r => current.Contains(r.CommitteeMeetingAt)).OrderBy(r => r.CommitteeMeetingAt).ToList();
            return (await db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.Administrator), current,
                Enumerable.Range(current.StartYear, 3).First(y => !generated.Contains(y)), rounds.Count, rounds[0].ReferralDeadline, startMonth);
        });

        await SignInAsync(admin);
        await Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Visitationsrunder" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Visitationsrunder for skoleåret {current.Name}");
        var kinds = Page.Locator("section[aria-labelledby=rundetyper] tbody tr");
        (await kinds.CountAsync()).ShouldBeGreaterThanOrEqualTo(Enum.GetValues<OfferCategory>().Length);
        await Expect(kinds.Filter(new() { HasText = OfferCategory.Specialtilbud1.Danish() })).ToHaveCountAsync(1);
        await Expect(Page.Locator("section[aria-labelledby=rundetyper]")).ToContainTextAsync("Løbende visitation");
        var rows = Page.Locator("section[aria-labelledby=kalender] tbody tr");
        await Expect(rows).ToHaveCountAsync(roundsThisYear);
        await Expect(rows.First).ToContainTextAsync(DanishTime.LongDate(firstDeadline));
        await Expect(Page.Locator("section[aria-labelledby=kalender] thead")).ToContainTextAsync("Fordelingsmøde");
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("admin-round-calendar");

        // A school year without rounds: generated from the rule set's cadences on request.
        var year = new SchoolYear(toGenerate, startMonth);
        await Page.GetByLabel("Skoleår").SelectOptionAsync(toGenerate.ToString());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Vis skoleåret" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Visitationsrunder for skoleåret {year.Name}");
        await Expect(Main).ToContainTextAsync("ikke dannet endnu");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Dan runderne for skoleåret {year.Name}" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync($"Visitationsrunderne for skoleåret {year.Name} er dannet");
        var generatedCount = await App.WithDbAsync(db => db.Set<RoundCalendarYear>().AsNoTracking().Where(c => c.SchoolYearStartYear == toGenerate).Select(c => c.RoundCount).SingleAsync());
        generatedCount.ShouldBeGreaterThan(0);
        await Expect(rows).ToHaveCountAsync(generatedCount);
        await Expect(Main).ToContainTextAsync("blev dannet");
        await Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Dan runderne") })).ToHaveCountAsync(0);
        await ShouldMeetAccessibilityBasicsAsync();
    }

    [Test]
    public async Task The_steering_figures_link_in_the_menu_opens_the_figures_for_administrators_and_committee_members()
    {
        var (admin, member) = await App.WithDbAsync(async db => (
            await db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.Administrator),
            await db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.CommitteeMember)));
        foreach (var user in new[] { admin, member })
        {
            await SignInAsync(user);
            await Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Styringstal" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Styringstal for skoleåret");
            await Expect(Page.Locator("svg").First).ToBeVisibleAsync();
            await Page.GotoAsync("/");
            await SignOutAsync();
        }
    }
}
