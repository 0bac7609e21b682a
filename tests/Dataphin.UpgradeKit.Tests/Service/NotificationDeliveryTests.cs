using Dataphin.UpgradeKit.Testing.Notifications;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Support;
using NodaTime.Testing;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Service;

public class NotificationDeliveryTests
{
    [Fact]
    public async Task Notification_IsDeliveredOnlyAfterTheChangeIsStored_R_HOST_1()
    {
        var store = new InMemoryUpgradeStore();
        UpgradeStatus? seenByHandler = null;
        var handler = new DelegateHandler(async n => seenByHandler = (await store.FindAsync(n.RecordId))!.Status);
        var clock = new FakeClock(ServiceHarness.T0);
        var service = new UpgradeKitFeatures(store, clock, notificationHandler: handler);
        var record = await service.Commands.CreateAsync(ServiceHarness.Request(), TestOperators.Ordinary);
        await service.HostReports.StartAsync(record.Id);

        await service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(true));
        await service.Delivery.DeliverPendingNotificationsAsync();

        Assert.Equal(UpgradeStatus.Stopped, seenByHandler);
        Assert.Empty(await store.ReadPendingAsync(10));
    }

    [Fact]
    public async Task FailingHandler_LeavesNotificationPending_AndRedeliveryKeepsItsId_R_HOST_1()
    {
        var h = new ServiceHarness();
        h.Handler.FailWhen = _ => true;
        var record = await h.InStatusAsync(UpgradeStatus.Verifying);

        var done = await h.Service.Commands.CompleteAsync(record.Id, TestOperators.Ordinary);

        Assert.Equal(UpgradeStatus.Succeeded, done.Status);
        Assert.Equal(0, await h.Service.Delivery.DeliverPendingNotificationsAsync());
        var pending = Assert.Single(await h.Store.ReadPendingAsync(10));
        h.Handler.FailWhen = null;
        h.Clock.Advance(new UpgradeKitOptions().Delivery.BackoffBase);
        Assert.Equal(1, await h.Service.Delivery.DeliverPendingNotificationsAsync());
        Assert.Equal(pending.Id, Assert.Single(h.Handler.Received).Id);
        Assert.Empty(await h.Store.ReadPendingAsync(10));
        Assert.Equal(0, await h.Service.Delivery.DeliverPendingNotificationsAsync());
    }

    [Fact]
    public async Task NoHandler_NotificationsStayPendingForLaterDelivery()
    {
        var store = new InMemoryUpgradeStore();
        var clock = new FakeClock(ServiceHarness.T0);
        var withoutHandler = new UpgradeKitFeatures(store, clock);
        var record = await withoutHandler.Commands.CreateAsync(ServiceHarness.Request(), TestOperators.Ordinary);
        await withoutHandler.HostReports.StartAsync(record.Id);
        await withoutHandler.HostReports.MarkFailedAsync(record.Id, "boom");

        var handler = new RecordingNotificationHandler();
        var restarted = new UpgradeKitFeatures(store, clock, notificationHandler: handler);
        Assert.Equal(1, await restarted.Delivery.DeliverPendingNotificationsAsync());

        var failed = Assert.IsType<UpgradeFailedNotification>(Assert.Single(handler.Received));
        Assert.Equal("boom", failed.Reason);
    }

    private sealed class DelegateHandler(Func<UpgradeNotification, Task> handle) : IUpgradeNotificationHandler
    {
        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken) => handle(notification);
    }
}
