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
    public async Task List_MalformedHistoryParameter_IsBadRequestProblem_R_HIST_1(string path)
    {
        await using var host = await KestrelHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.InvalidRequest, (string?)(await ProblemAsync(response))["type"]);
    }

    private static async Task<List<string>> IdsAsync(KestrelHost host, string path)
    {
        using var response = await host.SendAsync(HttpMethod.Get, path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return [.. JsonNode.Parse(body)!["rows"]!.AsArray().Select(row => (string)row!["id"]!)];
    }
}
