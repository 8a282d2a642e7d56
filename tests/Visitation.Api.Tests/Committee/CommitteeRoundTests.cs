using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Tests.Committee;

/// <summary>
/// A visitation round through the API: intake (which round, told to the school), triage, agenda, placement
/// suggestions, the committee meeting with capacity, and closing, which issues the written decisions whose
/// letters are then delivered. The round tests run one after another: the municipality's rounds are shared.
/// </summary>
[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class CommitteeRoundTests(Db db)
{
    private TestDatabase _database = null!;
    private VisitationApp _app = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        _database = TestDatabase.Create(db);
        _app = new VisitationApp(_database, settings: new Dictionary<string, string?>
        {
            ["Municipality:LetterDropFolder"] = Path.Combine(_database.Folder, "letters"),
        });
    }

    [OneTimeTearDown]
    public void StopApp()
    {
        _app.Dispose();
        _database.Dispose();
    }

    [Test]
    public async Task Scripted_round_goes_from_intake_to_closed_with_every_decision_issued_and_its_letters_delivered()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var schoolA = await _app.ClientForAsync(town.LeaderA.Id);
        var schoolB = await _app.ClientForAsync(town.LeaderB.Id);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        // The earliest deadline of all open rounds, so intake picks it.
        var round = await RoundArrange.RoundAsync(_app, "Skriptet runde", TimeSpan.FromHours(20));
        var childC = await RoundArrange.ChildAsync(_app, town.SchoolA, town.GuardianB, "Barn C");

        // Intake: two referrals submitted complete by their schools, one arranged complete; each assigned to the next round.
        var idA = await SubmitCompleteAsync(schoolA, town.ChildA.Id);
        var idB = await SubmitCompleteAsync(schoolB, town.ChildB.Id);
        var idC = (await _app.ReferralAsync(town, Stage.Complete, childC)).Id;

        var asked = (await (await schoolA.GetAsync($"/api/rounds/next?referralId={idA}&category=Specialtilbud1")).JsonAsync()).AsArray().Single()!;
        asked["roundId"]!.GetValue<Guid>().ShouldBe(round.Id);
        foreach (var id in new[] { idA, idB, idC })
        {
            var intake = await (await committee.PostJsonAsync("/api/rounds/intake", new { referralId = id, category = "Specialtilbud1" })).JsonAsync();
            intake["state"]!.GetValue<string>().ShouldBe("AssignedToRound");
            var choice = intake["choice"]!;
            choice["roundId"]!.GetValue<Guid>().ShouldBe(round.Id);
            // The town's "Runde med overskredet frist" closed for referrals two days ago but has yet to meet: the school is told it missed it.
            choice["isLate"]!.GetValue<bool>().ShouldBeTrue();
            var message = choice["message"]!.GetValue<string>();
            message.ShouldContain("Skriptet runde");
            message.ShouldContain("efter henvisningsfristen");
            message.ShouldBeDanish();
        }
        var notices = (await (await schoolA.GetAsync("/api/notifications")).JsonAsync()).AsArray();
        notices.ShouldContain(n => n!["caseId"]!.GetValue<Guid>() == idA && n["body"]!.GetValue<string>().Contains("Skriptet runde"));

        // Triage meeting: every referral of the round gets its track in one call; the agenda lists track 1 before track 2.
        var agenda = await (await committee.PostJsonAsync($"/api/rounds/{round.Id}/triage", new
        {
            tracks = new[] { new { referralId = idB, track = 2 }, new { referralId = idA, track = 1 }, new { referralId = idC, track = 1 } },
        })).JsonAsync();
        var items = agenda["items"]!.AsArray();
        items.Select(i => i!["track"]!.GetValue<int>()).ShouldBe([1, 1, 2]);
        items.Select(i => i!["number"]!.GetValue<int>()).ShouldBe([1, 2, 3]);
        items.ShouldAllBe(i => i!["parts"]!.AsArray().Count == 6 && i["missingParts"]!.AsArray().Count == 0);
        items.ShouldAllBe(i => i!["state"]!["code"]!.GetValue<string>() == "OnAgenda");
        var pdf = await committee.GetAsync(items[0]!["parts"]![0]!["url"]!.GetValue<string>());
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);

        // The suggestion explains itself and decides nothing.
        var suggestions = await (await committee.GetAsync($"/api/rounds/{round.Id}/suggestions")).JsonAsync();
        var forA = suggestions["suggestions"]!.AsArray().Single(s => s!["referralId"]!.GetValue<Guid>() == idA)!;
        forA["explanation"]!.GetValue<string>().ShouldContain("km fra distriktsskolen");
        (await _app.SnapshotAsync(idA)).State.ShouldBe(ReferralState.OnAgenda);

        // The committee meeting.
        var meeting = await (await committee.PostEmptyAsync($"/api/rounds/{round.Id}/meeting")).JsonAsync(HttpStatusCode.Created);
        meeting["cases"]!.AsArray().Count.ShouldBe(3);
        await (await committee.PutJsonAsync($"/api/rounds/{round.Id}/meeting/attendance", new
        {
            attendees = new object[] { new { userId = town.Committee.Id, function = "formand" }, new { name = "Psykolog fra TCBU", function = "psykolog" } },
        })).JsonAsync();
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30));
        await (await committee.PostJsonAsync($"/api/rounds/{round.Id}/meeting/cases/{idA}/decision", new
        {
            outcome = "Placement", offerId = town.Offer.Id, startDate = start,
            reasons = "Barnets behov kan bedst imødekommes i et lille, struktureret fællesskab tæt på hjemmet.",
        })).JsonAsync();
        await (await committee.PostJsonAsync($"/api/rounds/{round.Id}/meeting/cases/{idB}/decision", new
        {
            outcome = "ReturnToGeneral",
            recommendations = "Tolærerordning i dansk og matematik i otte uger.",
            helpToBeGiven = "TCBU's psykolog vejleder teamet, og kompetencecentret for trivsel deltager i to teammøder.",
            reasons = "Skolens indsats har ikke været afprøvet længe nok.",
        })).JsonAsync();

        // Closing with a case undecided is refused with the Danish list of what is missing.
        var refused = await (await committee.PostEmptyAsync($"/api/rounds/{round.Id}/meeting/close")).ProblemAsync(HttpStatusCode.Conflict);
        var undecided = refused["undecided"]!.AsArray().Single()!;
        undecided["referralId"]!.GetValue<Guid>().ShouldBe(idC);
        refused["detail"]!.GetValue<string>().ShouldContain(undecided["label"]!.GetValue<string>());
        refused["detail"]!.GetValue<string>().ShouldBeDanish();

        await (await committee.PostJsonAsync($"/api/rounds/{round.Id}/meeting/cases/{idC}/decision", new
        {
            outcome = "Postponed", postponedToRoundId = town.LaterRound.Id, missing = "En opdateret PPV.",
            reasons = "Udvalget kan ikke vurdere barnets behov uden den opdaterede PPV.",
        })).JsonAsync();
        var beforeClose = await (await committee.PutJsonAsync($"/api/rounds/{round.Id}/meeting/minutes", new
        {
            minutes = "Udvalget behandlede rundens tre sager: en visitation, en udsættelse og en tilbagevisning med anbefalinger.",
        })).JsonAsync();
        beforeClose["undecided"]!.AsArray().ShouldBeEmpty();

        var closed = await (await committee.PostEmptyAsync($"/api/rounds/{round.Id}/meeting/close")).JsonAsync();
        closed["issued"]!.AsArray().Select(i => i!["outcome"]!.GetValue<string>()).ShouldBe(["Placement", "Postponed", "ReturnToGeneral"], ignoreOrder: true);

        (await (await committee.GetAsync($"/api/rounds/{round.Id}")).JsonAsync())["status"]!.GetValue<string>().ShouldBe("Closed");
        (await (await committee.GetAsync($"/api/rounds/{round.Id}/meeting")).JsonAsync())["status"]!.GetValue<string>().ShouldBe("Closed");
        (await _app.SnapshotAsync(idA)).State.ShouldBe(ReferralState.Decided);
        (await _app.SnapshotAsync(idC)).RoundId.ShouldBe(town.LaterRound.Id);

        // The letters issue delivers them: one per guardian, each with a receipt.
        (await WaitForLettersAsync(committee, town.ChildA.Id, 2)).ShouldAllBe(l => l!["subject"]!.GetValue<string>().StartsWith("Afgørelse om specialtilbud"));
        (await WaitForLettersAsync(committee, town.ChildB.Id, 1)).Single()!["subject"]!.GetValue<string>().ShouldStartWith("Afgørelse om henvisning");
        (await WaitForLettersAsync(committee, childC.Id, 1)).Single()!["subject"]!.GetValue<string>().ShouldStartWith("Meddelelse om udsættelse");

        // A closed round takes no more decisions.
        (await committee.PostJsonAsync($"/api/rounds/{round.Id}/meeting/cases/{idA}/decision", new { outcome = "ReturnToGeneral" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Placement_in_a_full_offer_needs_an_explicit_capacity_override_with_a_reason()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var round = await RoundArrange.RoundAsync(_app, "Runde med fuldt tilbud", TimeSpan.FromDays(40));
        var full = await RoundArrange.OfferAsync(_app, town.HostSchool, "Etpladstilbuddet", OfferCategory.Specialtilbud1, 1);
        var occupant = await RoundArrange.ChildAsync(_app, town.SchoolB, town.GuardianB, "Barn i tilbuddet");
        await _app.WithDbAsync(async d =>
        {
            (await d.Children.SingleAsync(c => c.Id == occupant.Id)).PlaceIn(full.Id);
            await d.SaveChangesAsync();
        });
        var referral = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildA, Track.SpecialOffers);
        await (await committee.PostEmptyAsync($"/api/rounds/{round.Id}/meeting")).JsonAsync(HttpStatusCode.Created);
        var url = $"/api/rounds/{round.Id}/meeting/cases/{referral.Id}/decision";
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20));

        var refused = await (await committee.PostJsonAsync(url, new { outcome = "Placement", offerId = full.Id, startDate = start, reasons = "Passer til barnet." }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "capacityOverride");
        refused["detail"]!.GetValue<string>().ShouldContain("Etpladstilbuddet har 1 pladser");
        await (await committee.PostJsonAsync(url, new { outcome = "Placement", offerId = full.Id, startDate = start, reasons = "Passer.", capacityOverride = new { reason = " " } }))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "capacityOverride");
        (await _app.SnapshotAsync(referral.Id)).State.ShouldBe(ReferralState.OnAgenda);

        var decided = await (await committee.PostJsonAsync(url, new
        {
            outcome = "Placement", offerId = full.Id, startDate = start, reasons = "Kun dette tilbud har de nødvendige kompetencer.",
            capacityOverride = new { reason = "Tilbuddet opnormeres med en plads fra januar; barnet kan ikke vente til næste skoleår." },
        })).JsonAsync();
        decided["case"]!["capacityOverrideReason"]!.GetValue<string>().ShouldStartWith("Tilbuddet opnormeres");

        var capacity = await (await committee.GetAsync("/api/capacity")).JsonAsync();
        var row = capacity["offers"]!.AsArray().Single(o => o!["offerId"]!.GetValue<Guid>() == full.Id)!;
        row["seats"]!.GetValue<int>().ShouldBe(1);
        row["pending"]!.GetValue<int>().ShouldBe(1);
        row["seatsLeft"]!.GetValue<int>().ShouldBe(-1);
    }

    [Test]
    public async Task Suggestions_explain_every_child_give_alternatives_never_exceed_capacity_and_decide_nothing()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var round = await RoundArrange.RoundAsync(_app, "Runde med forslag", TimeSpan.FromDays(50));
        // The only far-reaching offers in the municipality: three seats between them for four children.
        var near = await RoundArrange.OfferAsync(_app, town.HostSchool, "Vidtgående nær", OfferCategory.Vidtgaaende, 2);
        var far = await RoundArrange.OfferAsync(_app, town.SchoolB, "Vidtgående fjern", OfferCategory.Vidtgaaende, 1);
        var referrals = new List<Referral>();
        for (var i = 0; i < 4; i++)
        {
            var child = await RoundArrange.ChildAsync(_app, i % 2 == 0 ? town.SchoolA : town.SchoolB, town.GuardianB, $"Forslagsbarn {i + 1}");
            referrals.Add(await RoundArrange.OnAgendaAsync(_app, town, round, child, Track.FarReaching));
        }
        var before = await Task.WhenAll(referrals.Select(r => _app.SnapshotAsync(r.Id)));

        var view = await (await committee.GetAsync($"/api/rounds/{round.Id}/suggestions")).JsonAsync();
        view["children"]!.GetValue<int>().ShouldBe(4);
        view["notice"]!.GetValue<string>().ShouldContain("Udvalget træffer afgørelsen");
        var placed = view["suggestions"]!.AsArray();
        placed.Count.ShouldBe(3);
        placed.Count(s => s!["offerId"]!.GetValue<Guid>() == near.Id).ShouldBe(2);
        placed.Count(s => s!["offerId"]!.GetValue<Guid>() == far.Id).ShouldBe(1);
        foreach (var s in placed)
        {
            var explanation = s!["explanation"]!.GetValue<string>();
            explanation.ShouldContain("Vidtgående specialtilbud");
            explanation.ShouldContain("ledig");
            explanation.ShouldBeDanish();
            s["alternatives"]!.AsArray().Count.ShouldBe(1);
            s["seatsLeftAfter"]!.GetValue<int>().ShouldBe(0);
        }
        var unplaced = view["unplaced"]!.AsArray().Single()!;
        unplaced["reason"]!.GetValue<string>().ShouldStartWith("Ingen plads i forslaget");
        view["totalDistanceKm"]!.GetValue<double>().ShouldBeLessThanOrEqualTo(view["nearestFirst"]!["totalDistanceKm"]!.GetValue<double>() + 0.1);

        var after = await Task.WhenAll(referrals.Select(r => _app.SnapshotAsync(r.Id)));
        after.Select(s => (s.Revision, s.State, s.Decisions)).ShouldBe(before.Select(s => (s.Revision, s.State, s.Decisions)));
    }

    [Test]
    public async Task Calendar_for_a_school_year_is_generated_once_by_an_administrator()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var admin = await _app.ClientForAsync(town.Admin.Id);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var year = SchoolYear.Containing(DateTimeOffset.UtcNow).StartYear + 1;

        (await committee.PostJsonAsync("/api/rounds/calendar", new { schoolYear = year })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var calendar = await (await admin.PostJsonAsync("/api/rounds/calendar", new { schoolYear = year })).JsonAsync(HttpStatusCode.Created);
        var rounds = calendar["rounds"]!.AsArray();
        // 3 regular (Specialtilbud 1 and 2), 1 annual (vidtgående), 6 frequent (kurser) and the continuous round for newcomers.
        rounds.Count(r => r!["kind"]!.GetValue<string>() == "Regular").ShouldBe(3);
        rounds.Count(r => r!["kind"]!.GetValue<string>() == "Annual").ShouldBe(1);
        rounds.Count(r => r!["kind"]!.GetValue<string>() == "Frequent").ShouldBe(6);
        rounds.Count(r => r!["kind"]!.GetValue<string>() == "Continuous").ShouldBe(1);
        var listed = (await (await committee.GetAsync($"/api/rounds?schoolYear={year}")).JsonAsync()).AsArray();
        listed.Count.ShouldBeGreaterThanOrEqualTo(rounds.Count);

        var again = await (await admin.PostJsonAsync("/api/rounds/calendar", new { schoolYear = year })).DanishProblemAsync(HttpStatusCode.Conflict);
        again["detail"]!.GetValue<string>().ShouldContain("allerede dannet");
    }

    [Test]
    public async Task Figures_are_served_as_json_and_as_an_accessible_page_of_charts()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var admin = await _app.ClientForAsync(town.Admin.Id);
        var year = SchoolYear.Containing(DateTimeOffset.UtcNow).StartYear;
        await (await admin.PutJsonAsync("/api/figures/pupils", new
        {
            schoolYear = year,
            schools = new[] { new { schoolId = town.SchoolA.Id, pupils = 400 }, new { schoolId = town.SchoolB.Id, pupils = 250 } },
        })).JsonAsync();

        var figures = await (await admin.GetAsync($"/api/figures?schoolYear={year}")).JsonAsync();
        var schoolB = figures["schools"]!.AsArray().Single(s => s!["schoolId"]!.GetValue<Guid>() == town.SchoolB.Id)!;
        schoolB["schoolName"]!.GetValue<string>().ShouldBe("Testskolen B");
        schoolB["figures"]!["segregation"]!["pupils"]!.GetValue<int>().ShouldBe(250);
        // Barn P attends an offer and belongs to school B.
        schoolB["figures"]!["segregation"]!["inSegregatedOffers"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        figures["municipality"]!["referralsByRound"].ShouldNotBeNull();

        var page = await admin.GetAsync($"/figures?schoolYear={year}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("<html lang=\"da\">");
        html.ShouldContain("<title>Styringstal for skoleåret");
        html.ShouldContain("<h1>");
        html.ShouldContain("<svg role=\"img\"");
        html.ShouldContain("Testskolen B");
        // A figure with nothing to measure (no stay in an offer has ended) says so instead of drawing a zero.
        html.ShouldContain("intet at måle");
        html.ShouldNotContain("NaN");
        // A table under every chart.
        System.Text.RegularExpressions.Regex.Matches(html, "<svg ").Count.ShouldBe(5);
        System.Text.RegularExpressions.Regex.Matches(html, "<table>").Count.ShouldBe(5);

        var parent = await _app.ClientForAsync(town.ParentA.Id);
        (await parent.GetAsync("/figures")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<Guid> SubmitCompleteAsync(HttpClient school, Guid childId)
    {
        var created = await (await school.PostJsonAsync("/api/referrals", new { childId })).JsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        foreach (var part in Http.AllParts) (await school.UploadAsync(id, part)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await (await school.PostEmptyAsync($"/api/referrals/{id}/submit")).JsonAsync())["state"]!["code"]!.GetValue<string>().ShouldBe("Complete");
        return id;
    }

    private static async Task<JsonArray> WaitForLettersAsync(HttpClient client, Guid childId, int expected)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        JsonArray letters = [];
        while (DateTime.UtcNow < until)
        {
            letters = (await (await client.GetAsync($"/api/children/{childId}/letters")).JsonAsync()).AsArray();
            if (letters.Count >= expected && letters.All(l => l!["deliveredAt"] is not null)) return letters;
            await Task.Delay(250);
        }
        Assert.Fail($"Expected {expected} delivered letters, found {letters.ToJsonString()}");
        return letters;
    }
}
