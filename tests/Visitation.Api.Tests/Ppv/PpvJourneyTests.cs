using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Referrals;

namespace Visitation.Api.Tests.Ppv;

[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class PpvJourneyTests(Db db)
{
    private TestDatabase _database = null!;
    private VisitationApp _app = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        _database = TestDatabase.Create(db);
        _app = new VisitationApp(_database);
    }

    [OneTimeTearDown]
    public void StopApp()
    {
        _app.Dispose();
        _database.Dispose();
    }

    [Test]
    public async Task District_school_requests_a_PPV_that_after_consent_assessment_and_hearing_becomes_the_PPV_part_of_a_complete_referral_with_every_read_logged()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var psychologist = await _app.ClientForAsync(town.PsychologistA.Id);
        var parent = await _app.ClientForAsync(town.ParentA.Id);
        var committee = await _app.ClientForAsync(town.Committee.Id);

        // The district school asks the psychologist service for a PPV.
        var requested = await (await school.PostJsonAsync("/api/ppv", new
        {
            childId = town.ChildA.Id,
            reason = "Barnet har svært ved overgange og trækker sig fra fællesskabet; skolen ønsker en vurdering af støttebehovet.",
        })).JsonAsync(HttpStatusCode.Created);
        var id = requested["id"]!.GetValue<Guid>();
        State(requested).ShouldBe("Requested");
        requested["workflowVersion"]!.GetValue<int>().ShouldBe(1);

        // Before consent the school's psychologist sees the request, and nothing else.
        var beforeConsent = await (await psychologist.GetAsync($"/api/ppv/{id}")).JsonAsync();
        beforeConsent["requests"]!.AsArray().Count.ShouldBe(1);
        beforeConsent["notes"].ShouldBeNull();
        Shown(beforeConsent).ShouldBe(["anmodningen"]);

        // One parent consents online; the school records the other parent's signed consent form.
        var oneConsent = await (await parent.PostJsonAsync($"/api/ppv/{id}/consent", new { scopes = new[] { "All" } })).JsonAsync();
        State(oneConsent).ShouldBe("Requested");
        var consented = await (await school.PostJsonAsync($"/api/ppv/{id}/consent", new
        {
            guardianIds = new[] { town.GuardianA2.Id },
            scopes = new[] { "Assessment", "SharingWithSchool", "SharingWithCommittee" },
            givenAt = DateTimeOffset.UtcNow.AddMinutes(-30),
        })).JsonAsync();
        State(consented).ShouldBe("AwaitingPrioritisation");
        consented["consent"]!["assessment"]!.GetValue<bool>().ShouldBeTrue();

        // The coordination meeting prioritises it; the school's psychologist takes it.
        var queue = (await (await school.GetAsync($"/api/ppv/schools/{town.SchoolA.Id}/queue")).JsonAsync()).AsArray();
        queue.ShouldHaveSingleItem()!["ppvCaseId"]!.GetValue<Guid>().ShouldBe(id);
        var prioritised = await (await school.PostJsonAsync($"/api/ppv/{id}/prioritise", new
        {
            priority = "High",
            meetingDate = DateOnly.FromDateTime(DateTime.UtcNow),
        })).JsonAsync();
        State(prioritised).ShouldBe("AwaitingAssignment");
        var assigned = await (await psychologist.PostJsonAsync($"/api/ppv/{id}/assign", new { psychologistId = town.PsychologistA.Id })).JsonAsync();
        State(assigned).ShouldBe("Assigned");
        assigned["assignedPsychologistName"]!.GetValue<string>().ShouldBe("Psykolog A");

        // Assessment: notes, then a draft with recommendations, sent to the parents for their comments.
        await (await psychologist.PostJsonAsync($"/api/ppv/{id}/notes", new
        {
            kind = "Observation",
            text = "Observation i dansk: barnet arbejder koncentreret i små grupper, men trækker sig ved skift.",
        })).JsonAsync();
        var noted = await (await psychologist.PostJsonAsync($"/api/ppv/{id}/notes", new
        {
            kind = "ConversationWithParents",
            text = "Samtale med forældrene om hverdagen hjemme og barnets søvn.",
        })).JsonAsync();
        State(noted).ShouldBe("InAssessment");
        noted["notes"]!.AsArray().Count.ShouldBe(2);
        var drafted = await (await psychologist.PostJsonAsync($"/api/ppv/{id}/draft", new
        {
            text = "Barnet trives i små fællesskaber med faste rammer.\n\nOvergange og store grupper er vanskelige.",
            recommendations = "Fast voksen i overgange og en visuel dagsplan.",
        })).JsonAsync();
        State(drafted).ShouldBe("Drafted");
        var inHearing = await (await psychologist.PostEmptyAsync($"/api/ppv/{id}/hearing")).JsonAsync();
        State(inHearing).ShouldBe("InHearing");

        // The parent reads the draft during the hearing and comments; the psychologist notes the other parent's oral reply.
        var parentView = await (await parent.GetAsync($"/api/ppv/{id}")).JsonAsync();
        parentView["drafts"]!.AsArray().ShouldHaveSingleItem()!["text"]!.GetValue<string>().ShouldStartWith("Barnet trives");
        parentView["notes"].ShouldBeNull();
        await (await parent.PostJsonAsync($"/api/ppv/{id}/hearing/comments", new
        {
            text = "Vi genkender billedet, men vil gerne have nævnt, at det går bedre om morgenen.",
        })).JsonAsync();
        var heard = await (await psychologist.PostJsonAsync($"/api/ppv/{id}/hearing/comments", new
        {
            text = "Telefonisk: enig i vurderingen.",
            guardianId = town.GuardianA2.Id,
        })).JsonAsync();
        heard["hearings"]!.AsArray().ShouldHaveSingleItem()!["isOpen"]!.GetValue<bool>().ShouldBeFalse();

        var final = await (await psychologist.PostJsonAsync($"/api/ppv/{id}/finalise", new
        {
            responseToComments = "Forældrenes bemærkning om morgenerne er noteret; den ændrer ikke anbefalingerne.",
        })).JsonAsync();
        State(final).ShouldBe("Final");
        var version = final["versions"]!.AsArray().ShouldHaveSingleItem()!;
        version["number"]!.GetValue<int>().ShouldBe(1);
        version["isIntact"]!.GetValue<bool>().ShouldBeTrue();

        // After the hearing the parent sees the final version, no longer the draft.
        var parentAfter = await (await parent.GetAsync($"/api/ppv/{id}")).JsonAsync();
        parentAfter["drafts"]!.AsArray().ShouldBeEmpty();
        parentAfter["versions"]!.AsArray().Count.ShouldBe(1);

        // The school makes the final PPV the referral's PPV part, adds the other parts, and the referral is complete.
        var referral = await (await school.PostJsonAsync("/api/referrals", new { childId = town.ChildA.Id })).JsonAsync(HttpStatusCode.Created);
        var referralId = referral["id"]!.GetValue<Guid>();
        foreach (var part in Http.AllParts.Where(p => p != "PPV"))
            (await school.UploadAsync(referralId, part)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var attached = await (await school.PostJsonAsync($"/api/referrals/{referralId}/ppv", new { ppvCaseId = id, version = 1 }))
            .JsonAsync(HttpStatusCode.Created);
        attached["missingParts"]!.AsArray().ShouldBeEmpty();
        var complete = await (await school.PostEmptyAsync($"/api/referrals/{referralId}/submit")).JsonAsync();
        complete["state"]!["code"]!.GetValue<string>().ShouldBe("Complete");

        var ppvDocument = complete["documents"]!.AsArray().Single(d => d!["part"]!["code"]!.GetValue<string>() == "PPV")!;
        var pdf = await school.GetByteArrayAsync($"/api/referrals/{referralId}/documents/{ppvDocument["id"]!.GetValue<Guid>()}");
        using (var document = PdfDocument.Open(pdf))
        {
            var text = string.Join(" ", document.GetPages().Select(p => p.Text));
            text.ShouldContain("Pædagogisk-psykologisk vurdering");
            text.ShouldContain("Fast voksen i overgange");
        }
        var stored = await _app.WithDbAsync(d => d.Referrals.AsNoTracking().SingleAsync(r => r.Id == referralId));
        var link = stored.CurrentDocuments.Single(d => d.Type == ReferralPartType.PPV);
        link.PpvCaseId.ShouldBe(id);
        link.PpvVersion.ShouldBe(1);
        link.IsExternal.ShouldBeFalse();

        // The committee sees the final PPV once the referral is on its agenda.
        (await committee.GetAsync($"/api/ppv/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await committee.PostJsonAsync($"/api/referrals/{referralId}/round", new { roundId = town.OpenRound.Id })).JsonAsync();
        await (await committee.PostJsonAsync($"/api/referrals/{referralId}/triage", new { track = 1 })).JsonAsync();
        await (await committee.PostEmptyAsync($"/api/referrals/{referralId}/agenda")).JsonAsync();
        var committeeView = await (await committee.GetAsync($"/api/ppv/{id}")).JsonAsync();
        committeeView["versions"]!.AsArray().Count.ShouldBe(1);
        committeeView["requests"].ShouldBeNull();
        committeeView["notes"].ShouldBeNull();

        // The parents' access log shows every read of the PPV, by whom, and every step.
        var log = (await (await parent.GetAsync($"/api/children/{town.ChildA.Id}/access-log")).JsonAsync()).AsArray()
            .Where(e => e!["caseType"]!.GetValue<string>() == "PPV").ToList();
        var reads = log.Where(e => Kind(e) == "Læst").ToList();
        reads.ShouldContain(e => User(e) == "Psykolog A" && What(e) == "Læste PPV-sagen: anmodningen.");
        reads.ShouldContain(e => User(e) == "Psykolog A" && What(e).Contains("vurderingsnotater"));
        reads.ShouldContain(e => User(e) == "Forælder A1" && What(e).Contains("udkast 1 til version 1"));
        reads.ShouldContain(e => User(e) == "Forælder A1" && What(e).Contains("endelig version 1"));
        reads.ShouldContain(e => User(e) == "Skoleleder A" && What(e).StartsWith("Så PPV-anmodningen i skolens PPV-kø"));
        reads.ShouldContain(e => User(e) == "Skoleleder A" && What(e).Contains("som PPV i henvisningen"));
        reads.ShouldContain(e => User(e) == "Udvalgsmedlem" && What(e).Contains("endelig version 1"));
        var changes = log.Where(e => Kind(e) == "Ændret").Select(What).ToList();
        changes.ShouldContain(w => w.StartsWith("PPV anmodet"));
        changes.Count(w => w.StartsWith("Samtykke fra")).ShouldBe(2);
        changes.ShouldContain(w => w.StartsWith("Prioriteret på koordineringsmødet"));
        changes.ShouldContain(w => w.StartsWith("Tildelt Psykolog A"));
        changes.Count(w => w.StartsWith("Notat registreret")).ShouldBe(2);
        changes.ShouldContain(w => w.StartsWith("Udkast 1 til PPV version 1 skrevet"));
        changes.ShouldContain(w => w.StartsWith("Udkast 1 sendt i høring"));
        changes.ShouldContain(w => w.StartsWith("PPV version 1 er endelig"));
        // The log names what happened, never what the notes, drafts or comments say.
        log.ShouldNotContain(e => What(e).Contains("Observation i dansk") || What(e).Contains("morgenen"));
    }

    private static string State(JsonNode node) => node["state"]!["code"]!.GetValue<string>();

    private static string[] Shown(JsonNode node) => node["shown"]!.AsArray().Select(s => s!.GetValue<string>()).ToArray();

    private static string Kind(JsonNode? e) => e!["kind"]!.GetValue<string>();

    private static string User(JsonNode? e) => e!["userName"]!.GetValue<string>();

    private static string What(JsonNode? e) => e!["what"]!.GetValue<string>();
}
