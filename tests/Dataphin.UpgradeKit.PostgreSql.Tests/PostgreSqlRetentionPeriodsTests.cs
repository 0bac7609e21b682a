using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using static Dataphin.UpgradeKit.Testing.HostTools.RetentionPeriodChecks;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>Retention's change-feed period on PostgreSQL (R-RET-1, R-LIVE-2).</summary>
[Xunit.Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlRetentionPeriodsTests(PostgreSqlClusterFixture cluster) : IDisposable
{
    private readonly DirectoryInfo _archives = Directory.CreateTempSubdirectory("upgradekit-retention-periods-");

    public void Dispose() => _archives.Delete(recursive: true);

    [StoreFact]
    public async Task RunOnce_ChangeFeedAge_TrimsOlderRowsAndAWatcherBeforeThemGetsTrimmed_R_RET_1_R_LIVE_2()
    {
        var clock = new SettableClock(Instant.FromUtc(2026, 1, 5, 9, 0));
        await using var store = PostgreSqlUpgradeStore.Create(await cluster.CreateDatabaseAsync(), new PostgreSqlUpgradeStoreOptions { Clock = clock });

        await AssertChangeFeedTrimmedToItsPeriodAsync(store, clock, _archives.FullName);
    }
}
