using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Rules;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Journeys;

public sealed class HandleplanJourneyTests : BrowserTest
{
    private const string FocusPoint = "Samarbejde i mindre grupper og deltagelse i stamklassens idræt";
    private const string Recommendation = "Fortsat undervisning i tilbuddet med to dage om ugen i stamklassen";
    private const string Comment = "Skolen ønsker at drøfte, om eleven kan være tre dage om ugen i stamklassen fra næste skoleår.";

    [Test]
    public async Task School_leader_sees_the_districts_children_in_special_offers_and_answers_a_handleplan_asking_for_discussion()
    {
        var (leader, revisitationId, childName, offerName, due) = await HandleplanSentAsync();

        await SignInAsync(leader);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Børn i specialtilbud" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("i specialtilbud");
        var row = Page.Locator("tr", new() { HasText = childName });
        await Expect(row).ToContainTextAsync(offerName);
        await Expect(row).ToContainTextAsync(Show.Date(due));
        await Expect(row).ToContainTextAsync("Handleplanen venter på dit svar");
        await ShouldMeetAccessibilityBasicsAsync();

        await Page.Locator("#handleplaner").Locator("..").GetByRole(AriaRole.Link, new() { Name = childName }).ClickAsync();
        await Page.WaitForURLAsync($"**/skole/handleplaner/{revisitationId}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Handleplan for {childName}");
        await Expect(Main).ToContainTextAsync(FocusPoint);
        await Expect(Main).ToContainTextAsync(Recommendation);
        await Expect(Page.Locator(".facts")).ToContainTextAsync("Svarfrist");

        // Asking for a discussion without saying what: refused next to the comment, the choice kept.
        await Page.GetByLabel("Ja, skolen ønsker den drøftet").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send svaret" }).ClickAsync();
        await Expect(ErrorFor("Answer.Comment")).ToContainTextAsync("Skriv, hvad distriktsskolelederen ønsker at drøfte.");
        await Expect(Page.Locator("#Answer_Comment")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.GetByLabel("Ja, skolen ønsker den drøftet")).ToBeCheckedAsync();
        await Expect(Page.Locator(".error-summary")).ToContainTextAsync("Skriv, hvad distriktsskolelederen ønsker at drøfte.");
        await ShouldMeetAccessibilityBasicsAsync();

        await Page.GetByLabel("Kommentar").FillAsync(Comment);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send svaret" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync($"Du ønsker handleplanen for {childName} drøftet");
        await Expect(Page.Locator("#svar").Locator("..")).ToContainTextAsync("Du har svaret: ønsker drøftelse");
        await Expect(Page.Locator("#svar").Locator("..")).ToContainTextAsync(Comment);
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("handleplan-journey");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Børn i specialtilbud" }).First.ClickAsync();
        await Expect(Page.Locator("#handleplaner").Locator("..")).Not.ToContainTextAsync(childName);

        var revisitation = await App.WithDbAsync(db => db.Set<RevisitationCase>().AsNoTracking().AsSplitQuery().SingleAsync(r => r.Id == revisitationId));
        revisitation.State.ShouldBe(RevisitationState.HandleplanAnswered);
        revisitation.HandleplanAnswer.ShouldBe(HandleplanAnswer.WantsDiscussion);
        revisitation.HandleplanAnswerComment.ShouldBe(Comment);
        revisitation.DistrictSchoolWantsDiscussion.ShouldBeTrue();
        revisitation.History.Last().ActorName.ShouldBe(leader.DisplayName);
    }

    /// <summary>
    /// A placed child's revisitation taken, as the offer leader's pages would, through the pupil conversation
    /// and the status meeting to the handleplan sent to the district school leader.
    /// </summary>
    private static Task<(AppUser Leader, Guid RevisitationId, string ChildName, string OfferName, DateOnly Due)> HandleplanSentAsync() =>
        App.WithDbAsync(async (db, services) =>
        {
            var clock = services.GetRequiredService<TimeProvider>();
            var rules = services.GetRequiredService<RuleSetCatalog>().InForceAt(clock);
            var workflow = services.GetRequiredService<WorkflowCatalog>().Latest<RevisitationWorkflow>(RevisitationWorkflow.DefinitionKey);
            var districtSchools = await db.Schools.AsNoTracking().Where(s => s.IsDistrictSchool).Select(s => s.Id).ToListAsync();
            // An offer with a leader who can sign in (other tests may add offers without one).
            var ledOffers = await db.Users.AsNoTracking().Where(u => u.Role == Role.OfferLeader && u.OfferId != null).Select(u => u.OfferId!.Value).ToListAsync();
            // The placement due last, so the offer leader's own journeys (which take the most urgent) are left alone.
            var placement = await db.Set<Placement>().AsSplitQuery()
                .Where(p => p.Status == PlacementStatus.Active && p.OpenRevisitationCaseId == null && districtSchools.Contains(p.DistrictSchoolId)
                            && ledOffers.Contains(p.OfferId))
                .OrderByDescending(p => p.NextRevisitationDue).ThenBy(p => p.Id).FirstAsync();
            var offerLeaderUser = await db.Users.AsNoTracking().SingleAsync(u => u.Role == Role.OfferLeader && u.OfferId == placement.OfferId);
            var offerLeader = (await Caller.ResolveAsync(db, offerLeaderUser.Subject, CancellationToken.None))!;
            var now = clock.GetUtcNow();

            var revisitation = workflow.Start(Guid.NewGuid(), placement, offerLeader, rules, now.AddHours(-3));
            db.Add(revisitation);
            ParticipantInput[] everyone =
            [
                new(ParticipantRole.Pupil, "Eleven"), new(ParticipantRole.ContactTeacher, "Kontaktlærer"), new(ParticipantRole.Team, "Teamet"),
                new(ParticipantRole.OfferLeader, offerLeader.DisplayName), new(ParticipantRole.Psychologist, "Psykolog fra PPR"),
            ];
            workflow.RecordPupilConversation(revisitation, offerLeader,
                new MeetingInput(now.AddHours(-2), everyone, "Eleven fortæller, at det går godt i tilbuddet. (Syntetiske testdata.)"), now.AddHours(-2));
            if (workflow.PermittedActions(revisitation, offerLeader).Contains(RevisitationTrigger.RecordChildStatement))
                workflow.RecordChildStatement(revisitation, offerLeader, new MeetingInput(now.AddMinutes(-100), everyone, "Barnets udtalelse er hentet."),
                    "Jeg kan godt lide at være i min klasse om fredagen.", now.AddMinutes(-100));
            workflow.RecordStatusMeeting(revisitation, offerLeader,
                new MeetingInput(now.AddHours(-1), everyone, "Handleplan, elevplan og data er gennemgået. (Syntetiske testdata.)"),
                [FocusPoint], [Recommendation], needsChanged: false, now.AddHours(-1));
            workflow.SendHandleplan(revisitation, offerLeader, rules, now.AddMinutes(-30));
            await db.SaveChangesAsync();

            var leader = await db.Users.AsNoTracking().SingleAsync(u => u.Role == Role.DistrictSchoolLeader && u.SchoolId == placement.DistrictSchoolId);
            var child = await db.Children.AsNoTracking().SingleAsync(c => c.Id == placement.ChildId);
            var offer = await db.Offers.AsNoTracking().SingleAsync(o => o.Id == placement.OfferId);
            return (leader, revisitation.Id, child.Name, offer.Name, placement.NextRevisitationDue!.Value);
        });
}
