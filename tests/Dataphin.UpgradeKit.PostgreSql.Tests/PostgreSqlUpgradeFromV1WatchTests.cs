using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>An upgraded real version-1 database (tests/fixtures/schema-v1) serves watches from then on (R-LIVE-1).</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlUpgradeFromV1WatchTests(PostgreSqlClusterFixture cluster)
{
    [StoreFact]
    public async Task EnsureSchema_RealVersionOneDatabase_R_LIVE_1_ServesWatchesFromThenOn()
    {
        var connectionString = new PostgreSqlUpgradeFromV1Tests(cluster).RestoreVersionOne();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);

        await store.EnsureSchemaAsync();

        await SchemaV1Watching.AssertUpgradedDatabaseServesWatchesAsync(store);
    }
}
