using Dataphin.UpgradeKit.Sqlite;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>A temporary directory for database files, removed with everything in it when disposed.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    public SqliteTestDatabase()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("upgradekit-sqlite-").FullName;
    }

    public string Directory { get; }

    public string PathOf(string fileName = "upgrades.db") => Path.Combine(Directory, fileName);

    public SqliteUpgradeStore OpenStore(string fileName = "upgrades.db", Action<SqliteUpgradeStoreOptions>? configure = null)
    {
        var options = SqliteUpgradeStoreOptions.ForFile(PathOf(fileName));
        configure?.Invoke(options);
        return new SqliteUpgradeStore(options);
    }

    /// <summary>
    /// Removes the directory. Every store clears its own pool when disposed, and the tests' own connections are
    /// unpooled; clearing every pool here would close the connections of tests running in parallel (SQLite then
    /// removes their -wal files under them, issue 22 item 8).
    /// </summary>
    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
