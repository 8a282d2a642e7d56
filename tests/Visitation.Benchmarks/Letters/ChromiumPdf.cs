using Microsoft.Playwright;

namespace Visitation.Benchmarks.Letters;

/// <summary>
/// Chromium HTML→PDF through Playwright (the driver ships in the NuGet package; the browser is Debian's
/// <c>/usr/bin/chromium</c>, never a Playwright download). One browser and one page for the whole run;
/// per letter <c>SetContentAsync</c> (waits for the load event, so the fonts) then <c>PdfAsync</c>.
/// The page first loads a blank file:// document, so the letter's file:// @font-face URLs are same-origin.
/// </summary>
internal sealed class ChromiumPdf : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Arguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;

    private ChromiumPdf(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
    }

    public string Version => _browser.Version;

    public static async Task<ChromiumPdf> StartAsync(string folder)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"{ExecutablePath} is missing (apt-get install -y chromium).", ExecutablePath);
        }

        var playwright = await Playwright.CreateAsync();
        IBrowser? browser = null;
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                Timeout = 60_000,
            });
            var page = await browser.NewPageAsync();
            var blank = Path.Combine(folder, "blank.html");
            await File.WriteAllTextAsync(blank, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>");
            await page.GotoAsync(new Uri(blank).AbsoluteUri);
            return new ChromiumPdf(playwright, browser, page);
        }
        catch
        {
            if (browser is not null) await browser.DisposeAsync();
            playwright.Dispose();
            throw;
        }
    }

    public async Task<byte[]> PrintAsync(LetterHtml html)
    {
        await _page.SetContentAsync(html.Page);
        return await _page.PdfAsync(new PagePdfOptions
        {
            Format = "A4",
            PreferCSSPageSize = true,
            PrintBackground = true,
            DisplayHeaderFooter = true,
            HeaderTemplate = "<span></span>",
            FooterTemplate = html.Footer,
        });
    }

    /// <summary>Each @font-face of the current page with its load status ("loaded" means the shipped TTF was used).</summary>
    public async Task<string> FontStatusAsync() =>
        await _page.EvaluateAsync<string>(
            "async () => { await document.fonts.ready; return [...document.fonts].map(f => `${f.family} ${f.weight} ${f.status}`).join(', '); }");

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
