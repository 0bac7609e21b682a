using System.Globalization;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Testing.HostTools;
using Npgsql;

namespace Dataphin.UpgradeKit.Benchmarks.Storage;

/// <summary>
/// Databases for the storage benchmarks: SQLite files on disk and one durable throw-away PostgreSQL cluster per process
/// (default fsync and synchronous commit, so both database stores pay for durable commits), stopped when the process exits.
/// </summary>
internal static class BenchmarkDatabases
{
    private static readonly Lazy<PostgreSqlTestCluster> Cluster = new(() => StartCluster(durable: true));

    // fsync, synchronous commit and full-page writes off: what a commit costs the server without the wait for the disk,
    // which on a machine shared with other builds is most of a durable commit's time and most of its noise.
    private static readonly Lazy<PostgreSqlTestCluster> NonDurableCluster = new(() => StartCluster(durable: false));

    private static readonly Lazy<string> TmpfsDirectory = new(() => CreateDirectory("/dev/shm"));

    private static int _count;

    public static string SqliteDirectory { get; } = CreateDirectory(null);

    private static PostgreSqlTestCluster StartCluster(bool durable) => PostgreSqlTestCluster.Start(
        PostgreSqlServerBinaries.Find() ?? throw new InvalidOperationException(
            $"The PostgreSQL benchmarks need the server binaries: {PostgreSqlServerBinaries.HowToInstall}."), durable);

    private static string CreateDirectory(string? parent)
    {
        var directory = parent is null
            ? Directory.CreateTempSubdirectory("upgradekit-bench-sqlite-").FullName
            : Directory.CreateDirectory(Path.Combine(parent, "upgradekit-bench-sqlite-" + Guid.NewGuid().ToString("N"))).FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        };
        return directory;
    }

    /// <summary>A new SQLite database file with the store's schema, on disk or (<paramref name="onTmpfs"/>) in /dev/shm, where fsync does not wait.</summary>
    public static async Task<(SqliteUpgradeStore Store, string Path)> NewSqliteStoreAsync(bool onTmpfs = false)
    {
        var path = Path.Combine(onTmpfs ? TmpfsDirectory.Value : SqliteDirectory, string.Create(CultureInfo.InvariantCulture, $"bench-{Interlocked.Increment(ref _count)}.db"));
        var store = new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(path));
        await store.EnsureSchemaAsync();
        return (store, path);
    }

    /// <summary>A new database on the shared durable (or non-durable) cluster, with the store's schema; returns its connection string.</summary>
    public static async Task<string> NewPostgreSqlDatabaseAsync(bool durable = true)
    {
        var cluster = durable ? Cluster : NonDurableCluster;
        var name = string.Create(CultureInfo.InvariantCulture, $"bench_{Interlocked.Increment(ref _count)}");
        await using (var connection = new NpgsqlConnection(cluster.Value.ConnectionString()))
        {
            await connection.OpenAsync();
#pragma warning disable CA2100 // Built from a counter.
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
#pragma warning restore CA2100
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = cluster.Value.ConnectionString(name);
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);
        await store.EnsureSchemaAsync();
        return connectionString;
    }
}
