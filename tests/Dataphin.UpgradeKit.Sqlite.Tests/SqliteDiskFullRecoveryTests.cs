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
        var logger = new ListLogger<SqliteUpgradeStore>();
        using var store = new SqliteUpgradeStore(options, logger);
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
        // What an operator sees: one warning when the disk filled, one line when writes succeeded again.
        Assert.Single(logger.Lines, l => l.Id.Id == 2051);
        Assert.Single(logger.Lines, l => l.Id.Id == 2052);
    }

    /// <summary>
    /// A reader that holds an old snapshot keeps the checkpoint from finishing: the log passes its limit, the store says
    /// so (warning 2050) and tries again 16 writes later instead of on every commit; once the reader ends, the log comes
    /// back under its limit by itself.
    /// </summary>
    [Fact]
    public async Task Writes_ReaderHoldsAnOldSnapshot_R_STORE_4_WarnsAndTheLogReturnsUnderItsLimitAfterIt()
    {
        using var database = new SqliteTestDatabase();
        var path = database.PathOf();
        var logger = new ListLogger<SqliteUpgradeStore>();
        var options = SqliteUpgradeStoreOptions.ForFile(path);
        options.JournalSizeLimit = 64 * 1024;
        options.CheckpointInterval = TimeSpan.FromDays(1);
        using var store = new SqliteUpgradeStore(options, logger);
        await InsertAsync(store);
        long withReader;
        await using (var reader = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await reader.OpenAsync();
            await using var snapshot = reader.BeginTransaction(deferred: true);
            await using (var read = reader.CreateCommand())
            {
                read.Transaction = snapshot;
                read.CommandText = "SELECT count(*) FROM upgrade_records";
                await read.ExecuteScalarAsync();
            }

            for (var i = 0; i < 40; i++)
            {
                await InsertAsync(store, currentStep: new string('x', 4000));
            }

            withReader = WalLength(path);
        }

        long largestAfter = 0;
        for (var i = 0; i < 40; i++)
        {
            await InsertAsync(store, currentStep: new string('x', 4000));
            largestAfter = i >= 17 ? Math.Max(largestAfter, WalLength(path)) : largestAfter;
        }

        output.WriteLine($"log with the reader: {withReader} bytes; after it, from the 18th write on: at most {largestAfter} bytes (limit {options.JournalSizeLimit})");
        Assert.True(withReader > options.JournalSizeLimit, $"the log stayed at {withReader} bytes while a reader held an old snapshot");
        Assert.Contains(logger.Lines, l => l.Id.Id == 2050 && l.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.InRange(logger.Lines.Count(l => l.Id.Id == 2050), 1, 3); // every 16 writes, not on every commit
        Assert.True(largestAfter <= options.JournalSizeLimit, $"the log reached {largestAfter} bytes after the reader ended");
    }

    private async Task<UpgradeRecord> InsertAsync(SqliteUpgradeStore store, string? currentStep = null)
    {
        // A long current step fills pages: a record being configured may report the step it is at.
        var record = (UpgradeRecordSnapshot.From(SqliteUpgradeStoreTests.NewRecord(_clock)) with { CurrentStep = currentStep }).ToRecord();
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
