using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Visitation.Workflows.Access;
using Visitation.Web.Tests.Support;

namespace Visitation.Web.Tests.Auth;

/// <summary>
/// Pages sign in with a cookie, API clients with a bearer token, on the same host: each keeps its own
/// behaviour, and a cookie never authorises a change through the API.
/// </summary>
public sealed class AuthenticationTests
{
    private static WebSite App => Site.App;

    [Test]
    public async Task Api_call_without_a_token_is_still_answered_401_with_a_bearer_challenge()
    {
        using var http = new HttpClient { BaseAddress = App.BaseAddress };
        using var response = await http.GetAsync("/api/referrals");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Test]
    public async Task Development_token_still_works_next_to_the_cookie()
    {
        var user = await App.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.CommitteeMember));
        using var http = new HttpClient { BaseAddress = App.BaseAddress };
        var token = await (await http.PostAsJsonAsync("/dev/token", new { userId = user.Id })).Content.ReadFromJsonAsync<TokenBody>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        (await http.GetAsync("/api/referrals")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task Sign_in_cookie_reads_through_the_api_but_never_changes_through_it()
    {
        var leader = await App.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.DistrictSchoolLeader));
        using var client = new PageClient(App);
        await client.SignInAsync(leader);
        (await client.GetAsync("/api/referrals")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var change = await client.Http.PostAsJsonAsync("/api/referrals", new { childId = Guid.NewGuid() });
        change.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "A forged cross-site post must not ride on the page cookie.");
    }

    [Test]
    public async Task Each_role_lands_on_its_own_start_page()
    {
        var users = await App.WithDbAsync(async db => (await db.Users.AsNoTracking().ToListAsync()).GroupBy(u => u.Role).Select(g => g.First()).ToList());
        var expected = new Dictionary<Role, string>
        {
            [Role.CommitteeMember] = "/udvalg",
            [Role.DistrictSchoolLeader] = "/skole",
            [Role.OfferLeader] = "/tilbud",
            [Role.Psychologist] = "/psykolog",
            [Role.Guardian] = "/foraeldre",
            [Role.Administrator] = "/administration",
        };
        foreach (var user in users)
        {
            using var client = new PageClient(App);
            using var signIn = await client.PostFormAsync("/log-ind", new() { ["userId"] = user.Id.ToString() });
            signIn.Headers.Location!.OriginalString.ShouldBe(expected[user.Role], user.DisplayName);
            using var start = await client.GetAsync(expected[user.Role]);
            ((int)start.StatusCode).ShouldBeOneOf([200, 302], $"{user.Role} start page");
            using var front = await client.GetAsync("/");
            front.Headers.Location!.OriginalString.ShouldBe(expected[user.Role]);
        }
    }

    [Test]
    public async Task Signing_out_ends_the_page_session()
    {
        var user = await App.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Role == Role.Administrator));
        using var client = new PageClient(App);
        await client.SignInAsync(user);
        (await client.GetAsync("/administration")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var signOut = await client.PostFormAsync("/log-ud", [], tokenFrom: "/administration");
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var after = await client.GetAsync("/administration");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/log-ind");
    }

    /// <summary>Outside Development there is no demo sign-in: pages hand over to OpenID Connect, the API still answers 401.</summary>
    [Test]
    public async Task Outside_development_pages_challenge_through_OpenID_Connect_and_the_api_through_bearer()
    {
        var configuration = new OpenIdConnectConfiguration
        {
            Issuer = "https://login.example.invalid",
            AuthorizationEndpoint = "https://login.example.invalid/authorize",
            TokenEndpoint = "https://login.example.invalid/token",
            EndSessionEndpoint = "https://login.example.invalid/logout",
        };
        using var production = new WebSite("Production", seedDemo: false, new Dictionary<string, string?>
        {
            ["Auth:Authority"] = "https://login.example.invalid",
            ["Auth:ClientId"] = "visitation-web",
            ["Auth:ClientSecret"] = "not-a-secret",
        }, services => services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
        {
            // No identity provider in the test: its discovery document is given instead of fetched.
            o.Configuration = configuration;
            o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        })).Start();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = production.BaseAddress };

        using var page = await http.GetAsync("/skole");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldStartWith("https://login.example.invalid/authorize");

        using var signIn = await http.GetAsync("/log-ind");
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().ShouldStartWith("https://login.example.invalid/authorize");

        using var api = await http.GetAsync("/api/referrals");
        api.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        api.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");

        (await http.GetAsync("/dev/users")).StatusCode.ShouldNotBe(HttpStatusCode.OK, "No demo users outside Development.");
    }

    private sealed record TokenBody(string AccessToken);
}
