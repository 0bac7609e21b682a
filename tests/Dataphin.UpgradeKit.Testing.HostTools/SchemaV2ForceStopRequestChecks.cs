using System.Globalization;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Governance;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// What schema 3's force-stop requests (003_force_stop_requests.sql) must do to a real version-2 database (R-GOV-2):
/// no record has a request, and the two-person rule works on the upgraded database (one pending request per record,
/// approval force-stops with the requester's result).
/// </summary>
public static class SchemaV2ForceStopRequestChecks
{
    /// <summary>Checks <paramref name="store"/>, opened on an upgraded copy of a <see cref="SchemaV2Fixtures"/> database.</summary>
    public static async Task AssertTwoPersonRuleWorksAsync(IUpgradeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var requests = Assert.IsAssignableFrom<IForceStopRequestStore>(store);
        var records = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
        foreach (var record in records)
        {
            Assert.Empty(await requests.ReadForceStopRequestsAsync(record.Id));
        }

        var upgrading = Assert.Single(records, r => r.Status == UpgradeStatus.Upgrading);
        var options = new UpgradeKitOptions { Rules = new LifecycleRuleOptions { ApprovalRequiredFor = [UpgradeAction.ForceStop] } };
        var features = new UpgradeKitFeatures(store, new FixedClock(upgrading.UpgradeStartedAt!.Value + Duration.FromHours(1)), options: options);
        var olga = new OperatorIdentity("olga", "Olga", [UpgradeKitOptions.DefaultQualifiedOperatorRole]);
        var oscar = new OperatorIdentity("oscar", "Oscar", [UpgradeKitOptions.DefaultQualifiedOperatorRole]);
        var declared = new ForceStopRequest(ForceStopResult.Failed, true)
        {
            Reason = OperatorReason.Parse("回滚已完成"),
            Declaration = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("zh-CN")),
        };

        var request = await new ForceStopApprovals(features.Commands).RequestAsync(upgrading.Id, olga, declared);
        var twice = await Assert.ThrowsAsync<OperationNotPermittedException>(() => new ForceStopApprovals(features.Commands).RequestAsync(upgrading.Id, oscar, declared));
        Assert.Equal(ActionReasonCode.ForceStopRequestPending, twice.Reason);
        var stopped = await new ForceStopApprovals(features.Commands).ApproveAsync(upgrading.Id, oscar, new ForceStopDecision { RequestId = request.Id });

        Assert.Equal(UpgradeStatus.ForceStoppedFailed, stopped.Status);
        var closed = Assert.Single(await requests.ReadForceStopRequestsAsync(upgrading.Id));
        Assert.Equal((ForceStopRequestState.Approved, "oscar", declared.Declaration, "回滚已完成"), (closed.State, closed.DecidedBy, closed.Declaration, closed.Reason));
    }

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}
