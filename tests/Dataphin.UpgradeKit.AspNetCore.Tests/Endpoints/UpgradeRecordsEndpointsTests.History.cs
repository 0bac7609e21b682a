using System.Net;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

public sealed partial class UpgradeRecordsEndpointsTests
{
    [Fact]
    public async Task List_HistoryFiltersAndSortInTheQueryString_ReachTheStore_R_HIST_1()
    {
        await using var host = await KestrelHost.StartAsync();
        var succeeded = await host.SucceededAsync(); // V4.3.0 -> V5.0.0, finished
        var upgrading = await host.UpgradingAsync(); // V5.1.1 -> V5.2.0, running

        var running = await IdsAsync(host, "/api/upgrades?outcome=running");
        var byTarget = await IdsAsync(host, "/api/upgrades?targetFrom=V5.0&targetTo=5.1.9");
        var byInitial = await IdsAsync(host, "/api/upgrades?initialFrom=5.1&mode=Maintenance");
        var longest = await IdsAsync(host, "/api/upgrades?sort=longestUpgradeFirst");
        var finished = await IdsAsync(host, $"/api/upgrades?finishedFrom={NodaTime.Text.InstantPattern.ExtendedIso.Format(succeeded.UpgradeEndedAt!.Value)}&startedTo=2100-01-01T00:00:00Z");
        var byOperator = await IdsAsync(host, "/api/upgrades?operator=alice&pageSize=1");
        var byStranger = await IdsAsync(host, "/api/upgrades?operator=mallory");

        Assert.Equal([upgrading.Id.ToString()], running);
        Assert.Equal([succeeded.Id.ToString()], byTarget);
        Assert.Equal([upgrading.Id.ToString()], byInitial);
        Assert.Equal([succeeded.Id.ToString()], longest);
        Assert.Equal([succeeded.Id.ToString()], finished);
        Assert.Equal([upgrading.Id.ToString()], byOperator);
        Assert.Empty(byStranger);
    }

