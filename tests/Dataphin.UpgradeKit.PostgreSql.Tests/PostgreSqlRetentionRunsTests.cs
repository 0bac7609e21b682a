using System.Globalization;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Npgsql;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>Retention runs kept on PostgreSQL (R-RET-2), in a real version-2 database upgraded in place.</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlRetentionRunsTests(PostgreSqlClusterFixture cluster) : IDisposable
{
    private static int s_databases;
    private readonly DirectoryInfo _archives = Directory.CreateTempSubdirectory("upgradekit-pg-runs-");

    public void Dispose() => _archives.Delete(recursive: true);

    [StoreFact]
    public async Task RunOnce_RealVersionTwoDatabaseUpgradedInPlace_KeepsTheRunWithWhoWhenAndExactlyWhatItRemoved_R_RET_2()
    {
        var connectionString = SchemaV2Fixtures.RestorePostgreSqlDatabase(cluster.Cluster,
            string.Create(CultureInfo.InvariantCulture, $"v2runs_{Interlocked.Increment(ref s_databases)}_{Environment.ProcessId}"));
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);
        await store.EnsureSchemaAsync();

        var run = await RetentionRunChecks.AssertRunIsKeptWithWhatItRemovedAsync(store, Path.Combine(_archives.FullName, "archive"),
            Instant.FromUtc(2030, 1, 1, 0, 0), async table =>
            {
                await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
                return (long)(await command.ExecuteScalarAsync())!;
            });

        Assert.True(run.Notifications > 0, "the fixture's removed records had delivered notifications");
    }

    [StoreFact]
    public async Task Pin_ShowsOnTheListRowAndTheViewLogPanel_R_RET_1()
    {
        await using var store = PostgreSqlUpgradeStore.Create(await cluster.CreateDatabaseAsync());
        await RetentionPinViewChecks.AssertPinShowsOnTheRowAndThePanelAsync(store);
    }
}
