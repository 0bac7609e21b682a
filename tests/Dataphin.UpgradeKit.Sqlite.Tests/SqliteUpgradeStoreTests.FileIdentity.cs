using Microsoft.Extensions.Logging;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

// R-STORE-1: a store never writes into a database that is gone and never silently replaces one.
public sealed partial class SqliteUpgradeStoreTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_DatabaseFileDeletedUnderARunningStore_R_STORE_1_FailsTypedNamingThePathAndCreatesNothing(bool walAndShmToo)
    {
        using var store = _database.OpenStore();
        var record = NewRecord();
        await store.InsertAsync(record, Creation(record));

        File.Delete(_database.PathOf());
        if (walAndShmToo)
        {
            File.Delete(_database.PathOf() + "-wal");
            File.Delete(_database.PathOf() + "-shm");
        }

        var next = (UpgradeRecordSnapshot.From(record) with { CurrentStep = "after the deletion", Version = 2 }).ToRecord();
        var first = await Assert.ThrowsAsync<UpgradeStoreException>(() => store.UpdateAsync(next, 1, Change(next)));
        var other = NewRecord();
        var second = await Assert.ThrowsAsync<UpgradeStoreException>(() => store.InsertAsync(other, Creation(other)));

        Assert.Contains(_database.PathOf(), first.Message, StringComparison.Ordinal);
        Assert.Contains("deleted", first.Message, StringComparison.Ordinal);
        Assert.True(first.OutcomeKnown);
        Assert.Contains("deleted", second.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_database.PathOf()));
    }

    [Fact]
    public async Task Write_DatabaseFileReplacedUnderARunningStore_R_STORE_1_FailsTypedNamingThePath()
    {
        using var store = _database.OpenStore();
        var record = NewRecord();
        await store.InsertAsync(record, Creation(record));
        await using (var copy = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_database.PathOf()};Pooling=false"))
        {
            await copy.OpenAsync();
            using var vacuum = copy.CreateCommand();
            vacuum.CommandText = $"VACUUM INTO '{_database.PathOf("copy.db")}'";
            await vacuum.ExecuteNonQueryAsync();
        }

        File.Move(_database.PathOf("copy.db"), _database.PathOf(), overwrite: true);
        var next = (UpgradeRecordSnapshot.From(record) with { CurrentStep = "after the replacement", Version = 2 }).ToRecord();

        var error = await Assert.ThrowsAsync<UpgradeStoreException>(() => store.UpdateAsync(next, 1, Change(next)));

        Assert.Contains(_database.PathOf(), error.Message, StringComparison.Ordinal);
        Assert.Contains("replaced", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_FileMissingAndCreationOff_R_STORE_1_FailsTypedNamingThePath()
    {
        using (var first = _database.OpenStore())
        {
            var record = NewRecord();
            await first.InsertAsync(record, Creation(record));
        }

        // Disposing the first store cleared its own pool, so none of its connections holds the files.
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_database.PathOf() + suffix);
        }

        using var restarted = _database.OpenStore(configure: o => o.CreateIfMissing = false);

        var error = await Assert.ThrowsAsync<UpgradeStoreException>(() => restarted.ListAsync(new Storage.UpgradeRecordQuery()));

        Assert.Contains($"There is no database file at {_database.PathOf()}", error.Message, StringComparison.Ordinal);
        Assert.Contains("CreateIfMissing", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_database.PathOf()));
    }

    [Fact]
    public async Task FirstUse_FileMissingAndCreationOn_R_STORE_1_CreatesItAndLogsAWarning()
    {
        var logger = new ListLogger<SqliteUpgradeStore>();
        using var store = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(_database.PathOf()), logger);

        var record = NewRecord();
        await store.InsertAsync(record, Creation(record));

        Assert.Equal(record, await store.FindAsync(record.Id));
        var warning = Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning);
        Assert.Equal(2041, warning.Id.Id);
        Assert.Contains("a new, empty database was created", warning.Message, StringComparison.Ordinal);
        Assert.Contains(_database.PathOf(), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstUse_FileExists_R_STORE_1_LogsNoCreation()
    {
        using (var first = _database.OpenStore())
        {
            await first.EnsureSchemaAsync();
        }

        var logger = new ListLogger<SqliteUpgradeStore>();
        using var store = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(_database.PathOf()), logger);

        await store.ListAsync(new Storage.UpgradeRecordQuery());

        Assert.DoesNotContain(logger.Lines, l => l.Id.Id == 2041);
    }
}
