using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    /// <summary>
    /// The timeline event order part of schema version 2 rebuilds the events table under the key (record_id, at,
    /// event_key): a real version-1 database's events, reported again, are each still stored once, and a new event comes
    /// after them (R-TIME-9, R-TIME-11).
    /// </summary>
    [Fact]
    public async Task EnsureSchema_RealVersionOneDatabase_StoredEventsStayStoredOnceUnderTheTimeOrderedKey_R_TIME_9_R_TIME_11()
    {
        SchemaV1Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);

        await store.EnsureSchemaAsync();

        await TimelineEventOrderAssert.UpgradedStoreKeepsEachEventOnceAsync(store);
        Assert.Equal("ok", await ScalarAsync("PRAGMA integrity_check"));
    }
}
