using Microsoft.Playwright;
using Visitation.Web.Tests.Support;

namespace Visitation.Web.Tests;

/// <summary>
/// One demo municipality on one Kestrel port and one Chromium for the whole run: starting them is the
/// slow part, so they start on first use and stop when the run ends. Each browser test gets a fresh
/// context (its own cookies), so tests never share a session.
/// </summary>
[SetUpFixture]
public sealed class Site
{
    private static readonly Lazy<WebSite> LazyApp = new(() => new WebSite().Start(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Task<(IPlaywright, IBrowser)>> LazyBrowser = new(LaunchAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static WebSite App => LazyApp.Value;

    public static async Task<IBrowser> BrowserAsync() => (await LazyBrowser.Value).Item2;

    private static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Debian's Chromium; Playwright's own browser download is never used.
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (LazyBrowser.IsValueCreated)
        {
            var (playwright, browser) = await LazyBrowser.Value;
            await browser.CloseAsync();
            playwright.Dispose();
        }
        if (LazyApp.IsValueCreated) LazyApp.Value.Dispose();
    }
}
