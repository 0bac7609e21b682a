using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Governance;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Governance;

/// <summary>
/// The two-person rule's four actions (R-GOV-2) are actions of the Actions column like every other (R-ACT-1, R-ACT-2):
/// offered or refused with a reason in the record's action list, which reads the record's pending request, and taken
/// through the same catalog and generic command.
/// </summary>
public class TwoPersonActionsTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 7, 8, 0);
    private static readonly OperatorIdentity Olga = new("olga", "Olga", [UpgradeKitOptions.DefaultQualifiedOperatorRole]);
    private static readonly OperatorIdentity Oscar = new("oscar", "Oscar", [UpgradeKitOptions.DefaultQualifiedOperatorRole]);
    private static readonly OperatorIdentity Alice = new("alice", "Alice", []);

    private static readonly UpgradeAction[] Governed =
        [UpgradeAction.ForceStop, UpgradeAction.RequestForceStop, UpgradeAction.ApproveForceStop, UpgradeAction.RejectForceStop, UpgradeAction.WithdrawForceStop];

    private static async Task<(UpgradeKitFeatures Service, FakeClock Clock, UpgradeRecord Record)> UpgradingAsync(OperatorIdentity creator, bool approvalOn = true,
        bool creatorMayApprove = true)
    {
        var clock = new FakeClock(T0, Duration.FromSeconds(1));
        var options = new UpgradeKitOptions
        {
            Rules = new LifecycleRuleOptions { ApprovalRequiredFor = approvalOn ? [UpgradeAction.ForceStop] : [], CreatorMayApprove = creatorMayApprove },
        };
        var service = new UpgradeKitFeatures(new InMemoryUpgradeStore(), clock, options: options);
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("5.0"), InitialVersion = ProductVersion.Parse("4.3"), Mode = UpgradeMode.Maintenance,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, creator);
        await service.HostReports.StartAsync(record.Id);
        return (service, clock, await service.Queries.GetAsync(record.Id));
    }

    private static ForceStopRequest Declared(ForceStopResult result) =>
        new(result, true) { Reason = OperatorReason.Parse("rolled back by hand"), Declaration = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("en")) };

    private static async Task<Dictionary<UpgradeAction, ActionReasonCode>> GovernedAnswersAsync(UpgradeKitFeatures service, UpgradeRecordId id, OperatorIdentity actor)
    {
        var set = await service.Queries.GetAvailableActionsAsync(id, actor);
        var row = await service.Queries.ListRowsAsync(new UpgradeRecordQuery(), actor, DisplayContext.Default);
        var rowActions = row.Rows.Single(r => r.Id == id).Actions;
        var answers = Governed.ToDictionary(a => a, a => set[a].Reason);
        foreach (var action in Governed)
        {
            // The list row answers what the action list answers: both read the pending request.
            Assert.Equal(answers[action], rowActions.Single(v => v.Action == action).Reason);
        }

        return answers;
    }

    [Fact]
    public async Task ActionList_RuleOn_NothingPending_ForceStopRefusedRequestOfferedDecisionsRefused_R_GOV_2_R_ACT_1()
    {
        var (service, _, record) = await UpgradingAsync(Alice);

        var engineer = await GovernedAnswersAsync(service, record.Id, Olga);
        var ordinary = await GovernedAnswersAsync(service, record.Id, Alice);

        Assert.Equal(ActionReasonCode.ApprovalRequired, engineer[UpgradeAction.ForceStop]);
        Assert.Equal(ActionReasonCode.None, engineer[UpgradeAction.RequestForceStop]);
        Assert.Equal(ActionReasonCode.NoForceStopRequestPending, engineer[UpgradeAction.ApproveForceStop]);
        Assert.Equal(ActionReasonCode.NoForceStopRequestPending, engineer[UpgradeAction.RejectForceStop]);
        Assert.Equal(ActionReasonCode.NoForceStopRequestPending, engineer[UpgradeAction.WithdrawForceStop]);
        Assert.Equal(ActionReasonCode.OperatorNotQualified, ordinary[UpgradeAction.RequestForceStop]);
    }

    [Fact]
    public async Task ActionList_RequestPending_EachOperatorKindSeesWhatFiringWouldAnswer_R_GOV_2_R_ACT_2()
    {
        var (service, _, record) = await UpgradingAsync(Alice);
        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, Declared(ForceStopResult.Failed));

        var requester = await GovernedAnswersAsync(service, record.Id, Olga);
        var second = await GovernedAnswersAsync(service, record.Id, Oscar);
        var ordinary = await GovernedAnswersAsync(service, record.Id, Alice);

        Assert.Equal(ActionReasonCode.ForceStopRequestPending, requester[UpgradeAction.RequestForceStop]);
        Assert.Equal(ActionReasonCode.RequesterCannotDecide, requester[UpgradeAction.ApproveForceStop]);
        Assert.Equal(ActionReasonCode.RequesterCannotDecide, requester[UpgradeAction.RejectForceStop]);
        Assert.Equal(ActionReasonCode.None, requester[UpgradeAction.WithdrawForceStop]);
        Assert.Equal(ActionReasonCode.None, second[UpgradeAction.ApproveForceStop]);
        Assert.Equal(ActionReasonCode.None, second[UpgradeAction.RejectForceStop]);
        Assert.Equal(ActionReasonCode.NotTheRequester, second[UpgradeAction.WithdrawForceStop]);
        Assert.Equal(ActionReasonCode.OperatorNotQualified, ordinary[UpgradeAction.ApproveForceStop]);

        // What the list offers is what firing accepts: the requester's own approval is refused with the same reason.
        var own = await Assert.ThrowsAsync<OperationNotPermittedException>(() => service.Commands.ActAsync(UpgradeAction.ApproveForceStop, record.Id, Olga));
        Assert.Equal(requester[UpgradeAction.ApproveForceStop], own.Reason);
        var notMine = await Assert.ThrowsAsync<OperationNotPermittedException>(() => service.Commands.ActAsync(UpgradeAction.WithdrawForceStop, record.Id, Oscar));
        Assert.Equal(second[UpgradeAction.WithdrawForceStop], notMine.Reason);
    }

    [Fact]
    public async Task ActionList_CreatorExcluded_CreatorCannotDecide_R_GOV_2()
    {
        var (service, _, record) = await UpgradingAsync(Oscar, creatorMayApprove: false);
        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, Declared(ForceStopResult.Succeeded));

        var creator = await GovernedAnswersAsync(service, record.Id, Oscar);

        Assert.Equal(ActionReasonCode.CreatorCannotDecide, creator[UpgradeAction.ApproveForceStop]);
        Assert.Equal(ActionReasonCode.CreatorCannotDecide, creator[UpgradeAction.RejectForceStop]);
    }

    [Fact]
    public async Task ActionList_RequestExpired_NoLongerDecidable_R_GOV_2()
    {
        var (service, clock, record) = await UpgradingAsync(Alice);
        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, Declared(ForceStopResult.Failed));
        clock.Advance(Duration.FromMinutes(31));

        var second = await GovernedAnswersAsync(service, record.Id, Oscar);

        Assert.Equal(ActionReasonCode.NoForceStopRequestPending, second[UpgradeAction.ApproveForceStop]);
        var late = await Assert.ThrowsAsync<OperationNotPermittedException>(() => service.Commands.ActAsync(UpgradeAction.ApproveForceStop, record.Id, Oscar));
        Assert.Equal(ActionReasonCode.NoForceStopRequestPending, late.Reason);
    }

    [Fact]
    public async Task RequestAsync_EarlierRequestExpiredBeforeTheCheckClosedIt_OfferedThenAcceptedAndTheOldOneClosedAsExpired_R_GOV_2()
    {
        var (service, clock, record) = await UpgradingAsync(Alice);
        var approvals = new ForceStopApprovals(service.Commands);
        var first = await approvals.RequestAsync(record.Id, Olga, Declared(ForceStopResult.Failed));
        clock.Advance(Duration.FromMinutes(31));

        // No expiry check ran: the first request is still open in the store, yet a new request is offered...
        Assert.Equal(ActionReasonCode.None, (await GovernedAnswersAsync(service, record.Id, Oscar))[UpgradeAction.RequestForceStop]);
        var seen = await service.Queries.GetAsync(record.Id);

        // ...and taking it, at the version the operator saw, is not refused as "already pending".
        var second = await approvals.RequestAsync(record.Id, Oscar, Declared(ForceStopResult.Succeeded), seen.Version);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(("oscar", ForceStopRequestState.Pending, ForceStopResult.Succeeded), (second.RequestedBy, second.State, second.Result));
        var trail = await service.Queries.GetAuditTrailAsync(record.Id);
        Assert.Equal(
            [(UpgradeOperation.ExpireForceStopRequest, AuditOutcome.Accepted), (UpgradeOperation.RequestForceStop, AuditOutcome.Accepted)],
            trail.TakeLast(2).Select(e => (e.Operation, e.Outcome)));
        Assert.Equal(UpgradeStatus.Upgrading, (await service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task RequestAsync_EarlierRequestStillInItsTime_RefusedAsPending_R_GOV_2()
    {
        var (service, clock, record) = await UpgradingAsync(Alice);
        var approvals = new ForceStopApprovals(service.Commands);
        await approvals.RequestAsync(record.Id, Olga, Declared(ForceStopResult.Failed));
        clock.Advance(Duration.FromMinutes(29));

        var twice = await Assert.ThrowsAsync<OperationNotPermittedException>(() => approvals.RequestAsync(record.Id, Oscar, Declared(ForceStopResult.Succeeded)));

        Assert.Equal(ActionReasonCode.ForceStopRequestPending, twice.Reason);
        Assert.DoesNotContain(await service.Queries.GetAuditTrailAsync(record.Id), e => e.Operation == UpgradeOperation.ExpireForceStopRequest);
    }

    [Fact]
    public async Task ActAsync_ApproveBySecondEngineer_ForceStopsWithTheRequestersResultAndAuditsTheReason_R_GOV_2()
    {
        var (service, _, record) = await UpgradingAsync(Alice);
        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, Declared(ForceStopResult.Failed));

        var stopped = await service.Commands.ActAsync(UpgradeAction.ApproveForceStop, record.Id, Oscar, reason: OperatorReason.Parse("checked the rollback"));

        Assert.Equal(UpgradeStatus.ForceStoppedFailed, stopped.Status);
        var approval = (await service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal(UpgradeOperation.ApproveForceStop, approval.Operation);
        Assert.Equal("oscar", approval.Actor);
        Assert.Equal("checked the rollback", approval.OperatorReason);
    }

    [Theory]
    [InlineData(UpgradeAction.RejectForceStop, "oscar")]
    [InlineData(UpgradeAction.WithdrawForceStop, "olga")]
    public async Task ActAsync_RejectOrWithdraw_UpgradeGoesOnAndANewRequestIsOffered_R_GOV_2(UpgradeAction action, string actorId)
    {
        var (service, _, record) = await UpgradingAsync(Alice);
        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, Declared(ForceStopResult.Failed));

        var after = await service.Commands.ActAsync(action, record.Id, actorId == "olga" ? Olga : Oscar);

        Assert.Equal(UpgradeStatus.Upgrading, after.Status);
        Assert.Equal(ActionReasonCode.None, (await GovernedAnswersAsync(service, record.Id, Olga))[UpgradeAction.RequestForceStop]);
    }

    [Fact]
    public async Task ActAsync_RequestForceStop_TakesOptions_RefusedBeforeAnythingChanges_R_ACT_1()
    {
        var (service, _, record) = await UpgradingAsync(Alice);

        await Assert.ThrowsAsync<ArgumentException>(() => service.Commands.ActAsync(UpgradeAction.RequestForceStop, record.Id, Olga));

        Assert.Equal(record.Version, (await service.Queries.GetAsync(record.Id)).Version);
    }

    [Fact]
    public async Task ActionList_RuleOff_FourActionsNotOfferedForAnyStatus_ForceStopOffered_R_GOV_2()
    {
        var (service, _, record) = await UpgradingAsync(Alice, approvalOn: false);

        var engineer = await GovernedAnswersAsync(service, record.Id, Olga);

        Assert.Equal(ActionReasonCode.None, engineer[UpgradeAction.ForceStop]);
        foreach (var action in Governed.Skip(1))
        {
            Assert.Equal(ActionReasonCode.StatusNotEligible, engineer[action]);
        }
    }

    [Fact]
    public void Catalog_FourActions_HaveTheirOperationsRoutesAndBodies_R_GOV_2_R_ACT_1()
    {
        Assert.Equal(UpgradeOperation.RequestForceStop, UpgradeAction.RequestForceStop.ToOperation());
        Assert.Equal(UpgradeOperation.ApproveForceStop, UpgradeAction.ApproveForceStop.ToOperation());
        Assert.Equal(UpgradeOperation.RejectForceStop, UpgradeAction.RejectForceStop.ToOperation());
        Assert.Equal(UpgradeOperation.WithdrawForceStop, UpgradeAction.WithdrawForceStop.ToOperation());
        var request = new ActionView { Action = UpgradeAction.RequestForceStop, Name = "x", Offered = true, Reason = ActionReasonCode.None, Explanation = "" };
        Assert.Equal("force-stop", request.Dialog);
        Assert.True(request.TakesReason);
        Assert.True(request.SendsVersion);
        Assert.Null(new ActionView { Action = UpgradeAction.ApproveForceStop, Name = "x", Offered = true, Reason = ActionReasonCode.None, Explanation = "" }.Dialog);
        Assert.False(UpgradeActions.TryFromOperation(UpgradeOperation.ExpireForceStopRequest, out _));
    }

    [Fact]
    public async Task EvaluateWithPendingRequest_DefaultInterfaceMethod_AnswersAsEvaluate_R_GOV_2()
    {
        var (_, _, record) = await UpgradingAsync(Alice);
        var inner = new ActionEligibilityPolicy();
        IActionEligibilityPolicy wrapper = new Wrapper(inner);

        Assert.Same(inner.Evaluate(record, Olga), wrapper.EvaluateWithPendingRequest(record, Olga, null));
    }

    private sealed class Wrapper(IActionEligibilityPolicy inner) : IActionEligibilityPolicy
    {
        public ActionEligibilitySet Evaluate(UpgradeRecord record, OperatorIdentity actor, CultureInfo? culture = null) => inner.Evaluate(record, actor, culture);
    }
}
