using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Features.Rounds;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Workflows.Access;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Web.Tests.Support;

namespace Visitation.Web.Tests.Quality;

/// <summary>
/// What a browser would not send to the triage board, the committee meeting and the round calendar, sent anyway:
/// a Danish page or the form again with the message next to the field, never a 500, and nothing changed.
/// </summary>
public sealed class RoundPagesBadInputTests
{
    private static WebSite App => Site.App;

    private static async Task<AppUser> UserAsync(Role role) =>
        await App.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.Role == role).OrderBy(u => u.DisplayName).FirstAsync());

    private static async Task<string> DanishPageAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, html.Length > 400 ? html[..400] : html);
        html.ShouldContain("<html lang=\"da\">");
        html.ShouldContain(expected);
        return html;
    }

    [TestCase("abc", "»abc« er ikke en gyldig værdi her.", "Tracks_0__Track-error", TestName = "Triage_board_track_that_is_not_a_number_is_refused_next_to_its_field")]
    [TestCase("99", "Sporet skal være 1", "Tracks-error", TestName = "Triage_board_track_that_does_not_exist_is_refused_next_to_the_tracks")]
    public async Task Triage_board_with_a_bad_track(string track, string message, string errorId)
    {
        var referral = await App.WithDbAsync((db, services) => Cases.WaitingForTriageAsync(db, services.GetRequiredService<TimeProvider>()));
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.CommitteeMember));
        var html = await DanishPageAsync(await client.PostFormAsync($"/udvalg/runder/{referral.RoundId}?handler=Triage", new()
        {
            ["Tracks[0].ReferralId"] = referral.Id.ToString(),
            ["Tracks[0].Track"] = track,
        }), HttpStatusCode.OK, message);
        html.ShouldContain($"id=\"{errorId}\"");
        var after = await App.WithDbAsync(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referral.Id));
        after.State.ShouldBe(ReferralState.AssignedToRound);
        after.Revision.ShouldBe(referral.Revision);
    }

    [Test]
    public async Task Meeting_page_of_an_unknown_round_is_a_Danish_not_found_page()
    {
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.CommitteeMember));
        await DanishPageAsync(await client.GetAsync($"/udvalg/runder/{Guid.NewGuid()}/moede"), HttpStatusCode.NotFound, "Siden findes ikke");
    }

    [Test]
    public async Task Meeting_page_of_a_round_closed_without_a_meeting_offers_no_opening()
    {
        var roundId = await App.WithDbAsync(async db =>
        {
            var opened = await db.Set<CommitteeMeeting>().AsNoTracking().Select(m => m.RoundId).ToListAsync();
            return await db.Rounds.AsNoTracking().Where(r => r.Status == RoundStatus.Closed && !opened.Contains(r.Id)).Select(r => r.Id).FirstAsync();
        });
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.CommitteeMember));
        var html = await DanishPageAsync(await client.GetAsync($"/udvalg/runder/{roundId}/moede"), HttpStatusCode.OK, "Runden er lukket");
        html.ShouldNotContain("Åbn mødet");
    }

    [Test]
    public async Task Attendance_for_a_meeting_not_opened_is_refused_in_Danish_and_opens_nothing()
    {
        var roundId = await App.WithDbAsync(async db =>
        {
            var opened = await db.Set<CommitteeMeeting>().AsNoTracking().Select(m => m.RoundId).ToListAsync();
            return await db.Rounds.AsNoTracking().Where(r => r.Status == RoundStatus.Open && !opened.Contains(r.Id)).Select(r => r.Id).FirstAsync();
        });
        var member = await UserAsync(Role.CommitteeMember);
        using var client = new PageClient(App);
        await client.SignInAsync(member);
        await DanishPageAsync(await client.PostFormAsync($"/udvalg/runder/{roundId}/moede?handler=Attendance", new()
        {
            ["Present"] = member.Id.ToString(),
        }), HttpStatusCode.OK, "er ikke åbnet. Åbn mødet først.");
        (await App.WithDbAsync(db => db.Set<CommitteeMeeting>().AnyAsync(m => m.RoundId == roundId))).ShouldBeFalse();
    }

    [Test]
    public async Task Round_calendar_for_a_malformed_school_year_is_a_page_and_an_impossible_one_is_refused_next_to_the_field()
    {
        using var client = new PageClient(App);
        await client.SignInAsync(await UserAsync(Role.Administrator));
        await DanishPageAsync(await client.GetAsync("/administration/runder?skoleaar=abc"), HttpStatusCode.OK, "»abc« er ikke en gyldig værdi her.");
        await DanishPageAsync(await client.GetAsync("/administration/runder?skoleaar=99999"), HttpStatusCode.OK, "Visitationsrunder for skoleåret");
        var before = await App.WithDbAsync(db => db.Set<RoundCalendarYear>().CountAsync());
        var html = await DanishPageAsync(await client.PostFormAsync("/administration/runder?handler=Generate", new() { ["SchoolYear"] = "1999" }, "/administration/runder"),
            HttpStatusCode.OK, "Skoleåret skal ligge mellem år 2000 og 2200.");
        html.ShouldContain("id=\"SchoolYear-error\"");
        (await App.WithDbAsync(db => db.Set<RoundCalendarYear>().CountAsync())).ShouldBe(before);
    }
}
