using Dataphin.UpgradeKit.Samples.Web;
using Dataphin.UpgradeKit.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests.Support;

/// <summary>
/// The web sample started in process on a free loopback port with its own SQLite file, and Debian's Chromium launched
/// headless by path with a fresh profile. Started on first use, so a run where Chromium is absent (and the tests skip)
/// starts nothing.
/// </summary>
public sealed class SampleSite : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly string _root = Directory.CreateTempSubdirectory("upgradekit-browser-").FullName;
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;
    private Task? _started;
    private readonly List<IPage> _pages = [];

    public string BaseAddress { get; private set; } = string.Empty;

    public string Downloads => Directory.CreateDirectory(Path.Combine(_root, "downloads")).FullName;

    public UpgradeRecordService Service => _app!.Services.GetRequiredService<UpgradeRecordService>();

    /// <summary>A new tab on the page, signed in as <paramref name="operatorId"/> through the page's own switcher.</summary>
    public async Task<IPage> OpenAsync(string operatorId)
    {
        await StartAsync();
        var page = await NewPageAsync();
        page.SetDefaultTimeout(15_000);
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
        await _browser!.ClearCookiesAsync();
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

    // Each page holds its Server-Sent Events streams open, and a browser allows six HTTP/1.1 connections per origin:
    // the previous test's tabs are closed so they cannot starve the next one's requests.
    private async Task<IPage> NewPageAsync()
    {
        foreach (var old in _pages)
        {
            await old.CloseAsync();
        }

        _pages.Clear();
        var page = await _browser!.NewPageAsync();
        _pages.Add(page);
        return page;
    }

    public static ILocator Row(IPage page, string targetVersion) => page.Locator($"#records tbody tr[data-target='{targetVersion}']");

    public async Task<UpgradeRecord> RecordAsync(string targetVersion)
    {
        var page = await Service.ListAsync(new Storage.UpgradeRecordQuery { PageSize = 100 });
        return page.Items.Single(r => r.TargetVersion.ToString() == targetVersion);
    }

    // Tests of one class run one at a time, so a plain field is enough to start once.
    private Task StartAsync() => _started ??= StartOnceAsync();

    private async Task StartOnceAsync()
    {
        _app = await SampleApp.BuildAsync(
            ["--urls", "http://127.0.0.1:0", $"--{SampleApp.DatabasePathKey}={Path.Combine(_root, "upgrades.db")}", "--environment", "Production",
             "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        BaseAddress = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(_root, "profile"), new BrowserTypeLaunchPersistentContextOptions
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
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a profile file for a moment; the temporary folder is cleaned up eventually.
        }
    }
}
