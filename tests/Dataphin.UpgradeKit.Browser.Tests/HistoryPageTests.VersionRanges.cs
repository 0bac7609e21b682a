using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Playwright;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// The filter bar's target and initial version ranges (R-HIST-1): sent to the list, kept in the address and in the
/// report links, and a value the endpoint refuses shown as its problem. The expected rows are the store's answer to the
/// same ranges; each range is chosen so that either end alone narrows the list, so a page dropping one end fails.
/// </summary>
public sealed partial class HistoryPageTests
{
    [RequiresHostToolFact("chromium", Install)]
    public async Task FilterBar_TargetVersionRange_R_HIST_1_NarrowsTheListAndSurvivesAReload() =>
        await RangeNarrowsTheListAsync("target", "V5.1.0", "V5.2.0",
            (from, to) => new UpgradeRecordQuery { TargetVersionFrom = from, TargetVersionTo = to });

    [RequiresHostToolFact("chromium", Install)]
    public async Task FilterBar_InitialVersionRange_R_HIST_1_NarrowsTheListAndSurvivesAReload() =>
        await RangeNarrowsTheListAsync("initial", "V5.1.0", "V5.2.1",
            (from, to) => new UpgradeRecordQuery { InitialVersionFrom = from, InitialVersionTo = to });

    [RequiresHostToolFact("chromium", Install)]
    public async Task FilterBar_BothRangesInASharedLink_R_HIST_1_FieldsFilledAndListNarrowed()
    {
        await site.OpenAsync("alice"); // signs alice in for the shared link's tab
        var expected = await StoredAsync(new UpgradeRecordQuery
        {
            TargetVersionFrom = ProductVersion.Parse("V5.1.0"), InitialVersionTo = ProductVersion.Parse("V5.1.1"),
        });
        Assert.NotEmpty(expected);

        var shared = await site.OpenPathAsync("/?targetFrom=V5.1.0&initialTo=V5.1.1");
        await Assertions.Expect(ShownRows(shared)).ToHaveCountAsync(expected.Count);
        Assert.Equal(expected.Select(r => r.Id.ToString()), await ShownIdsAsync(shared));
        Assert.Equal("V5.1.0", await shared.Locator("#filter-targetFrom").InputValueAsync());
        Assert.Equal(string.Empty, await shared.Locator("#filter-targetTo").InputValueAsync());
        Assert.Equal(string.Empty, await shared.Locator("#filter-initialFrom").InputValueAsync());
        Assert.Equal("V5.1.1", await shared.Locator("#filter-initialTo").InputValueAsync());
        Assert.Equal(expected.Select(r => r.Id.ToString()), await JsonLinesIdsAsync(shared));
    }

    /// <summary>
    /// A version the endpoint cannot read, or a range whose ends are reversed: the page shows the endpoint's own problem
    /// (fetched here for the same query), lists nothing, keeps the typed values in the address and the fields, and its
    /// report links lead nowhere rather than to the previous query's records.
    /// </summary>
    [RequiresHostToolTheory("chromium", Install)]
    [InlineData("targetFrom=latest")]
    [InlineData("targetTo=5")]
    [InlineData("initialFrom=V5.01.0")]
    [InlineData("initialTo=V5.1.0.0.0")]
    [InlineData("targetFrom=V5.2.0&targetTo=V5.1.0")]
    [InlineData("initialFrom=V5.3&initialTo=V5.0")]
    public async Task FilterBar_BadVersionRange_R_HIST_1_ShowsTheEndpointsProblem(string typed)
    {
        var page = await site.OpenAsync("alice");
        await Assertions.Expect(ShownRows(page).First).ToBeVisibleAsync();
        Assert.NotNull(await page.Locator("#list-csv").GetAttributeAsync("href"));
        var fields = typed.Split('&').Select(part => part.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]);

        var response = await page.APIRequest.GetAsync(site.BaseAddress + "/api/upgrades?" + typed);
        Assert.Equal(400, response.Status);
        var detail = (await response.JsonAsync())!.Value.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));

        foreach (var (name, value) in fields)
        {
            await page.Locator($"#filter-{name}").FillAsync(value);
        }

        await page.Locator("#filter-apply").ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync(detail!);
        await Assertions.Expect(ShownRows(page)).ToHaveCountAsync(0);
        Assert.Null(await page.Locator("#list-csv").GetAttributeAsync("href"));
        Assert.Null(await page.Locator("#list-jsonl").GetAttributeAsync("href"));
        Assert.True(await page.Locator("#list-next").IsDisabledAsync());
        foreach (var (name, value) in fields)
        {
            Assert.Equal(value, QueryParameter(page.Url, name));
        }

        // A reload asks again and shows the same problem, the values still in their fields.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync(detail!);
        foreach (var (name, value) in fields)
        {
            Assert.Equal(value, await page.Locator($"#filter-{name}").InputValueAsync());
        }
    }

    private async Task RangeNarrowsTheListAsync(string prefix, string from, string to, Func<ProductVersion?, ProductVersion?, UpgradeRecordQuery> query)
    {
        var page = await site.OpenAsync("alice");
        var (low, high) = (ProductVersion.Parse(from), ProductVersion.Parse(to));
        var expected = (await StoredAsync(query(low, high))).Select(r => r.Id.ToString()).ToList();
        Assert.NotEmpty(expected);
        Assert.True((await StoredAsync(query(low, null))).Count > expected.Count, $"{prefix}To alone must narrow the list");
        Assert.True((await StoredAsync(query(null, high))).Count > expected.Count, $"{prefix}From alone must narrow the list");

        await page.Locator($"#filter-{prefix}From").FillAsync(from);
        await page.Locator($"#filter-{prefix}To").FillAsync(to);
        await page.Locator("#filter-apply").ClickAsync();

        await Assertions.Expect(ShownRows(page)).ToHaveCountAsync(expected.Count);
        Assert.Equal(expected, await ShownIdsAsync(page));
        Assert.Equal(from, QueryParameter(page.Url, prefix + "From"));
        Assert.Equal(to, QueryParameter(page.Url, prefix + "To"));
        // Both report links carry the range: the JSON Lines one lists the same records, the CSV one asks the same query.
        Assert.Equal(expected, await JsonLinesIdsAsync(page));
        var csv = new Uri(new Uri(site.BaseAddress), await page.Locator("#list-csv").GetAttributeAsync("href")).ToString();
        Assert.Equal(from, QueryParameter(csv, prefix + "From"));
        Assert.Equal(to, QueryParameter(csv, prefix + "To"));

        if (prefix == "target")
        {
            foreach (var path in Screenshots.PathsFor("history-filter-bar-versions.png"))
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            }
        }

        await page.ReloadAsync();
        await Assertions.Expect(ShownRows(page)).ToHaveCountAsync(expected.Count);
        Assert.Equal(expected, await ShownIdsAsync(page));
        Assert.Equal(from, await page.Locator($"#filter-{prefix}From").InputValueAsync());
        Assert.Equal(to, await page.Locator($"#filter-{prefix}To").InputValueAsync());
    }
}
