using Microsoft.Playwright;
using NUnit.Framework.Interfaces;
using Visitation.Api.Infrastructure.Auth;

namespace Visitation.Web.Tests.Support;

/// <summary>
/// A test in a fresh Chromium context against the shared demo site. Any 5xx response fails the test;
/// a failing test leaves a screenshot of where it stopped under the test output.
/// </summary>
public abstract class BrowserTest
{
    private readonly List<string> _serverErrors = [];

    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;
    protected static WebSite App => Site.App;

    public static string ScreenshotFolder => Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");

    [SetUp]
    public async Task OpenBrowserAsync()
    {
        var browser = await Site.BrowserAsync();
        Context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            Locale = "da-DK",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        Context.SetDefaultTimeout(15_000);
        Page = await Context.NewPageAsync();
        Page.Response += (_, response) =>
        {
            if (response.Status >= 500) _serverErrors.Add($"{response.Status} {response.Request.Method} {response.Url}");
        };
    }

    [TearDown]
    public async Task CloseBrowserAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            try { await ScreenshotAsync("failed-" + TestContext.CurrentContext.Test.Name); }
            catch (PlaywrightException) { }
        }
        await Context.CloseAsync();
        _serverErrors.ShouldBeEmpty("No page may answer with a server error.");
    }

    protected async Task SignInAsync(AppUser user)
    {
        await Page.GotoAsync("/log-ind");
        var button = Page.Locator($"button[name='userId'][value='{user.Id}']");
        if (!await button.IsVisibleAsync())
            await Page.Locator($"details:has(button[value='{user.Id}']) > summary").ClickAsync();
        await button.ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/log-ind", StringComparison.Ordinal));
    }

    protected async Task SignOutAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log ud" }).ClickAsync();
        await Page.WaitForURLAsync(url => url.Contains("/log-ind", StringComparison.Ordinal));
    }

    protected async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
        return path;
    }

    protected ILocator Main => Page.Locator("main");

    /// <summary>The text next to a field: its error message (id "{field id}-error").</summary>
    protected ILocator ErrorFor(string fieldId) => Page.Locator($"#{fieldId.Replace(".", "_", StringComparison.Ordinal)}-error");

    /// <summary>WCAG 2.1 AA basics the page itself can be checked for; see <see cref="PageChecks"/>.</summary>
    protected async Task ShouldMeetAccessibilityBasicsAsync()
    {
        var problems = await Page.EvaluateAsync<string[]>(PageChecks.Script);
        problems.ShouldBeEmpty($"Accessibility basics on {Page.Url}");
    }
}
