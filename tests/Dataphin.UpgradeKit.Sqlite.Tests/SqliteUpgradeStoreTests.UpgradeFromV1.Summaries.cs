using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    /// <summary>
    /// The timeline summaries part of schema version 2 builds, from the events a real version-1 database holds, exactly
    /// the summaries of those events, so every record's timeline read from them equals the pure aggregation; later
    /// appends merge into them (R-TIME-11).
    /// </summary>
    [Fact]
    public async Task EnsureSchema_RealVersionOneDatabase_SummariesEqualPureAggregationOfStoredEvents_R_TIME_11()
    {
        SchemaV1Fixtures.CopySqliteDatabase(_database.PathOf());
        using var store = _database.OpenStore(configure: o => o.EnsureSchemaOnFirstUse = false);

        await store.EnsureSchemaAsync();

        await TimelineSummaryAssert.UpgradedStoreKeepsSummariesOfStoredEventsAsync(store);
    }
}
