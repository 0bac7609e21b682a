using System.Globalization;
using System.Text.Json;
using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Playwright;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// The page's history views in a real Chromium: the list's filter bar with the query in the address and its pages
/// (R-HIST-1), the audit trail across records (R-HIST-2), the insights panel's charts (R-INS-1) and the list at
/// 1,024 px. What the page shows is compared with what the store or the endpoints answer, never with fixed numbers,
/// since tests of this class share one seeded site and some add records.
/// </summary>
public sealed partial class HistoryPageTests(SampleSite site) : IClassFixture<SampleSite>
{
    private const string Install = "apt-get install chromium";
    private const string HostileReason = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script> & \"quoted\" <b>bold</b>";

    private static readonly string[] FailedAndSucceeded = ["Failed", "Succeeded"];

    private static ILocator ShownRows(IPage page) => page.Locator("#records tbody tr");

    private static async Task<string[]> ShownIdsAsync(IPage page) =>
        await ShownRows(page).EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");

    private async Task<List<UpgradeRecord>> StoredAsync(UpgradeRecordQuery query) =>
        [.. (await site.Service.Queries.ListAsync(query with { PageSize = UpgradeRecordQuery.MaxPageSize })).Items];

    private async Task<JsonElement> GetJsonAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(site.BaseAddress + path);
        Assert.True(response.Ok, $"{path}: {response.Status}");
        return (await response.JsonAsync())!.Value;
    }

    // The records of the page's "Download JSON Lines" link, as the server streams them (its first line names the report).
    private async Task<string[]> JsonLinesIdsAsync(IPage page)
    {
        var href = await page.Locator("#list-jsonl").GetAttributeAsync("href");
        var response = await page.APIRequest.GetAsync(site.BaseAddress + href);
        Assert.True(response.Ok, $"{href}: {response.Status}");
        var lines = (await response.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("upgrade-records", Field(lines[0], "report"));
        return [.. lines.Skip(1).Select(l => Field(l, "id"))];
    }

    private static string Field(string line, string name)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty(name).GetString()!;
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task FilterBar_Status_R_HIST_1_ListShowsOnlyMatchesAndTheAddressKeepsTheQuery()
    {
        var page = await site.OpenAsync("alice");
        var all = await StoredAsync(new UpgradeRecordQuery());
        var failed = await StoredAsync(new UpgradeRecordQuery { Statuses = [UpgradeStatus.Failed] });
        Assert.NotEmpty(failed);
        Assert.True(failed.Count < all.Count);

        await page.Locator("#filter-status").SelectOptionAsync("Failed");
        await page.Locator("#filter-apply").ClickAsync();

        await Assertions.Expect(ShownRows(page)).ToHaveCountAsync(failed.Count);
        Assert.Equal(failed.Select(r => r.Id.ToString()), await ShownIdsAsync(page));
        Assert.Equal("failed", Assert.Single((await ShownRows(page).Locator("td[data-status]").EvaluateAllAsync<string[]>("c => c.map(x => x.dataset.status)")).Distinct()));
        Assert.Contains("status=Failed", page.Url, StringComparison.Ordinal);
        // The report links carry the same filter.
        Assert.Contains("status=Failed", await page.Locator("#list-csv").GetAttributeAsync("href") ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("format=jsonl", await page.Locator("#list-jsonl").GetAttributeAsync("href") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(failed.Select(r => r.Id.ToString()), await JsonLinesIdsAsync(page));

        foreach (var path in Screenshots.PathsFor("history-filter-bar.png"))
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }

        // A reload, and a link opened in a new tab, show the same view; Back returns to the unfiltered list.
        await page.ReloadAsync();
        await Assertions.Expect(ShownRows(page)).ToHaveCountAsync(failed.Count);
        Assert.Equal("Failed", await page.Locator("#filter-status").InputValueAsync());
        var shared = await site.OpenPathAsync(new Uri(page.Url).PathAndQuery);
        await Assertions.Expect(ShownRows(shared)).ToHaveCountAsync(failed.Count);
        Assert.Equal(failed.Select(r => r.Id.ToString()), await ShownIdsAsync(shared));

        var back = await site.OpenAsync("alice");
        await back.Locator("#filter-mode").SelectOptionAsync("ZeroDowntime");
        await back.Locator("#filter-apply").ClickAsync();
        var zeroDowntime = await StoredAsync(new UpgradeRecordQuery { Modes = [UpgradeMode.ZeroDowntime] });
        await Assertions.Expect(ShownRows(back)).ToHaveCountAsync(zeroDowntime.Count);
        await back.GoBackAsync();
        await Assertions.Expect(ShownRows(back)).ToHaveCountAsync(Math.Min(50, (await StoredAsync(new UpgradeRecordQuery())).Count));
        Assert.Equal(string.Empty, await back.Locator("#filter-mode").InputValueAsync());
        await back.GoForwardAsync();
        await Assertions.Expect(ShownRows(back)).ToHaveCountAsync(zeroDowntime.Count);
        Assert.Equal("ZeroDowntime", await back.Locator("#filter-mode").InputValueAsync());
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task FilterBar_StartedWithinADay_R_HIST_1_DaysOfTheBrowsersTimeZone()
    {
        var page = await site.OpenAsync("alice");
        // The day V5.0.0 started on in the browser's time zone (the fixture's Chromium runs in Asia/Shanghai, UTC+8).
        var started = (await site.RecordAsync("V5.0.0")).UpgradeStartedAt!.Value.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(8));
        var day = started.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dayStart = NodaTime.Instant.FromDateTimeOffset(new DateTimeOffset(started.Date, TimeSpan.FromHours(8)));
        var expected = await StoredAsync(new UpgradeRecordQuery { StartedWithin = new NodaTime.Interval(dayStart, dayStart + NodaTime.Duration.FromDays(1)) });
        Assert.NotEmpty(expected);

        await page.Locator("#filter-startedFrom").FillAsync(day);
        await page.Locator("#filter-startedTo").FillAsync(day);
        await page.Locator("#filter-apply").ClickAsync();

        await Assertions.Expect(ShownRows(page)).ToHaveCountAsync(expected.Count);
        Assert.Equal(expected.Select(r => r.Id.ToString()), await ShownIdsAsync(page));
        Assert.Contains($"startedFrom={day}", page.Url, StringComparison.Ordinal);
        Assert.Contains($"startedTo={day}", page.Url, StringComparison.Ordinal);
        Assert.Equal(expected.Select(r => r.Id.ToString()), await JsonLinesIdsAsync(page)); // the report link carries the same interval
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task FilterBar_SeveralStatusesOutcomeAndFinishedDay_R_HIST_1_TheAddressAndTheReportCarryThem()
    {
        var page = await site.OpenAsync("alice");
        var failed = await StoredAsync(new UpgradeRecordQuery { Statuses = [UpgradeStatus.Failed] });
        var succeeded = await StoredAsync(new UpgradeRecordQuery { Statuses = [UpgradeStatus.Succeeded] });
        var both = await StoredAsync(new UpgradeRecordQuery { Statuses = [UpgradeStatus.Failed, UpgradeStatus.Succeeded] });
        Assert.NotEmpty(failed);
        Assert.NotEmpty(succeeded);

        // Two statuses at once: the list shows the records of either, the address keeps both as one comma list.
        await page.Locator("#filter-status").SelectOptionAsync(FailedAndSucceeded);
        await page.Locator("#filter-apply").ClickAsync();
        await Assertions.Expect(ShownRows(page)).ToHaveCountAsync(both.Count);
        Assert.Equal(both.Select(r => r.Id.ToString()), await ShownIdsAsync(page));
        Assert.Equal(FailedAndSucceeded, QueryParameter(page.Url, "status")!.Split(',').Order(StringComparer.Ordinal));
        Assert.Equal(both.Select(r => r.Id.ToString()), await JsonLinesIdsAsync(page));
        await page.ReloadAsync();
        await Assertions.Expect(ShownRows(page)).ToHaveCountAsync(both.Count);
        Assert.Equal(FailedAndSucceeded, (await SelectedAsync(page, "#filter-status")).Order(StringComparer.Ordinal));

        // An outcome category and the day a record finished on, in the browser's time zone (UTC+8).
        var finished = succeeded.First(r => r.UpgradeEndedAt is not null);
        var end = finished.UpgradeEndedAt!.Value.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(8));
        var day = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dayStart = NodaTime.Instant.FromDateTimeOffset(new DateTimeOffset(end.Date, TimeSpan.FromHours(8)));
        var expected = await StoredAsync(new UpgradeRecordQuery
        {
            Outcomes = [UpgradeOutcomeCategory.Succeeded],
            FinishedWithin = new NodaTime.Interval(dayStart, dayStart + NodaTime.Duration.FromDays(1)),
        });
        Assert.Contains(expected, r => r.Id == finished.Id);

        await page.GotoAsync(site.BaseAddress + "/");
        await page.Locator("#filter-outcome").SelectOptionAsync("Succeeded");
        await page.Locator("#filter-finishedFrom").FillAsync(day);
        await page.Locator("#filter-finishedTo").FillAsync(day);
        await page.Locator("#filter-apply").ClickAsync();
        await Assertions.Expect(ShownRows(page)).ToHaveCountAsync(expected.Count);
        Assert.Equal(expected.Select(r => r.Id.ToString()), await ShownIdsAsync(page));
        Assert.Equal("Succeeded", QueryParameter(page.Url, "outcome"));
        Assert.Equal(day, QueryParameter(page.Url, "finishedFrom"));
        Assert.Equal(day, QueryParameter(page.Url, "finishedTo"));
        Assert.Equal(expected.Select(r => r.Id.ToString()), await JsonLinesIdsAsync(page));
        Assert.Equal("Succeeded", Assert.Single(await SelectedAsync(page, "#filter-outcome")));
    }

    private static string? QueryParameter(string url, string name) =>
        System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)[name];

    private static async Task<string[]> SelectedAsync(IPage page, string select) =>
        await page.Locator(select).EvaluateAsync<string[]>("s => [...s.selectedOptions].map(o => o.value)");

    [RequiresHostToolFact("chromium", Install)]
    public async Task Pager_NextThenPrevious_R_HIST_1_EveryRecordOnceInOrder()
    {
        var page = await site.OpenAsync("alice");
        var expected = (await StoredAsync(new UpgradeRecordQuery())).Select(r => r.Id.ToString()).ToList();
        Assert.True(expected.Count > 6);
        await page.GotoAsync(site.BaseAddress + "/?pageSize=3");
        await Assertions.Expect(page.Locator("#list-page-number")).ToHaveTextAsync("Page 1");

        var pages = new List<string[]> { await ShownIdsAsync(page) };
        while (!await page.Locator("#list-next").IsDisabledAsync())
        {
            await page.Locator("#list-next").ClickAsync();
            await Assertions.Expect(page.Locator("#list-page-number")).ToHaveTextAsync($"Page {pages.Count + 1}");
            pages.Add(await ShownIdsAsync(page));
            Assert.True(pages.Count <= expected.Count, "the pager never ends");
        }

        Assert.Equal(expected, pages.SelectMany(p => p)); // no duplicate, no gap, newest first
        Assert.All(pages.SkipLast(1), p => Assert.Equal(3, p.Length));
        Assert.Contains("cursor=", page.Url, StringComparison.Ordinal);

        await page.Locator("#list-previous").ClickAsync();
        await Assertions.Expect(page.Locator("#list-page-number")).ToHaveTextAsync($"Page {pages.Count - 1}");
        Assert.Equal(pages[^2], await ShownIdsAsync(page));
        await page.ReloadAsync(); // the page, and the way back to the ones before it, survive a reload
        await Assertions.Expect(page.Locator("#list-page-number")).ToHaveTextAsync($"Page {pages.Count - 1}");
        Assert.Equal(pages[^2], await ShownIdsAsync(page));
        await page.Locator("#list-previous").ClickAsync();
        await Assertions.Expect(page.Locator("#list-page-number")).ToHaveTextAsync($"Page {pages.Count - 2}");
        Assert.Equal(pages[^3], await ShownIdsAsync(page));
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task AuditView_ScriptInAReason_R_HIST_2_ShownAsTextWithItsFilterAndPages()
    {
        var page = await site.OpenAsync("alice"); // starts the site
        var alice = new Operators.OperatorIdentity("alice", "Alice (operator)");
        var record = await site.Service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V9.7.0"), InitialVersion = ProductVersion.Parse("V5.4.0"), Mode = UpgradeMode.Maintenance,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, alice);
        await site.Service.HostReports.StartAsync(record.Id);
        await site.Service.Commands.StopAsync(record.Id, alice, new StopOptions { RerunForceStoppedInstances = false, Reason = OperatorReason.Parse(HostileReason) });

        await page.GotoAsync(site.BaseAddress + "/?view=audit&operation=Stop");
        var rows = page.Locator("#audit-table tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        Assert.Equal(["stop"], (await rows.EvaluateAllAsync<string[]>("r => r.map(x => x.dataset.operation)")).Distinct());
        var hostile = rows.Filter(new LocatorFilterOptions { Has = page.Locator("td.audit-reason", new PageLocatorOptions { HasText = "bold" }) });
        Assert.Equal(HostileReason, await hostile.Locator("td.audit-reason").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#audit-table img, #audit-table b, #audit-table script").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"));
        Assert.Equal("Stop", await page.Locator("#filter-operation").InputValueAsync());
        Assert.Contains("operation=Stop", await page.Locator("#audit-csv").GetAttributeAsync("href") ?? string.Empty, StringComparison.Ordinal);

        foreach (var path in Screenshots.PathsFor("history-audit-view.png"))
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }

        // Pages of four entries over the whole trail: every entry the endpoint has, once, in its order.
        var everything = await GetJsonAsync(page, "/api/upgrades/audit?pageSize=500");
        var expected = everything.GetProperty("items").EnumerateArray().Select(EntryKey).ToList();
        Assert.True(expected.Count > 8);
        await page.GotoAsync(site.BaseAddress + "/?view=audit&auditPageSize=4");
        await Assertions.Expect(page.Locator("#audit-table")).ToHaveAttributeAsync("data-cursor", string.Empty);
        var seen = new List<string>();
        while (true)
        {
            await Assertions.Expect(rows.First).ToBeVisibleAsync();
            seen.AddRange(await rows.EvaluateAllAsync<string[]>(
                "r => r.map(x => x.querySelector('.record-id').title + '|' + x.dataset.operation + '|' + x.cells[0].textContent)"));
            if (await page.Locator("#audit-next").IsDisabledAsync())
            {
                break;
            }

            var token = await page.Locator("#audit-next").GetAttributeAsync("data-token");
            await page.Locator("#audit-next").ClickAsync();
            await Assertions.Expect(page.Locator("#audit-table")).ToHaveAttributeAsync("data-cursor", token!);
            Assert.True(seen.Count <= expected.Count, "the pager never ends");
        }

        Assert.Equal(expected, seen); // every entry once, newest first, none skipped or repeated at a page's edge
    }

    // Record, operation and time of an entry as the page shows them (to the second, in the browser's time zone, UTC+8).
    private static string EntryKey(JsonElement entry) => string.Join('|', entry.GetProperty("recordId").GetString(), entry.GetProperty("operation").GetString(),
        DateTimeOffset.Parse(entry.GetProperty("at").GetString()!, CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));

    [RequiresHostToolFact("chromium", Install)]
    public async Task Insights_ChartsAndFigures_R_INS_1_DrawnFromTheEndpoints()
    {
        var page = await site.OpenAsync("alice");
        await page.GotoAsync(site.BaseAddress + "/?view=insights");
        var panel = page.Locator("#insights-panel");
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-loaded", new System.Text.RegularExpressions.Regex(".+"));
        var interval = (await panel.GetAttributeAsync("data-loaded"))!.Split('/');
        var query = $"from={Uri.EscapeDataString(interval[0])}&to={Uri.EscapeDataString(interval[1])}";

        // Outcomes per month: the bars of all months add up to the insights' statuses over the same interval.
        var insights = await GetJsonAsync(page, "/api/upgrades/insights?" + query);
        var overall = insights.GetProperty("overall");
        var statuses = overall.GetProperty("statuses").EnumerateArray().ToDictionary(s => s.GetProperty("status").GetString()!, s => s.GetProperty("count").GetInt64());
        Assert.True(overall.GetProperty("count").GetInt64() >= 10);
        var bars = await page.EvaluateAsync<Dictionary<string, long>>(
            "() => Object.fromEntries(Chart.getChart('insights-outcomes').data.datasets.map(d => [d.category, d.data.reduce((a, b) => a + b, 0)]))");
        Assert.Equal(statuses["succeeded"], bars["Succeeded"]);
        Assert.Equal(statuses["failed"], bars["Failed"]);
        Assert.Equal(statuses["forceStoppedSucceeded"] + statuses["forceStoppedFailed"], bars["ForceStopped"]);
        Assert.Equal(statuses["configuring"] + statuses["upgrading"] + statuses["verifying"], bars["Running"]);
        Assert.Equal(overall.GetProperty("count").GetInt64(), bars.Values.Sum());

        // The trend: per month and line, the month's median or 90th percentile from the endpoint's own answer for that
        // month (in minutes), and no point at all where the month has no such duration.
        await TrendEqualsTheMonthlyInsightsAsync(page);

        // Both canvases have something drawn on them.
        foreach (var id in new[] { "insights-outcomes", "insights-trend" })
        {
            var inked = await page.EvaluateAsync<int>(
                $"() => {{ const c = document.getElementById('{id}'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }}");
            Assert.True(inked > 2000, $"{id}: {inked} pixels drawn");
        }

        // The figures are the endpoint's.
        var rate = overall.GetProperty("successRate").GetDouble();
        Assert.Equal((rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %", await page.Locator("#insights-facts dd[data-figure=successRate]").InnerTextAsync());
        Assert.Equal(overall.GetProperty("upgradeDuration").GetProperty("count").GetInt64().ToString(CultureInfo.InvariantCulture),
            await page.Locator("#insights-durations tr[data-metric=upgradeDuration] td").First.InnerTextAsync());
        Assert.Equal(overall.GetProperty("upgradeDuration").GetProperty("medianText").GetString(),
            await page.Locator("#insights-durations tr[data-metric=upgradeDuration] td").Nth(2).InnerTextAsync()); // the SDK's text, not the page's

        foreach (var path in Screenshots.PathsFor("history-insights.png"))
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task HistoryViews_ChineseCulture_TabsFiltersAndChartsInChinese()
    {
        var page = await site.OpenAsync("alice");
        await page.GotoAsync(site.BaseAddress + "/?culture=zh-CN&view=insights");
        await Assertions.Expect(page.Locator("#insights-panel")).ToHaveAttributeAsync("data-loaded", new System.Text.RegularExpressions.Regex(".+"));

        Assert.Equal(["升级记录", "审计记录", "统计分析"], await page.Locator("#history-tabs button").AllInnerTextsAsync());
        Assert.Equal(["进行中", "成功", "失败", "已停止", "已强制停止", "已取消"],
            await page.EvaluateAsync<string[]>("() => Chart.getChart('insights-outcomes').data.datasets.map(d => d.label)"));
        Assert.Equal("成功率", await page.Locator("#insights-facts dt").Nth(2).InnerTextAsync());
        Assert.Equal("升级失败", await page.Locator("#filter-status option[value=Failed]").InnerTextAsync());
        Assert.Equal(["目标版本从", "至", "初始版本从", "至"], await page.Locator(
            "label:has(#filter-targetFrom) > span, label:has(#filter-targetTo) > span, label:has(#filter-initialFrom) > span, label:has(#filter-initialTo) > span").AllInnerTextsAsync());
        Assert.Equal(["升级耗时中位数", "升级耗时 p90", "维护耗时中位数", "维护耗时 p90"],
            await page.EvaluateAsync<string[]>("() => Chart.getChart('insights-trend').data.datasets.map(d => d.label)"));

        foreach (var path in Screenshots.PathsFor("history-insights.zh-CN.png"))
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
    }

    [RequiresHostToolFact("chromium", Install)]
    public async Task List_At1024Pixels_EveryActionButtonOnScreenAndClickable()
    {
        var page = await site.OpenAsync("alice");
        await page.SetViewportSizeAsync(1024, 768);

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1024"), "the page scrolls sideways at 1,024 px");
        var buttons = page.Locator("#records tbody td.actions button");
        Assert.True(await buttons.CountAsync() >= 10);
        for (var i = 0; i < await buttons.CountAsync(); i++)
        {
            var box = await buttons.Nth(i).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 1024, $"button {i} spans {box.X}–{box.X + box.Width}");
        }

        foreach (var path in Screenshots.PathsFor("upgrade-records-1024.png"))
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }

        await SampleSite.Row(page, "V5.0.0").Locator("button[data-action=viewLog]").ClickAsync(new LocatorClickOptions { Trial = true });
        await SampleSite.Row(page, "V5.0.0").Locator("button[data-action=viewLog]").ClickAsync();
        await Assertions.Expect(page.Locator("#log-panel")).ToBeVisibleAsync();
    }
}
