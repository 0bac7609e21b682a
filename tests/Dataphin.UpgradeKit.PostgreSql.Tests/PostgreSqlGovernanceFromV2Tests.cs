using System.Globalization;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>A real version-2 database (tests/fixtures/schema-v2) upgraded in place to schema 3's governance columns.</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlGovernanceFromV2Tests(PostgreSqlClusterFixture cluster)
{
    private static int s_databases;

    [StoreFact]
    public async Task EnsureSchema_RealVersionTwoDatabase_AuditGainsReasonAndDeclarationColumns_R_GOV_1_R_GOV_3()
    {
        var connectionString = SchemaV2Fixtures.RestorePostgreSqlDatabase(cluster.Cluster,
            string.Create(CultureInfo.InvariantCulture, $"gov_v2_{Interlocked.Increment(ref s_databases)}_{Environment.ProcessId}"));
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);

        await store.EnsureSchemaAsync();

        await SchemaV2GovernanceChecks.AssertReasonsAndDeclarationsAsync(store);
    }
}
