using Microsoft.Data.Sqlite;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

// R-STORE-4: the embedded store returns the space it no longer needs, and a full disk is a typed error it recovers
// from by itself. Item 5 of issue 17: the read-only episode.
public sealed partial class SqliteUpgradeStoreTests
{
    [RequiresRootFact]
    public async Task Write_DiskFullThenSpaceReturns_R_STORE_4_TypedErrorThenRecoveryWalShrinksIntegrityOk()
    {
        using var volume = new SmallVolume(sizeKib: 2048);
        var path = volume.PathOf("upgrades.db");
        using var store = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(path) is var o ? Configure(o) : null!);
        var written = new List<UpgradeRecord>();
        for (var i = 0; i < 40; i++)
        {
            var record = (UpgradeRecordSnapshot.From(NewRecord()) with { CurrentStep = new string('x', 2000) }).ToRecord();
            await store.InsertAsync(record, Creation(record));
            written.Add(record);
        }

        var walAfterBurst = WalLength(path);
        var filler = volume.Fill();
        UpgradeStoreException? full = null;
        for (var i = 0; i < 200 && full is null; i++)
        {
            var record = (UpgradeRecordSnapshot.From(NewRecord()) with { CurrentStep = new string('y', 8000) }).ToRecord();
            try
            {
                await store.InsertAsync(record, Creation(record));
                written.Add(record);
            }
            catch (UpgradeStoreException ex)
            {
                full = ex;
            }
        }

        File.Delete(filler);
        var after = NewRecord();
        await store.InsertAsync(after, Creation(after));
        written.Add(after);

        Assert.NotNull(full);
        Assert.Contains("full", full.Message, StringComparison.Ordinal);
        Assert.Contains(path, full.Message, StringComparison.Ordinal);
        Assert.True(full.OutcomeKnown);
        Assert.Equal(after, await store.FindAsync(after.Id));
        foreach (var record in written)
        {
            Assert.NotNull(await store.FindAsync(record.Id));
        }

        // The burst's checkpoints (every 10 writes here) truncated the log; it never kept the volume's space.
        Assert.True(walAfterBurst < 256 * 1024, $"the WAL was {walAfterBurst} bytes after the burst");
        Assert.Equal("ok", await IntegrityCheckAsync(path));

        static SqliteUpgradeStoreOptions Configure(SqliteUpgradeStoreOptions options)
        {
            options.CheckpointAfterWrites = 10;
            return options;
        }
    }

    [Fact]
    public async Task Writes_ManyInARow_R_STORE_4_TruncatingCheckpointGivesTheWalSpaceBack()
    {
        using var store = _database.OpenStore(configure: o => o.CheckpointAfterWrites = 50);
        long largest = 0;
        for (var i = 0; i < 120; i++)
        {
            var record = (UpgradeRecordSnapshot.From(NewRecord()) with { CurrentStep = new string('x', 4000) }).ToRecord();
            await store.InsertAsync(record, Creation(record));
            largest = Math.Max(largest, WalLength(_database.PathOf()));
        }

        var walAfter = WalLength(_database.PathOf());

        Assert.True(largest > 100 * 1024, $"the WAL grew to {largest} bytes only");
        Assert.True(walAfter < largest / 2, $"the WAL is {walAfter} bytes after the checkpoints, {largest} at most");
        Assert.Equal("ok", await IntegrityCheckAsync(_database.PathOf()));
    }

    [RequiresRootFact]
    public async Task Write_ReadOnlyEpisodeThenFixed_Issue17Item5_TypedErrorNamingTheFilesThenRecovery()
    {
        using var volume = new SmallVolume(sizeKib: 4096);
        var path = volume.PathOf("upgrades.db");
        var record = NewRecord();
        using (var before = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(path)))
        {
            await before.InsertAsync(record, Creation(record));
        }

        // The episode: the host starts while its volume is read-only (a file system cannot turn read-only under
        // files open for writing), then the volume is writable again under the same running store. The first store's
        // pool was cleared when it was disposed, so no connection of it holds the files open.
        volume.RemountReadOnly(true);
        using var store = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(path));
        var next = (UpgradeRecordSnapshot.From(record) with { CurrentStep = "during the episode", Version = 2 }).ToRecord();
        UpgradeStoreException error;
        try
        {
            error = await Assert.ThrowsAsync<UpgradeStoreException>(() => store.UpdateAsync(next, 1, Change(next)));
        }
        finally
        {
            volume.RemountReadOnly(false);
        }

        await store.UpdateAsync(next, 1, Change(next));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.True(error.OutcomeKnown);
        Assert.Equal(next, await store.FindAsync(record.Id));
        Assert.Equal("ok", await IntegrityCheckAsync(path));
    }

    [Fact]
    public async Task Write_StaleReadOnlyShm_Issue17Item5_MessageNamesTheShmFile()
    {
        // The SQLite error a read-only -shm causes, as the store words it: root ignores file modes, so the error is
        // raised through a read-only connection, and the advice is checked for the -shm file it names.
        using (var writable = _database.OpenStore())
        {
            await writable.EnsureSchemaAsync();
        }

        using var readOnly = new SqliteUpgradeStore(new SqliteUpgradeStoreOptions
        {
            ConnectionString = $"Data Source={_database.PathOf()};Mode=ReadOnly",
            EnsureSchemaOnFirstUse = false,
        });
        var record = NewRecord();

        var error = await Assert.ThrowsAsync<UpgradeStoreException>(() => readOnly.InsertAsync(record, Creation(record)));

        Assert.Contains($"{_database.PathOf()}-shm", error.Message, StringComparison.Ordinal);
        Assert.Contains("0444", error.Message, StringComparison.Ordinal);
    }

    // Another test clearing every pool closes the last connection, and SQLite then removes the -wal file.
    private static long WalLength(string path) => new FileInfo(path + "-wal") is { Exists: true } wal ? wal.Length : 0;

    private static async Task<string?> IntegrityCheckAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
