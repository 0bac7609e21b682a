using System.Globalization;
using System.Text.RegularExpressions;
using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Playwright;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// The View log's timeline drawn as bars on one time axis from the panel's raw fields (R-VIS-1), in a real Chromium:
/// one lane per node in timeline order, data-update tasks as sub-bars, idle gaps, in English and in Chinese.
/// </summary>
public sealed partial class TimelineChartPageTests(SampleSite site) : IClassFixture<SampleSite>
{
    private const string Install = "apt-get install chromium";

    private static async Task<ILocator> OpenChartAsync(IPage page)
    {
        await SampleSite.Row(page, "V5.0.0").Locator("button[data-action=viewLog]").ClickAsync();
        var chart = page.Locator("#log-chart");
        await Assertions.Expect(chart).ToBeVisibleAsync();
        return chart;
    }

    private static async Task<double> LeftAsync(ILocator bar) =>
        double.Parse((await bar.EvaluateAsync<string>("b => b.style.left")).TrimEnd('%'), CultureInfo.InvariantCulture);

    [RequiresHostToolFact("chromium", Install)]
    public async Task ViewLog_Succeeded_NodesAsBarsOnOneAxisWithTasksAndGaps_R_VIS_1()
    {
        var page = await site.OpenAsync("alice");

        var chart = await OpenChartAsync(page);

        var lanes = chart.Locator(".chart-row[data-node]");
        Assert.Equal(["stopServices", "databaseBackup", "upgradeServices", "dataUpdate", "dataServiceStudioUpgrade"],
            await lanes.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.node)"));
        var bars = chart.Locator(".chart-row[data-node] .chart-bar");
        Assert.Equal(5, await bars.CountAsync());
        var lefts = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            lefts.Add(await LeftAsync(bars.Nth(i)));
        }

        Assert.Equal(lefts.Order(), lefts); // the nodes ran one after another: their bars start left to right
        Assert.Equal(4, await chart.Locator(".chart-row[data-node=dataUpdate] .chart-task").CountAsync());
        Assert.True(await chart.Locator(".chart-gap").CountAsync() >= 1);
        Assert.Equal(0, await chart.Locator(".chart-unknown, .chart-running").CountAsync()); // finished: no open bar

        foreach (var path in Screenshots.PathsFor("view-log-timeline.png"))
        {
            await page.Locator("#log-panel").ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task ViewLog_ChineseCulture_ChartLabelsInChinese_R_VIS_1()
    {
        var page = await site.OpenAsync("alice");
        await page.RunAndWaitForResponseAsync(() => page.GotoAsync(site.BaseAddress + "?culture=zh-CN"),
            r => r.Url.Contains("/api/upgrades", StringComparison.Ordinal));
        await page.Locator("#records tbody tr").First.WaitForAsync();

        var chart = await OpenChartAsync(page);

        Assert.Equal("停止服务", (await chart.Locator(".chart-row[data-node=stopServices] .chart-label").InnerTextAsync()).Trim());
        Assert.Equal("空闲", (await chart.Locator(".chart-gap-row .chart-label").InnerTextAsync()).Trim());

        foreach (var path in Screenshots.PathsFor("view-log-timeline.zh-CN.png"))
        {
            await page.Locator("#log-panel").ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }
    }

    /// <summary>
    /// In Chinese, the page's own headings, column names, labels and dialog texts are Chinese too, not only what the
    /// server sends: once the View log is open, no heading or label keeps an English word. Product names, versions
    /// and the operators' names are the same in both languages.
    /// </summary>
    [RequiresHostToolFact("chromium", Install)]
    public async Task Page_ChineseCulture_NoEnglishHeadingOrLabelLeft_R_DISP_1()
    {
        var page = await site.OpenAsync("alice");
        await page.RunAndWaitForResponseAsync(() => page.GotoAsync(site.BaseAddress + "?culture=zh-CN"),
            r => r.Url.Contains("/api/upgrades", StringComparison.Ordinal));
        await page.Locator("#records tbody tr").First.WaitForAsync();
        await OpenChartAsync(page);

        var texts = await page.Locator("h1, h2, h3, th, dt, legend, label, .chart-label, .chart-legend, .hint, dialog p, dialog button, #log-close, #log-tasks a")
            .EvaluateAllAsync<string[]>("all => all.map(e => e.textContent.replace(/\\s+/g, ' ').trim())");
        var title = await page.TitleAsync();
        var english = texts.Append(title)
            .Where(t => EnglishWord().IsMatch(SameInEveryLanguage().Replace(t, "")))
            .ToList();

        Assert.True(texts.Length > 40, $"only {texts.Length} texts found");
        Assert.Empty(english);
        Assert.Equal("目标版本", (await page.Locator("#records thead th").First.InnerTextAsync()).Trim());
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
    }

    // A word of two or more Latin letters, once the texts below are taken out.
    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex EnglishWord();

    // Names and notations shown as they are in every language: versions, products, the sample operators, the time
    // zone, the duration format, file names and commands.
    [GeneratedRegex(@"V\d+(\.\d+)+|DataService Studio|Dataphin\.UpgradeKit|Dataphin|OpenAPI|API|Alice|Olga|Oscar|hhh:mm:ss|[\w-]+\.yaml|[A-Za-z_]+/[A-Za-z_/]+|UTC|upgradekit decrypt <file> --out <path>|age -d")]
    private static partial Regex SameInEveryLanguage();
}
