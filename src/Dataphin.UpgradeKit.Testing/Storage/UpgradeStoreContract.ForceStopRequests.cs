using System.Globalization;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Governance;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Notifications;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

// R-GOV-2: the two-person rule's requests, on every store.
public abstract partial class UpgradeStoreContract
{
    private static readonly OperatorIdentity Olga = new("olga", "Olga", [UpgradeKitOptions.DefaultQualifiedOperatorRole]);
    private static readonly OperatorIdentity Oscar = new("oscar", "Oscar", [UpgradeKitOptions.DefaultQualifiedOperatorRole]);
    private static readonly OperatorIdentity Alice = new("alice", "Alice", []);

    private static UpgradeKitOptions TwoPersonOptions(bool creatorMayApprove = true) => new()
    {
        Rules = new LifecycleRuleOptions { ApprovalRequiredFor = [UpgradeAction.ForceStop], CreatorMayApprove = creatorMayApprove },
    };

    private static ForceStopRequest Declared(ForceStopResult result, string reason = "已手动回滚 <b>x</b>") =>
        new(result, true) { Reason = OperatorReason.Parse(reason), Declaration = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("zh-CN")) };

    private async Task<(IUpgradeStore Store, FakeClock Clock, UpgradeKitFeatures Service, RecordingNotificationHandler Handler, UpgradeRecord Record)>
        UpgradingUnderTwoPersonRuleAsync(OperatorIdentity creator, bool creatorMayApprove = true)
    {
        var store = await NewStoreAsync();
        var clock = new FakeClock(T0, Duration.FromSeconds(1));
        var handler = new RecordingNotificationHandler();
        var service = new UpgradeKitFeatures(store, clock, notificationHandler: handler, options: TwoPersonOptions(creatorMayApprove));
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("5.0"), InitialVersion = ProductVersion.Parse("4.3"), Mode = UpgradeMode.Maintenance,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, creator);
        await service.HostReports.StartAsync(record.Id);
        return (store, clock, service, handler, (await store.FindAsync(record.Id))!);
    }

    /// <summary>
    /// One qualified operator asks, a second approves: the record is force-stopped with the requester's result, the
    /// request is closed as approved in the same change, and every step is audited and notified.
    /// </summary>
    [StoreFact]
    public async Task ForceStopRequest_RequestedThenApprovedByASecondOperator_ForceStopsWithTheRequestersResult_R_GOV_2()
    {
        var (store, _, service, handler, record) = await UpgradingUnderTwoPersonRuleAsync(Alice);
        var requests = (IForceStopRequestStore)store;
        var declared = Declared(ForceStopResult.Failed);

        var request = await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, declared);

        var pending = await requests.FindPendingForceStopRequestAsync(record.Id);
        Assert.Equal(request, pending);
        Assert.Equal(ForceStopRequestState.Pending, pending!.State);
        Assert.Equal(declared.Declaration, pending.Declaration);
        Assert.Equal(declared.Reason!.Text, pending.Reason);
        Assert.Equal("olga", pending.RequestedBy);
        Assert.Equal(pending.RequestedAt + Duration.FromMinutes(30), pending.ExpiresAt);
        Assert.Equal(UpgradeStatus.Upgrading, (await store.FindAsync(record.Id))!.Status);

        var alone = await Assert.ThrowsAsync<OperationNotPermittedException>(() => service.Commands.ForceStopAsync(record.Id, Olga, declared));
        Assert.Equal(ActionReasonCode.ApprovalRequired, alone.Reason);
        var own = await Assert.ThrowsAsync<OperationNotPermittedException>(() => new ForceStopApprovals(service.Commands).ApproveAsync(record.Id, Olga));
        Assert.Equal(ActionReasonCode.RequesterCannotDecide, own.Reason);
        var unqualified = await Assert.ThrowsAsync<OperationNotPermittedException>(() => new ForceStopApprovals(service.Commands).ApproveAsync(record.Id, Alice));
        Assert.Equal(ActionReasonCode.OperatorNotQualified, unqualified.Reason);

        var stopped = await new ForceStopApprovals(service.Commands).ApproveAsync(record.Id, Oscar, new ForceStopDecision { RequestId = request.Id });

        Assert.Equal(UpgradeStatus.ForceStoppedFailed, stopped.Status);
        Assert.Equal(ForceStopResult.Failed, stopped.ForceStopResult);
        Assert.Null(await requests.FindPendingForceStopRequestAsync(record.Id));
        var closed = Assert.Single(await requests.ReadForceStopRequestsAsync(record.Id));
        Assert.Equal(ForceStopRequestState.Approved, closed.State);
        Assert.Equal("oscar", closed.DecidedBy);
        var audit = await store.ReadAsync(record.Id);
        Assert.Equal(
            [
                (UpgradeOperation.RequestForceStop, AuditOutcome.Accepted, ActionReasonCode.None),
                (UpgradeOperation.ForceStop, AuditOutcome.Refused, ActionReasonCode.ApprovalRequired),
                (UpgradeOperation.ApproveForceStop, AuditOutcome.Refused, ActionReasonCode.RequesterCannotDecide),
                (UpgradeOperation.ApproveForceStop, AuditOutcome.Refused, ActionReasonCode.OperatorNotQualified),
                (UpgradeOperation.ApproveForceStop, AuditOutcome.Accepted, ActionReasonCode.None),
            ],
            audit.Skip(2).Select(e => (e.Operation, e.Outcome, e.Reason)));
        Assert.Equal(declared.Declaration, audit[2].Declaration);
        Assert.Equal(declared.Declaration, audit[^1].Declaration);
        Assert.Equal("oscar", audit[^1].Actor);

        Assert.Equal(3, await service.Delivery.DeliverPendingNotificationsAsync());
        var notices = handler.Received;
        Assert.Equal(ForceStopRequestState.Pending, Assert.IsType<ForceStopRequestNotification>(notices[0]).State);
        Assert.Equal(ForceStopRequestState.Approved, Assert.IsType<ForceStopRequestNotification>(notices[1]).State);
        var forceStopped = Assert.IsType<UpgradeForceStoppedNotification>(notices[2]);
        Assert.Equal(ForceStopResult.Failed, forceStopped.Result);
        Assert.Equal(declared.Reason!.Text, forceStopped.OperatorReason);
    }

    /// <summary>Rejected by a second operator, withdrawn by the requester: the upgrade goes on, and a new request can be made.</summary>
    [StoreFact]
    public async Task ForceStopRequest_RejectedOrWithdrawn_UpgradeGoesOnAndANewRequestCanFollow_R_GOV_2()
    {
        var (store, _, service, _, record) = await UpgradingUnderTwoPersonRuleAsync(Alice);
        var requests = (IForceStopRequestStore)store;

        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, Declared(ForceStopResult.Succeeded));
        var twice = await Assert.ThrowsAsync<OperationNotPermittedException>(() => new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Oscar, Declared(ForceStopResult.Failed)));
        Assert.Equal(ActionReasonCode.ForceStopRequestPending, twice.Reason);
        var notHers = await Assert.ThrowsAsync<OperationNotPermittedException>(() => new ForceStopApprovals(service.Commands).WithdrawAsync(record.Id, Oscar));
        Assert.Equal(ActionReasonCode.NotTheRequester, notHers.Reason);
        Assert.Equal(UpgradeStatus.Upgrading, (await new ForceStopApprovals(service.Commands).RejectAsync(record.Id, Oscar,
            new ForceStopDecision { Reason = OperatorReason.Parse("the rollback is not finished") })).Status);

        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Oscar, Declared(ForceStopResult.Failed));
        Assert.Equal(UpgradeStatus.Upgrading, (await new ForceStopApprovals(service.Commands).WithdrawAsync(record.Id, Oscar)).Status);
        var nothing = await Assert.ThrowsAsync<OperationNotPermittedException>(() => new ForceStopApprovals(service.Commands).ApproveAsync(record.Id, Olga));
        Assert.Equal(ActionReasonCode.NoForceStopRequestPending, nothing.Reason);

        var all = await requests.ReadForceStopRequestsAsync(record.Id);
        Assert.Equal([ForceStopRequestState.Rejected, ForceStopRequestState.Withdrawn], all.Select(r => r.State));
        Assert.Equal("the rollback is not finished", all[0].DecisionReason);
        Assert.Equal(["oscar", "oscar"], all.Select(r => r.DecidedBy));
        Assert.Null(await requests.FindPendingForceStopRequestAsync(record.Id));
    }

    /// <summary>With the creator excluded, the upgrade's creator may neither approve nor reject; another qualified operator may.</summary>
    [StoreFact]
    public async Task ForceStopRequest_CreatorExcluded_CreatorIsRefusedAThirdOperatorApproves_R_GOV_2()
    {
        var (_, _, service, _, record) = await UpgradingUnderTwoPersonRuleAsync(Oscar, creatorMayApprove: false);
        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, Declared(ForceStopResult.Succeeded));

        var creator = await Assert.ThrowsAsync<OperationNotPermittedException>(() => new ForceStopApprovals(service.Commands).ApproveAsync(record.Id, Oscar));
        Assert.Equal(ActionReasonCode.CreatorCannotDecide, creator.Reason);
        var third = new OperatorIdentity("otto", "Otto", [UpgradeKitOptions.DefaultQualifiedOperatorRole]);
        Assert.Equal(UpgradeStatus.ForceStoppedSucceeded, (await new ForceStopApprovals(service.Commands).ApproveAsync(record.Id, third)).Status);
    }

    /// <summary>
    /// Nobody decides: the expiry check closes the request once its time is up, and only once; not before. A stop while a
    /// request waits closes it as superseded in the same change.
    /// </summary>
    [StoreFact]
    public async Task ForceStopRequest_Undecided_ExpiresOnceAfterItsTimeAndAStopSupersedesTheNext_R_GOV_2()
    {
        var (store, clock, service, _, record) = await UpgradingUnderTwoPersonRuleAsync(Alice);
        var requests = (IForceStopRequestStore)store;
        var expiry = new ForceStopRequestExpiry(service.Commands, store, clock);
        var request = await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, Declared(ForceStopResult.Failed));

        clock.Reset(request.ExpiresAt - Duration.FromSeconds(2));
        Assert.Equal(0, await expiry.RunOnceAsync());
        clock.Reset(request.ExpiresAt);
        Assert.Equal(1, await expiry.RunOnceAsync());
        Assert.Equal(0, await expiry.RunOnceAsync());

        var expired = Assert.Single(await requests.ReadForceStopRequestsAsync(record.Id));
        Assert.Equal(ForceStopRequestState.Expired, expired.State);
        Assert.Equal(AuditEntry.SystemActor, expired.DecidedBy);
        var late = await Assert.ThrowsAsync<OperationNotPermittedException>(() => new ForceStopApprovals(service.Commands).ApproveAsync(record.Id, Oscar));
        Assert.Equal(ActionReasonCode.NoForceStopRequestPending, late.Reason);

        await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, Declared(ForceStopResult.Failed));
        await service.Commands.StopAsync(record.Id, Olga, new StopOptions(RerunForceStoppedInstances: false));
        Assert.Equal([ForceStopRequestState.Expired, ForceStopRequestState.Superseded], (await requests.ReadForceStopRequestsAsync(record.Id)).Select(r => r.State));
        Assert.Null(await requests.FindPendingForceStopRequestAsync(record.Id));
        Assert.Empty(await requests.ListExpiredForceStopRequestsAsync(clock.GetCurrentInstant() + Duration.FromDays(1), 10));
    }

    /// <summary>
    /// The store itself keeps one pending request per record and closes only a pending one: a change that would break
    /// either is a conflict and commits nothing, not even the record or its audit entry.
    /// </summary>
    [StoreFact]
    public async Task ForceStopRequest_SecondOpenOrStaleClose_IsAConflictThatCommitsNothing_R_GOV_2()
    {
        var (store, clock, service, _, record) = await UpgradingUnderTwoPersonRuleAsync(Alice);
        var requests = (IForceStopRequestStore)store;
        var request = await new ForceStopApprovals(service.Commands).RequestAsync(record.Id, Olga, Declared(ForceStopResult.Failed));
        var current = (await store.FindAsync(record.Id))!;
        var auditCount = (await store.ReadAsync(record.Id)).Count;

        var second = ForceStopRequestChange.Open(request with { Id = Guid.NewGuid() });
        var stale = ForceStopRequestChange.Close(Guid.NewGuid(), ForceStopRequestState.Rejected, "oscar", clock.GetCurrentInstant());
        foreach (var change in new[] { second, stale })
        {
            var next = (UpgradeRecordSnapshot.From(current) with { Version = current.Version + 1 }).ToRecord();
            await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpdateAsync(next, current.Version,
                new RecordChange(Audit(next, UpgradeOperation.RejectForceStop, UpgradeStatus.Upgrading), []) { ForceStopRequest = change }));
        }

        Assert.Equal(current.Version, (await store.FindAsync(record.Id))!.Version);
        Assert.Equal(auditCount, (await store.ReadAsync(record.Id)).Count);
        Assert.Equal(request, Assert.Single(await requests.ReadForceStopRequestsAsync(record.Id)));
    }
}
