using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>Retention on PostgreSQL in a host process killed (SIGKILL) at each step, finished by the next process (R-RET-2).</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlRetentionProcessKillTests(PostgreSqlClusterFixture cluster) : IDisposable
{
    private readonly DirectoryInfo _archives = Directory.CreateTempSubdirectory("upgradekit-pg-kill-");

    public void Dispose() => _archives.Delete(recursive: true);

    [StoreFact]
    public async Task RunOnce_HostKilledAtEachStep_NextProcessFinishesWithNothingLostAndNothingArchivedTwice_R_RET_2()
    {
        foreach (var step in RetentionKillChecks.Steps)
        {
            var connectionString = await cluster.CreateDatabaseAsync();
            await using var store = PostgreSqlUpgradeStore.Create(connectionString);

            await RetentionKillChecks.AssertKilledRunIsFinishedByTheNextAsync(store, "postgresql", connectionString, Path.Combine(_archives.FullName, step),
                seed: 5, step);
        }
    }
}
