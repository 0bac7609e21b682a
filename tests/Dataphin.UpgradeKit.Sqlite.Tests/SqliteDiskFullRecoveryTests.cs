using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>
/// R-STORE-4 on a real full disk (issue 24, D5): the write-ahead log stays bounded by <c>JournalSizeLimit</c> before the
/// disk fills, and once space returns the store writes again by itself and keeps doing so. Before the fix, the log grew
/// to SQLite's automatic checkpoint (1,000 pages, 4 MiB) and filled a 4 MiB volume by itself; after 1 MiB was freed,
/// about 35 commits succeeded and the log filled the disk again.
/// </summary>
public sealed class SqliteDiskFullRecoveryTests(ITestOutputHelper output)
{
    private const long JournalSizeLimit = 256 * 1024;
    private const int CommitsAfterSpaceReturns = 500;
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 8, 0), Duration.FromSeconds(1));

    [RequiresRootFact]
    public async Task Writes_DiskFilledThenOneMiBFreed_R_STORE_4_FiveHundredCommitsSucceedWithTheLogUnderItsLimit()
    {
        using var volume = new SmallVolume(sizeKib: 4096);
        var path = volume.PathOf("upgrades.db");
        var options = SqliteUpgradeStoreOptions.ForFile(path);
        options.JournalSizeLimit = JournalSizeLimit;
        using var store = new SqliteUpgradeStore(options);
        var written = new List<UpgradeRecord>();
        long largestLog = 0;
        for (var i = 0; i < 50; i++)
        {
            written.Add(await InsertAsync(store));
            largestLog = Math.Max(largestLog, WalLength(path));
        }

        var filler = volume.Fill();
        UpgradeStoreException? full = null;
        for (var i = 0; i < 200 && full is null; i++)
        {
            try
            {
                written.Add(await InsertAsync(store));
                largestLog = Math.Max(largestLog, WalLength(path));
            }
            catch (UpgradeStoreException ex)
            {
                full = ex;
            }
        }

        var logWhenFull = WalLength(path);
        FreeOneMiB(filler);
        var succeeded = 0;
        var largestAfter = 0L;
        UpgradeStoreException? failure = null;
        while (succeeded < CommitsAfterSpaceReturns && failure is null)
        {
            try
            {
                written.Add(await InsertAsync(store));
                succeeded++;
                largestAfter = Math.Max(largestAfter, WalLength(path));
            }
            catch (UpgradeStoreException ex)
            {
                failure = ex;
            }
        }

        output.WriteLine($"log before the disk filled: at most {largestLog} bytes; when full: {logWhenFull} bytes; " +
            $"after 1 MiB was freed: {succeeded} commits, log at most {largestAfter} bytes (limit {JournalSizeLimit}); " +
            $"database {new FileInfo(path).Length} bytes");
        Assert.NotNull(full);
        Assert.True(full.OutcomeKnown);
        Assert.Contains("full", full.Message, StringComparison.Ordinal);
        Assert.True(failure is null, $"after 1 MiB was freed, commit {succeeded + 1} failed: {failure?.Message}");
        Assert.True(largestLog <= JournalSizeLimit, $"the log reached {largestLog} bytes before the disk filled; its limit is {JournalSizeLimit}");
        Assert.True(largestAfter <= JournalSizeLimit, $"the log reached {largestAfter} bytes after space returned; its limit is {JournalSizeLimit}");
        foreach (var record in written)
        {
            Assert.NotNull(await store.FindAsync(record.Id));
        }

        Assert.Equal("ok", await IntegrityCheckAsync(path));
    }

    private async Task<UpgradeRecord> InsertAsync(SqliteUpgradeStore store)
    {
        var record = SqliteUpgradeStoreTests.NewRecord(_clock);
        await store.InsertAsync(record, SqliteUpgradeStoreTests.Creation(record));
        return record;
    }

    private static void FreeOneMiB(string filler)
    {
        using var stream = new FileStream(filler, FileMode.Open, FileAccess.Write);
        stream.SetLength(Math.Max(0, stream.Length - (1024 * 1024)));
    }

    private static long WalLength(string path) => new FileInfo(path + "-wal") is { Exists: true } wal ? wal.Length : 0;

    private static async Task<string?> IntegrityCheckAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
