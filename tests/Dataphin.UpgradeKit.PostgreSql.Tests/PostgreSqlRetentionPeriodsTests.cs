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

    [StoreFact]
    public async Task RunOnce_AuditEntryAge_OldEntriesOfAFinishedRecordGoAndPinnedOrRunningTrailsStay_R_RET_1()
    {
        var clock = new SettableClock(Instant.FromUtc(2026, 1, 5, 9, 0));
        await using var store = PostgreSqlUpgradeStore.Create(await cluster.CreateDatabaseAsync(), new PostgreSqlUpgradeStoreOptions { Clock = clock });

        await RetentionAuditChecks.AssertOldEntriesArchivedAndRemovedExceptKeptTrailsAsync(store, clock, Path.Combine(_archives.FullName, "example"));
    }

    [StoreFact]
    public async Task RunOnce_AuditEntryAge_GeneratedHistories_NothingKeptRemovedEveryRemovedEntryArchivedOnce_EvenAfterACrashAtEachStep_R_RET_1_R_RET_2()
    {
        var entries = 0;
        foreach (var crash in Enum.GetValues<RetentionChecks.CrashPoint>())
        {
            for (var seed = 1; seed <= 2; seed++)
            {
                await using var store = PostgreSqlUpgradeStore.Create(await cluster.CreateDatabaseAsync());
                entries += await RetentionChecks.AssertAuditEntryPeriodKeepsItsPromisesAsync(store, seed, Path.Combine(_archives.FullName, $"{seed}-{crash}"), crash);
            }
        }

        Xunit.Assert.True(entries > 0, "the generated cases remove no audit entry by its period: the check would prove nothing");
    }
}
