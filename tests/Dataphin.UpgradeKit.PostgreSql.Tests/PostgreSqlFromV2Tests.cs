using System.Globalization;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Npgsql;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>A real version-2 database (tests/fixtures/schema-v2) opened by today's code.</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlFromV2Tests(PostgreSqlClusterFixture cluster)
{
    private static int s_databases;

    /// <summary>
    /// Every record, its View log and its configuration download read, those saved before protection was enabled and
    /// those protected at rest (R-SEC-6), and the keyed creation retried finds its record (R-STORE-3).
    /// </summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionTwoDatabase_EveryRecordViewLogAndDownloadRead_R_SEC_6_R_STORE_3()
    {
        var connectionString = RestoreVersionTwo();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);

        await store.EnsureSchemaAsync();

        await using (var connection = new NpgsqlConnection(connectionString + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version", connection);
            Assert.Equal(string.Join(",", Enumerable.Range(1, PostgreSqlUpgradeStore.SchemaVersion)), (string?)await command.ExecuteScalarAsync());
        }

        await SchemaV2Fixtures.AssertEveryRecordReadsAsync(store);
    }

    /// <summary>
    /// Schema version 3: the upgrade script fills the comparable upgrades of estimates from the succeeded records the
    /// database holds (four in the fixture), as the SDK would make them.
    /// </summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionTwoDatabase_ComparablesOfEverySucceededRecord_R_ETA_1()
    {
        await using var store = PostgreSqlUpgradeStore.Create(RestoreVersionTwo());

        await store.EnsureSchemaAsync();

        await SchemaV3EstimateChecks.AssertComparablesMatchSucceededRecordsAsync(store, expectedCount: 4);
    }

    /// <summary>
    /// Schema version 3's operator table (the list's operator filter): filled in place with every record's creator and
    /// every actor its audit trail names, and kept from then on.
    /// </summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionTwoDatabase_OperatorTableHoldsEveryCreatorAndAuditedActor_R_HIST_1()
    {
        var connectionString = RestoreVersionTwo();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);

        await store.EnsureSchemaAsync();

        await PostgreSqlRecordOperatorsTests.AssertImpliedAsync(connectionString);
    }

    /// <summary>Schema version 3's governance columns: reasons and declarations are kept in the upgraded audit trail.</summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionTwoDatabase_AuditGainsReasonAndDeclarationColumns_R_GOV_1_R_GOV_3()
    {
        await using var store = PostgreSqlUpgradeStore.Create(RestoreVersionTwo());

        await store.EnsureSchemaAsync();

        await SchemaV2GovernanceChecks.AssertReasonsAndDeclarationsAsync(store);
    }

    /// <summary>Schema version 3's force-stop requests: the two-person rule works on the upgraded database.</summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionTwoDatabase_GainsForceStopRequestsAndTheTwoPersonRuleWorks_R_GOV_2()
    {
        await using var store = PostgreSqlUpgradeStore.Create(RestoreVersionTwo());

        await store.EnsureSchemaAsync();

        await SchemaV2ForceStopRequestChecks.AssertTwoPersonRuleWorksAsync(store);
    }

    /// <summary>Schema version 3's change-row times: rows from version 2 have none and count as older than any change-feed period.</summary>
    [StoreFact]
    public async Task RunOnce_RealVersionTwoDatabaseUpgradedInPlace_FeedRowsWithoutTimeCountAsOld_R_RET_1()
    {
        var connectionString = RestoreVersionTwo();
        var clock = new RetentionPeriodChecks.SettableClock(NodaTime.Instant.FromUtc(2030, 1, 1, 0, 0));
        await using var store = PostgreSqlUpgradeStore.Create(connectionString, new PostgreSqlUpgradeStoreOptions { Clock = clock });
        await store.EnsureSchemaAsync();
        var archive = Directory.CreateTempSubdirectory("upgradekit-v2-feed-");
        try
        {
            await RetentionPeriodChecks.AssertVersionTwoFeedTrimmedAsync(store, clock, archive.FullName, async sql =>
            {
                await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(sql, connection);
                return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            });
        }
        finally
        {
            archive.Delete(recursive: true);
        }
    }

    /// <summary>Restores the version-2 dump into a new database of the shared cluster and returns its connection string.</summary>
    internal string RestoreVersionTwo() => SchemaV2Fixtures.RestorePostgreSqlDatabase(cluster.Cluster,
        string.Create(CultureInfo.InvariantCulture, $"v2_{Interlocked.Increment(ref s_databases)}_{Environment.ProcessId}"));
}
