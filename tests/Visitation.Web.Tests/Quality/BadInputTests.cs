using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Workflows.Access;
using Visitation.Workflows.Referrals;
using Visitation.Web.Tests.Support;

namespace Visitation.Web.Tests.Quality;

/// <summary>
/// What a browser would not send, sent anyway: every answer is a Danish page (or the form again with a
/// Danish message next to the field) and never a 500; a refused form changes nothing.
/// </summary>
public sealed class BadInputTests
{
    private static WebSite App => Site.App;

    private static async Task<AppUser> UserAsync(Role role) =>
        await App.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.Role == role).OrderBy(u => u.DisplayName).FirstAsync());

    private static async Task<string> DanishPageAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, html.Length > 400 ? html[..400] : html);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        html.ShouldContain("<html lang=\"da\">");
        html.ShouldContain(expected);
        return html;
    }

    [TestCase("/udvalg/sager/ikke-et-id", TestName = "Case_url_with_a_malformed_id_is_a_Danish_not_found_page")]
    [TestCase("/udvalg/sager/00000000-0000-0000-0000-000000000001", TestName = "Case_url_with_an_unknown_id_is_a_Danish_not_found_page")]
    [TestCase("/udvalg/runder/00000000-0000-0000-0000-000000000001", TestName = "Round_url_with_an_unknown_id_is_a_Danish_not_found_page")]
    [TestCase("/findes/slet/ikke", TestName = "Unknown_page_is_a_Danish_not_found_page")]
    public async Task Unknown_or_malformed_address(string url)
    {
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.CommitteeMember));
        await DanishPageAsync(await client.GetAsync(url), HttpStatusCode.NotFound, "Siden findes ikke");
    }

    [Test]
    public async Task Signed_out_visitor_is_sent_to_sign_in_and_back()
    {
        using var client = new PageClient(App);
        using var response = await client.GetAsync("/skole");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/log-ind?ReturnUrl=%2Fskole");
    }

    [Test]
    public async Task Page_of_another_role_is_a_Danish_refusal()
    {
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.Guardian));
        await DanishPageAsync(await client.GetAsync("/administration/tilbud"), HttpStatusCode.Forbidden, "Som forælder har du ikke adgang til denne side");
    }

    [Test]
    public async Task Form_without_its_antiforgery_token_is_refused_with_a_Danish_page()
    {
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.DistrictSchoolLeader));
        await DanishPageAsync(await client.PostWithoutTokenAsync("/skole?handler=Create", new() { ["Create.ChildId"] = Guid.NewGuid().ToString() }),
            HttpStatusCode.BadRequest, "Forespørgslen kunne ikke bruges");
    }

    [TestCase("abc", "er ikke en gyldig værdi", TestName = "Track_that_is_not_a_number_is_refused_next_to_the_field")]
    [TestCase("99", "Sporet skal være 1", TestName = "Track_that_does_not_exist_is_refused_next_to_the_field")]
    [TestCase("", "Sporet skal være 1", TestName = "Missing_track_is_refused_next_to_the_field")]
    public async Task Bad_track(string track, string message)
    {
        var referral = await WaitingAsync();
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.CommitteeMember));
        var url = $"/udvalg/sager/{referral.Id}";
        var html = await DanishPageAsync(await client.PostFormAsync($"{url}?handler=Triage", new() { ["Track"] = track, ["Revision"] = referral.Revision.ToString() }),
            HttpStatusCode.OK, message);
        html.ShouldContain("class=\"field-error\"");
        await StateShouldStayAsync(referral);
    }

    [Test]
    public async Task Decision_with_malformed_offer_and_date_is_refused_with_Danish_messages_and_the_input_kept()
    {
        var referral = await OnAgendaAsync();
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.CommitteeMember));
        var url = $"/udvalg/sager/{referral.Id}";
        var html = await DanishPageAsync(await client.PostFormAsync($"{url}?handler=Decide", new()
        {
            ["Decision.Outcome"] = "Placement",
            ["Decision.OfferId"] = "ikke-et-tilbud",
            ["Decision.StartDate"] = "31-02-2026x",
            ["Decision.Reasons"] = "Begrundelse der skal bevares",
            ["Decision.Revision"] = referral.Revision.ToString(),
        }), HttpStatusCode.OK, "»31-02-2026x« er ikke en gyldig værdi her.");
        html.ShouldContain("»ikke-et-tilbud« er ikke en gyldig værdi her.");
        html.ShouldContain("Begrundelse der skal bevares");
        await StateShouldStayAsync(referral);
    }

    [Test]
    public async Task Decision_with_an_unknown_outcome_is_refused_in_Danish()
    {
        var referral = await OnAgendaAsync();
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.CommitteeMember));
        await DanishPageAsync(await client.PostFormAsync($"/udvalg/sager/{referral.Id}?handler=Decide", new()
        {
            ["Decision.Outcome"] = "Nonsens",
            ["Decision.Reasons"] = "x",
        }), HttpStatusCode.OK, "Afgørelsen skal være Placement");
        await StateShouldStayAsync(referral);
    }

    [Test]
    public async Task Text_far_over_its_limit_is_refused_next_to_the_field()
    {
        var referral = await OnAgendaAsync();
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.CommitteeMember));
        var html = await DanishPageAsync(await client.PostFormAsync($"/udvalg/sager/{referral.Id}?handler=Decide", new()
        {
            ["Decision.Outcome"] = "ReturnToGeneral",
            ["Decision.Recommendations"] = new string('x', 100_000),
            ["Decision.Reasons"] = "Begrundelse",
            ["Decision.Revision"] = referral.Revision.ToString(),
        }), HttpStatusCode.OK, "må højst være");
        html.ShouldContain("id=\"Decision_Recommendations-error\"");
        await StateShouldStayAsync(referral);
    }

    [Test]
    public async Task Change_from_a_stale_page_is_refused_and_changes_nothing()
    {
        var referral = await WaitingAsync();
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.CommitteeMember));
        await DanishPageAsync(await client.PostFormAsync($"/udvalg/sager/{referral.Id}?handler=Triage", new()
        {
            ["Track"] = "1",
            ["Revision"] = (referral.Revision - 1).ToString(),
        }), HttpStatusCode.OK, "ændret af en anden");
        await StateShouldStayAsync(referral);
    }

    [Test]
    public async Task Unknown_form_handler_is_not_a_server_error()
    {
        var referral = await WaitingAsync();
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.CommitteeMember));
        using var response = await client.PostFormAsync($"/udvalg/sager/{referral.Id}?handler=Nope", new() { ["Track"] = "1" });
        ((int)response.StatusCode).ShouldBeLessThan(500);
        await StateShouldStayAsync(referral);
    }

    [Test]
    public async Task File_over_the_rule_sets_limit_is_refused_next_to_its_field()
    {
        var (leader, referralId) = await App.WithDbAsync(async db =>
        {
            var draft = await db.Referrals.AsNoTracking().FirstAsync(r => r.State == ReferralState.Draft);
            return (await db.Users.AsNoTracking().SingleAsync(u => u.Role == Role.DistrictSchoolLeader && u.SchoolId == draft.DistrictSchoolId), draft.Id);
        });
        using var client = new PageClient(App);
        await client.SignInAsync(leader);
        var url = $"/skole/henvisninger/{referralId}";
        var big = new byte[11 * 1024 * 1024];
        "%PDF-1.4\n"u8.CopyTo(big);
        var html = await DanishPageAsync(await client.PostMultipartAsync($"{url}?handler=Upload", url, form =>
        {
            var file = new ByteArrayContent(big);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "Files.PupilPlan", "elevplan.pdf");
        }), HttpStatusCode.OK, "Filen er for stor. Den må højst fylde 10 MB.");
        html.ShouldContain("id=\"Files_PupilPlan-error\"");
    }

    [Test]
    public async Task Sign_in_with_an_unknown_user_is_refused_on_the_page()
    {
        using var client = new PageClient(App);
        await DanishPageAsync(await client.PostFormAsync("/log-ind", new() { ["userId"] = "ikke-en-bruger" }), HttpStatusCode.OK,
            "Vælg en af demobrugerne på listen.");
    }

    private static Task<Referral> WaitingAsync() =>
        App.WithDbAsync((db, services) => Cases.WaitingForTriageAsync(db, services.GetRequiredService<TimeProvider>()));

    private static Task<Referral> OnAgendaAsync() =>
        App.WithDbAsync(db => db.Referrals.AsNoTracking().Where(r => r.State == ReferralState.OnAgenda).OrderBy(r => r.Id).FirstAsync());

    private static async Task StateShouldStayAsync(Referral before)
    {
        var after = await App.WithDbAsync(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == before.Id));
        after.State.ShouldBe(before.State);
        after.Revision.ShouldBe(before.Revision);
    }
}
