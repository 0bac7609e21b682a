using System.Globalization;
using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Playwright;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// The View log's timeline drawn as bars on one time axis from the panel's raw fields (R-VIS-1), in a real Chromium:
/// one lane per node in timeline order, data-update tasks as sub-bars, idle gaps, in English and in Chinese.
/// </summary>
public sealed class TimelineChartPageTests(SampleSite site) : IClassFixture<SampleSite>
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
}
