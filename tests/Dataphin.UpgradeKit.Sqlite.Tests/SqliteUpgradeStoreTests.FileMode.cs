using System.Runtime.Versioning;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>R-SEC-6: a database file the store creates is readable by its owner only, and so are SQLite's -wal and -shm files.</summary>
public sealed partial class SqliteUpgradeStoreTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task FirstWrite_NewFile_DatabaseWalAndShmAreOwnerOnly_R_SEC_6()
    {
        using var store = _database.OpenStore();

        var record = NewRecord();
        await store.InsertAsync(record, Creation(record));

        // The store's pooled connection is still open, so SQLite keeps the -wal and -shm files next to the database.
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            var path = _database.PathOf() + suffix;
            Assert.True(File.Exists(path), $"{path} exists while the store is open");
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task EnsureSchema_ThroughUseSqliteConnectionString_CreatesTheFileOwnerOnly_R_SEC_6()
    {
        var path = _database.PathOf("by-connection-string.db");
        using var store = new SqliteUpgradeStore(new SqliteUpgradeStoreOptions { ConnectionString = $"Data Source={path};Cache=Private" });

        await store.EnsureSchemaAsync();

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Open_ExistingFile_KeepsTheModeTheHostGaveIt_R_SEC_6()
    {
        var path = _database.PathOf();
        const UnixFileMode groupReadable = OwnerOnly | UnixFileMode.GroupRead;
        File.Create(path).Dispose();
        File.SetUnixFileMode(path, groupReadable);
        using var store = _database.OpenStore();

        await store.EnsureSchemaAsync();

        Assert.Equal(groupReadable, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task FirstUse_MissingFileInReadWriteMode_ThrowsUpgradeStoreExceptionAndCreatesNothing()
    {
        var path = _database.PathOf("absent.db");
        using var store = new SqliteUpgradeStore(new SqliteUpgradeStoreOptions
        {
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite }.ToString(),
        });

        await Assert.ThrowsAsync<UpgradeStoreException>(() => store.ListAsync(new UpgradeRecordQuery()));

        Assert.False(File.Exists(path));
    }
}
