using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Notifications;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    /// <summary>Item 6 of issue 11: a version-1 database's pending notifications survive the upgrade and are delivered, each record's in order (R-DLV-3).</summary>
    [Fact]
    public async Task EnsureSchema_RealVersionOneDatabase_PendingNotificationsAreDeliveredOnceAfterTheUpgrade_R_DLV_1()
    {
        SchemaV1Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);
        await store.EnsureSchemaAsync();
        var pending = await store.ReadPendingAsync(100);
        var handler = new RecordingNotificationHandler();
        var service = new UpgradeKitFeatures(store, _clock, notificationHandler: handler);

        Assert.Equal(SchemaV1Fixtures.PendingNotificationCount, await service.Delivery.DeliverPendingNotificationsAsync());

        Assert.Equal(pending.Select(n => n.Id), handler.Received.Select(n => n.Id));
        Assert.All(handler.Received, n => Assert.Equal(1, n.Attempt));
        Assert.Empty(await store.ReadPendingAsync(100));
        Assert.Equal(0, await store.CountDeadLettersAsync());
        Assert.Equal(0, await service.Delivery.DeliverPendingNotificationsAsync());
    }

    /// <summary>Item 7 of issue 11 on an upgraded version-1 file: a host started over it delivers the pending notifications by itself, in order (R-DLV-1, R-DLV-3).</summary>
    [Fact]
    public async Task EnsureSchema_RealVersionOneDatabase_TheHostedDispatcherDeliversThePendingOnStart_R_DLV_1()
    {
        SchemaV1Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);
        await store.EnsureSchemaAsync();

        await Dataphin.UpgradeKit.Testing.HostTools.Delivery.SchemaV1Delivery.AssertHostedDispatcherDeliversThePendingAsync(store);
    }
}
