using System.Net;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>
/// Every action the API lists is served by the endpoint its own view names (method and path), with the body the view
/// says to send: accepted where the view offers it, with the answer the view announces, and refused with the view's
/// reason where it does not. The endpoints are mapped from the catalog, so a new action is covered without a new test.
/// </summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    [Theory]
    [InlineData(UpgradeStatus.Configuring)]
    [InlineData(UpgradeStatus.Upgrading)]
    [InlineData(UpgradeStatus.Verifying)]
    [InlineData(UpgradeStatus.Succeeded)]
    public async Task EveryListedAction_SentAsItsViewSays_AcceptedWhereOfferedElseRefusedWithTheViewsReason_R_ACT_1(UpgradeStatus status)
    {
        await using var host = await KestrelHost.StartAsync();
        var probe = await InStatusAsync(host, status);
        using var listing = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{probe.Id}/actions", "olga");
        var views = JsonNode.Parse(await listing.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(Enum.GetValues<UpgradeAction>().Length, views.Count);
        foreach (var view in views.Select(v => v!.AsObject()))
        {
            // A fresh record for each action: an accepted change would move the next action's record on.
            var record = await InStatusAsync(host, status);
            var method = new HttpMethod((string)view["method"]!);
            using var response = await host.SendAsync(method, $"/api/upgrades/{record.Id}/{(string)view["path"]!}", "olga",
                method == HttpMethod.Get ? null : BodyFor(view, record.Version));
            var text = await response.Content.ReadAsStringAsync();
            var action = (string)view["action"]!;

            if ((bool)view["offered"]!)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action} in {status}: {(int)response.StatusCode} {text}");
                var answer = JsonNode.Parse(text)!.AsObject();
                var shape = (string)view["answer"]! switch
                {
                    "row" => "recordVersion",
                    "removedOrRow" => "removed",
                    "resumePoint" => "stage",
                    "logPanel" => "status",
                    var unknown => throw new InvalidOperationException($"An answer kind without a check: {unknown}."),
                };
                Assert.True(answer.ContainsKey(shape), $"{action} in {status} answered without {shape}: {text}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{action} in {status}: {(int)response.StatusCode} {text}");
                var problem = await ProblemAsync(response);
                Assert.Equal(UpgradeProblemTypes.OperationNotPermitted, (string?)problem["type"]);
                Assert.Equal((string?)view["reason"], (string?)problem["reasonCode"]);
                Assert.Equal(record.Version, (await host.Service.Queries.GetAsync(record.Id)).Version);
            }
        }
    }

    private static async Task<UpgradeRecord> InStatusAsync(KestrelHost host, UpgradeStatus status)
    {
        switch (status)
        {
            case UpgradeStatus.Configuring:
                return await host.CreateWithConfigurationAsync("V5.2.0", "V5.1.1");
            case UpgradeStatus.Upgrading:
                return await host.UpgradingAsync();
            case UpgradeStatus.Verifying:
                return await host.Service.HostReports.MarkStepsCompletedAsync((await host.UpgradingAsync()).Id);
            case UpgradeStatus.Succeeded:
                return await host.SucceededAsync();
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, "No test record in this status.");
        }
    }

    // What the page sends once the view's dialog, if any, is filled in: the version it saw, a reason, the dialog's choices.
    private static string BodyFor(JsonObject view, long version)
    {
        var body = new JsonObject();
        if ((bool)view["sendsVersion"]!)
        {
            body["expectedVersion"] = version;
        }

        if ((bool)view["takesReason"]!)
        {
            body["reason"] = "asked by the catalog test";
        }

        switch ((string?)view["dialog"])
        {
            case "stop":
                body["rerunForceStoppedInstances"] = false;
                break;
            case "force-stop":
                body["result"] = "failed";
                body["declarationAccepted"] = true;
                break;
            case null:
                break;
            case var unknown:
                throw new InvalidOperationException($"A dialog without a body in this test: {unknown}.");
        }

        return body.ToJsonString();
    }
}
