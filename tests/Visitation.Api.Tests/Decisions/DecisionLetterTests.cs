using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Common;

namespace Visitation.Api.Tests.Decisions;

[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class DecisionLetterTests(Db db)
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

    public static readonly object CompleteLetter = new
    {
        rulesApplied = "Folkeskolelovens § 20, stk. 2, og § 3, stk. 2: kommunen sørger for specialundervisning til børn, hvis udvikling kræver særlig hensyntagen.",
        mainConsiderations = "Udvalget har lagt vægt på, at barnet trives bedst i små fællesskaber med en fast struktur, og at tilbuddet ligger tæt på hjemmet.",
        factsReliedOn = new[] { "Handleplan fra distriktsskolen", "Forældreudtalelse", "Barnets perspektiv fra elevsamtale" },
        nextSteps = new[] { "Opstartsmøde aftales af distriktsskolens leder." },
    };

    [Test]
    public async Task Committee_placement_produces_one_letter_per_guardian_with_every_legal_element_and_a_concrete_complaint_deadline()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var referralId = await ReferralScenario.OnAgendaAsync(_app, town);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var parent = await _app.ClientForAsync(town.ParentA.Id);

        var decided = await (await committee.PostJsonAsync($"/api/referrals/{referralId}/decision", new
        {
            outcome = "Placement",
            offerId = town.Offer.Id,
            startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
            reasons = "Barnets behov kan bedst imødekommes i et lille, struktureret fællesskab.",
            letter = CompleteLetter,
        })).JsonAsync();
        decided["state"]!["code"]!.GetValue<string>().ShouldBe("Decided");

        var all = await WaitForLettersAsync(committee, town.ChildA.Id, expected: 2);
        all.Select(l => l!["recipientName"]!.GetValue<string>()).ShouldBe(["Forælder A1", "Forælder A2"], ignoreOrder: true);

        // A guardian sees only the letter addressed to them.
        var mine = (await (await parent.GetAsync($"/api/children/{town.ChildA.Id}/letters")).JsonAsync()).AsArray();
        var letter = mine.ShouldHaveSingleItem()!;
        letter["recipientName"]!.GetValue<string>().ShouldBe("Forælder A1");
        var deliveredAt = letter["deliveredAt"]!.GetValue<DateTimeOffset>();
        var deadline = DateOnly.Parse(letter["complaintDeadline"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        deadline.ShouldBe(DanishTime.Date(deliveredAt).AddDays(28));

        var pdf = await parent.GetByteArrayAsync(letter["pdfUrl"]!.GetValue<string>());
        Convert.ToHexStringLower(SHA256.HashData(pdf)).ShouldBe(letter["sha256"]!.GetValue<string>());
        var text = PdfText(pdf);
        text.ShouldContain("Afgørelse om specialtilbud til Barn A");
        text.ShouldContain("Kære Forælder A1");
        text.ShouldContain("Testtilbud 1");
        text.ShouldContain("De regler, vi har anvendt");
        text.ShouldContain("Det har vi lagt vægt på i vores vurdering");
        text.ShouldContain("De oplysninger, vi har bygget afgørelsen på");
        text.ShouldContain("Pædagogisk-psykologisk vurdering (PPV)");
        text.ShouldContain("Lovgrundlag");
        text.ShouldContain("Det videre forløb");
        text.ShouldContain("Klagevejledning");
        text.ShouldContain("Klagenævnet for Specialundervisning");
        text.ShouldContain(DanishTime.LongDate(deadline));
        text.ShouldContain("Brevet er også sendt til Forælder A2");
        text.ShouldContain("Side 1 af");

        // The parent is told in the access log that their letter was made and delivered.
        var log = (await (await parent.GetAsync($"/api/children/{town.ChildA.Id}/access-log")).JsonAsync()).AsArray();
        log.ShouldContain(e => e!["what"]!.GetValue<string>().StartsWith("Leverede afgørelsesbrevet til Forælder A1"));
        log.ShouldContain(e => e!["what"]!.GetValue<string>().StartsWith("Udstedte afgørelsen"));
    }

    [Test]
    public async Task Issuing_a_decision_without_the_reasons_is_refused_with_a_Danish_list_of_what_is_missing()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var referralId = await ReferralScenario.OnAgendaAsync(_app, town);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        await (await committee.PostJsonAsync($"/api/referrals/{referralId}/decision", new
        {
            outcome = "ReturnToGeneral",
            recommendations = "Støtte fra PPR i klassen",
            reasons = "Behovene kan imødekommes i almentilbuddet.",
        })).JsonAsync();

        var problem = await (await committee.PostJsonAsync($"/api/referrals/{referralId}/written-decision", new { factsReliedOn = Array.Empty<string>() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var missing = problem["missing"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        missing.ShouldContain(m => m.Contains("de regler, afgørelsen er truffet efter"));
        missing.ShouldContain(m => m.Contains("de faktiske oplysninger"));
        missing.ShouldNotContain(m => m.Contains("hovedhensyn"), "the decision's recorded reasons serve as the main considerations");
        problem["detail"]!.GetValue<string>().ShouldStartWith("Afgørelsen kan ikke udstedes");
        (await _app.WithDbAsync(d => Task.FromResult(d.WrittenDecisions.Count(w => w.CaseId == referralId)))).ShouldBe(0);
    }

    [Test]
    public async Task Redelivered_decision_message_creates_no_second_letter()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var referralId = await ReferralScenario.OnAgendaAsync(_app, town);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        await (await committee.PostJsonAsync($"/api/referrals/{referralId}/decision", new
        {
            outcome = "Placement", offerId = town.Offer.Id, startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)),
            reasons = "Små fællesskaber.", letter = CompleteLetter,
        })).JsonAsync();
        var letters = await WaitForLettersAsync(committee, town.ChildA.Id, expected: 2);
        var decisionId = letters[0]!["writtenDecisionId"]!.GetValue<Guid>();

        using (var scope = _app.Services.CreateScope())
        {
            var bus = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
            await bus.Publish(new DecisionIssued(decisionId, town.ChildA.Id, DateTimeOffset.UtcNow));
            await bus.Publish(new DecisionIssued(decisionId, town.ChildA.Id, DateTimeOffset.UtcNow));
        }
        await Task.Delay(TimeSpan.FromSeconds(3));

        var after = (await (await committee.GetAsync($"/api/children/{town.ChildA.Id}/letters")).JsonAsync()).AsArray();
        after.Count.ShouldBe(2);
        after.Select(l => l!["deliveredAt"]!.GetValue<DateTimeOffset>()).ShouldBe(letters.Select(l => l!["deliveredAt"]!.GetValue<DateTimeOffset>()), ignoreOrder: true);
    }

    [Test]
    public async Task Guardian_complains_and_the_upheld_complaint_goes_to_the_board_with_the_case_file()
    {
        var town = await TestMunicipality.CreateAsync(_app);
        var referralId = await ReferralScenario.OnAgendaAsync(_app, town);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var parent = await _app.ClientForAsync(town.ParentA.Id);
        var other = await _app.ClientForAsync(town.ParentB.Id);
        await (await committee.PostJsonAsync($"/api/referrals/{referralId}/decision", new
        {
            outcome = "Placement", offerId = town.Offer.Id, startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)),
            reasons = "Små fællesskaber.", letter = CompleteLetter,
        })).JsonAsync();
        await WaitForLettersAsync(committee, town.ChildA.Id, expected: 2);
        var letter = (await (await parent.GetAsync($"/api/children/{town.ChildA.Id}/letters")).JsonAsync()).AsArray().Single()!;
        var letterId = letter["id"]!.GetValue<Guid>();

        // Another family can neither see nor complain about the letter.
        (await other.GetAsync($"/api/letters/{letterId}/pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var form = new MultipartFormDataContent { { new StringContent("Vi ønsker, at vores barn bliver på distriktsskolen med støtte."), "text" } };
        var complaint = await (await parent.PostAsync($"/api/letters/{letterId}/complaints", form)).JsonAsync(HttpStatusCode.Created);
        complaint["isLate"]!.GetValue<bool>().ShouldBeFalse();
        complaint["status"]!.GetValue<string>().ShouldBe("UnderReassessment");
        var complaintId = complaint["id"]!.GetValue<Guid>();

        var upheld = await (await committee.PostJsonAsync($"/api/complaints/{complaintId}/reassessment", new
        {
            outcome = "Uphold",
            note = "Udvalget fastholder afgørelsen; barnets behov for struktur kan ikke imødekommes i almentilbuddet.",
        })).JsonAsync();
        upheld["status"]!.GetValue<string>().ShouldBe("ForwardedToBoard");

        var bundle = await committee.GetByteArrayAsync(upheld["bundleUrl"]!.GetValue<string>());
        using var document = PdfDocument.Open(bundle);
        document.NumberOfPages.ShouldBeGreaterThanOrEqualTo(1 + letter["pageCount"]!.GetValue<int>());
        var cover = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));
        cover.ShouldContain("Klagenævnet");
        cover.ShouldContain("Afgørelsen");

        var second = await committee.PostJsonAsync($"/api/complaints/{complaintId}/reassessment", new { outcome = "Change", note = "x" });
        await second.ProblemAsync(HttpStatusCode.Conflict);
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

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }
}
