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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
