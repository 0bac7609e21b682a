using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>Reasons and the declaration over HTTP (R-GOV-1, R-GOV-3).</summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    [Fact]
    public async Task ForceStop_WithoutReason_R_GOV_1_IsConflictWithReasonRequired()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "olga",
            """{"result":"failed","declarationAccepted":true}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("reasonRequired", (string?)(await ProblemAsync(response))["reasonCode"]);
        Assert.Equal(UpgradeStatus.Upgrading, (await host.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Theory]
    [InlineData("\"safe \\u202Egnp.exe\"", "bidirectionalFormatting")]
    [InlineData("\"two\\nlines\"", "controlCharacter")]
    [InlineData("\"   \"", "empty")]
    public async Task ForceStop_HostileReason_R_GOV_1_IsBadRequestThatDoesNotEchoIt(string reasonJson, string problemKind)
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "olga",
            $$"""{"result":"failed","declarationAccepted":true,"reason":{{reasonJson}}}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(problemKind, (string?)JsonNode.Parse(body)!["reasonProblem"]);
        Assert.DoesNotContain("gnp", body, StringComparison.Ordinal);
        Assert.Equal(UpgradeStatus.Upgrading, (await host.Service.Queries.GetAsync(record.Id)).Status);
        Assert.DoesNotContain(await host.Service.Queries.GetAuditTrailAsync(record.Id), e => e.Operation == UpgradeOperation.ForceStop);
    }

    [Fact]
    public async Task ForceStop_TenMegabyteReason_R_GOV_1_IsRefusedAndChangesNothing()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();
        var reason = new StringBuilder(10 * 1024 * 1024).Append('x', 10 * 1024 * 1024).ToString();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "olga",
            $$"""{"result":"failed","declarationAccepted":true,"reason":"{{reason}}"}""");

        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.Equal(UpgradeStatus.Upgrading, (await host.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task ForceStop_ScriptReasonAndDeclarationVersion_R_GOV_1_R_GOV_3_AreStoredVerbatimWithTheChineseText()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();
        using var shown = await host.SendAsync(HttpMethod.Get, "/api/upgrades/force-stop-declaration?culture=zh-CN", "olga");
        var declaration = JsonNode.Parse(await shown.Content.ReadAsStringAsync())!;
        var version = (string)declaration["version"]!;

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop?culture=zh-CN", "olga",
            $$"""{"result":"failed","declarationAccepted":true,"declarationVersion":"{{version}}","reason":"<script>alert(1)</script>"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = (await host.Service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal("<script>alert(1)</script>", audit.OperatorReason);
        Assert.Equal(("zh-CN", version, (string)declaration["text"]!), (audit.Declaration!.Language, audit.Declaration.Version, audit.Declaration.Text));
        Assert.Equal("zh-CN", (string?)declaration["language"]);
    }

    [Fact]
    public async Task ForceStop_OutdatedDeclarationVersion_R_GOV_3_IsBadRequest()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/force-stop", "olga",
            """{"result":"failed","declarationAccepted":true,"declarationVersion":"1999-01-01","reason":"done by hand"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(UpgradeStatus.Upgrading, (await host.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task Actions_ForceStop_R_GOV_1_SaysItTakesAndRequiresAReason()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();

        using var response = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{record.Id}/actions", "olga");
        var actions = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        var forceStop = actions.Single(a => (string?)a!["action"] == "forceStop")!;
        var stop = actions.Single(a => (string?)a!["action"] == "stop")!;
        Assert.Equal((true, true), ((bool)forceStop["takesReason"]!, (bool)forceStop["reasonRequired"]!));
        Assert.Equal((true, false), ((bool)stop["takesReason"]!, (bool)stop["reasonRequired"]!));
    }

    [Fact]
    public async Task Cancel_WithReason_R_GOV_1_IsAudited()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.Service.Commands.CreateAsync(
            new Commands.NewUpgradeRequest
            {
                TargetVersion = ProductVersion.Parse("V5.1.0"),
                InitialVersion = ProductVersion.Parse("V4.3.0"),
                Mode = UpgradeMode.Maintenance,
                DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            }, new UpgradeKit.Operators.OperatorIdentity("alice", "Alice"));

        using var response = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/cancel", "alice", """{"reason":"wrong target version"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("wrong target version", (await host.Service.Queries.GetAuditTrailAsync(record.Id))[^1].OperatorReason);
    }
}
