using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>The list, row and log endpoints return the SDK's projections unchanged (SPEC §8, §6).</summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    private static readonly string[] ListColumns =
        ["id", "recordVersion", "targetVersion", "initialVersion", "mode", "upgradeStart", "upgradeDuration", "maintenanceStart", "maintenanceDuration", "status", "actions"];

    [Fact]
    public async Task List_ForOperator_IsTheServiceProjectionUnchanged()
    {
        await using var host = await KestrelHost.StartAsync();
        await host.SucceededAsync();
        await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades?timeZone=Asia/Shanghai");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var expected = await host.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), HeaderOperatorAccessor.Alice,
            new DisplayContext(NodaTime.DateTimeZoneProviders.Tzdb["Asia/Shanghai"], System.Globalization.CultureInfo.GetCultureInfo("en")));
        Assert.Equal(JsonSerializer.Serialize(expected, UpgradeKitJson.Options), body);
    }

    [Fact]
    public async Task List_RowShape_HasEveryColumnOfSpec8AndEachActionWithReason()
    {
        await using var host = await KestrelHost.StartAsync();
        await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades");
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.True(page.ContainsKey("continuationToken"));
        var row = Assert.Single(page["rows"]!.AsArray())!.AsObject();
        Assert.All(ListColumns, column => Assert.True(row.ContainsKey(column), column));
        Assert.Equal("upgrading", (string?)row["status"]!["code"]);
        Assert.Equal("Upgrading", (string?)row["status"]!["name"]);
        var actions = row["actions"]!.AsArray().Select(a => a!.AsObject()).ToDictionary(a => (string)a["action"]!);
        Assert.True((bool)actions["stop"]["offered"]!);
        Assert.False((bool)actions["forceStop"]["offered"]!); // alice is not a qualified O&M engineer (R-ACT-3)
        Assert.Equal("operatorNotQualified", (string?)actions["forceStop"]["reason"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)actions["forceStop"]["explanation"]));
    }

    [Fact]
    public async Task List_StatusFilter_ReturnsOnlyThatStatus_R_LIST_2()
    {
        await using var host = await KestrelHost.StartAsync();
        await host.SucceededAsync();
        var upgrading = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades?status=upgrading&pageSize=5");
        var page = JsonSerializer.Deserialize<JsonObject>(await response.Content.ReadAsStringAsync())!;

        var row = Assert.Single(page["rows"]!.AsArray());
        Assert.Equal(upgrading.Id.ToString(), (string?)row!["id"]);
    }

    [Fact]
    public async Task List_InChinese_ShowsTheChineseDisplayName()
    {
        await using var host = await KestrelHost.StartAsync();
        await host.UpgradingAsync();

        using var english = await host.SendAsync(HttpMethod.Get, "/api/upgrades");
        using var chinese = await host.SendAsync(HttpMethod.Get, "/api/upgrades?culture=zh-CN");

        var en = (string?)JsonNode.Parse(await english.Content.ReadAsStringAsync())!["rows"]![0]!["status"]!["name"];
        var zh = (string?)JsonNode.Parse(await chinese.Content.ReadAsStringAsync())!["rows"]![0]!["status"]!["name"];
        Assert.Equal("Upgrading", en);
        Assert.NotEqual(en, zh);
        Assert.Contains(zh!, c => c > '\u4e00');
    }

    [Fact]
    public async Task List_InChinese_WritesChineseUnescapedAndSaysTheCulture_R_DISP_1()
    {
        await using var host = await KestrelHost.StartAsync();
        await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Get, "/api/upgrades?culture=zh-CN");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"name\":\"升级中\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", body, StringComparison.Ordinal);
        Assert.Equal("zh-CN", (string?)JsonNode.Parse(body)!["culture"]);
    }

    [Fact]
    public async Task List_CultureWithoutTexts_FallsBackAlongParentsAndSaysWhichItUsed_R_DISP_1()
    {
        await using var host = await KestrelHost.StartAsync();
        await host.UpgradingAsync();

        using var singapore = await host.SendAsync(HttpMethod.Get, "/api/upgrades?culture=zh-SG");
        using var german = await host.SendAsync(HttpMethod.Get, "/api/upgrades?culture=de-DE");

        var zh = JsonNode.Parse(await singapore.Content.ReadAsStringAsync())!["rows"]![0]!;
        var de = JsonNode.Parse(await german.Content.ReadAsStringAsync())!["rows"]![0]!;
        Assert.Equal(("升级中", "zh-Hans"), ((string?)zh["status"]!["name"], (string?)zh["culture"]));
        Assert.Equal(("Upgrading", "en"), ((string?)de["status"]!["name"], (string?)de["culture"]));
    }

    [Fact]
    public async Task GetRow_ForEngineer_OffersForceStop()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{record.Id}/actions", "olga");
        var actions = JsonSerializer.Deserialize<List<ActionView>>(await response.Content.ReadAsStringAsync(), UpgradeKitJson.Options)!;

        Assert.True(actions.Single(a => a.Action == UpgradeAction.ForceStop).Offered);
    }

    [Fact]
    public async Task ViewLog_Succeeded_ReturnsTheTimeline()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.SucceededAsync();

        using var response = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{record.Id}/log");
        var panel = JsonSerializer.Deserialize<ViewLogPanel>(await response.Content.ReadAsStringAsync(), UpgradeKitJson.Options)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UpgradeStatus.Succeeded, panel.Status.Code);
        Assert.NotNull(panel.Timeline);
        var dataUpdate = Assert.Single(panel.Timeline!, n => n.Node == Timeline.TimelineNodeKind.DataUpdate);
        Assert.Equal("migrate-metadata-schema", Assert.Single(dataUpdate.Tasks).Name);
    }

    [Fact]
    public async Task ViewLog_StillUpgrading_IsRefusedWithStatusNotEligible()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{record.Id}/log");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(UpgradeProblemTypes.OperationNotPermitted, (string?)problem["type"]);
        Assert.Equal("statusNotEligible", (string?)problem["reasonCode"]);
    }

    internal static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(" at Dataphin.", text, StringComparison.Ordinal); // never a stack trace
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        return JsonNode.Parse(text)!.AsObject();
    }
}
