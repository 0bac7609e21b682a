using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Testing.Notifications;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>A standalone audit entry (a refusal) is read back after the entries of the record's changes, in append order.</summary>
    [StoreFact]
    public async Task AppendAudit_Standalone_IsReadBackAfterTheChangeEntriesInOrder()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var refusal = new AuditEntry(record.Id, T0 + Duration.FromSeconds(5), "carol", UpgradeOperation.ForceStop, AuditOutcome.Refused,
            UpgradeStatus.Upgrading, UpgradeStatus.Upgrading, ActionReasonCode.OperatorNotQualified, 1,
            new Dictionary<string, string> { ["result"] = "Succeeded", ["declaration"] = "true", ["note"] = "ü \"quoted\"" });
        var view = new AuditEntry(record.Id, T0 + Duration.FromSeconds(6), "carol", UpgradeOperation.ResumeUpgrade, AuditOutcome.Accepted,
            UpgradeStatus.Upgrading, UpgradeStatus.Upgrading, ActionReasonCode.None, 1, AuditEntry.NoOptions);

        await store.AppendAsync(refusal);
        await store.AppendAsync(view);

        var trail = await store.ReadAsync(record.Id);
        Assert.Equal(3, trail.Count);
        AssertSameAudit(Creation(record).Audit, trail[0]);
        AssertSameAudit(refusal, trail[1]);
        AssertSameAudit(view, trail[2]);
        Assert.Empty(await store.ReadAsync(UpgradeRecordId.New(T0)));
    }

    /// <summary>Pending notifications come oldest first, bounded by the count asked for, until each is marked delivered.</summary>
    [StoreFact]
    public async Task Outbox_PendingOldestFirst_UntilDelivered()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var v2 = (UpgradeRecordSnapshot.From(record) with { Status = UpgradeStatus.Failed, FailureReason = "boom", Version = 2 }).ToRecord();
        UpgradeNotification[] notifications =
        [
            new UpgradeFailedNotification { Id = Guid.NewGuid(), RecordId = record.Id, OccurredAt = T0 + Duration.FromTicks(3), Reason = "boom" },
            new UpgradeForceStoppedNotification { Id = Guid.NewGuid(), RecordId = record.Id, OccurredAt = T0, Result = ForceStopResult.Failed },
            new UpgradeCompletedNotification { Id = Guid.NewGuid(), RecordId = record.Id, OccurredAt = T0 },
            Stopped(record, rerun: false),
        ];
        await store.UpdateAsync(v2, 1, new RecordChange(Audit(v2, UpgradeOperation.Fail, UpgradeStatus.Upgrading, AuditEntry.SystemActor), notifications));

        Assert.Equal(notifications, await store.ReadPendingAsync(10));
        Assert.Equal(notifications[..2], await store.ReadPendingAsync(2));

        var token = Guid.NewGuid();
        var claimed = Assert.Single(await store.ClaimAsync(token, 10, T0, T0 + Duration.FromSeconds(30)));
        Assert.Equal(notifications[0].Id, claimed.Notification.Id);
        await store.CompleteAsync([claimed.Notification.Id], token, T0);

        Assert.Equal(notifications[1..], await store.ReadPendingAsync(10));
    }

    /// <summary>The notifications of a removal are stored in the removal's transaction.</summary>
    [StoreFact]
    public async Task Outbox_NotificationsOfARemovalAreStoredWithIt()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0));
        var notification = new UpgradeCompletedNotification { Id = Guid.NewGuid(), RecordId = record.Id, OccurredAt = T0 };

        await store.DeleteAsync(record.Id, 1, new RecordChange(Audit(record, UpgradeOperation.Cancel, UpgradeStatus.Configuring), [notification]));

        Assert.Equal([notification], await store.ReadPendingAsync(5));
    }

    /// <summary>A notification whose handler failed stays pending and is delivered again with the same id, as attempt 2, once its retry is due.</summary>
    [StoreFact]
    public async Task Outbox_HandlerFails_NotificationStaysPendingAndIsRedeliveredWithTheSameId()
    {
        var store = await NewStoreAsync();
        var clock = new NodaTime.Testing.FakeClock(T0, Duration.FromSeconds(1));
        var flaky = new RecordingNotificationHandler(failFirst: 1);
        var service = new UpgradeKitFeatures(store, clock, notificationHandler: flaky);
        var alice = new Operators.OperatorIdentity("alice");
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("5.0"), InitialVersion = ProductVersion.Parse("4.3"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, alice);
        await service.HostReports.StartAsync(record.Id);

        await service.Commands.StopAsync(record.Id, alice, new StopOptions(RerunForceStoppedInstances: true));

        var pending = Assert.Single(await store.ReadPendingAsync(10));
        Assert.Equal(0, await service.Delivery.DeliverPendingNotificationsAsync());
        Assert.Single(await store.ReadPendingAsync(10));
        clock.Advance(new UpgradeKitOptions().Delivery.BackoffBase);
        Assert.Equal(1, await service.Delivery.DeliverPendingNotificationsAsync());
        Assert.Empty(await store.ReadPendingAsync(10));
        Assert.Equal(2, flaky.Attempts.Count);
        Assert.All(flaky.Attempts, n => Assert.Equal(pending.Id, n.Id));
        Assert.Equal([1, 2], flaky.Attempts.Select(n => n.Attempt));
        Assert.True(Assert.IsType<UpgradeStoppedNotification>(flaky.Attempts[1]).RerunForceStoppedInstances);
    }
}
