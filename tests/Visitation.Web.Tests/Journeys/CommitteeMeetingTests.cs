using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Journeys;

public sealed class CommitteeMeetingTests : BrowserTest
{
    private sealed record Child(Guid ReferralId, Guid ChildId, string Name, int Guardians);

    [Test]
    public async Task Committee_triages_a_round_decides_its_agenda_at_the_meeting_is_refused_closing_with_a_case_undecided_then_closes_and_the_decisions_are_issued()
    {
        const string roundName = "Ekstraordinær visitationsrunde (mødetest)";
        const string offerName = "Trivselsklassen Fjordglimt";
        var (member, roundId, offerId, a, b) = await App.WithDbAsync(async (db, services) =>
        {
            var clock = services.GetRequiredService<TimeProvider>();
            var rules = services.GetRequiredService<RuleSetCatalog>().InForceAt(clock);
            var now = clock.GetUtcNow();
            var member = await db.Users.AsNoTracking().Where(u => u.Role == Role.CommitteeMember).OrderBy(u => u.DisplayName).FirstAsync();
            var actor = (await Caller.ResolveAsync(db, member.Subject, CancellationToken.None))!;
            // A round of its own, so the journey neither takes nor leaves cases in the demo's rounds.
            var round = VisitationRound.Plan(Guid.NewGuid(), roundName, RoundKind.Regular, now.AddDays(1), now.AddDays(2), now.AddDays(3), rules, now);
            db.Rounds.Add(round);
            // One seat only: the second placement in it overfills it and needs the committee's explicit override.
            var host = await db.Schools.AsNoTracking().OrderBy(s => s.Name).FirstAsync();
            var offer = new SpecialOffer(Guid.NewGuid(), offerName, OfferCategory.Specialtilbud2, host.Id, 1);
            db.Offers.Add(offer);
            var complete = (await db.Referrals.Where(r => r.State == ReferralState.Complete).ToListAsync())
                .Where(r => r.HasPart(ReferralPartType.PPV) && r.HasPart(ReferralPartType.ParentStatement))
                .OrderByDescending(r => r.Id).Take(2).ToList();
            if (complete.Count < 2) throw new InconclusiveException("The demo municipality has fewer than two complete referrals without a round.");
            var workflows = services.GetRequiredService<WorkflowCatalog>();
            foreach (var referral in complete)
                workflows.Get<ReferralWorkflow>(referral.WorkflowKey, referral.WorkflowVersion).AssignToRound(referral, actor, round, now);
            await db.SaveChangesAsync();
            var children = new List<Child>();
            foreach (var referral in complete)
            {
                var child = await db.Children.AsNoTracking().SingleAsync(c => c.Id == referral.ChildId);
                children.Add(new Child(referral.Id, child.Id, child.Name, child.GuardianIds.Count));
            }
            return (member, round.Id, offer.Id, children[0], children[1]);
        });

        await SignInAsync(member);
        await Page.GetByRole(AriaRole.Link, new() { Name = roundName, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(roundName);

        // The triage meeting: a referral without a track is refused, and the track chosen for the other is kept.
        var trackA = Page.GetByLabel($"Spor for {a.Name}");
        await trackA.SelectOptionAsync("2");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Hold fordelingsmødet og lav dagsordenen" }).ClickAsync();
        await Expect(ErrorFor("Tracks")).ToContainTextAsync("1 henvisning(er) mangler et spor");
        await Expect(trackA).ToHaveValueAsync("2");
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("committee-triage-refused");
        await Page.GetByLabel($"Spor for {b.Name}").SelectOptionAsync("2");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Hold fordelingsmødet og lav dagsordenen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Dagsordenen for visitationsudvalgets møde har 2 sager");
        var agenda = Page.Locator("section[aria-labelledby=dagsorden]");
        await Expect(agenda.GetByRole(AriaRole.Heading, new() { Name = "Spor 2: socio-emotionelle tilbud" })).ToBeVisibleAsync();
        await Expect(agenda.GetByRole(AriaRole.Row).Filter(new() { HasText = a.Name })).ToContainTextAsync("På visitationsudvalgets dagsorden");
        await ScreenshotAsync("committee-triage-board");

        // The meeting: open it, attendance and minutes.
        await Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Visitationsudvalgets møde") }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Visitationsudvalgets møde: {roundName}");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Åbn mødet" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Visitationsudvalgets møde er åbnet");
        // Within a track the agenda follows submission order, so the case numbers come from the meeting.
        var numberOfB = await App.WithDbAsync(async db => (await db.Set<CommitteeMeeting>().AsNoTracking().SingleAsync(m => m.RoundId == roundId))
            .Cases.Single(c => c.ReferralId == b.ReferralId).Number);
        await Page.GetByLabel(member.DisplayName, new() { Exact = true }).CheckAsync();
        await Page.GetByLabel("Andre deltagere").FillAsync("Psykolog fra TCBU, psykolog");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Gem fremmødet" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Fremmødet er gemt: 2 til stede");
        await Expect(Main).ToContainTextAsync("Psykolog fra TCBU (psykolog)");
        const string minutes = "Udvalget drøftede rundens to sager om socio-emotionelle tilbud.";
        await Page.GetByLabel("Mødets referat").FillAsync(minutes);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Gem referatet" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Referatet er gemt");
        await Expect(Page.GetByLabel("Mødets referat")).ToHaveValueAsync(minutes);
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = b.Name })).ToContainTextAsync("Mangler afgørelse");
        await ShouldMeetAccessibilityBasicsAsync();

        // Case A: the suggestion is shown as a suggestion; the committee decides a placement in the one-seat offer.
        const string reasonsA = "Barnet har brug for et lille, trygt fællesskab tæt på hjemmet.";
        await Page.GetByRole(AriaRole.Link, new() { Name = a.Name, Exact = true }).ClickAsync();
        var suggestion = Page.Locator("section[aria-labelledby=forslag]");
        await Expect(suggestion.GetByRole(AriaRole.Heading, new() { Name = "Forslag — udvalget træffer afgørelsen" })).ToBeVisibleAsync();
        await Expect(suggestion).ToContainTextAsync("Udvalget træffer afgørelsen");
        await Expect(suggestion).ToContainTextAsync(" km");
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("committee-case-suggestion");
        await Page.GetByLabel("Visitation til et specialtilbud").CheckAsync();
        await Page.GetByLabel("Specialtilbud", new() { Exact = true }).SelectOptionAsync(offerId.ToString());
        await Page.GetByLabel("Udvalgets begrundelse").FillAsync(reasonsA);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Registrér udvalgets afgørelse" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync($"punkt {3 - numberOfB} (spor 2: socio-emotionelle tilbud) er registreret");
        var rowA = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = a.Name });
        await Expect(rowA).ToContainTextAsync("Visitation til specialtilbud");
        await Expect(rowA).ToContainTextAsync(offerName);

        // Closing with case B undecided is refused, in Danish, naming the case; nothing closes.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Luk runden" }).ClickAsync();
        await Expect(ErrorFor("Close")).ToContainTextAsync("kan ikke lukkes, før alle sager på dagsordenen har en afgørelse");
        await Expect(ErrorFor("Close")).ToContainTextAsync($"1 sag mangler: punkt {numberOfB} (spor 2: socio-emotionelle tilbud)");
        var linkToB = Page.Locator("#Close").GetByRole(AriaRole.Link, new() { Name = $"Punkt {numberOfB}: {b.Name}" });
        await Expect(linkToB).ToBeVisibleAsync();
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("committee-close-refused");
        (await App.WithDbAsync(db => db.Rounds.AsNoTracking().Where(r => r.Id == roundId).Select(r => r.Status).SingleAsync())).ShouldBe(RoundStatus.Open);

        // Case B in the same offer: now full, so refused until the committee overrides the capacity with a reason.
        const string reasonsB = "Barnet har søskende i klassen, og et andet tilbud ville give en lang daglig transport.";
        const string overrideReason = "Udvalget vurderer, at klassen kan rumme et barn mere i en overgang, indtil en plads frigøres.";
        await linkToB.ClickAsync();
        await Page.GetByLabel("Visitation til et specialtilbud").CheckAsync();
        await Page.GetByLabel("Specialtilbud", new() { Exact = true }).SelectOptionAsync(offerId.ToString());
        await Page.GetByLabel("Udvalgets begrundelse").FillAsync(reasonsB);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Registrér udvalgets afgørelse" }).ClickAsync();
        await Expect(ErrorFor("Meeting.CapacityOverride")).ToContainTextAsync("overfylder tilbuddet");
        await Expect(Page.GetByLabel("Udvalgets begrundelse")).ToHaveValueAsync(reasonsB);
        await Expect(Page.GetByLabel("Specialtilbud", new() { Exact = true })).ToHaveValueAsync(offerId.ToString());
        await ShouldMeetAccessibilityBasicsAsync();
        await Page.GetByLabel("Udvalget tilsidesætter kapaciteten").CheckAsync();
        await Page.GetByLabel("Begrundelse for at tilsidesætte kapaciteten").FillAsync(overrideReason);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Registrér udvalgets afgørelse" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync($"punkt {numberOfB} ");
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = b.Name })).ToContainTextAsync($"Kapaciteten er tilsidesat: {overrideReason}");

        // Closing: while the server issues the decisions, the form says it is working (aria-busy, button disabled).
        // The close request is held back a moment; the form's state then is kept in session storage, which outlives the page.
        await Page.RouteAsync(new Regex("handler=Close"), async route =>
        {
            await Task.Delay(1000);
            await route.ContinueAsync();
        });
        await Page.EvaluateAsync("""
            () => document.querySelector('form#Close').addEventListener('submit', e => setTimeout(() => {
                const f = e.target;
                sessionStorage.setItem('while-closing', JSON.stringify({
                    busy: f.getAttribute('aria-busy'),
                    disabled: f.querySelector('button[type=submit]').disabled,
                    status: f.querySelector('[role=status]')?.textContent ?? '' }));
            }, 100))
            """);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Luk runden" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Runden er lukket, og 2 afgørelser er udstedt");
        var whileClosing = await Page.EvaluateAsync<System.Text.Json.JsonElement>("() => JSON.parse(sessionStorage.getItem('while-closing'))");
        whileClosing.GetProperty("busy").GetString().ShouldBe("true");
        whileClosing.GetProperty("disabled").GetBoolean().ShouldBeTrue();
        (whileClosing.GetProperty("status").GetString() ?? "").ShouldContain("Arbejder");
        await Page.UnrouteAllAsync();

        // The result: both decisions issued, the letters delivered to every guardian (the page refreshes itself meanwhile).
        var result = Page.Locator("section[aria-labelledby=resultat]");
        await Expect(result.GetByRole(AriaRole.Row).Filter(new() { HasText = a.Name })).ToContainTextAsync($"{a.Guardians} af {a.Guardians} leveret", new() { Timeout = 45_000 });
        await Expect(result.GetByRole(AriaRole.Row).Filter(new() { HasText = b.Name })).ToContainTextAsync($"{b.Guardians} af {b.Guardians} leveret", new() { Timeout = 45_000 });
        await Expect(result).ToContainTextAsync("Afgørelse om specialtilbud");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Luk runden" })).ToHaveCountAsync(0);
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("committee-meeting-journey");

        var (status, states, written, meeting) = await App.WithDbAsync(async db => (
            await db.Rounds.AsNoTracking().Where(r => r.Id == roundId).Select(r => r.Status).SingleAsync(),
            await db.Referrals.AsNoTracking().Where(r => r.Id == a.ReferralId || r.Id == b.ReferralId).Select(r => r.State).ToListAsync(),
            await db.WrittenDecisions.AsNoTracking().Where(w => w.CaseId == a.ReferralId || w.CaseId == b.ReferralId).CountAsync(),
            await db.Set<CommitteeMeeting>().AsNoTracking().SingleAsync(m => m.RoundId == roundId)));
        status.ShouldBe(RoundStatus.Closed);
        states.ShouldAllBe(s => s == ReferralState.Decided);
        written.ShouldBe(2);
        meeting.Minutes.ShouldBe(minutes);
        meeting.Attendees.Select(x => x.Name).ShouldContain("Psykolog fra TCBU");
        meeting.Cases.Single(c => c.ReferralId == b.ReferralId).CapacityOverrideReason.ShouldBe(overrideReason);
        meeting.Cases.Single(c => c.ReferralId == a.ReferralId).CapacityOverrideReason.ShouldBeNull();
    }

    [Test]
    public async Task Case_page_shows_the_rounds_placement_suggestion_for_the_child_with_its_explanation_and_logs_only_that_childs_read()
    {
        var (member, referralId, childId, otherChildren, roundName) = await App.WithDbAsync(async db =>
        {
            var member = await db.Users.AsNoTracking().Where(u => u.Role == Role.CommitteeMember).OrderBy(u => u.DisplayName).LastAsync();
            var rounds = await db.Rounds.AsNoTracking().Where(r => r.Status == RoundStatus.Open && r.Kind == RoundKind.Frequent).ToListAsync();
            var ids = rounds.Select(r => r.Id).ToList();
            var onAgenda = await db.Referrals.AsNoTracking().Where(r => r.State == ReferralState.OnAgenda && r.RoundId != null && ids.Contains(r.RoundId.Value))
                .OrderBy(r => r.Id).ToListAsync();
            if (onAgenda.Count < 2) throw new InconclusiveException("The demo's frequent round has fewer than two cases on the agenda.");
            var chosen = onAgenda[0];
            var others = onAgenda.Where(r => r.RoundId == chosen.RoundId && r.Id != chosen.Id).Select(r => r.ChildId).ToList();
            return (member, chosen.Id, chosen.ChildId, others, rounds.Single(r => r.Id == chosen.RoundId).Name);
        });
        var note = $"Så forslaget til placering for {roundName}.";
        int Reads(Visitation.Api.Infrastructure.Persistence.VisitationDbContext db, Guid child) =>
            db.AuditEntries.AsNoTracking().Count(e => e.ChildId == child && e.What == note);
        var othersBefore = await App.WithDbAsync(db => Task.FromResult(otherChildren.Sum(c => Reads(db, c))));

        await SignInAsync(member);
        await Page.GotoAsync($"/udvalg/sager/{referralId}");
        var suggestion = Page.Locator("section[aria-labelledby=forslag]");
        await Expect(suggestion.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Forslag — udvalget træffer afgørelsen");
        await Expect(suggestion).ToContainTextAsync("Forklaring:");
        await Expect(suggestion).ToContainTextAsync("km fra distriktsskolen");
        await Expect(suggestion.Locator("dt", new() { HasTextString = "Ledige pladser" })).ToBeVisibleAsync();
        await Expect(suggestion.Locator("caption")).ToHaveTextAsync("Andre tilbud, der passer, nærmeste først");
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("committee-suggestion");

        // Following the suggestion is the committee's choice: the link only preselects the offer in the decision form.
        var offered = await suggestion.Locator("dt:text-is('Foreslået tilbud') + dd").InnerTextAsync();
        await suggestion.GetByRole(AriaRole.Link, new() { Name = $"Vælg {offered} i afgørelsesformularen" }).ClickAsync();
        var select = Page.GetByLabel("Specialtilbud", new() { Exact = true });
        var selected = await select.EvaluateAsync<string>("s => s.options[s.selectedIndex].text");
        selected.ShouldStartWith(offered);
        (await App.WithDbAsync(db => db.Referrals.AsNoTracking().Where(r => r.Id == referralId).Select(r => r.State).SingleAsync()))
            .ShouldBe(ReferralState.OnAgenda, "A suggestion decides nothing.");

        var (mine, othersAfter) = await App.WithDbAsync(db => Task.FromResult((Reads(db, childId), otherChildren.Sum(c => Reads(db, c)))));
        mine.ShouldBeGreaterThanOrEqualTo(2, "Each showing of the suggestion is in the child's access log.");
        othersAfter.ShouldBe(othersBefore, "The other children's suggestions were computed but not shown, so not logged as read.");
    }
}
