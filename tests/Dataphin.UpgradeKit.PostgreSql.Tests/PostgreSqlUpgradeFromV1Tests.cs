using System.Globalization;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Npgsql;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>In-place schema upgrades of a real version-1 database (tests/fixtures/schema-v1).</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlUpgradeFromV1Tests(PostgreSqlClusterFixture cluster)
{
    private static int s_databases;

    [StoreFact]
    public async Task EnsureSchema_RealVersionOneDatabase_UpgradesInPlaceKeepingEveryRecordEventAuditEntryAndPendingNotification()
    {
        var connectionString = RestoreVersionOne();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);

        await store.EnsureSchemaAsync();

        await using (var connection = new NpgsqlConnection(connectionString + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version", connection);
            Assert.Equal(string.Join(",", Enumerable.Range(1, PostgreSqlUpgradeStore.SchemaVersion)), (string?)await command.ExecuteScalarAsync());
        }

        var records = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
        Assert.Equal(SchemaV1Fixtures.RecordCount, records.Count);
        Assert.All(records, record => Assert.NotNull(record.Configuration));
        var events = 0;
        foreach (var record in records)
        {
            events += (await store.ReadEventsAsync(record.Id)).Count;
        }

        Assert.Equal(SchemaV1Fixtures.TimelineEventCount, events);
        Assert.Equal(SchemaV1Fixtures.PendingNotificationCount, (await store.ReadPendingAsync(100)).Count);
    }

    /// <summary>Item 6 of issue 11: a version-1 database's pending notifications survive the upgrade and are delivered once (R-DLV-1).</summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionOneDatabase_PendingNotificationsAreDeliveredOnceAfterTheUpgrade_R_DLV_1()
    {
        await using var store = PostgreSqlUpgradeStore.Create(RestoreVersionOne());
        await store.EnsureSchemaAsync();
        var pending = await store.ReadPendingAsync(100);
        var handler = new Dataphin.UpgradeKit.Testing.Notifications.RecordingNotificationHandler();
        var service = new UpgradeKitFeatures(store, NodaTime.SystemClock.Instance, notificationHandler: handler);

        Assert.Equal(SchemaV1Fixtures.PendingNotificationCount, await service.Delivery.DeliverPendingNotificationsAsync());

        Assert.Equal(pending.Select(n => n.Id), handler.Received.Select(n => n.Id));
        Assert.Empty(await store.ReadPendingAsync(100));
        Assert.Equal(0, await service.Delivery.DeliverPendingNotificationsAsync());
    }

    [StoreFact]
    public async Task EnsureSchema_RealVersionOneDatabase_R_STORE_3_RecordsStayReadableAndCreationWithAKeyWorks()
    {
        await using var store = PostgreSqlUpgradeStore.Create(RestoreVersionOne());
        await store.EnsureSchemaAsync();

        await SchemaV1StoreSafetyChecks.AssertRecordsReadableAndKeyedCreationWorksAsync(store);
    }

    /// <summary>Item 7 of issue 11 on an upgraded version-1 database: a host started over it delivers the pending notifications by itself, in order (R-DLV-1, R-DLV-3).</summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionOneDatabase_TheHostedDispatcherDeliversThePendingOnStart_R_DLV_1()
    {
        await using var store = PostgreSqlUpgradeStore.Create(RestoreVersionOne());
        await store.EnsureSchemaAsync();

        await Dataphin.UpgradeKit.Testing.HostTools.Delivery.SchemaV1Delivery.AssertHostedDispatcherDeliversThePendingAsync(store);
    }

    /// <summary>Restores the version-1 dump into a new database of the shared cluster and returns its connection string.</summary>
    internal string RestoreVersionOne() => SchemaV1Fixtures.RestorePostgreSqlDatabase(cluster.Cluster,
        string.Create(CultureInfo.InvariantCulture, $"v1_{Interlocked.Increment(ref s_databases)}_{Environment.ProcessId}"));
}
