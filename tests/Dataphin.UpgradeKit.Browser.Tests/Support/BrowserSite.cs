using Microsoft.Playwright;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests.Support;

/// <summary>
/// The web sample's page in Debian's Chromium, launched headless by path with a fresh profile, over hosts a derived
/// fixture starts. Started on first use, so a run where Chromium is absent (and the tests skip) starts nothing.
/// </summary>
public abstract class BrowserSite : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly List<IPage> _pages = [];
    private IPlaywright? _playwright;
    private Task? _started;

    protected string Root { get; } = Directory.CreateTempSubdirectory("upgradekit-browser-").FullName;

    /// <summary>The browser's one context (a persistent profile).</summary>
    protected IBrowserContext Browser { get; private set; } = null!;

    /// <summary>The address of the host that serves the page.</summary>
    public string BaseAddress { get; private set; } = string.Empty;

    public string Downloads => Directory.CreateDirectory(Path.Combine(Root, "downloads")).FullName;

    /// <summary>Starts the hosts and returns the address of the one whose page the browser opens.</summary>
    protected abstract Task<string> StartHostsAsync();

    /// <summary>Runs once Chromium is up, before the first page opens (e.g. init scripts).</summary>
    protected virtual Task OnBrowserStartedAsync() => Task.CompletedTask;

    protected abstract Task StopHostsAsync();

    /// <summary>
    /// A new tab on the page, signed in as <paramref name="operatorId"/> through the page's own switcher;
    /// <paramref name="beforeLoading"/> runs on the tab before it loads the page (e.g. to route its requests).
    /// </summary>
    public async Task<IPage> OpenAsync(string operatorId, Func<IPage, Task>? beforeLoading = null)
    {
        await StartAsync();
        var page = await NewPageAsync();
        page.SetDefaultTimeout(15_000);
        if (beforeLoading is not null)
        {
            await beforeLoading(page);
        }

        // The first list answer, rows or the 401 of a profile where nobody was chosen yet (the sample has no default).
        await page.RunAndWaitForResponseAsync(() => page.GotoAsync(BaseAddress), r => r.Url.Contains("/api/upgrades", StringComparison.Ordinal));
        if (await page.Locator("#operator").InputValueAsync() != operatorId)
        {
            await page.RunAndWaitForResponseAsync(() => page.Locator("#operator").SelectOptionAsync(operatorId),
                r => r.Url.Contains("/api/upgrades", StringComparison.Ordinal));
        }

        await page.Locator("#records tbody tr").First.WaitForAsync();
        return page;
    }

    /// <summary>A new tab on the page with no operator chosen: the profile's cookies are cleared first.</summary>
    public async Task<IPage> OpenSignedOutAsync()
    {
        await StartAsync();
        await Browser.ClearCookiesAsync();
        var page = await NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.RunAndWaitForResponseAsync(() => page.GotoAsync(BaseAddress), r => r.Url.Contains("/api/upgrades", StringComparison.Ordinal));
        return page;
    }

    /// <summary>A new tab at <paramref name="path"/> of the sample.</summary>
    public async Task<IPage> OpenPathAsync(string path)
    {
        await StartAsync();
        var page = await NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(BaseAddress + path);
        return page;
    }

    public static ILocator Row(IPage page, string targetVersion) => page.Locator($"#records tbody tr[data-target='{targetVersion}']");

    // Each page holds its Server-Sent Events streams open, and a browser allows six HTTP/1.1 connections per origin:
    // the previous test's tabs are closed so they cannot starve the next one's requests.
    private async Task<IPage> NewPageAsync()
    {
        foreach (var old in _pages)
        {
            await old.CloseAsync();
        }

        _pages.Clear();
        var page = await Browser.NewPageAsync();
        _pages.Add(page);
        return page;
    }

    // Tests of one class run one at a time, so a plain field is enough to start once.
    protected Task StartAsync() => _started ??= StartOnceAsync();

    private async Task StartOnceAsync()
    {
        BaseAddress = await StartHostsAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(Root, "profile"), new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumArgs,
            AcceptDownloads = true,
            DownloadsPath = Downloads,
            TimezoneId = "Asia/Shanghai",
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1680, Height = 900 },
        });
        await OnBrowserStartedAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await StopHostsAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a profile file for a moment; the temporary folder is cleaned up eventually.
        }
    }
}
