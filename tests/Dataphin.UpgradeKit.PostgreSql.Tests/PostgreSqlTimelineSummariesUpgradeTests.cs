using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>The timeline summaries part of schema version 2 on a real version-1 database (tests/fixtures/schema-v1).</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlTimelineSummariesUpgradeTests(PostgreSqlClusterFixture cluster)
{
    /// <summary>
    /// The summaries built from the stored events are exactly those of the events, so every record's timeline read from
    /// them equals the pure aggregation; later appends merge into them (R-TIME-11).
    /// </summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionOneDatabase_SummariesEqualPureAggregationOfStoredEvents_R_TIME_11()
    {
        await using var store = PostgreSqlUpgradeStore.Create(new PostgreSqlUpgradeFromV1Tests(cluster).RestoreVersionOne());

        await store.EnsureSchemaAsync();

        await TimelineSummaryAssert.UpgradedStoreKeepsSummariesOfStoredEventsAsync(store);
    }
}
