using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using NodaTime.Text;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// The insights panel's duration trend (R-INS-1): per month of the panel, the median and the 90th percentile of upgrade
/// and maintenance durations, each the insights endpoint's figure for that month (fetched here, the month's bounds
/// computed here in the browser's zone, UTC+8), so every record of the month counts; a month without such durations
/// has no point (absent, never zero).
/// </summary>
public sealed partial class HistoryPageTests
{
    private static readonly (string Metric, string Part)[] TrendLines =
    [
        ("upgradeDuration", "median"), ("upgradeDuration", "percentile90"), ("maintenanceDuration", "median"), ("maintenanceDuration", "percentile90"),
    ];

    private async Task TrendEqualsTheMonthlyInsightsAsync(IPage page)
    {
        using var chart = JsonDocument.Parse(await page.EvaluateAsync<string>("""
            () => {
              const c = Chart.getChart('insights-trend');
              return JSON.stringify({
                labels: c.data.labels,
                lines: c.data.datasets.map((d, i) => ({
                  metric: d.metric, part: d.part, spanGaps: d.spanGaps, data: d.data,
                  skipped: c.getDatasetMeta(i).data.map(p => p.skip),
                })),
              });
            }
            """));
        var months = chart.RootElement.GetProperty("labels").EnumerateArray().Select(m => m.GetString()!).ToList();
        var lines = chart.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(TrendLines, lines.Select(l => (l.GetProperty("metric").GetString()!, l.GetProperty("part").GetString()!)));

        // The months are the panel's interval, one after the other.
        var loaded = (await page.Locator("#insights-panel").GetAttributeAsync("data-loaded"))!.Split('/');
        var first = MonthStart(months[0]);
        Assert.Equal(DateTimeOffset.Parse(loaded[0], CultureInfo.InvariantCulture), first);
        Assert.Equal(DateTimeOffset.Parse(loaded[1], CultureInfo.InvariantCulture), first.AddMonths(months.Count));
        Assert.Equal(Enumerable.Range(0, months.Count).Select(i => first.AddMonths(i)), months.Select(MonthStart));

        var shown = 0;
        var absent = 0;
        for (var i = 0; i < months.Count; i++)
        {
            var start = MonthStart(months[i]);
            var answer = await GetJsonAsync(page,
                $"/api/upgrades/insights?from={Uri.EscapeDataString(Iso(start))}&to={Uri.EscapeDataString(Iso(start.AddMonths(1)))}");
            var overall = answer.GetProperty("overall");
            foreach (var line in lines)
            {
                var point = line.GetProperty("data")[i];
                var statistics = overall.GetProperty(line.GetProperty("metric").GetString()!);
                var where = $"{months[i]} {line.GetProperty("metric")} {line.GetProperty("part")}";
                if (statistics.ValueKind == JsonValueKind.Null)
                {
                    Assert.True(point.ValueKind == JsonValueKind.Null, $"{where}: {point} where the endpoint has no figure");
                    Assert.True(line.GetProperty("skipped")[i].GetBoolean(), $"{where}: a point drawn for a month without data");
                    absent++;
                    continue;
                }

                var expected = DurationPattern.JsonRoundtrip.Parse(statistics.GetProperty(line.GetProperty("part").GetString()!).GetString()!).Value.TotalMinutes;
                var actual = point.GetDouble();
                Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{where}: {actual} minutes, the endpoint says {expected}");
                Assert.False(line.GetProperty("skipped")[i].GetBoolean(), $"{where}: no point drawn");
                shown++;
            }
        }

        // The seeded records span the last three weeks, so of the default six months some have figures and some none.
        Assert.True(shown > 0, "no point on the trend");
        Assert.True(absent > 0, "no month without data among the panel's months");
        Assert.All(lines, l => Assert.False(l.GetProperty("spanGaps").GetBoolean()));
    }

    // "2026-03" as the instant its first day starts in the browser's zone (Asia/Shanghai, UTC+8 all year).
    private static DateTimeOffset MonthStart(string month) =>
        DateTimeOffset.ParseExact(month + "-01T00:00:00+08:00", "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
