using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Data.Sqlite;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Testing.HostTools.RetentionPeriodChecks;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>Retention's change-feed period on SQLite (R-RET-1), in a new database and in a real version-2 one upgraded in place.</summary>
public sealed class SqliteRetentionPeriodsTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task RunOnce_ChangeFeedAge_TrimsOlderRowsAndAWatcherBeforeThemGetsTrimmed_R_RET_1_R_LIVE_2()
    {
        var clock = new SettableClock(Instant.FromUtc(2026, 1, 5, 9, 0));
        using var store = _database.OpenStore(configure: o => o.Clock = clock);

        await AssertChangeFeedTrimmedToItsPeriodAsync(store, clock, Path.Combine(_database.Directory, "archive"));
    }

    [Fact]
    public async Task RunOnce_AuditEntryAge_OldEntriesOfAFinishedRecordGoAndPinnedOrRunningTrailsStay_R_RET_1()
    {
        var clock = new SettableClock(Instant.FromUtc(2026, 1, 5, 9, 0));
        using var store = _database.OpenStore(configure: o => o.Clock = clock);

        await RetentionAuditChecks.AssertOldEntriesArchivedAndRemovedExceptKeptTrailsAsync(store, clock, Path.Combine(_database.Directory, "archive"));
    }

    [Fact]
    public async Task RunOnce_AuditEntryAge_GeneratedHistories_NothingKeptRemovedEveryRemovedEntryArchivedOnce_R_RET_1_R_RET_2()
    {
        var entries = 0;
        for (var seed = 1; seed <= 6; seed++)
        {
            using var database = new SqliteTestDatabase();
            using var store = database.OpenStore();
            entries += await RetentionChecks.AssertAuditEntryPeriodKeepsItsPromisesAsync(store, seed, Path.Combine(database.Directory, "archive"),
                (RetentionChecks.CrashPoint)(seed % Enum.GetValues<RetentionChecks.CrashPoint>().Length));
        }

        Assert.True(entries > 0, "the generated cases remove no audit entry by its period: the check would prove nothing");
    }

    [Fact]
    public async Task RunOnce_RealVersionTwoDatabaseUpgradedInPlace_FeedRowsWithoutTimeCountAsOld_R_RET_1()
    {
        SchemaV2Fixtures.CopySqliteDatabase(_database.PathOf());
        var clock = new SettableClock(Instant.FromUtc(2030, 1, 1, 0, 0));
        using var store = _database.OpenStore(configure: o =>
        {
            o.EnsureSchemaOnFirstUse = false;
            o.Clock = clock;
        });
        await store.EnsureSchemaAsync();

        await AssertVersionTwoFeedTrimmedAsync(store, clock, Path.Combine(_database.Directory, "archive"), ScalarAsync);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
