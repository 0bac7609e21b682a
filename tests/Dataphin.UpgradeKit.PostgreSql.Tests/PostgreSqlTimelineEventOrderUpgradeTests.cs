using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>The timeline event order part of schema version 2 on a real version-1 database (tests/fixtures/schema-v1).</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlTimelineEventOrderUpgradeTests(PostgreSqlClusterFixture cluster)
{
    /// <summary>
    /// The unique key becomes (record_id, at, event_key): the stored events, reported again, are each still stored once,
    /// and a new event comes after them (R-TIME-9, R-TIME-11).
    /// </summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionOneDatabase_StoredEventsStayStoredOnceUnderTheTimeOrderedKey_R_TIME_9_R_TIME_11()
    {
        await using var store = PostgreSqlUpgradeStore.Create(new PostgreSqlUpgradeFromV1Tests(cluster).RestoreVersionOne());

        await store.EnsureSchemaAsync();

        await TimelineEventOrderAssert.UpgradedStoreKeepsEachEventOnceAsync(store);
    }
}
