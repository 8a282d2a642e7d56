using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using static Visitation.Api.Tests.Revisitation.RevisitationScript;

namespace Visitation.Api.Tests.Revisitation;

[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class RevisitationApiTests(Db db)
{
    private TestDatabase _database = null!;
    private VisitationApp _app = null!;
    private readonly SettableClock _clock = new(DateTimeOffset.UtcNow);

    [OneTimeSetUp]
    public void StartApp()
    {
        _database = TestDatabase.Create(db);
        _app = new VisitationApp(_database, settings: new Dictionary<string, string?>
        {
            ["Municipality:LetterDropFolder"] = Path.Combine(_database.Folder, "letters"),
        }, services: s => s.AddSingleton<TimeProvider>(_clock));
    }

    [OneTimeTearDown]
    public void StopApp()
    {
        _app.Dispose();
        _database.Dispose();
    }

    /// <summary>Each test starts at the real time; a test that moves the clock on does so for itself.</summary>
    [SetUp]
    public void ResetClock() => _clock.Set(DateTimeOffset.UtcNow);

    private DateOnly Today => DanishTime.Date(_clock.GetUtcNow());

    [Test]
    public async Task Scripted_revisitation_through_the_API_ends_in_a_written_decision_with_a_letter_to_each_guardian()
    {
        var town = await _app.TownAsync();
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var leader = await _app.ClientForAsync(town.OfferLeader.Id);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var parent = await _app.ClientForAsync(town.ParentA.Id);

        var lastDecision = Today.AddMonths(-11);
        var placement = await RegisterAsync(committee, town.ChildA.Id, town.Offer.Id, lastDecision);
        var placementId = placement["id"]!.GetValue<Guid>();
        DateOf(placement["nextRevisitationDue"]).ShouldBe(lastDecision.AddMonths(12));

        var caseId = await StartAsync(leader, placementId);
        var now = _clock.GetUtcNow();
        var started = await (await leader.GetAsync($"/api/revisitations/{caseId}")).JsonAsync();
        started["workflowVersion"]!.GetValue<int>().ShouldBe(1);
        Codes(started["permittedActions"]).ShouldContain("RecordPupilConversation");
        Codes(started["remainingSteps"]).ShouldBe(["PupilConversation", "StatusMeeting", "HandleplanAnswer", "ParentConversation", "Decision"]);

        await PupilConversationAsync(leader, caseId, now.AddMinutes(-50));
        var status = await StatusMeetingAsync(leader, caseId, now.AddMinutes(-40));
        status["focusPoints"]!.AsArray().Count.ShouldBe(1);
        status["meetings"]!.AsArray().Count.ShouldBe(2);
        var sent = await SendHandleplanAsync(leader, caseId);
        sent["state"]!["code"]!.GetValue<string>().ShouldBe("HandleplanSent");

        // The district school leader sees the case and answers; the offer leader cannot answer for them.
        (await leader.PostJsonAsync($"/api/revisitations/{caseId}/handleplan/answer", new { answer = "NoFurtherDiscussion" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var answered = await AnswerAsync(school, caseId);
        answered["handleplanAnswer"]!["code"]!.GetValue<string>().ShouldBe("NoFurtherDiscussion");

        // The guardian may read the case and ask for a meeting, but not record one.
        var seenByParent = await (await parent.GetAsync($"/api/revisitations/{caseId}")).JsonAsync();
        Codes(seenByParent["permittedActions"]).ShouldBe(["RequestRevisitationMeeting"]);

        await ParentConversationAsync(leader, caseId, _clock.GetUtcNow());
        var decided = await ContinueAsync(leader, caseId);
        decided["state"]!["code"]!.GetValue<string>().ShouldBe("Decided");
        decided["decision"]!["writtenDecisionId"].ShouldNotBeNull();
        decided["decisionLetterDue"]!.GetValue<bool>().ShouldBeFalse();
        decided["permittedActions"]!.AsArray().ShouldBeEmpty();

        // The placement's next revisitation is due twelve months after today's decision.
        var after = await (await leader.GetAsync($"/api/placements/{placementId}")).JsonAsync();
        DateOf(after["lastDecisionDate"]).ShouldBe(Today);
        DateOf(after["nextRevisitationDue"]).ShouldBe(Today.AddMonths(12));
        after["openRevisitationCaseId"].ShouldBeNull();

        var letters = await WaitForLettersAsync(committee, town.ChildA.Id, expected: 2);
        letters.Select(l => l!["recipientName"]!.GetValue<string>()).ShouldBe(["Forælder A1", "Forælder A2"], ignoreOrder: true);
        var mine = (await (await parent.GetAsync($"/api/children/{town.ChildA.Id}/letters")).JsonAsync()).AsArray().ShouldHaveSingleItem()!;
        var pdf = await parent.GetByteArrayAsync(mine["pdfUrl"]!.GetValue<string>());
        using (var document = PdfDocument.Open(pdf))
        {
            var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            text.ShouldContain("Afgørelse om fortsat specialtilbud til Barn A");
            text.ShouldContain("Lederen af Testtilbud 1");
            text.ShouldContain("Statusmødet");
            text.ShouldContain("Klagevejledning");
            text.ShouldContain("Pædagogisk-psykologisk vurdering (PPV)");
        }

        // Every step is in the child's access log, which the guardian reads.
        var log = (await (await parent.GetAsync($"/api/children/{town.ChildA.Id}/access-log")).JsonAsync()).AsArray();
        var revisitationLines = log.Where(e => e!["caseType"]!.GetValue<string>() == "Revisitation" && e["kind"]!.GetValue<string>() == "Ændret")
            .Select(e => e!["what"]!.GetValue<string>()).ToList();
        revisitationLines.ShouldContain(w => w.StartsWith("Revisitation startet"));
        revisitationLines.ShouldContain(w => w.StartsWith("Statusmøde holdt"));
        revisitationLines.ShouldContain(w => w.StartsWith("Afgørelse: fortsat specialtilbud"));
        log.ShouldContain(e => e!["caseType"]!.GetValue<string>() == "Placering" && e["what"]!.GetValue<string>().StartsWith("Eksisterende placering"));
    }

    [Test]
    public async Task Committee_placement_decision_creates_a_placement_due_twelve_months_after_the_decision()
    {
        var town = await _app.TownAsync();
        var referralId = await ReferralScenario.OnAgendaAsync(_app, town);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var leader = await _app.ClientForAsync(town.OfferLeader.Id);

        await (await committee.PostJsonAsync($"/api/referrals/{referralId}/decision", new
        {
            outcome = "Placement",
            offerId = town.Offer.Id,
            startDate = Today.AddDays(30),
            reasons = "Barnets behov kan bedst imødekommes i et lille, struktureret fællesskab.",
        })).JsonAsync();

        var list = (await (await leader.GetAsync("/api/placements")).JsonAsync()).AsArray();
        var summary = list.Single(p => p!["childId"]!.GetValue<Guid>() == town.ChildA.Id)!;
        DateOf(summary["nextRevisitationDue"]).ShouldBe(Today.AddMonths(12));
        var placement = await (await leader.GetAsync($"/api/placements/{summary["id"]!.GetValue<Guid>()}")).JsonAsync();
        placement["referralId"]!.GetValue<Guid>().ShouldBe(referralId);
        placement["goals"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>().ShouldContain("handleplan");

        // The offer leader records the start meeting with the district school leader and the parents, and the handover.
        var placementId = placement["id"]!.GetValue<Guid>();
        var etag = (await leader.GetAsync($"/api/placements/{placementId}")).Headers.ETag!.Tag;
        var held = await (await leader.PostJsonIfMatchAsync($"/api/placements/{placementId}/start-meeting", new
        {
            meeting = Meeting(_clock.GetUtcNow().AddMinutes(-5), "DistrictSchoolLeader", "OfferLeader", "Guardian"),
            expectations = "Barnet skal deltage i distriktsskolens klassearrangementer.",
        }, etag)).JsonAsync();
        held["startMeeting"]!["participants"]!.AsArray().Count.ShouldBe(3);
        (await leader.PostJsonIfMatchAsync($"/api/placements/{placementId}/handover", new { handedOverAt = _clock.GetUtcNow() }, etag))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict, "a stale ETag is refused");
        await (await leader.PostJsonAsync($"/api/placements/{placementId}/handover", new { handedOverAt = _clock.GetUtcNow() })).JsonAsync();

        // The reminders and the escalation are scheduled from the due date.
        var deadlines = await _app.WithDbAsync(d => d.Deadlines.AsNoTracking().Where(x => x.SubjectId == placementId).ToListAsync());
        deadlines.Count(x => x.Kind == DeadlineKind.RevisitationReminder).ShouldBe(2);
        deadlines.Count(x => x.Kind == DeadlineKind.RevisitationEscalation).ShouldBe(1);
    }

    [Test]
    public async Task Offer_leader_of_another_offer_gets_404_while_the_district_school_leader_sees_their_districts_children_in_any_offer()
    {
        var town = await _app.TownAsync();
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var leader = await _app.ClientForAsync(town.OfferLeader.Id);
        var otherLeader = await _app.ClientForAsync(town.OtherOfferLeader.Id);
        var schoolA = await _app.ClientForAsync(town.LeaderA.Id);
        var schoolB = await _app.ClientForAsync(town.LeaderB.Id);
        var psychologistA = await _app.ClientForAsync(town.PsychologistA.Id);
        var admin = await _app.ClientForAsync(town.Admin.Id);

        // Child A (school A) in the offer, child B (school B) in the other offer.
        var a = (await RegisterAsync(committee, town.ChildA.Id, town.Offer.Id, Today.AddMonths(-3)))["id"]!.GetValue<Guid>();
        var b = (await RegisterAsync(committee, town.ChildB.Id, town.OtherOffer.Id, Today.AddMonths(-4)))["id"]!.GetValue<Guid>();
        var caseA = await StartAsync(leader, a);

        (await otherLeader.GetAsync($"/api/placements/{a}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherLeader.GetAsync($"/api/revisitations/{caseA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherLeader.PostJsonAsync($"/api/revisitations/{caseA}/pupil-conversation",
            new { meeting = Meeting(_clock.GetUtcNow(), "ContactTeacher", "Pupil") })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherLeader.PostJsonAsync("/api/revisitations", new { placementId = a })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var othersList = (await (await otherLeader.GetAsync("/api/placements")).JsonAsync()).AsArray().Select(p => p!["id"]!.GetValue<Guid>()).ToList();
        othersList.ShouldContain(b);
        othersList.ShouldNotContain(a);

        // The district school leader of school A sees child A in the offer; school B's leader sees child B in the other offer.
        (await (await schoolA.GetAsync($"/api/placements/{a}")).JsonAsync())["childName"]!.GetValue<string>().ShouldBe("Barn A");
        (await schoolA.GetAsync($"/api/revisitations/{caseA}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await schoolA.GetAsync($"/api/placements/{b}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var bSeenByB = await (await schoolB.GetAsync($"/api/placements/{b}")).JsonAsync();
        bSeenByB["offerId"]!.GetValue<Guid>().ShouldBe(town.OtherOffer.Id);
        (await schoolB.GetAsync($"/api/revisitations/{caseA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var schoolAList = (await (await schoolA.GetAsync("/api/placements")).JsonAsync()).AsArray().Select(p => p!["id"]!.GetValue<Guid>()).ToList();
        schoolAList.ShouldContain(a);
        schoolAList.ShouldNotContain(b);
        (await psychologistA.GetAsync($"/api/placements/{a}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The district school leader takes part but does not drive the case; the administrator sees no case content.
        (await schoolA.PostJsonAsync($"/api/revisitations/{caseA}/pupil-conversation",
            new { meeting = Meeting(_clock.GetUtcNow(), "ContactTeacher", "Pupil") })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.GetAsync($"/api/placements/{a}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.GetAsync($"/api/revisitations/{caseA}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Due_list_shows_the_children_due_within_the_horizon_per_offer_and_municipality_wide()
    {
        var town = await _app.TownAsync();
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var leader = await _app.ClientForAsync(town.OfferLeader.Id);
        var otherLeader = await _app.ClientForAsync(town.OtherOfferLeader.Id);

        var soon = (await RegisterAsync(committee, town.ChildA.Id, town.Offer.Id, Today.AddMonths(-12).AddDays(20)))["id"]!.GetValue<Guid>();
        var later = (await RegisterAsync(committee, town.ChildB.Id, town.Offer.Id, Today.AddMonths(-6)))["id"]!.GetValue<Guid>();
        var other = (await RegisterAsync(committee, town.PlacedChild.Id, town.OtherOffer.Id, Today.AddMonths(-12).AddDays(5)))["id"]!.GetValue<Guid>();

        var mine = await (await leader.GetAsync("/api/placements/due?days=30")).JsonAsync();
        var items = mine["items"]!.AsArray();
        items.Select(i => i!["placementId"]!.GetValue<Guid>()).ShouldBe([soon]);
        items[0]!["daysLeft"]!.GetValue<int>().ShouldBe(Today.AddMonths(-12).AddDays(20).AddMonths(12).DayNumber - Today.DayNumber);
        items[0]!["childName"]!.GetValue<string>().ShouldBe("Barn A");

        var wider = await (await leader.GetAsync("/api/placements/due?days=200")).JsonAsync();
        wider["items"]!.AsArray().Select(i => i!["placementId"]!.GetValue<Guid>()).ShouldBe([soon, later]);

        // The committee's municipality-wide list has both offers, earliest first; per offer, only that offer.
        var all = await (await committee.GetAsync("/api/placements/due?days=30&limit=500")).JsonAsync();
        var ids = all["items"]!.AsArray().Select(i => i!["placementId"]!.GetValue<Guid>()).ToList();
        ids.ShouldContain(soon);
        ids.ShouldContain(other);
        ids.ShouldNotContain(later);
        ids.IndexOf(other).ShouldBeLessThan(ids.IndexOf(soon));
        var perOffer = await (await committee.GetAsync($"/api/placements/due?days=30&offerId={town.OtherOffer.Id}")).JsonAsync();
        perOffer["items"]!.AsArray().Select(i => i!["placementId"]!.GetValue<Guid>()).ShouldBe([other]);

        // An offer leader cannot ask for another offer's list, and the horizon is required.
        (await otherLeader.GetAsync($"/api/placements/due?days=30&offerId={town.Offer.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await leader.GetAsync("/api/placements/due")).DanishProblemAsync(HttpStatusCode.BadRequest, "days");
        await (await leader.GetAsync("/api/placements/due?days=-1")).DanishProblemAsync(HttpStatusCode.BadRequest, "days");
    }

    [Test]
    public async Task Missed_handleplan_answer_reminds_the_district_school_leader_once_and_an_overdue_revisitation_escalates_once()
    {
        var town = await _app.TownAsync();
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var leader = await _app.ClientForAsync(town.OfferLeader.Id);
        var schoolB = await _app.ClientForAsync(town.LeaderB.Id);

        // Due in ten days; the handleplan goes out today and is not answered.
        var lastDecision = Today.AddMonths(-12).AddDays(10);
        var placementId = (await RegisterAsync(committee, town.ChildB.Id, town.Offer.Id, lastDecision))["id"]!.GetValue<Guid>();
        var caseId = await StartAsync(leader, placementId);
        var now = _clock.GetUtcNow();
        await PupilConversationAsync(leader, caseId, now.AddMinutes(-30));
        await StatusMeetingAsync(leader, caseId, now.AddMinutes(-20));
        var sent = await SendHandleplanAsync(leader, caseId);
        var answerBy = sent["handleplanAnswerDueAt"]!.GetValue<DateTimeOffset>();

        // Fifteen days on: the answer is late and the due date has passed.
        _clock.Set(answerBy.AddDays(1));
        var reminders = await FireAsync(_app, caseId, DeadlineKind.HandleplanAnswerReminder, times: 2);
        reminders.ShouldHaveSingleItem();
        var escalations = await FireAsync(_app, placementId, DeadlineKind.RevisitationEscalation, times: 2);
        escalations.ShouldHaveSingleItem();

        var reminder = await _app.WithDbAsync(d => d.Notifications.AsNoTracking().Where(n => n.DeadlineId == reminders[0]).ToListAsync());
        reminder.ShouldHaveSingleItem().RecipientSchoolId.ShouldBe(town.SchoolB.Id);
        var escalation = await _app.WithDbAsync(d => d.Notifications.AsNoTracking().Where(n => n.DeadlineId == escalations[0]).ToListAsync());
        escalation.ShouldHaveSingleItem().RecipientRole.ShouldBe(Role.CommitteeMember);
        escalation[0].Body.ShouldContain("handleplanen er sendt til distriktsskolelederen");

        var forSchool = (await (await schoolB.GetAsync("/api/notifications")).JsonAsync()).AsArray();
        forSchool.Count(n => n!["caseId"]?.GetValue<Guid>() == caseId && n["title"]!.GetValue<string>() == "Svar på handleplan mangler").ShouldBe(1);

        // The offer's overdue list shows the child and where its case stands.
        var overdue = await (await leader.GetAsync("/api/placements/overdue")).JsonAsync();
        var item = overdue["items"]!.AsArray().Single(i => i!["placementId"]!.GetValue<Guid>() == placementId)!;
        item["caseState"]!["code"]!.GetValue<string>().ShouldBe("HandleplanSent");
        item["daysOverdue"]!.GetValue<int>().ShouldBeGreaterThan(0);
        overdue["perOffer"]!.AsArray().ShouldContain(o => o!["offerId"]!.GetValue<Guid>() == town.Offer.Id);
    }

    [Test]
    public async Task Change_to_another_offer_asks_the_district_school_leader_to_refer_rather_than_referring_for_them()
    {
        var town = await _app.TownAsync();
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var leader = await _app.ClientForAsync(town.OfferLeader.Id);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var parent = await _app.ClientForAsync(town.ParentA.Id);

        var placementId = (await RegisterAsync(committee, town.ChildA.Id, town.Offer.Id, Today.AddMonths(-11)))["id"]!.GetValue<Guid>();
        var caseId = await StartAsync(leader, placementId);
        var now = _clock.GetUtcNow();
        await PupilConversationAsync(leader, caseId, now.AddMinutes(-60));
        await StatusMeetingAsync(leader, caseId, now.AddMinutes(-50), needsChanged: true);
        await SendHandleplanAsync(leader, caseId);
        await AnswerAsync(school, caseId);
        await (await parent.PostJsonAsync($"/api/revisitations/{caseId}/revisitation-meeting/request",
            new { reason = "Vi vil gerne drøfte, om et andet tilbud passer bedre." })).JsonAsync();
        var talked = await ParentConversationAsync(leader, caseId, _clock.GetUtcNow());
        talked["revisitationMeetingRequired"]!.GetValue<bool>().ShouldBeTrue();
        Codes(talked["permittedActions"]).ShouldNotContain("DecideContinuation");
        await RevisitationMeetingAsync(leader, caseId, _clock.GetUtcNow());

        var decided = await (await leader.PostJsonAsync($"/api/revisitations/{caseId}/decision", new
        {
            outcome = "Change",
            newOfferId = town.OtherOffer.Id,
            reasons = "Barnets behov for ro og trivselsstøtte mødes bedre i et tilbud for trivsel.",
            letter = CompleteLetter,
        })).JsonAsync();
        decided["decision"]!["outcome"]!["code"]!.GetValue<string>().ShouldBe("ChangeOffer");

        // The district school leader is told to refer; no referral is made for them, and the child stays meanwhile.
        var notices = (await (await school.GetAsync("/api/notifications")).JsonAsync()).AsArray();
        notices.ShouldContain(n => n!["caseId"]!.GetValue<Guid>() == caseId && n["title"]!.GetValue<string>().Contains("henvises"));
        (await _app.ReferralCountAsync(town.ChildA.Id)).ShouldBe(0);
        var placement = await (await leader.GetAsync($"/api/placements/{placementId}")).JsonAsync();
        placement["requestedOfferId"]!.GetValue<Guid>().ShouldBe(town.OtherOffer.Id);
        placement["offerId"]!.GetValue<Guid>().ShouldBe(town.Offer.Id);

        var letters = await WaitForLettersAsync(committee, town.ChildA.Id, expected: 2);
        letters[0]!["subject"]!.GetValue<string>().ShouldStartWith("Afgørelse om ændret specialpædagogisk bistand");

        // The school refers, the committee decides: the earlier placement ends and the new one starts its own year.
        var referralId = await ReferralScenario.OnAgendaAsync(_app, town);
        await (await committee.PostJsonAsync($"/api/referrals/{referralId}/decision", new
        {
            outcome = "Placement",
            offerId = town.OtherOffer.Id,
            startDate = Today.AddDays(14),
            reasons = "Udvalget følger revisitationens vurdering af barnets behov.",
        })).JsonAsync();
        var ended = await (await committee.GetAsync($"/api/placements/{placementId}")).JsonAsync();
        ended["status"]!["code"]!.GetValue<string>().ShouldBe("Ended");
        ended["nextRevisitationDue"].ShouldBeNull();
        var current = (await (await committee.GetAsync($"/api/placements?offerId={town.OtherOffer.Id}")).JsonAsync()).AsArray()
            .Single(p => p!["childId"]!.GetValue<Guid>() == town.ChildA.Id)!;
        current["status"]!["code"]!.GetValue<string>().ShouldBe("Active");
        DateOf(current["nextRevisitationDue"]).ShouldBe(Today.AddMonths(12));
        (await (await leader.GetAsync($"/api/placements/{placementId}")).JsonAsync())["offerId"]!.GetValue<Guid>().ShouldBe(town.Offer.Id);
    }
}
