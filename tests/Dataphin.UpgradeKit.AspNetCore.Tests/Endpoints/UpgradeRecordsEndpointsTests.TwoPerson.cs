using System.Net;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>The two-person rule's four actions over HTTP (R-GOV-2): listed, offered or refused, and served like every other action.</summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    private static Task<KestrelHost> TwoPersonHostAsync() => KestrelHost.StartAsync(configure: b =>
        b.Services.Configure<UpgradeKitOptions>(o => o.Rules.ApprovalRequiredFor = [UpgradeAction.ForceStop]));

    private static async Task<Dictionary<string, JsonObject>> ActionsAsync(KestrelHost host, UpgradeRecordId id, string operatorId)
    {
        using var response = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{id}/actions", operatorId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(a => a!.AsObject())
            .ToDictionary(a => (string)a["action"]!);
    }

    [Fact]
    public async Task TwoPerson_RequestByOlgaApproveByOscar_ActionsListAndEndpointsAgree_R_GOV_2_R_ACT_1()
    {
        await using var host = await TwoPersonHostAsync();
        var record = await host.UpgradingAsync();

        var before = await ActionsAsync(host, record.Id, "olga");
        Assert.Equal(("approvalRequired", false), ((string)before["forceStop"]["reason"]!, (bool)before["forceStop"]["offered"]!));
        Assert.True((bool)before["requestForceStop"]["offered"]!);
        Assert.Equal("force-stop", (string?)before["requestForceStop"]["dialog"]);
        Assert.Equal("request-force-stop", (string?)before["requestForceStop"]["path"]);

        var declaration = host.Service.Commands.Texts.ForceStopDeclaration(System.Globalization.CultureInfo.GetCultureInfo("en"));
        using var requested = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/request-force-stop", "olga",
            $$"""{"result":"succeeded","declarationAccepted":true,"declarationVersion":"{{declaration.Version}}","reason":"rolled forward by hand","expectedVersion":{{record.Version}}}""");
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        var row = JsonNode.Parse(await requested.Content.ReadAsStringAsync())!;
        Assert.Equal("upgrading", (string?)row["status"]!["code"]);

        var requester = await ActionsAsync(host, record.Id, "olga");
        var second = await ActionsAsync(host, record.Id, "oscar");
        Assert.Equal("requesterCannotDecide", (string?)requester["approveForceStop"]["reason"]);
        Assert.True((bool)requester["withdrawForceStop"]["offered"]!);
        Assert.True((bool)second["approveForceStop"]["offered"]!);
        Assert.Equal("notTheRequester", (string?)second["withdrawForceStop"]["reason"]);

        using var own = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/approve-force-stop", "olga", "{}");
        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Equal("requesterCannotDecide", (string?)(await ProblemAsync(own))["reasonCode"]);

        using var approved = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/approve-force-stop", "oscar",
            """{"reason":"checked with olga"}""");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("forceStoppedSucceeded", (string?)JsonNode.Parse(await approved.Content.ReadAsStringAsync())!["status"]!["code"]);
        var audit = (await host.Service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal((UpgradeOperation.ApproveForceStop, "oscar", "checked with olga"), (audit.Operation, audit.Actor, audit.OperatorReason));
    }

    [Theory]
    [InlineData("reject-force-stop", "oscar", "alice", 403)]
    [InlineData("withdraw-force-stop", "olga", "alice", 403)]
    public async Task TwoPerson_RejectOrWithdraw_ServedByTheirPolicies_R_GOV_2_R_ACT_3(string path, string allowed, string refused, int refusedStatus)
    {
        await using var host = await KestrelHost.StartAsync(
            endpoints: e => e.ActionPolicies[path == "reject-force-stop" ? UpgradeAction.RejectForceStop : UpgradeAction.WithdrawForceStop] = "engineers",
            configure: b =>
            {
                b.Services.Configure<UpgradeKitOptions>(o => o.Rules.ApprovalRequiredFor = [UpgradeAction.ForceStop]);
                b.Services.AddAuthorization(a => a.AddPolicy("engineers", p => p.RequireAssertion(c =>
                    c.Resource is Microsoft.AspNetCore.Http.HttpContext http && http.Request.Headers["X-Operator"] != "alice")));
            });
        var record = await host.UpgradingAsync();
        await new Governance.ForceStopApprovals(host.Service.Commands).RequestAsync(record.Id, HeaderOperatorAccessor.Olga,
            new ForceStopRequest(ForceStopResult.Failed, true)
            {
                Reason = OperatorReason.Parse("rolled back"),
                Declaration = host.Service.Commands.Texts.ForceStopDeclaration(System.Globalization.CultureInfo.GetCultureInfo("en")),
            });

        using var forbidden = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/{path}", refused, "{}");
        using var done = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/{path}", allowed, "{}");

        Assert.Equal(refusedStatus, (int)forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(UpgradeStatus.Upgrading, (await host.Service.Queries.GetAsync(record.Id)).Status);
        Assert.True((bool)(await ActionsAsync(host, record.Id, "olga"))["requestForceStop"]["offered"]!);
    }
}
