using System.Globalization;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>A real version-2 database (tests/fixtures/schema-v2) upgraded in place to schema 3's force-stop requests.</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlForceStopRequestsFromV2Tests(PostgreSqlClusterFixture cluster)
{
    private static int s_databases;

    [StoreFact]
    public async Task EnsureSchema_RealVersionTwoDatabase_GainsForceStopRequestsAndTheTwoPersonRuleWorks_R_GOV_2()
    {
        var connectionString = SchemaV2Fixtures.RestorePostgreSqlDatabase(cluster.Cluster,
            string.Create(CultureInfo.InvariantCulture, $"fsr_v2_{Interlocked.Increment(ref s_databases)}_{Environment.ProcessId}"));
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);

        await store.EnsureSchemaAsync();

        await SchemaV2ForceStopRequestChecks.AssertTwoPersonRuleWorksAsync(store);
    }
}
