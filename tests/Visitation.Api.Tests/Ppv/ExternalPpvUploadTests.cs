using System.Net;
using System.Net.Http.Headers;
using Visitation.Api.Tests.Support;

namespace Visitation.Api.Tests.Ppv;

/// <summary>
/// An uploaded PPV (made outside the PPV workflow) becomes the referral's PPV part only when the school
/// states who made it and when and marks it final (PpvForReferral.RequireExternal), as the API enforces it.
/// </summary>
[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class ExternalPpvUploadTests(Db db)
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

    private static string Days(int fromToday) =>
        DateTime.UtcNow.AddDays(fromToday).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<HttpResponseMessage> UploadPpvAsync(HttpClient client, Guid referralId, string? issuer, string? issuedOn, string? markedFinal)
    {
        using var form = new MultipartFormDataContent { { new StringContent("PPV"), "part" } };
        if (issuer is not null) form.Add(new StringContent(issuer), "issuer");
        if (issuedOn is not null) form.Add(new StringContent(issuedOn), "issuedOn");
        if (markedFinal is not null) form.Add(new StringContent(markedFinal), "markedFinal");
        var file = new ByteArrayContent(Http.Pdf("Ekstern PPV"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "ppv-nabokommune.pdf");
        return await client.PostAsync($"/api/referrals/{referralId}/documents", form);
    }

    [TestCase(null, "2026-01-15", "true", "issuer", TestName = "Uploaded_PPV_without_issuer_is_refused_naming_issuer")]
    [TestCase("  ", "2026-01-15", "true", "issuer", TestName = "Uploaded_PPV_with_a_blank_issuer_is_refused_naming_issuer")]
    [TestCase("PPR, Nabokommunen", null, "true", "issuedOn", TestName = "Uploaded_PPV_without_a_date_is_refused_naming_issuedOn")]
    [TestCase("PPR, Nabokommunen", "15-01-2026", "true", "issuedOn", TestName = "Uploaded_PPV_with_a_date_not_written_year_month_day_is_refused_naming_issuedOn")]
    [TestCase("PPR, Nabokommunen", "future", "true", "issuedOn", TestName = "Uploaded_PPV_dated_in_the_future_is_refused_naming_issuedOn")]
    [TestCase("PPR, Nabokommunen", "2026-01-15", null, "markedFinal", TestName = "Uploaded_PPV_not_marked_final_is_refused_naming_markedFinal")]
    [TestCase("PPR, Nabokommunen", "2026-01-15", "false", "markedFinal", TestName = "Uploaded_PPV_marked_as_not_final_is_refused_naming_markedFinal")]
    [TestCase(null, null, null, "markedFinal", TestName = "Uploaded_PPV_with_none_of_the_fields_is_refused_as_a_possible_draft")]
    public async Task Uploaded_PPV_missing_what_makes_it_usable_is_refused_and_stores_nothing(string? issuer, string? issuedOn, string? markedFinal, string field)
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Draft);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var before = await _app.SnapshotAsync(referral.Id);
        var files = await _app.StoredFileCountAsync();

        using var response = await UploadPpvAsync(school, referral.Id, issuer, issuedOn == "future" ? Days(2) : issuedOn, markedFinal);

        var problem = await response.DanishProblemAsync(HttpStatusCode.BadRequest, field);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe([field]);
        (await _app.SnapshotAsync(referral.Id)).ShouldBe(before);
        (await _app.StoredFileCountAsync()).ShouldBe(files);
    }

    [Test]
    public async Task Uploaded_PPV_marked_final_with_issuer_and_date_is_the_PPV_part_and_shows_what_the_school_stated()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Draft);
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var issuedOn = Days(-40);

        var details = await (await UploadPpvAsync(school, referral.Id, " Privatpraktiserende psykolog (syntetisk) ", issuedOn, "true"))
            .JsonAsync(HttpStatusCode.Created);

        var ppv = details["documents"]!.AsArray().Single(d => d!["part"]!["code"]!.GetValue<string>() == "PPV")!;
        ppv["externalPpv"]!["issuer"]!.GetValue<string>().ShouldBe("Privatpraktiserende psykolog (syntetisk)");
        ppv["externalPpv"]!["issuedOn"]!.GetValue<string>().ShouldBe(issuedOn);
        ppv["externalPpv"]!["markedFinal"]!.GetValue<bool>().ShouldBeTrue();
        ppv["ppvVersion"].ShouldBeNull();
        details["missingParts"]!.AsArray().Select(p => p!["code"]!.GetValue<string>()).ShouldNotContain("PPV");
        details["history"]!.AsArray().Last()!["detail"]!.GetValue<string>()
            .ShouldStartWith("Vedhæftede en ekstern PPV fra Privatpraktiserende psykolog (syntetisk), dateret ");

        // Others who see the referral see the same statement.
        var seen = await (await committee.GetAsync($"/api/referrals/{referral.Id}")).JsonAsync();
        seen["documents"]!.AsArray().Single(d => d!["part"]!["code"]!.GetValue<string>() == "PPV")!["externalPpv"]!["issuer"]!
            .GetValue<string>().ShouldBe("Privatpraktiserende psykolog (syntetisk)");
    }

    [Test]
    public async Task Other_parts_are_uploaded_without_the_PPV_fields()
    {
        var town = await _app.TownAsync();
        var referral = await _app.ReferralAsync(town, Stage.Draft);
        var school = await _app.ClientForAsync(town.LeaderA.Id);

        var details = await (await school.UploadAsync(referral.Id, "ActionPlan")).JsonAsync(HttpStatusCode.Created);

        details["documents"]!.AsArray().ShouldHaveSingleItem()!["externalPpv"].ShouldBeNull();
    }
}
