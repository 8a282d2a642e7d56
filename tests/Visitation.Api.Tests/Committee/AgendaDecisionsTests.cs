using Microsoft.EntityFrameworkCore;
using System.Net;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Tests.Committee;

/// <summary>
/// Deciding several cases of the meeting in one call (<c>POST /api/rounds/{id}/meeting/decisions</c>): each case as the
/// single-case endpoint decides it, seats counted across the call, and nothing saved when any case is refused.
/// </summary>
[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class AgendaDecisionsTests(Db db)
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
    public async Task Agenda_decided_in_one_call_records_every_outcome_and_lets_the_round_close()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var round = await RoundArrange.RoundAsync(_app, "Runde afgjort samlet", TimeSpan.FromDays(30));
        var childC = await RoundArrange.ChildAsync(_app, town.SchoolA, town.GuardianB, "Barn C");
        var a = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildA, Track.SpecialOffers);
        var b = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildB, Track.SocioEmotional);
        var c = await RoundArrange.OnAgendaAsync(_app, town, round, childC, Track.SpecialOffers);
        await (await committee.PostEmptyAsync($"/api/rounds/{round.Id}/meeting")).JsonAsync(HttpStatusCode.Created);
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30));

        var decided = await (await committee.PostJsonAsync($"/api/rounds/{round.Id}/meeting/decisions", new
        {
            decisions = new object[]
            {
                new { referralId = a.Id, outcome = "Placement", offerId = town.Offer.Id, startDate = start, reasons = "Tilbuddet passer til barnets behov." },
                new
                {
                    referralId = b.Id, outcome = "ReturnToGeneral", recommendations = "Tolærerordning i otte uger.",
                    helpToBeGiven = "TCBU vejleder teamet.", reasons = "Skolens indsats er ikke afprøvet længe nok.",
                },
                new { referralId = c.Id, outcome = "Postponed", postponedToRoundId = town.LaterRound.Id, missing = "En opdateret PPV.", reasons = "PPV mangler." },
            },
        })).JsonAsync();

        decided["cases"]!.AsArray().Select(x => x!["outcome"]!.GetValue<string>()).ShouldBe(["Placement", "ReturnToGeneral", "Postponed"]);
        decided["cases"]![0]!["offerId"]!.GetValue<Guid>().ShouldBe(town.Offer.Id);
        decided["cases"]![0]!["childName"]!.GetValue<string>().ShouldBe(town.ChildA.Name);
        decided["meeting"]!["undecided"]!.AsArray().ShouldBeEmpty();
        (await _app.SnapshotAsync(a.Id)).State.ShouldBe(ReferralState.Decided);
        (await _app.SnapshotAsync(c.Id)).RoundId.ShouldBe(town.LaterRound.Id);

        await (await committee.PutJsonAsync($"/api/rounds/{round.Id}/meeting/attendance",
            new { attendees = new[] { new { userId = town.Committee.Id, function = "formand" } } })).JsonAsync();
        await (await committee.PutJsonAsync($"/api/rounds/{round.Id}/meeting/minutes", new { minutes = "Udvalget afgjorde rundens tre sager samlet." })).JsonAsync();
        var closed = await (await committee.PostEmptyAsync($"/api/rounds/{round.Id}/meeting/close")).JsonAsync();
        closed["issued"]!.AsArray().Count.ShouldBe(3);
    }

    [Test]
    public async Task A_refused_case_saves_nothing_and_each_refusal_names_its_place_in_the_list_and_its_field()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var round = await RoundArrange.RoundAsync(_app, "Runde med fejl i listen", TimeSpan.FromDays(31));
        var a = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildA, Track.SpecialOffers);
        var b = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildB, Track.SpecialOffers);
        await (await committee.PostEmptyAsync($"/api/rounds/{round.Id}/meeting")).JsonAsync(HttpStatusCode.Created);

        var refused = await (await committee.PostJsonAsync($"/api/rounds/{round.Id}/meeting/decisions", new
        {
            decisions = new object[]
            {
                new { referralId = a.Id, outcome = "Placement", offerId = town.Offer.Id, startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), reasons = "Passer." },
                new { referralId = b.Id, outcome = "Placement", offerId = town.Offer.Id, reasons = "Passer." },
            },
        })).DanishProblemAsync(HttpStatusCode.BadRequest);

        var errors = refused["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["decisions[1].startDate"]);
        errors["decisions[1].startDate"]![0]!.GetValue<string>().ShouldContain("startdato");
        refused["detail"]!.GetValue<string>().ShouldContain("Intet er gemt");
        // The first case was valid, but nothing was saved.
        (await _app.SnapshotAsync(a.Id)).State.ShouldBe(ReferralState.OnAgenda);
        (await _app.SnapshotAsync(b.Id)).State.ShouldBe(ReferralState.OnAgenda);

        var malformed = await (await committee.PostJsonAsync($"/api/rounds/{round.Id}/meeting/decisions", new
        {
            decisions = new object[] { new { referralId = a.Id, outcome = "Måske" }, new { referralId = a.Id, outcome = "ReturnToGeneral" }, new { outcome = "Postponed" } },
        })).DanishProblemAsync(HttpStatusCode.BadRequest);
        malformed["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["decisions[0].outcome", "decisions[1].referralId", "decisions[2].referralId"], ignoreOrder: true);

        (await committee.PostJsonAsync($"/api/rounds/{round.Id}/meeting/decisions", new { decisions = Array.Empty<object>() }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Seats_taken_earlier_in_the_same_call_count_so_the_second_placement_in_a_one_seat_offer_needs_an_override()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var round = await RoundArrange.RoundAsync(_app, "Runde med én plads", TimeSpan.FromDays(32));
        var oneSeat = await RoundArrange.OfferAsync(_app, town.HostSchool, "Enkeltpladsen", OfferCategory.Specialtilbud1, 1);
        var a = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildA, Track.SpecialOffers);
        var b = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildB, Track.SpecialOffers);
        await (await committee.PostEmptyAsync($"/api/rounds/{round.Id}/meeting")).JsonAsync(HttpStatusCode.Created);
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(25));
        object Place(Guid id, string? overrideReason = null) => overrideReason is null
            ? new { referralId = id, outcome = "Placement", offerId = oneSeat.Id, startDate = start, reasons = "Passer til barnet." }
            : new { referralId = id, outcome = "Placement", offerId = oneSeat.Id, startDate = start, reasons = "Passer til barnet.", capacityOverride = new { reason = overrideReason } };

        var refused = await (await committee.PostJsonAsync($"/api/rounds/{round.Id}/meeting/decisions", new { decisions = new[] { Place(a.Id), Place(b.Id) } }))
            .DanishProblemAsync(HttpStatusCode.BadRequest);
        refused["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["decisions[1].capacityOverride"]);
        refused["errors"]!["decisions[1].capacityOverride"]![0]!.GetValue<string>().ShouldContain("Enkeltpladsen har 1 pladser");

        var decided = await (await committee.PostJsonAsync($"/api/rounds/{round.Id}/meeting/decisions", new
        {
            decisions = new[] { Place(a.Id), Place(b.Id, "Tilbuddet opnormeres med en plads fra januar.") },
        })).JsonAsync();
        decided["cases"]![1]!["capacityOverrideReason"]!.GetValue<string>().ShouldStartWith("Tilbuddet opnormeres");
    }

    [Test]
    public async Task A_direct_decision_outside_the_meeting_is_held_to_the_same_seats_and_keeps_the_override_reason_in_the_history()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var round = await RoundArrange.RoundAsync(_app, "Runde uden møde", TimeSpan.FromDays(34));
        var full = await RoundArrange.OfferAsync(_app, town.HostSchool, "Det fulde tilbud", OfferCategory.Specialtilbud1, 1);
        var first = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildA, Track.SpecialOffers);
        var second = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildB, Track.SpecialOffers);
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20));
        object Decide(string? overrideReason) => overrideReason is null
            ? new { outcome = "Placement", offerId = full.Id, startDate = start, reasons = "Tilbuddet passer til barnet." }
            : new { outcome = "Placement", offerId = full.Id, startDate = start, reasons = "Tilbuddet passer til barnet.", capacityOverride = new { reason = overrideReason } };

        await (await committee.PostJsonAsync($"/api/referrals/{first.Id}/decision", Decide(null))).JsonAsync();
        var refused = await (await committee.PostJsonAsync($"/api/referrals/{second.Id}/decision", Decide(null)))
            .DanishProblemAsync(HttpStatusCode.BadRequest, "capacityOverride");
        refused["detail"]!.GetValue<string>().ShouldContain("Det fulde tilbud har 1 pladser");
        (await _app.SnapshotAsync(second.Id)).State.ShouldBe(ReferralState.OnAgenda);

        var decided = await (await committee.PostJsonAsync($"/api/referrals/{second.Id}/decision",
            Decide("Barnet kan ikke vente; tilbuddet får en ekstra plads fra januar."))).JsonAsync();
        decided["state"]!["code"]!.GetValue<string>().ShouldBe("Decided");
        var history = await _app.WithDbAsync(db => db.Referrals.AsNoTracking().Where(r => r.Id == second.Id).SelectMany(r => r.History)
            .Where(h => h.Trigger == ReferralTrigger.DecidePlacement).ToListAsync());
        history.ShouldHaveSingleItem().Detail.ShouldContain("Kapaciteten er tilsidesat: Barnet kan ikke vente");
    }

    [Test]
    public async Task A_child_placed_anew_in_the_full_offer_it_attends_keeps_its_own_seat_without_an_override()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var round = await RoundArrange.RoundAsync(_app, "Runde med genvisitation", TimeSpan.FromDays(35));
        var full = await RoundArrange.OfferAsync(_app, town.HostSchool, "Barnets eget tilbud", OfferCategory.Specialtilbud1, 1);
        await _app.WithDbAsync(async d =>
        {
            (await d.Children.SingleAsync(c => c.Id == town.ChildA.Id)).PlaceIn(full.Id);
            await d.SaveChangesAsync();
        });
        var referral = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildA, Track.SpecialOffers);
        var start = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(15));

        var decided = await (await committee.PostJsonAsync($"/api/referrals/{referral.Id}/decision",
            new { outcome = "Placement", offerId = full.Id, startDate = start, reasons = "Barnet fortsætter i tilbuddet." })).JsonAsync();

        decided["state"]!["code"]!.GetValue<string>().ShouldBe("Decided");
    }

    [Test]
    public async Task A_school_leader_posting_a_decision_is_refused_without_being_told_how_full_the_offer_is()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var round = await RoundArrange.RoundAsync(_app, "Runde med nysgerrig skole", TimeSpan.FromDays(36));
        var full = await RoundArrange.OfferAsync(_app, town.HostSchool, "Hemmeligt fuldt tilbud", OfferCategory.Specialtilbud1, 1);
        await _app.WithDbAsync(async d =>
        {
            (await d.Children.SingleAsync(c => c.Id == town.ChildB.Id)).PlaceIn(full.Id);
            await d.SaveChangesAsync();
        });
        var referral = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildA, Track.SpecialOffers);
        var school = await _app.ClientForAsync(town.LeaderA.Id);

        var response = await school.PostJsonAsync($"/api/referrals/{referral.Id}/decision", new
        {
            outcome = "Placement", offerId = full.Id, startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(15)), reasons = "Skolen prøver.",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("pladser");
        (await _app.SnapshotAsync(referral.Id)).State.ShouldBe(ReferralState.OnAgenda);
    }

    [Test]
    public async Task Only_the_committee_may_decide_the_agenda()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var round = await RoundArrange.RoundAsync(_app, "Runde uden adgang", TimeSpan.FromDays(33));
        var a = await RoundArrange.OnAgendaAsync(_app, town, round, town.ChildA, Track.SpecialOffers);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        await (await committee.PostEmptyAsync($"/api/rounds/{round.Id}/meeting")).JsonAsync(HttpStatusCode.Created);
        var school = await _app.ClientForAsync(town.LeaderA.Id);

        (await school.PostJsonAsync($"/api/rounds/{round.Id}/meeting/decisions", new
        {
            decisions = new[] { new { referralId = a.Id, outcome = "ReturnToGeneral", recommendations = "x", helpToBeGiven = "y", reasons = "z" } },
        })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.SnapshotAsync(a.Id)).State.ShouldBe(ReferralState.OnAgenda);
    }
}
