using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Service;

/// <summary>
/// The generic command: every action of the catalog that needs no options is served by <c>ActAsync</c> from its catalog
/// entry alone, accepted exactly where the eligibility policy offers it and refused with the policy's reason elsewhere;
/// an action with options, or a read, is refused before anything is loaded or stored.
/// </summary>
public class UpgradeCommandsActTests
{
    private static readonly UpgradeStatus[] Reachable =
    [
        UpgradeStatus.Configuring, UpgradeStatus.Upgrading, UpgradeStatus.Verifying, UpgradeStatus.Succeeded, UpgradeStatus.Failed,
        UpgradeStatus.Stopped, UpgradeStatus.ForceStoppedSucceeded, UpgradeStatus.ForceStoppedFailed, UpgradeStatus.Canceled,
    ];

    public static TheoryData<UpgradeStatus, UpgradeAction> Cases
    {
        get
        {
            var cases = new TheoryData<UpgradeStatus, UpgradeAction>();
            foreach (var status in Reachable)
            {
                foreach (var action in Enum.GetValues<UpgradeAction>())
                {
                    cases.Add(status, action);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ActAsync_EveryCatalogAction_AcceptedWhereOfferedRefusedWithThePolicysReason_R_ACT_1(UpgradeStatus status, UpgradeAction action)
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(status);
        var entry = ActionCatalog.Of(action);
        var answer = h.Service.Commands.Policy.Evaluate(record, TestOperators.Ordinary)[action];
        var auditBefore = (await h.Service.Queries.GetAuditTrailAsync(record.Id)).Count;

        if (!entry.IsGeneric)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => h.Service.Commands.ActAsync(action, record.Id, TestOperators.Ordinary, record.Version));
            Assert.Equal(record, await h.Service.Queries.GetAsync(record.Id));
            Assert.Equal(auditBefore, (await h.Service.Queries.GetAuditTrailAsync(record.Id)).Count);
            return;
        }

        if (answer.IsOffered)
        {
            var after = await h.Service.Commands.ActAsync(action, record.Id, TestOperators.Ordinary, record.Version);

            Assert.Equal(after, await h.Service.Queries.GetAsync(record.Id));
            var audit = (await h.Service.Queries.GetAuditTrailAsync(record.Id))[^1];
            Assert.Equal((entry.Operation, AuditOutcome.Accepted, (UpgradeStatus?)record.Status), (audit.Operation, audit.Outcome, audit.StatusBefore));
            Assert.Equal(LifecycleTable.Default.Decide(record.Status, entry.Operation, LifecycleFacts.Of(record, false, null)).Destination, after.Status);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<OperationNotPermittedException>(
                () => h.Service.Commands.ActAsync(action, record.Id, TestOperators.Ordinary, record.Version));

            Assert.Equal((entry.Operation, answer.Reason), (refused.Operation, refused.Reason));
            Assert.Equal(record, await h.Service.Queries.GetAsync(record.Id));
        }
    }

    [Fact]
    public async Task ActAsync_UndefinedAction_ThrowsBeforeLoading_R_ACT_1()
    {
        var h = new ServiceHarness();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            h.Service.Commands.ActAsync((UpgradeAction)99, UpgradeRecordId.New(ServiceHarness.T0), TestOperators.Ordinary));
    }

    [Fact]
    public async Task CompleteAsync_GoesThroughTheCatalogEntry_SameOutcomeAsActAsync_R_SM_6()
    {
        var h = new ServiceHarness();
        var first = await h.InStatusAsync(UpgradeStatus.Verifying);
        var second = await h.InStatusAsync(UpgradeStatus.Verifying);

        var typed = await h.Service.Commands.CompleteAsync(first.Id, TestOperators.Ordinary, first.Version);
        var generic = await h.Service.Commands.ActAsync(UpgradeAction.Complete, second.Id, TestOperators.Ordinary, second.Version);

        Assert.Equal((UpgradeStatus.Succeeded, first.Version + 1), (typed.Status, typed.Version));
        Assert.Equal((typed.Status, typed.Version, typed.UpgradeEndedAt), (generic.Status, generic.Version, generic.UpgradeEndedAt));
    }

    [Fact]
    public async Task ActAsync_ReasonForAnActionThatTakesNone_IsRefusedAndNothingChanges_R_GOV_1()
    {
        var h = new ServiceHarness();
        var record = await h.InStatusAsync(UpgradeStatus.Verifying);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            h.Service.Commands.ActAsync(UpgradeAction.Complete, record.Id, TestOperators.Ordinary, record.Version, OperatorReason.Parse("looks fine")));

        Assert.Equal(record, await h.Service.Queries.GetAsync(record.Id));
    }
}
