using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Rules;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Journeys;

public sealed class OfferLeaderJourneyTests : BrowserTest
{
    private sealed record Due(AppUser Leader, Guid PlacementId, Guid ChildId, string ChildName, DateOnly DueDate);

    [Test]
    public async Task Offer_leader_plans_the_school_year_completes_a_revisitation_through_to_the_decision_and_sees_it_done()
    {
        var due = await DueThisSchoolYearAsync(leaderIndex: 0);
        await SignInAsync(due.Leader);
        Page.Url.ShouldEndWith("/tilbud", Case.Insensitive, "An offer leader lands on the offer's page.");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Revisitationsplan", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex(@"^Revisitationsplan \d{4}/\d{2}$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Overskredne revisitationer" })).ToBeVisibleAsync();
        var monthHeading = Show.Capitalised(due.DueDate.ToString("MMMM yyyy", DanishTime.Culture));
        var month = Page.Locator("section.month", new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = monthHeading }) });
        var row = month.Locator("tr", new() { Has = Page.Locator($"input[value='{due.PlacementId}']") });
        await Expect(row).ToContainTextAsync("Ikke startet");
        await Expect(row).ToContainTextAsync(Show.Date(due.DueDate));
        await ShouldMeetAccessibilityBasicsAsync();

        // The planner proposes a date for every remaining step, working back from the due dates.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Foreslå datoer for skoleåret" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("er lagt");
        await Expect(row).ToContainTextAsync("Elevsamtale");
        await Expect(row).ToContainTextAsync("planlagt");
        await ScreenshotAsync("offer-leader-planner");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Start revisitationen af {due.ChildName}" }).ClickAsync();
        await Page.WaitForURLAsync("**/tilbud/revisitationer/*");
        await Expect(Page.Locator(".flash")).ToContainTextAsync("er startet");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Revisitation: {due.ChildName}");
        var caseId = Guid.Parse(Page.Url.Split('/')[^1]);
        await ShouldMeetAccessibilityBasicsAsync();

        // Pupil conversation: the participants the step needs are ticked with the names the system knows.
        var pupil = Page.Locator("#Pupil");
        await Expect(pupil.GetByLabel("Kontaktlæreren deltog")).ToBeCheckedAsync();
        await Expect(pupil.GetByLabel("Eleven deltog")).ToBeCheckedAsync();
        await Expect(pupil.GetByLabel("Navn på eleven")).ToHaveValueAsync(due.ChildName);
        await pupil.GetByLabel("Referat af samtalen: barnets perspektiv").FillAsync(
            "Barnet fortæller, at det er glad for sin klasse og gerne vil læse mere. Kontaktlæreren ser god fremgang i forhold til handleplanen.");
        await pupil.GetByRole(AriaRole.Button, new() { Name = "Registrér elevsamtalen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Elevsamtalen er registreret");

        var status = Page.Locator("#StatusMeeting");
        await Expect(status.GetByLabel("Psykologen deltog")).ToBeCheckedAsync();
        await status.GetByLabel("Referat af statusmødet").FillAsync("Teamet, lederen og psykologen gennemgik handleplanen og barnets perspektiv.");
        await status.GetByLabel("Fokuspunkter til handleplanen").FillAsync("Læsning i mindre grupper\nPauseplan i frikvartererne");
        await status.GetByLabel("Anbefalinger for næste skoleår").FillAsync("Fortsat støtte i dansk");
        await status.GetByRole(AriaRole.Button, new() { Name = "Registrér statusmødet" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Statusmødet er registreret");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Send handleplanen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Handleplanen er sendt til distriktsskolelederen");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Venter på distriktsskolelederens svar" })).ToBeVisibleAsync();
        await Expect(Page.Locator("#ParentConversation")).ToHaveCountAsync(0);

        // The district school leader answers through the API, as their own pages or systems do.
        await AnswerHandleplanAsDistrictSchoolLeaderAsync(caseId);
        await Page.ReloadAsync();

        var parents = Page.Locator("#ParentConversation");
        await Expect(parents.GetByLabel(new Regex("^Forælder(en| 1) deltog$"))).ToBeCheckedAsync();
        await parents.GetByLabel("Referat af forældresamtalen").FillAsync("Forældrene og barnet er enige i, at støtten fortsætter som nu.");
        await parents.GetByRole(AriaRole.Button, new() { Name = "Registrér forældresamtalen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Forældresamtalen er registreret");

        // The decision without the rules applied and the PPV: refused with the legal checklist, the text kept.
        const string reasons = "Barnet trives og når sine mål i tilbuddet; forældrene, skolen og tilbuddet er enige om at fortsætte.";
        await Expect(Page.GetByLabel("Fortsat specialtilbud")).ToBeCheckedAsync();
        await Page.GetByLabel("Begrundelse", new() { Exact = true }).FillAsync(reasons);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Træf og udsted afgørelsen" }).ClickAsync();
        var lint = Page.Locator("#Decision_Letter");
        await Expect(lint).ToContainTextAsync("de regler, afgørelsen er truffet efter");
        await Expect(lint).ToContainTextAsync("pædagogisk-psykologisk vurdering (PPV)");
        await Expect(Page.GetByLabel("Begrundelse", new() { Exact = true })).ToHaveValueAsync(reasons);
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("offer-leader-decision-refused");
        (await App.WithDbAsync(db => db.Set<RevisitationCase>().AsNoTracking().Where(r => r.Id == caseId).Select(r => r.State).SingleAsync()))
            .ShouldBe(RevisitationState.ParentConversationHeld, "A refused decision saves nothing.");

        const string rules = "Folkeskolelovens § 20, stk. 2, og bekendtgørelse om folkeskolens specialundervisning § 7, stk. 1.";
        await Page.GetByLabel("De regler, afgørelsen er truffet efter").FillAsync(rules);
        await Page.GetByLabel("Den PPV, afgørelsen bygger på").FillAsync("Pædagogisk-psykologisk vurdering fra PPR, 3. marts 2026");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Træf og udsted afgørelsen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Afgørelsen er truffet");
        await Expect(Page.Locator(".facts").First).ToContainTextAsync("Afgjort");
        var decided = Page.Locator("section", new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = "Afgørelsen", Exact = true }) });
        await Expect(decided).ToContainTextAsync("Fortsat specialtilbud");
        await Expect(decided).ToContainTextAsync("Udstedt");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Møder og samtaler" })).ToBeVisibleAsync();
        await Expect(Page.Locator("article.card")).ToHaveCountAsync(3);
        await ShouldMeetAccessibilityBasicsAsync();

        // Back on the plan, the child's revisitation for this school year is done.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Revisitationsplan", Exact = true }).First.ClickAsync();
        var done = month.Locator("tr", new() { HasText = due.ChildName });
        await Expect(done).ToContainTextAsync("Afgjort");
        await Expect(done.GetByRole(AriaRole.Link, new() { Name = $"Se revisitationen af {due.ChildName}" })).ToBeVisibleAsync();
        await ScreenshotAsync("offer-leader-journey");

        var (revisitation, placement, written, reads) = await App.WithDbAsync(async db => (
            await db.Set<RevisitationCase>().AsNoTracking().AsSplitQuery().SingleAsync(r => r.Id == caseId),
            await db.Set<Placement>().AsNoTracking().AsSplitQuery().SingleAsync(p => p.Id == due.PlacementId),
            await db.WrittenDecisions.AsNoTracking().SingleAsync(w => w.CaseId == caseId),
            await db.AuditEntries.CountAsync(a => a.ChildId == due.ChildId && a.UserId == due.Leader.Id && a.Kind == AuditKind.Read)));
        revisitation.State.ShouldBe(RevisitationState.Decided);
        revisitation.Decision!.Outcome.ShouldBe(RevisitationOutcome.Continue);
        revisitation.Decision.Reasons.ShouldBe(reasons);
        revisitation.Meetings.OrderBy(m => m.RecordedAt).Select(m => m.Kind).ShouldBe([MeetingKind.PupilConversation, MeetingKind.StatusMeeting, MeetingKind.ParentConversation]);
        revisitation.FocusPoints.Select(n => n.Text).ShouldBe(["Læsning i mindre grupper", "Pauseplan i frikvartererne"]);
        revisitation.History.Where(h => h.Trigger != RevisitationTrigger.AnswerHandleplan).Select(h => h.ActorName)
            .ShouldAllBe(name => name == due.Leader.DisplayName);
        written.RulesApplied.ShouldBe(rules);
        placement.OpenRevisitationCaseId.ShouldBeNull();
        placement.NextRevisitationDue.ShouldNotBeNull().ShouldBeGreaterThan(due.DueDate, "The next revisitation is due a year after this decision.");
        reads.ShouldBeGreaterThan(0, "The pages log reads as the API does.");
    }

    [Test]
    public async Task Empty_minutes_are_refused_in_Danish_next_to_the_field_and_what_was_typed_is_kept()
    {
        var due = await DueThisSchoolYearAsync(leaderIndex: 1);
        var caseId = await StartAsync(due);
        await SignInAsync(due.Leader);
        await Page.GotoAsync($"/tilbud/revisitationer/{caseId}");

        var pupil = Page.Locator("#Pupil");
        const string teacher = "Kontaktlærer Birte Holm (syntetisk)";
        await pupil.GetByLabel("Navn på kontaktlæreren").FillAsync(teacher);
        await pupil.GetByRole(AriaRole.Button, new() { Name = "Registrér elevsamtalen" }).ClickAsync();

        await Expect(ErrorFor("Pupil.Meeting.Minutes")).ToContainTextAsync("Referatet skal udfyldes.");
        await Expect(Page.Locator("#Pupil_Meeting_Minutes")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.Locator(".error-summary")).ToContainTextAsync("Referatet skal udfyldes.");
        await Expect(pupil.GetByLabel("Navn på kontaktlæreren")).ToHaveValueAsync(teacher);
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("offer-leader-minutes-refused");

        // With the minutes typed but the pupil left out: the missing participant is named, the minutes kept.
        const string minutes = "Samtalen blev holdt uden eleven.";
        await pupil.GetByLabel("Referat af samtalen: barnets perspektiv").FillAsync(minutes);
        await pupil.GetByLabel("Eleven deltog").UncheckAsync();
        await pupil.GetByRole(AriaRole.Button, new() { Name = "Registrér elevsamtalen" }).ClickAsync();
        await Expect(ErrorFor("Pupil.Meeting.Participants")).ToContainTextAsync("Mangler: eleven");
        await Expect(pupil.GetByLabel("Referat af samtalen: barnets perspektiv")).ToHaveValueAsync(minutes);
        await Expect(pupil.GetByLabel("Eleven deltog")).Not.ToBeCheckedAsync();
        await ShouldMeetAccessibilityBasicsAsync();

        var state = await App.WithDbAsync(db => db.Set<RevisitationCase>().AsNoTracking().Where(r => r.Id == caseId).Select(r => r.State).SingleAsync());
        state.ShouldBe(RevisitationState.Started, "A refused step saves nothing.");
    }

    [Test]
    public async Task Offer_leader_cannot_open_or_start_a_revisitation_of_a_child_in_another_offer()
    {
        var own = await DueThisSchoolYearAsync(leaderIndex: 0);
        var other = await DueThisSchoolYearAsync(leaderIndex: 2, skip: 1);
        other.Leader.OfferId.ShouldNotBe(own.Leader.OfferId);
        var otherCaseId = await StartAsync(other);

        await SignInAsync(own.Leader);
        var response = await Page.GotoAsync($"/tilbud/revisitationer/{otherCaseId}");
        response!.Status.ShouldBe(404);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Siden findes ikke");
        await Expect(Main).Not.ToContainTextAsync(other.ChildName);
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("offer-leader-refused");

        // A forged start for the other offer's child: the planner again with a Danish message, and no case.
        using var client = new PageClient(App);
        await client.SignInAsync(own.Leader);
        using var start = await client.PostFormAsync("/tilbud/revisitationer?handler=Start", new() { ["PlacementId"] = other.PlacementId.ToString() });
        var html = await start.Content.ReadAsStringAsync();
        start.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Placeringen findes ikke, eller du har ikke adgang til den.");
        html.ShouldNotContain(other.ChildName);
        (await App.WithDbAsync(db => db.Set<RevisitationCase>().CountAsync(r => r.PlacementId == other.PlacementId))).ShouldBe(1);

        var reads = await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.ChildId == other.ChildId && a.UserId == own.Leader.Id));
        reads.ShouldBe(0, "A refused look is not a read of the other child's case.");
    }

    [Test]
    public async Task Ending_the_placement_after_a_revisitation_meeting_asks_for_the_phase_out_next_to_its_fields_and_decides_a_partial_return()
    {
        var due = await DueThisSchoolYearAsync(leaderIndex: 3);
        var caseId = await StartAsync(due);
        await HoldEveryMeetingAsync(due, caseId);
        await SignInAsync(due.Leader);
        await Page.GotoAsync($"/tilbud/revisitationer/{caseId}");
        await Expect(Page.Locator(".facts").First).ToContainTextAsync("Revisitationsmødet er holdt");
        await ShouldMeetAccessibilityBasicsAsync();

        // Ending without saying how: refused next to the phase-out choice, the reasons kept.
        const string reasons = "Barnet har nået sine mål og kan vende tilbage til sin klasse med støtte, som revisitationsmødet aftalte.";
        await Page.GetByLabel("Ophør: udslusning til distriktsskolen").CheckAsync();
        await Page.GetByLabel("Begrundelse", new() { Exact = true }).FillAsync(reasons);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Træf og udsted afgørelsen" }).ClickAsync();
        await Expect(ErrorFor("Decision.PhaseOutKind")).ToContainTextAsync("Udslusningen skal være");
        await Expect(Page.GetByLabel("Begrundelse", new() { Exact = true })).ToHaveValueAsync(reasons);
        await Expect(Page.GetByLabel("Ophør: udslusning til distriktsskolen")).ToBeCheckedAsync();
        await ShouldMeetAccessibilityBasicsAsync();

        var endDate = DanishTime.Date(DateTimeOffset.UtcNow).AddMonths(2);
        await Page.GetByLabel("Delvis tilbagevenden til distriktsskolen").CheckAsync();
        await Page.GetByLabel("Slutdato for udslusningen").FillAsync(endDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByLabel("Udslusningsplan").FillAsync("Barnet går to dage om ugen i sin stamklasse fra januar og tre dage fra marts.");
        await Page.GetByLabel("De regler, afgørelsen er truffet efter").FillAsync("Folkeskolelovens § 20, stk. 2.");
        await Page.GetByLabel("Den PPV, afgørelsen bygger på").FillAsync("PPV fra PPR, 3. marts 2026");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Træf og udsted afgørelsen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Afgørelsen er truffet");
        await Expect(Page.Locator("section", new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = "Afgørelsen", Exact = true }) }))
            .ToContainTextAsync("Udslusning til distriktsskolen");

        var revisitation = await App.WithDbAsync(db => db.Set<RevisitationCase>().AsNoTracking().AsSplitQuery().SingleAsync(r => r.Id == caseId));
        revisitation.Decision!.Outcome.ShouldBe(RevisitationOutcome.End);
        revisitation.Decision.PhaseOutKind.ShouldBe(PhaseOutKind.Partial);
        revisitation.Decision.PhaseOutEndDate.ShouldBe(endDate);
        revisitation.Decision.WrittenDecisionId.ShouldNotBeNull();
    }

    /// <summary>
    /// The <paramref name="leaderIndex"/>th offer leader (by name) whose offer has a child due this school year
    /// with no revisitation yet: the child due first from today, or the one after it (<paramref name="skip"/>).
    /// </summary>
    private static Task<Due> DueThisSchoolYearAsync(int leaderIndex, int skip = 0) => App.WithDbAsync(async (db, services) =>
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var today = DanishTime.Date(clock.GetUtcNow());
        var year = SchoolYear.Containing(today, services.GetRequiredService<RuleSetCatalog>().InForceAt(clock).Rounds.SchoolYearStartMonth);
        var leaders = await db.Users.AsNoTracking().Where(u => u.Role == Role.OfferLeader).OrderBy(u => u.DisplayName).ToListAsync();
        var leader = leaders[leaderIndex];
        var placement = await db.Set<Placement>().AsNoTracking()
            .Where(p => p.OfferId == leader.OfferId && p.OpenRevisitationCaseId == null && p.NextRevisitationDue >= today.AddDays(7)
                        && p.NextRevisitationDue <= year.LastDay)
            .OrderBy(p => p.NextRevisitationDue).ThenBy(p => p.Id).Skip(skip).FirstOrDefaultAsync()
            ?? throw new InconclusiveException($"The demo offer of {leader.DisplayName} has no child due this school year.");
        var child = await db.Children.AsNoTracking().SingleAsync(c => c.Id == placement.ChildId);
        return new Due(leader, placement.Id, child.Id, child.Name, placement.NextRevisitationDue!.Value);
    });

    /// <summary>Starts the child's revisitation through the domain, as the planner's start button does.</summary>
    private static Task<Guid> StartAsync(Due due) => App.WithDbAsync(async (db, services) =>
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var actor = (await Caller.ResolveAsync(db, due.Leader.Subject, CancellationToken.None))!;
        var placement = await db.Set<Placement>().AsSplitQuery().SingleAsync(p => p.Id == due.PlacementId);
        var workflow = services.GetRequiredService<WorkflowCatalog>().Latest<RevisitationWorkflow>(RevisitationWorkflow.DefinitionKey);
        var revisitation = workflow.Start(Guid.NewGuid(), placement, actor, services.GetRequiredService<RuleSetCatalog>().InForceAt(clock), clock.GetUtcNow());
        db.Add(revisitation);
        await db.SaveChangesAsync();
        return revisitation.Id;
    });

    /// <summary>
    /// Takes the case through every meeting as the people in it would, with the district school leader asking for a
    /// revisitation meeting in the answer, so the decision may continue, change or end the support.
    /// </summary>
    private static Task<bool> HoldEveryMeetingAsync(Due due, Guid caseId) => App.WithDbAsync(async (db, services) =>
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var revisitation = await db.Set<RevisitationCase>().AsSplitQuery().SingleAsync(r => r.Id == caseId);
        var workflow = services.GetRequiredService<WorkflowCatalog>().Get<RevisitationWorkflow>(revisitation.WorkflowKey, revisitation.WorkflowVersion);
        var leader = (await Caller.ResolveAsync(db, due.Leader.Subject, CancellationToken.None))!;
        var schoolLeaderUser = await db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.DistrictSchoolLeader && u.SchoolId == revisitation.DistrictSchoolId);
        var schoolLeader = (await Caller.ResolveAsync(db, schoolLeaderUser.Subject, CancellationToken.None))!;
        MeetingInput Meeting(RevisitationStep step) => new(now,
            RevisitationSteps.Of(step).Participants.Select(r => new ParticipantInput(r, $"Deltager ({r.Danish()})")).ToList(),
            "Referat: barnets trivsel og mål er gennemgået. (Syntetiske testdata.)");
        workflow.RecordPupilConversation(revisitation, leader, Meeting(RevisitationStep.PupilConversation), now);
        workflow.RecordStatusMeeting(revisitation, leader, Meeting(RevisitationStep.StatusMeeting), ["Tilbagevenden til stamklassen"], ["Gradvis udslusning"],
            false, now);
        workflow.SendHandleplan(revisitation, leader, services.GetRequiredService<RuleSetCatalog>().Get(revisitation.RuleSetVersion), now);
        workflow.AnswerHandleplan(revisitation, schoolLeader, HandleplanAnswer.WantsDiscussion, "Skolen vil drøfte en tilbagevenden.", now);
        workflow.RecordParentConversation(revisitation, leader, Meeting(RevisitationStep.ParentConversation), false, now);
        workflow.RecordRevisitationMeeting(revisitation, leader, Meeting(RevisitationStep.RevisitationMeeting), now);
        await db.SaveChangesAsync();
        return true;
    });

    private static async Task AnswerHandleplanAsDistrictSchoolLeaderAsync(Guid caseId)
    {
        var leader = await App.WithDbAsync(async db =>
        {
            var school = await db.Set<RevisitationCase>().AsNoTracking().Where(r => r.Id == caseId).Select(r => r.DistrictSchoolId).SingleAsync();
            return await db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.DistrictSchoolLeader && u.SchoolId == school);
        });
        using var http = new HttpClient { BaseAddress = App.BaseAddress };
        var token = await (await http.PostAsJsonAsync("/dev/token", new { userId = leader.Id })).Content.ReadFromJsonAsync<JsonObject>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!["accessToken"]!.GetValue<string>());
        using var answer = await http.PostAsJsonAsync($"/api/revisitations/{caseId}/handleplan/answer", new { answer = "NoFurtherDiscussion" });
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
    }
}