    [Theory]
    [InlineData("/api/upgrades?sort=oldest")]
    [InlineData("/api/upgrades?outcome=paused")]
    [InlineData("/api/upgrades?mode=2")]
    [InlineData("/api/upgrades?targetFrom=five")]
    [InlineData("/api/upgrades?targetFrom=V6&targetTo=V5.0")]
    [InlineData("/api/upgrades?startedFrom=yesterday")]
    [InlineData("/api/upgrades?finishedFrom=2026-03-02T00:00:00Z&finishedTo=2026-03-01T00:00:00Z")]
    [InlineData("/api/upgrades/audit?outcome=maybe")]
    [InlineData("/api/upgrades/audit?recordId=42")]
    [InlineData("/api/upgrades/audit?continuationToken=forged")]
    [InlineData("/api/upgrades/insights?maintenanceBudgetMinutes=-5")]
    public async Task List_MalformedHistoryParameter_IsBadRequestProblem_R_HIST_1(string path)
    {
        await using var host = await KestrelHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.InvalidRequest, (string?)(await ProblemAsync(response))["type"]);
    }

    /// <summary>
    /// A reversed version range is refused in the query's own words (the page shows this detail to the operator), as a
    /// reversed interval is: both parameters named, not the service's property names.
    /// </summary>
    [Theory]
    [InlineData("target", "V6.0", "V5.0")]
    [InlineData("initial", "5.1.10", "5.1.9")]
    public async Task List_ReversedVersionRange_R_HIST_1_ProblemNamesTheQueryParameters(string range, string from, string to)
    {
        await using var host = await KestrelHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Get, $"/api/upgrades?{range}From={from}&{range}To={to}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (string?)(await ProblemAsync(response))["detail"] ?? string.Empty;
        Assert.Contains($"{range}From ({from})", detail, StringComparison.Ordinal);
        Assert.Contains($"{range}To ({to})", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("VersionFrom", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_AfterADownload_ListsWhoDidWhatWithoutThePasswordOrTheConfiguration_R_HIST_2()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.SucceededAsync();
        using var download = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/download", json: "{}");
        var password = (string)JsonNode.Parse(await download.Content.ReadAsStringAsync())!["password"]!;
        using var refused = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/stop", json: "{}");

        using var all = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/audit?recordId={record.Id}&pageSize=2");
        var body = await all.Content.ReadAsStringAsync();
        using var refusals = await host.SendAsync(HttpMethod.Get, "/api/upgrades/audit?outcome=Refused&actor=alice&operation=stop");
        var refusalBody = JsonNode.Parse(await refusals.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var page = JsonNode.Parse(body)!;
        var entries = page["items"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.NotNull((string?)page["continuationToken"]);
        Assert.Equal("stop", (string?)entries[0]!["operation"]); // newest first: the refused stop, then the download
        Assert.Equal("refused", (string?)entries[0]!["outcome"]);
        Assert.Equal("alice", (string?)entries[0]!["actor"]);
        Assert.Equal(record.Id.ToString(), (string?)entries[0]!["recordId"]);
        Assert.Equal("downloadConfiguration", (string?)entries[1]!["operation"]);
        Assert.DoesNotContain(password, body, StringComparison.Ordinal);
        Assert.DoesNotContain("prod-east", body, StringComparison.Ordinal); // the configuration's content
        Assert.Equal("stop", (string?)Assert.Single(refusalBody["items"]!.AsArray())!["operation"]);
    }

    [Fact]
    public async Task Insights_OverTheRecords_GivesRatesAndDurationsAsJson_R_INS_1()
    {
        await using var host = await KestrelHost.StartAsync();
        await host.SucceededAsync();
        await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades/insights?maintenanceBudgetMinutes=10&from=2000-01-01T00:00:00Z");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var overall = JsonNode.Parse(body)!["overall"]!;
        Assert.Equal(2, (long)overall["count"]!);
        Assert.Equal(1.0, (double)overall["successRate"]!);
        Assert.Equal(0.0, (double)overall["changeFailureRate"]!);
        Assert.Equal(1, (long)overall["upgradeDuration"]!["count"]!);
        Assert.Matches(@"^\d{3,}:\d{2}:\d{2}$", (string?)overall["upgradeDuration"]!["medianText"]); // the list's hhh:mm:ss
        Assert.Matches(@"^(2000-01-01|1999-12-31)", (string?)JsonNode.Parse(body)!["fromText"]); // the start, in the caller's zone
        Assert.Equal("-", (string?)JsonNode.Parse(body)!["toText"]); // an open end
        Assert.Equal(1, (long)overall["maintenanceOverruns"]!); // the succeeded window lasted 25 minutes
        Assert.Null(overall["timeToRecover"]);
        Assert.Equal("5.0.0", (string?)JsonNode.Parse(body)!["byTargetVersion"]![0]!["targetVersion"]);
    }

    [Fact]
    public async Task Report_RecordsAsCsv_IsADownloadWithTheListsFilters_R_RPT_1()
    {
        await using var host = await KestrelHost.StartAsync();
        var succeeded = await host.SucceededAsync();
        await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades/report?outcome=succeeded");
        var body = await response.Content.ReadAsStringAsync();
        using var lines = await host.SendAsync(HttpMethod.Get, "/api/upgrades/audit/report?format=jsonl&actor=alice");
        using var invalid = await host.SendAsync(HttpMethod.Get, "/api/upgrades/report?sort=sideways");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("upgrade-records.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var rows = body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#upgrade-records/1", rows[0]);
        Assert.StartsWith(succeeded.Id.ToString(), Assert.Single(rows.Skip(2)), StringComparison.Ordinal);
        Assert.Equal("application/jsonl", lines.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{\"report\":\"upgrade-audit\"", await lines.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    private static async Task<List<string>> IdsAsync(KestrelHost host, string path)
    {
        using var response = await host.SendAsync(HttpMethod.Get, path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return [.. JsonNode.Parse(body)!["rows"]!.AsArray().Select(row => (string)row!["id"]!)];
    }
}
