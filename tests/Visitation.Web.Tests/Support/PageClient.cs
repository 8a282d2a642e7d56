using System.Net;
using System.Text.RegularExpressions;
using Visitation.Api.Infrastructure.Auth;

namespace Visitation.Web.Tests.Support;

/// <summary>
/// The pages over plain HTTP with a cookie jar, for what a browser would never send: malformed ids and
/// values, missing tokens, forged posts. Forms are sent with the antiforgery token read from the page.
/// </summary>
public sealed partial class PageClient : IDisposable
{
    private readonly HttpClient _http;

    public PageClient(WebSite app)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        _http = new HttpClient(handler) { BaseAddress = app.BaseAddress };
    }

    public HttpClient Http => _http;

    public async Task SignInAsync(AppUser user)
    {
        using var response = await PostFormAsync("/log-ind", new() { ["userId"] = user.Id.ToString() });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url);

    /// <summary>Reads the form's page for its antiforgery token, then posts <paramref name="fields"/> to <paramref name="url"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var page = await _http.GetStringAsync(tokenFrom ?? url.Split('?')[0]);
        var token = Token().Match(page).Groups[1].Value;
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await _http.PostAsync(url, new FormUrlEncodedContent(body));
    }

    public Task<HttpResponseMessage> PostWithoutTokenAsync(string url, Dictionary<string, string> fields) =>
        _http.PostAsync(url, new FormUrlEncodedContent(fields));

    public async Task<HttpResponseMessage> PostMultipartAsync(string url, string tokenFrom, Action<MultipartFormDataContent> fill)
    {
        var page = await _http.GetStringAsync(tokenFrom);
        var form = new MultipartFormDataContent { { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" } };
        fill(form);
        return await _http.PostAsync(url, form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public void Dispose() => _http.Dispose();
}
