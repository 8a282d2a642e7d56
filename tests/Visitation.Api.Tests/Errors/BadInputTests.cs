using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Tests.Support;
using Visitation.Workflows.Referrals;

namespace Visitation.Api.Tests.Errors;

/// <summary>
/// Every bad request is answered with a 4xx ProblemDetails whose <c>detail</c> is Danish and whose
/// <c>errors</c> names the field at fault; never a 500. A refused change writes nothing, and two
/// changes racing on one referral leave exactly one of them in its history.
/// </summary>
[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
[Parallelizable(ParallelScope.Self)]
public sealed class BadInputTests(Db db)
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

    private static string Today(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(days)).ToString("yyyy-MM-dd");

    /// <summary>A Danish problem naming <paramref name="field"/>, and no field with an empty name.</summary>
    private static async Task<JsonNode> RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var problem = await response.DanishProblemAsync(status, field);
        if (problem["errors"]?.AsObject() is { } errors)
            errors.Select(e => e.Key).ShouldAllBe(k => !string.IsNullOrWhiteSpace(k), problem.ToJsonString());
        return problem;
    }

    // ---- Bodies that are not what the endpoint reads ----

    [TestCase("{\"childId\": ", TestName = "Truncated_JSON_body_is_refused_with_a_Danish_problem")]
    [TestCase("childId=42", TestName = "Body_that_is_not_JSON_is_refused_with_a_Danish_problem")]
    [TestCase("[1, 2, 3]", TestName = "JSON_array_instead_of_an_object_is_refused_with_a_Danish_problem")]
    [TestCase("null", TestName = "JSON_null_body_is_refused_with_a_Danish_problem")]
    [TestCase("", TestName = "Empty_body_is_refused_with_a_Danish_problem")]
    public async Task Malformed_body_is_refused(string body)
    {
        var town = await _app.TownAsync();
        var school = await _app.ClientForAsync(town.LeaderA.Id);

        using var response = await school.PostRawAsync("/api/referrals", body);

        await RefusedAsync(response, HttpStatusCode.BadRequest);
        (await _app.ReferralCountAsync(town.ChildA.Id)).ShouldBe(0);
    }

    [Test]
    public async Task Body_sent_as_plain_text_to_a_JSON_endpoint_is_refused_with_a_Danish_problem()
    {
        var town = await _app.TownAsync();
        var school = await _app.ClientForAsync(town.LeaderA.Id);

        using var response = await school.PostRawAsync("/api/referrals", $"{{\"childId\":\"{town.ChildA.Id}\"}}", "text/plain");

        // 415 would be the precise answer; the handler maps the framework's 415 to 400. Either is a refusal.
        var status = response.StatusCode;
        status.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType);
        await RefusedAsync(response, status);
        (await _app.ReferralCountAsync(town.ChildA.Id)).ShouldBe(0);
    }

    public enum As { Committee, LeaderA, Admin }

    /// <summary>A field of the wrong JSON type: where it is sent, by whom, on a referral in which state.</summary>
    public sealed record WrongType(As Who, Stage? Stage, Func<TestMunicipality, Guid, (string Url, string Json)> Request, bool IsPut = false);

    private static readonly Dictionary<string, WrongType> WrongTypes = new()
    {
        ["track_as_text"] = new(As.Committee, Stage.AssignedToRound, (_, id) => ($"/api/referrals/{id}/triage", "{\"track\": \"abc\"}")),
        ["track_as_fraction"] = new(As.Committee, Stage.AssignedToRound, (_, id) => ($"/api/referrals/{id}/triage", "{\"track\": 1.5}")),
        ["track_beyond_int"] = new(As.Committee, Stage.AssignedToRound, (_, id) => ($"/api/referrals/{id}/triage", "{\"track\": 99999999999}")),
        ["childId_not_a_guid"] = new(As.LeaderA, null, (_, _) => ("/api/referrals", "{\"childId\": \"abc\"}")),
        ["roundId_as_number"] = new(As.Committee, Stage.Complete, (_, id) => ($"/api/referrals/{id}/round", "{\"roundId\": 42}")),
        ["startDate_in_Danish_format"] = new(As.Committee, Stage.OnAgenda, (t, id) => ($"/api/referrals/{id}/decision",
            $"{{\"outcome\": \"Placement\", \"offerId\": \"{t.Offer.Id}\", \"startDate\": \"31-12-2026\", \"reasons\": \"Begrundelse.\"}}")),
        ["offerId_not_a_guid"] = new(As.Committee, Stage.OnAgenda, (_, id) => ($"/api/referrals/{id}/decision",
            $"{{\"outcome\": \"Placement\", \"offerId\": \"tilbud-1\", \"startDate\": \"{Today(30)}\", \"reasons\": \"Begrundelse.\"}}")),
        ["sentAt_as_word"] = new(As.Committee, Stage.Triaged, (_, id) => ($"/api/referrals/{id}/hearings",
            "{\"sentAt\": \"i går\", \"replyDeadline\": \"2030-01-01T00:00:00Z\", \"subject\": \"Udkast.\"}")),
        ["seats_as_text"] = new(As.Admin, null, (t, _) => ("/api/offers",
            $"{{\"name\": \"Nyt tilbud\", \"category\": \"Specialtilbud1\", \"hostSchoolId\": \"{t.HostSchool.Id}\", \"seats\": \"mange\"}}")),
        ["revision_as_text"] = new(As.Admin, null, (t, _) => ($"/api/offers/{t.Offer.Id}",
            "{\"name\": \"Testtilbud 1\", \"seats\": 40, \"isActive\": true, \"revision\": \"seneste\"}"), IsPut: true),
        ["committeeMeetingAt_as_word"] = new(As.Admin, null, (_, _) => ("/api/rounds",
            "{\"name\": \"Forårsrunde\", \"kind\": \"Regular\", \"referralDeadline\": \"2030-03-01T12:00:00Z\", \"triageMeetingAt\": \"2030-03-04T12:00:00Z\", \"committeeMeetingAt\": \"i morgen\"}")),
    };

    public static IEnumerable<TestCaseData> WrongTypeCases() => WrongTypes.Keys.Select(key =>
    {
        var field = key[..key.IndexOf('_', StringComparison.Ordinal)];
        return new TestCaseData(key, field).SetName($"Field_{key}_is_refused_naming_{field}");
    });

    [TestCaseSource(nameof(WrongTypeCases))]
    public async Task Field_of_the_wrong_JSON_type_is_refused_naming_it(string key, string field)
    {
        var spec = WrongTypes[key];
        var town = await _app.TownAsync();
        var referral = spec.Stage is { } stage ? await _app.ReferralAsync(town, stage) : null;
        var client = await ClientAsync(town, spec.Who);
        var before = referral is null ? null : await _app.SnapshotAsync(referral.Id);
        var offerBefore = await OfferAsync(town);
        var (url, json) = spec.Request(town, referral?.Id ?? Guid.Empty);

        using var response = spec.IsPut
            ? await client.PutAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"))
            : await client.PostRawAsync(url, json);

        await RefusedAsync(response, HttpStatusCode.BadRequest, field);
        if (referral is not null) (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
        (await OfferAsync(town)).ShouldBe(offerBefore);
        (await _app.ReferralCountAsync(town.ChildA.Id)).ShouldBe(referral is null ? 0 : 1);
    }

    // ---- Referrals: ids and values the API cannot use ----

    [Test]
    public async Task Referral_without_childId_is_refused_naming_childId()
    {
        var town = await _app.TownAsync();
        var school = await _app.ClientForAsync(town.LeaderA.Id);

        using var response = await school.PostJsonAsync("/api/referrals", new { });

        await RefusedAsync(response, HttpStatusCode.BadRequest, "childId");
        (await _app.ReferralCountAsync(town.ChildA.Id)).ShouldBe(0);
    }

    [Test]
    public async Task Referral_for_an_unknown_child_is_refused_naming_childId()
    {
        var town = await _app.TownAsync();
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var unknown = Guid.NewGuid();

        using var response = await school.PostJsonAsync("/api/referrals", new { childId = unknown });

        await RefusedAsync(response, HttpStatusCode.BadRequest, "childId");
        (await _app.ReferralCountAsync(unknown)).ShouldBe(0);
    }

    [Test]
    public async Task Second_open_referral_for_the_same_child_is_refused_409()
    {
        var town = await _app.TownAsync();
        var open = await _app.ReferralAsync(town, Stage.Incomplete);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var before = await _app.SnapshotAsync(open.Id);

        using var response = await school.PostJsonAsync("/api/referrals", new { childId = town.ChildA.Id });

        await RefusedAsync(response, HttpStatusCode.Conflict);
        (await _app.ReferralCountAsync(town.ChildA.Id)).ShouldBe(1);
        (await _app.SnapshotAsync(open.Id)).ShouldBe(before);
    }

    [Test]
    public async Task New_referral_for_a_child_whose_last_referral_was_decided_is_accepted()
    {
        var town = await _app.TownAsync();
        await _app.ReferralAsync(town, Stage.ReturnedToGeneral);
        var school = await _app.ClientForAsync(town.LeaderA.Id);

        using var response = await school.PostJsonAsync("/api/referrals", new { childId = town.ChildA.Id });

        await response.JsonAsync(HttpStatusCode.Created);
        (await _app.ReferralCountAsync(town.ChildA.Id)).ShouldBe(2);
    }

    [Test]
    public async Task Referrals_created_concurrently_for_the_same_child_leave_exactly_one_open_referral()
    {
        var town = await _app.TownAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _app.ClientForAsync(town.LeaderA.Id)));

        var responses = await Task.WhenAll(clients.Select(c => c.PostJsonAsync("/api/referrals", new { childId = town.ChildA.Id })));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        statuses.Count(s => s == 201).ShouldBe(1, $"statuses: {string.Join(", ", statuses)}");
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await RefusedAsync(refused, HttpStatusCode.Conflict);
        (await _app.ReferralCountAsync(town.ChildA.Id)).ShouldBe(1);
    }

    [TestCase("GET", "", TestName = "Reading_an_unknown_referral_answers_404")]
    [TestCase("POST", "/submit", TestName = "Submitting_an_unknown_referral_answers_404")]
    [TestCase("POST", "/triage", TestName = "Triaging_an_unknown_referral_answers_404")]
    [TestCase("POST", "/agenda", TestName = "Putting_an_unknown_referral_on_the_agenda_answers_404")]
    [TestCase("POST", "/withdraw", TestName = "Withdrawing_an_unknown_referral_answers_404")]
    public async Task Unknown_referral_id_answers_404(string method, string action)
    {
        var town = await _app.TownAsync();
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var url = $"/api/referrals/{Guid.NewGuid()}{action}";

        using var response = method == "GET"
            ? await committee.GetAsync(url)
            : await committee.PostJsonAsync(url, new { track = 1, reason = "Begrundelse." });

        await RefusedAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Uploading_to_an_unknown_referral_answers_404_and_stores_no_file()
    {
        var town = await _app.TownAsync();
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var files = await _app.StoredFileCountAsync();

        using var response = await school.UploadAsync(Guid.NewGuid(), "PPV");

        await RefusedAsync(response, HttpStatusCode.NotFound);
        (await _app.StoredFileCountAsync()).ShouldBe(files);
    }

    [Test]
    public async Task Downloading_an_unknown_document_of_a_known_referral_answers_404()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Complete);
        var school = await _app.ClientForAsync(town.LeaderA.Id);

        using var response = await school.GetAsync($"/api/referrals/{referral.Id}/documents/{Guid.NewGuid()}");

        await RefusedAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Reading_an_unknown_round_answers_404()
    {
        var town = await _app.TownAsync();
        var committee = await _app.ClientForAsync(town.Committee.Id);

        using var response = await committee.GetAsync($"/api/rounds/{Guid.NewGuid()}");

        await RefusedAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Listing_referrals_in_an_unknown_state_is_refused_naming_state()
    {
        var town = await _app.TownAsync();
        var committee = await _app.ClientForAsync(town.Committee.Id);

        using var response = await committee.GetAsync("/api/referrals?state=Halvfærdig");

        await RefusedAsync(response, HttpStatusCode.BadRequest, "state");
    }

    [Test]
    public async Task Assigning_to_an_unknown_round_is_refused_naming_roundId()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Complete);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var before = await _app.SnapshotAsync(referral.Id);

        using var response = await committee.PostJsonAsync($"/api/referrals/{referral.Id}/round", new { roundId = Guid.NewGuid() });

        await RefusedAsync(response, HttpStatusCode.BadRequest, "roundId");
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
    }

    [Test]
    public async Task Assigning_to_a_round_after_its_referral_deadline_is_refused_naming_roundId()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Complete);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var before = await _app.SnapshotAsync(referral.Id);

        using var response = await committee.PostJsonAsync($"/api/referrals/{referral.Id}/round", new { roundId = town.ClosedForReferralsRound.Id });

        await RefusedAsync(response, HttpStatusCode.BadRequest, "roundId");
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
    }

    [Test]
    public async Task Triage_on_track_7_is_refused_naming_track()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.AssignedToRound);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var before = await _app.SnapshotAsync(referral.Id);

        using var response = await committee.PostJsonAsync($"/api/referrals/{referral.Id}/triage", new { track = 7 });

        await RefusedAsync(response, HttpStatusCode.BadRequest, "track");
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
    }

    [Test]
    public async Task Triage_without_a_track_is_refused_naming_track()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.AssignedToRound);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var before = await _app.SnapshotAsync(referral.Id);

        using var response = await committee.PostJsonAsync($"/api/referrals/{referral.Id}/triage", new { });

        await RefusedAsync(response, HttpStatusCode.BadRequest, "track");
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
    }

    // ---- Decisions ----

    [Test]
    public async Task Decision_with_outcome_Maybe_is_refused_naming_outcome()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.OnAgenda);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var before = await _app.SnapshotAsync(referral.Id);

        using var response = await committee.PostJsonAsync($"/api/referrals/{referral.Id}/decision", new
        {
            outcome = "Maybe",
            offerId = town.Offer.Id,
            startDate = Today(30),
            reasons = "Begrundelse.",
        });

        await RefusedAsync(response, HttpStatusCode.BadRequest, "outcome");
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
    }

    [TestCase("offerId", TestName = "Placement_without_offerId_is_refused_naming_offerId")]
    [TestCase("startDate", TestName = "Placement_without_startDate_is_refused_naming_startDate")]
    [TestCase("reasons", TestName = "Placement_without_reasons_is_refused_naming_reasons")]
    [TestCase("unknownOffer", TestName = "Placement_in_an_unknown_offer_is_refused_naming_offerId")]
    [TestCase("pastStartDate", TestName = "Placement_starting_before_the_decision_is_refused_naming_startDate")]
    public async Task Placement_missing_a_field_is_refused_naming_it(string fault)
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.OnAgenda);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var before = await _app.SnapshotAsync(referral.Id);
        var body = new Dictionary<string, object?>
        {
            ["outcome"] = "Placement",
            ["offerId"] = fault == "unknownOffer" ? Guid.NewGuid() : town.Offer.Id,
            ["startDate"] = fault == "pastStartDate" ? Today(-30) : Today(30),
            ["reasons"] = "Barnets behov kan bedst imødekommes i tilbuddet.",
        };
        body.Remove(fault);
        var field = fault switch { "unknownOffer" => "offerId", "pastStartDate" => "startDate", _ => fault };

        using var response = await committee.PostJsonAsync($"/api/referrals/{referral.Id}/decision", body);

        await RefusedAsync(response, HttpStatusCode.BadRequest, field);
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
    }

    [Test]
    public async Task Postponement_to_an_unknown_round_is_refused_naming_postponedToRoundId()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.OnAgenda);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var before = await _app.SnapshotAsync(referral.Id);

        using var response = await committee.PostJsonAsync($"/api/referrals/{referral.Id}/decision", new
        {
            outcome = "Postponed",
            postponedToRoundId = Guid.NewGuid(),
            missing = "Opdateret PPV.",
            reasons = "Sagen er ikke tilstrækkeligt oplyst.",
        });

        await RefusedAsync(response, HttpStatusCode.BadRequest, "postponedToRoundId");
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
    }

    [Test]
    public async Task Decision_on_a_referral_not_yet_on_the_agenda_is_refused_409()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Triaged);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var before = await _app.SnapshotAsync(referral.Id);

        using var response = await committee.PostJsonAsync($"/api/referrals/{referral.Id}/decision", new
        {
            outcome = "Placement",
            offerId = town.Offer.Id,
            startDate = Today(30),
            reasons = "Barnets behov kan bedst imødekommes i tilbuddet.",
        });

        await RefusedAsync(response, HttpStatusCode.Conflict);
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
    }

    // ---- Uploads ----

    /// <summary>Content that opens like a Windows executable ("MZ").</summary>
    private static byte[] Executable() => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];

    private static byte[] PdfOf(long length)
    {
        var bytes = new byte[length];
        Http.Pdf().CopyTo(bytes, 0);
        return bytes;
    }

    [TestCase("none", "PPV", TestName = "Upload_without_a_file_is_refused_naming_the_file_field")]
    [TestCase("empty", "PPV", TestName = "Upload_of_an_empty_file_is_refused_naming_the_file_field")]
    [TestCase("exe", "PPV", TestName = "Upload_of_renamed_executable_is_refused_naming_the_file_field")]
    [TestCase("txt", "PPV", TestName = "Upload_of_a_plain_text_file_is_refused_naming_the_file_field")]
    [TestCase("pdfNamedTxt", "PPV", TestName = "Upload_of_a_PDF_named_txt_is_refused_naming_the_file_field")]
    [TestCase("tooLarge", "PPV", TestName = "Upload_over_the_rule_sets_10_MB_limit_is_refused_naming_the_file_field")]
    [TestCase("pdf", "Horoskop", TestName = "Upload_as_an_unknown_part_is_refused_naming_part")]
    [TestCase("pdf", null, TestName = "Upload_without_a_part_is_refused_naming_part")]
    public async Task Bad_upload_is_refused_and_stores_nothing(string file, string? part)
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Draft);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var before = await _app.SnapshotAsync(referral.Id);
        var files = await _app.StoredFileCountAsync();

        using var response = file switch
        {
            "none" => await school.UploadFormAsync(referral.Id, part, null),
            "empty" => await school.UploadFormAsync(referral.Id, part, []),
            "exe" => await school.UploadFormAsync(referral.Id, part, Executable(), "ppv.pdf", "application/pdf"),
            "txt" => await school.UploadFormAsync(referral.Id, part, "Notat om barnet."u8.ToArray(), "notat.txt", "text/plain"),
            "pdfNamedTxt" => await school.UploadFormAsync(referral.Id, part, Http.Pdf(), "ppv.txt", "text/plain"),
            "tooLarge" => await school.UploadFormAsync(referral.Id, part, PdfOf(10L * 1024 * 1024 + 1), "ppv.pdf", "application/pdf"),
            _ => await school.UploadFormAsync(referral.Id, part, Http.Pdf(), "ppv.pdf", "application/pdf"),
        };

        await RefusedAsync(response, HttpStatusCode.BadRequest, file == "pdf" ? "part" : "file");
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
        (await _app.StoredFileCountAsync()).ShouldBe(files);
    }

    [Test]
    public async Task Upload_beyond_the_request_size_limit_is_refused_with_a_Danish_problem_not_a_500()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Draft);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var before = await _app.SnapshotAsync(referral.Id);

        using var response = await school.UploadFormAsync(referral.Id, "PPV", PdfOf(65L * 1024 * 1024), "ppv.pdf", "application/pdf");

        var status = response.StatusCode;
        status.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge);
        await RefusedAsync(response, status);
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
    }

    // ---- Concurrency ----

    [Test]
    public async Task Change_sent_with_a_stale_ETag_is_refused_409_and_writes_nothing()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Draft);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        using var read = await school.GetAsync($"/api/referrals/{referral.Id}");
        var etag = read.Headers.ETag?.Tag;
        etag.ShouldNotBeNull();
        // Someone else attaches a document meanwhile.
        (await school.UploadAsync(referral.Id, "PPV")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = await _app.SnapshotAsync(referral.Id);

        using var response = await school.PostJsonIfMatchAsync($"/api/referrals/{referral.Id}/submit", new { }, etag);

        await RefusedAsync(response, HttpStatusCode.Conflict);
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
    }

    [Test]
    public async Task Change_sent_with_the_current_ETag_is_accepted()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.AssignedToRound);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        using var read = await committee.GetAsync($"/api/referrals/{referral.Id}");

        using var response = await committee.PostJsonIfMatchAsync($"/api/referrals/{referral.Id}/triage", new { track = 3 }, read.Headers.ETag!.Tag);

        (await response.JsonAsync())["track"]!.GetValue<int>().ShouldBe(3);
    }

    [Test]
    public async Task Two_concurrent_triages_of_one_referral_one_wins_the_other_gets_409_and_history_has_the_step_once()
    {
        var town = await _app.TownAsync();
        var first = await _app.ClientForAsync(town.Committee.Id);
        var second = await _app.ClientForAsync(town.Committee.Id);
        // A few rounds, so both orders (load-load-save-save and load-save-load-save) are likely to occur.
        foreach (var child in new[] { town.ChildA, town.ChildB, town.PlacedChild })
        {
            var referral = await _app.ReferralAsync(town, Stage.AssignedToRound, child);
            var before = await _app.SnapshotAsync(referral.Id);

            var responses = await Task.WhenAll(
                first.PostJsonAsync($"/api/referrals/{referral.Id}/triage", new { track = 1 }),
                second.PostJsonAsync($"/api/referrals/{referral.Id}/triage", new { track = 2 }));

            var statuses = responses.Select(r => r.StatusCode).ToList();
            statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1, string.Join(", ", statuses));
            var loser = responses.Single(r => r.StatusCode != HttpStatusCode.OK);
            await RefusedAsync(loser, HttpStatusCode.Conflict);
            var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).JsonAsync();

            var after = await _app.SnapshotAsync(referral.Id);
            after.State.ShouldBe(ReferralState.Triaged);
            after.Track.ShouldBe((Track)winner["track"]!.GetValue<int>());
            after.Revision.ShouldBe(before.Revision + 1);
            after.History.ShouldBe(before.History + 1);
            after.ChangeLogEntries.ShouldBe(before.ChangeLogEntries + 1);
            (await _app.HistoryStepsAsync(referral.Id, ReferralTrigger.Triage)).ShouldBe(1);
        }
    }

    [Test]
    public async Task Two_changes_sent_with_the_same_ETag_one_wins_and_nothing_is_half_written()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Draft);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var other = await _app.ClientForAsync(town.LeaderA.Id);
        using var read = await school.GetAsync($"/api/referrals/{referral.Id}");
        var etag = read.Headers.ETag!.Tag;
        var before = await _app.SnapshotAsync(referral.Id);
        var files = await _app.StoredFileCountAsync();

        var upload = Task.Run(async () =>
        {
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent("PPV"), "part");
            Http.AddExternalPpv(form);
            var file = new ByteArrayContent(Http.Pdf());
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", "ppv.pdf");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{referral.Id}/documents") { Content = form };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            return await school.SendAsync(request);
        });
        var withdraw = other.PostJsonIfMatchAsync($"/api/referrals/{referral.Id}/withdraw", new { reason = "Familien flytter." }, etag);
        var responses = await Task.WhenAll(upload, withdraw);

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        statuses.Count(s => s is >= 200 and < 300).ShouldBe(1, string.Join(", ", statuses));
        await RefusedAsync(responses.Single(r => !r.IsSuccessStatusCode), HttpStatusCode.Conflict);
        var after = await _app.SnapshotAsync(referral.Id);
        after.Revision.ShouldBe(before.Revision + 1);
        after.History.ShouldBe(before.History + 1);
        // The document and its bytes are written together or not at all.
        var storedNow = await _app.StoredFileCountAsync() - files;
        storedNow.ShouldBe(after.Documents - before.Documents);
        after.State.ShouldBe(responses[0].IsSuccessStatusCode ? ReferralState.Draft : ReferralState.Withdrawn);
    }

    // ---- Offers and rounds ----

    [Test]
    public async Task Changing_an_offer_with_a_stale_revision_is_refused_409_and_keeps_the_first_change()
    {
        var town = await _app.TownAsync();
        var admin = await _app.ClientForAsync(town.Admin.Id);
        await (await admin.PutJsonAsync($"/api/offers/{town.Offer.Id}", new { name = "Testtilbud 1", seats = 35, isActive = true, revision = 0 })).JsonAsync();
        var before = await OfferAsync(town);

        using var response = await admin.PutJsonAsync($"/api/offers/{town.Offer.Id}", new { name = "Testtilbud 1", seats = 50, isActive = true, revision = 0 });

        await RefusedAsync(response, HttpStatusCode.Conflict);
        var after = await OfferAsync(town);
        after.ShouldBe(before);
        after.Seats.ShouldBe(35);
    }

    [Test]
    public async Task Changing_an_unknown_offer_answers_404()
    {
        var town = await _app.TownAsync();
        var admin = await _app.ClientForAsync(town.Admin.Id);

        using var response = await admin.PutJsonAsync($"/api/offers/{Guid.NewGuid()}", new { name = "X", seats = 5, isActive = true, revision = 0 });

        await RefusedAsync(response, HttpStatusCode.NotFound);
    }

    [TestCase("committeeMeetingAt", TestName = "Round_with_committee_meeting_before_triage_is_refused_naming_committeeMeetingAt")]
    [TestCase("triageMeetingAt", TestName = "Round_with_triage_before_the_referral_deadline_is_refused_naming_triageMeetingAt")]
    [TestCase("kind", TestName = "Round_of_unknown_kind_is_refused_naming_kind")]
    [TestCase("name", TestName = "Round_without_a_name_is_refused_naming_name")]
    public async Task Round_with_bad_dates_or_kind_is_refused_and_not_planned(string field)
    {
        var town = await _app.TownAsync();
        var admin = await _app.ClientForAsync(town.Admin.Id);
        var name = $"Runde {Guid.NewGuid():N}";
        var deadline = DateTimeOffset.UtcNow.AddDays(30);

        using var response = await admin.PostJsonAsync("/api/rounds", new
        {
            name = field == "name" ? "  " : name,
            kind = field == "kind" ? "Sometimes" : "Regular",
            referralDeadline = deadline,
            triageMeetingAt = field == "triageMeetingAt" ? deadline.AddDays(-1) : deadline.AddDays(3),
            committeeMeetingAt = field == "committeeMeetingAt" ? deadline.AddDays(2) : deadline.AddDays(10),
        });

        await RefusedAsync(response, HttpStatusCode.BadRequest, field);
        (await _app.WithDbAsync(d => d.Rounds.CountAsync(r => r.Name == name))).ShouldBe(0);
    }

    private sealed record OfferState(string Name, int Seats, bool IsActive, int Revision);

    private async Task<OfferState> OfferAsync(TestMunicipality town) =>
        await _app.WithDbAsync(d => d.Offers.AsNoTracking().Where(o => o.Id == town.Offer.Id)
            .Select(o => new OfferState(o.Name, o.Seats, o.IsActive, o.Revision)).SingleAsync());

    private async Task<HttpClient> ClientAsync(TestMunicipality town, As who) => who switch
    {
        As.Committee => await _app.ClientForAsync(town.Committee.Id),
        As.LeaderA => await _app.ClientForAsync(town.LeaderA.Id),
        _ => await _app.ClientForAsync(town.Admin.Id),
    };
}
