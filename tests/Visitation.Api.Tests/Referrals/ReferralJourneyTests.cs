using System.Net;
using Visitation.Api.Tests.Support;

namespace Visitation.Api.Tests.Referrals;

[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class ReferralJourneyTests(Db db)
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
    public async Task Referral_goes_from_draft_to_committee_decision_and_the_access_log_shows_every_step()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var parent = await _app.ClientForAsync(town.ParentA.Id);

        var created = await (await school.PostJsonAsync("/api/referrals", new { childId = town.ChildA.Id })).JsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        created["state"]!["code"]!.GetValue<string>().ShouldBe("Draft");
        created["workflowVersion"]!.GetValue<int>().ShouldBe(1);

        // Submitted with two parts missing: returned to the school with the list.
        foreach (var part in Http.AllParts.Where(p => p is not "ParentStatement" and not "ChildPerspective"))
            (await school.UploadAsync(id, part)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var incomplete = await (await school.PostEmptyAsync($"/api/referrals/{id}/submit")).JsonAsync();
        incomplete["state"]!["code"]!.GetValue<string>().ShouldBe("Incomplete");
        incomplete["missingParts"]!.AsArray().Select(p => p!["code"]!.GetValue<string>()).ShouldBe(["ParentStatement", "ChildPerspective"], ignoreOrder: true);

        // The parent adds the statement, the school the child's perspective, and resubmits.
        (await parent.UploadAsync(id, "ParentStatement", fileName: "forældreudtalelse.pdf")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await school.UploadAsync(id, "ChildPerspective")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var complete = await (await school.PostEmptyAsync($"/api/referrals/{id}/submit")).JsonAsync();
        complete["state"]!["code"]!.GetValue<string>().ShouldBe("Complete");

        await (await committee.PostJsonAsync($"/api/referrals/{id}/round", new { roundId = town.OpenRound.Id })).JsonAsync();
        await (await committee.PostJsonAsync($"/api/referrals/{id}/triage", new { track = 1 })).JsonAsync();
        var onAgenda = await (await committee.PostEmptyAsync($"/api/referrals/{id}/agenda")).JsonAsync();
        onAgenda["permittedActions"]!.AsArray().Select(a => a!["code"]!.GetValue<string>())
            .ShouldBe(["RecordHearing", "DecidePlacement", "DecideReturnToGeneral", "Postpone"], ignoreOrder: true);

        var decided = await (await committee.PostJsonAsync($"/api/referrals/{id}/decision", new
        {
            outcome = "Placement",
            offerId = town.Offer.Id,
            startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
            reasons = "Barnets behov for struktur og små fællesskaber kan bedst imødekommes i tilbuddet.",
        })).JsonAsync();
        decided["state"]!["code"]!.GetValue<string>().ShouldBe("Decided");
        decided["decisions"]!.AsArray().Count.ShouldBe(1);

        // The parent reads the case, then exports who has looked at and changed it.
        await (await parent.GetAsync($"/api/referrals/{id}")).JsonAsync();
        var log = (await (await parent.GetAsync($"/api/children/{town.ChildA.Id}/access-log")).JsonAsync()).AsArray();
        var changes = log.Where(e => e!["kind"]!.GetValue<string>() == "Ændret").Select(e => e!["what"]!.GetValue<string>()).ToList();
        changes.ShouldContain("Henvisning: Opret henvisning.");
        changes.Count(w => w == "Henvisning: Vedhæft dokument.").ShouldBe(6);
        changes.ShouldContain("Henvisning: Indsend henvisning (kladde → mangelfuld (sendt retur til skolen)).");
        changes.ShouldContain("Henvisning: Indsend henvisning (mangelfuld (sendt retur til skolen) → komplet).");
        changes.ShouldContain("Henvisning: Tilknyt visitationsrunde (komplet → tilknyttet visitationsrunde).");
        changes.ShouldContain("Henvisning: Fordel på spor (tilknyttet visitationsrunde → fordelt på spor).");
        changes.ShouldContain("Henvisning: Sæt på dagsorden (fordelt på spor → på visitationsudvalgets dagsorden).");
        changes.ShouldContain("Henvisning: Træf afgørelse om visitation til specialtilbud (på visitationsudvalgets dagsorden → afgjort).");
        // The log names what was done, never case content such as file names or reasons.
        changes.ShouldNotContain(w => w.Contains(".pdf"));
        log.ShouldContain(e => e!["kind"]!.GetValue<string>() == "Læst" && e["userName"]!.GetValue<string>() == "Forælder A1");
        log.ShouldContain(e => e!["userName"]!.GetValue<string>() == "Udvalgsmedlem" && e["role"]!.GetValue<string>() == "medlem af visitationsudvalget");
    }
}
