using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    [Fact]
    public async Task EnsureSchema_RealVersionOneDatabase_UpgradesInPlaceKeepingEveryRecordEventAuditEntryAndPendingNotification()
    {
        SchemaV1Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);

        await store.EnsureSchemaAsync();

        Assert.Equal(string.Join(",", Enumerable.Range(1, SqliteUpgradeStore.SchemaVersion)),
            await ScalarAsync("SELECT group_concat(version) FROM schema_version ORDER BY version"));
        var records = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
        Assert.Equal(SchemaV1Fixtures.RecordCount, records.Count);
        Assert.All(records, record => Assert.NotNull(record.Configuration));
        var events = 0;
        var audit = 0;
        foreach (var record in records)
        {
            events += (await store.ReadEventsAsync(record.Id)).Count;
            audit += (await store.ReadAsync(record.Id)).Count;
        }

        Assert.Equal(SchemaV1Fixtures.TimelineEventCount, events);
        Assert.True(audit <= SchemaV1Fixtures.AuditEntryCount && audit >= records.Count, $"{audit} audit entries of kept records");
        Assert.Equal(SchemaV1Fixtures.PendingNotificationCount, (await store.ReadPendingAsync(100)).Count);
    }
}
